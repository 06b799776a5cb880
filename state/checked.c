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
 * 1 if the record can serve a commit of items: each an object of a
 * gathering type, changed (not added or removed) in keys outside
 * read_across only, none patched besides.
 */
static int
items_fit(struct store *st, json_t *view, const struct store_items *items,
    const json_t *patched)
{
	const char *cp;
	json_t *c;

	json_object_foreach((json_t *)patched, cp, c)
		if (json_object_size(c))
			return 0;
	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		const struct gatherer *g = it->type ? it->type->gather : NULL;

		if (g == NULL || it->change != CH_CHANGED ||
		    !same_across(g, view_get(st->disk, it->collpath, it->name),
		    view_get(view, it->collpath, it->name)))
			return 0;
	}
	return items->n > 0;
}

/* Takes back what the old versions gave the summary, adds the new ones'. */
static void
sum_update(struct store *st, json_t *view, const struct store_items *items,
    json_t *sum, json_t *only)
{
	for (size_t i = 0; i < items->n; i++) {
		const struct store_item *it = &items->v[i];
		const struct gatherer *g = it->type->gather;
		json_t *oc = json_object_get(only, it->collpath);
		void *ctx;

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
checked_begin(struct store *st, json_t *view, const struct store_items *items,
    const json_t *patched, struct checked *ck, char **cause)
{
	json_t *rec = NULL;

	memset(ck, 0, sizeof *ck);
	ck->sum = json_object();
	ck->replay = json_object();
	if (st->be->load_checked == NULL || !st->exists ||
	    !items_fit(st, view, items, patched))
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
