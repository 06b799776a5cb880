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
	const struct obj_type	*type;
	size_t			 index;		/* in type->validate */
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
	json_t *sum = json_object(), *replay = json_object();

	validate_run(colls, sum, NULL, NULL, replay, d);
	json_decref(sum);
	json_decref(replay);
}

/* Repeats a check's problems of the last commit (list). */
static void
replay_put(struct diag *d, json_t *list)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e)
		diag_add(d, json_integer_value(json_array_get(e, 0)) == 0 ?
		    DIAG_ERROR : DIAG_WARNING,
		    (int)json_integer_value(json_array_get(e, 1)),
		    json_string_value(json_array_get(e, 2)), "%s",
		    json_string_value(json_array_get(e, 3)));
}

/* Records the problems a check added (from index from on). */
static json_t *
replay_take(const struct diag *d, size_t from)
{
	json_t *list = json_array();

	for (size_t i = from; i < d->n; i++)
		json_array_append_new(list, json_pack("[iiss]",
		    d->v[i].sev == DIAG_ERROR ? 0 : 1, d->v[i].code,
		    d->v[i].field, d->v[i].msg));
	return list;
}

/* 1 if the check reads a type named in changed. */
static int
reads_changed(const struct type_check *c, json_t *changed)
{
	for (const char *const *t = c->reads; t && *t; t++)
		if (json_object_get(changed, *t))
			return 1;
	return 0;
}

void
validate_run(json_t *colls, json_t *sum, json_t *only, json_t *changed,
    json_t *replay, struct diag *d)
{
	struct validate_ctx vc = { colls, d, sum, only, NULL };
	struct run *runs = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; obj_types[i]; i++) {
		const struct type_check *c = obj_types[i]->validate;

		for (; c && c->run; c++) {
			xgrow((void **)&runs, &cap, n + 1, sizeof *runs);
			runs[n].step = c->step;
			runs[n].order = n;
			runs[n].type = obj_types[i];
			runs[n].index = (size_t)(c - obj_types[i]->validate);
			runs[n++].check = c;
		}
	}
	qsort(runs, n, sizeof *runs, run_cmp);
	for (size_t i = 0; i < n; i++) {
		const struct type_check *c = runs[i].check;
		char *key;
		size_t from = d->n;

		if (c->run_fast) {
			c->run(&vc);
			continue;
		}
		key = xasprintf("%s.%zu", runs[i].type->name, runs[i].index);
		if (only && !reads_changed(c, changed))
			replay_put(d, json_object_get(replay, key));
		else {
			c->run(&vc);
			json_object_set_new(replay, key, replay_take(d, from));
		}
		free(key);
	}
	free(runs);
	while (vc.kept) {
		struct validate_kept *k = vc.kept;

		vc.kept = k->next;
		if (k->release)
			k->release(k->p);
		free(k);
	}
}
