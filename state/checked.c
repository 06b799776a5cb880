/*
 * checked.c - the record of a commit's checks, and the commits it spares
 * a walk over the cluster (see checked.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "state/backend.h"
#include "state/checked.h"

/* The largest record kept (etcd refuses values over 1.5 MiB). */
#define RECORD_MAX	(1024 * 1024)

/* 1 if a and b hold the same value under every read_across key. */
static int
same_across(const struct gatherer *g, json_t *a, json_t *b)
{
	for (const char *const *k = g->read_across; k && *k; k++) {
		json_t *x = json_object_get(a, *k), *y = json_object_get(b, *k);

		if (x != y && (x == NULL || y == NULL || !json_equal(x, y)))
			return 0;
	}
	return 1;
}

/*
 * Adds the type of the collection cp to the set changed, unless it has a
 * gatherer: what the checks read of those directly is as it was (see
 * items_fit) and the summary follows the rest.  Returns 1 when it has.
 */
static int
type_changed(json_t *changed, const char *cp)
{
	const struct obj_type *t = view_coll_type(cp);

	if (t != NULL && t->gather == NULL)
		json_object_set_new(changed, t->name, json_true());
	return t != NULL && t->gather != NULL;
}

/* 1 if some gatherer depends on a type in changed. */
static int
gathered_from(json_t *changed)
{
	for (size_t i = 0; obj_types[i]; i++) {
		const struct gatherer *g = obj_types[i]->gather;

		for (const char *const *d = g ? g->depends : NULL; d && *d; d++)
			if (json_object_get(changed, *d))
				return 1;
	}
	return 0;
}

/*
 * 1 if a check that a commit of the types changed runs (not run_fast,
 * reads one of them) reads a gathering type too: it would read every
 * object of it one by one.
 */
static int
runs_over_gathered(json_t *changed)
{
	for (size_t i = 0; obj_types[i]; i++)
		for (const struct type_check *c = obj_types[i]->validate;
		    c && c->run; c++) {
			int runs = 0, gathered = 0;

			for (const char *const *t = c->reads; t && *t; t++) {
				const struct obj_type *u = type_find(*t);

				runs |= json_object_get(changed, *t) != NULL;
				gathered |= u && u->gather;
			}
			if (!c->run_fast && runs && gathered)
				return 1;
		}
	return 0;
}

/*
 * The types a commit of items (and of the objects patched) changes,
 * those with a gatherer left out, into changed; 1 if the record can
 * serve it: the objects of gathering types are changed (not added or
 * removed) in keys outside read_across only, no gatherer depends on a
 * type changed, and no check it must run reads a gathering type.
 */
static int
items_fit(struct store *st, json_t *view, const struct store_items *items,
    const json_t *patched, json_t *changed)
{
	const char *cp;
	json_t *c;

	json_object_foreach((json_t *)patched, cp, c)
		if (json_object_size(c) && type_changed(changed, cp))
			return 0;	/* carried keys: not read here */
	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		const struct gatherer *g = it->type ? it->type->gather : NULL;

		if (it->type == NULL)
			return 0;
		type_changed(changed, it->collpath);
		if (g != NULL && (it->change != CH_CHANGED ||
		    !same_across(g, view_get(st->disk, it->collpath, it->name),
		    view_get(view, it->collpath, it->name))))
			return 0;
	}
	/* nothing changed: the record serves whole (the files may not) */
	return !gathered_from(changed) && !runs_over_gathered(changed);
}

/*
 * Takes back what the old versions of the objects of gathering types gave
 * the summary, adds the new ones', and lists them in only.
 */
static void
sum_update(struct store *st, json_t *view, const struct store_items *items,
    json_t *sum, json_t *only)
{
	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		const struct gatherer *g = it->type->gather;
		json_t *oc = json_object_get(only, it->collpath);
		void *ctx;

		if (g == NULL)
			continue;
		if (oc == NULL) {
			oc = json_object();
			json_object_set_new(only, it->collpath, oc);
		}
		json_object_set_new(oc, it->name, json_true());
		ctx = g->start(view);
		g->add(ctx, it->name, view_get(st->disk, it->collpath,
		    it->name), -1, sum);
		g->add(ctx, it->name, view_get(view, it->collpath, it->name), 1,
		    sum);
		g->end(ctx);
	}
}

int
checked_kept(const struct store *st)
{
	return st->be->load_checked != NULL && st->exists;
}

int
checked_begin(struct store *st, json_t *view, const struct store_items *items,
    const json_t *patched, struct checked *ck, char **cause)
{
	json_t *rec = NULL;

	memset(ck, 0, sizeof *ck);
	ck->sum = json_object();
	ck->replay = json_object();
	ck->changed = json_object();
	if (!checked_kept(st) ||
	    !items_fit(st, view, items, patched, ck->changed))
		return 0;
	if (st->be->load_checked(st, &rec, cause) != 0)
		return -1;
	if (rec == NULL || json_integer_value(json_object_get(rec,
	    "revision")) != st->revision ||
	    !json_is_object(json_object_get(rec, "summary")) ||
	    !json_is_object(json_object_get(rec, "replay"))) {
		json_decref(rec);
		return 0;
	}
	json_decref(ck->sum);
	json_decref(ck->replay);
	ck->sum = json_deep_copy(json_object_get(rec, "summary"));
	ck->replay = json_incref(json_object_get(rec, "replay"));
	json_decref(rec);
	ck->only = json_object();
	sum_update(st, view, items, ck->sum, ck->only);
	ck->fast = 1;
	return 0;
}

void
checked_release(struct checked *ck)
{
	json_decref(ck->sum);
	json_decref(ck->only);
	json_decref(ck->changed);
	json_decref(ck->replay);
	memset(ck, 0, sizeof *ck);
}

void
checked_images(const struct checked *ck, struct strv *out)
{
	const char *img;
	json_t *n;

	strv_init(out);
	json_object_foreach(json_object_get(ck->sum, "images"), img, n)
		strv_push(out, img);
	strv_sort(out);
}

json_t *
checked_record(const struct checked *ck, long long rev)
{
	json_t *rec = json_pack("{s:I, s:O, s:O}", "revision", (json_int_t)rev,
	    "summary", ck->sum, "replay", ck->replay);
	char *text = json_dumps(rec, JSON_COMPACT);
	size_t len = text ? strlen(text) : SIZE_MAX;

	free(text);
	if (len > RECORD_MAX) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}
