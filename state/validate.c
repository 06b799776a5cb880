/*
 * validate.c - whole-state checks (ocmsh(1) VALIDATION): the walk that runs
 * every type's checks (obj_type.validate) in the order of their steps.
 * The rules are in the types' modules; the codes of the problems in
 * model/diagcodes.h.  Every problem is collected with its severity;
 * errors refuse a commit.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "model/schema.h"
#include "state/validate.h"

/* What the checks of one run keep for each other (validate_keep). */
struct validate_kept {
	const char		*key;
	void			*p;
	void			(*release)(void *);
	struct validate_kept	*next;
};

/* One check to run: its step, and its type's place for equal steps. */
struct run {
	int			 step;
	size_t			 order;
	const struct type_check	*check;
};

/* Orders checks by step, then by place (for qsort). */
static int
run_cmp(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	if (x->step != y->step)
		return x->step < y->step ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void
validate_keep(struct validate_ctx *vc, const char *key, void *p,
    void (*release)(void *))
{
	struct validate_kept *k = xcalloc(1, sizeof *k);

	k->key = key;
	k->p = p;
	k->release = release;
	k->next = vc->kept;
	vc->kept = k;
}

void *
validate_kept(const struct validate_ctx *vc, const char *key)
{
	for (struct validate_kept *k = vc->kept; k; k = k->next)
		if (strcmp(k->key, key) == 0)
			return k->p;
	return NULL;
}

void
validate_state(json_t *colls, struct diag *d)
{
	struct validate_ctx vc = { colls, d, NULL };
	struct run *runs = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; obj_types[i]; i++) {
		const struct type_check *c = obj_types[i]->validate;

		for (; c && c->run; c++) {
			xgrow((void **)&runs, &cap, n + 1, sizeof *runs);
			runs[n].step = c->step;
			runs[n].order = n;
			runs[n++].check = c;
		}
	}
	qsort(runs, n, sizeof *runs, run_cmp);
	for (size_t i = 0; i < n; i++)
		runs[i].check->run(&vc);
	free(runs);
	while (vc.kept) {
		struct validate_kept *k = vc.kept;

		vc.kept = k->next;
		if (k->release)
			k->release(k->p);
		free(k);
	}
}
