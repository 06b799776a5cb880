/*
 * adopt.c - adoption of what the admin wrote into an image's nova.conf,
 * and the carried changes that join every commit (see adopt.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/view.h"
#include "nova/compute.h"
#include "nova/import.h"
#include "nova/managed.h"
#include "nova/render.h"
#include "state/adopt.h"
#include "state/checked.h"
#include "state/rootpath.h"
#include "state/commit.h"
#include "state/journal.h"
#include "state/store_internal.h"

#define ALIASES		NOVA_DEFAULT_OS "/pcialiases"
#define COMPUTE_KEY	"settings/compute/"

/* ---- carried changes ---- */

/* The value at the "a/b/c" keypath of obj, or NULL. Borrowed. */
static json_t *
keypath_get(json_t *obj, const char *keypath)
{
	char *copy = xstrdup(keypath), *save = NULL, *k;
	json_t *v = obj;

	for (k = strtok_r(copy, "/", &save); k && v;
	    k = strtok_r(NULL, "/", &save))
		v = json_object_get(v, k);
	free(copy);
	return v;
}

/*
 * Sets (v NULL: removes) the value at keypath of obj, which must be a
 * private object; the records on the way are made private too.
 */
static void
keypath_set(json_t *obj, const char *keypath, json_t *v)
{
	char *copy = xstrdup(keypath), *last = strrchr(copy, '/'), *save = NULL;
	json_t *o = obj;

	if (last) {
		*last++ = '\0';
		for (char *k = strtok_r(copy, "/", &save); k;
		    k = strtok_r(NULL, "/", &save))
			o = store_child_w(o, k, 1);
	} else
		last = copy;
	if (v)
		json_object_set(o, last, v);
	else
		json_object_del(o, last);
	free(copy);
}

/* Marks a staged change as carried (see adopt.h). */
void
store_carry(struct store *st, const char *collpath, const char *name,
    const char *keypath)
{
	json_t *coll, *mark, *keys, *obj = view_get(st->staged, collpath, name);
	json_t *v;

	if (st->carried == NULL)
		st->carried = json_object();
	if ((coll = json_object_get(st->carried, collpath)) == NULL)
		json_object_set_new(st->carried, collpath,
		    coll = json_object());
	if (keypath == NULL) {
		json_object_set_new(coll, name, json_pack("{s:O?}", "whole",
		    obj));
		return;
	}
	mark = json_object_get(coll, name);
	if (mark == NULL || json_object_get(mark, "whole")) {
		mark = json_pack("{s:{}}", "keys");
		json_object_set_new(coll, name, mark);
	}
	keys = json_object_get(mark, "keys");
	v = obj ? keypath_get(obj, keypath) : NULL;
	json_object_set_new(keys, keypath, v ? json_deep_copy(v) :
	    json_null());
}

/* What base's object becomes with the carried keys of mark applied. */
static json_t *
patched(json_t *base_obj, json_t *mark, json_t *from)
{
	json_t *o = base_obj ? json_deep_copy(base_obj) : json_object(), *v;
	const char *kp;

	json_object_foreach(json_object_get(mark, "keys"), kp, v) {
		json_t *nv = from ? keypath_get(from, kp) : v;

		keypath_set(o, kp, json_is_null(nv) ? NULL : nv);
	}
	return o;
}

/* 1 if the change of collpath/name is carried changes only (adopt.h). */
int
store_carried_only(const struct store *st, const char *collpath,
    const char *name)
{
	json_t *mark = json_object_get(json_object_get(st->carried, collpath),
	    name);
	json_t *obj = view_get(st->staged, collpath, name), *p;
	int same;

	if (mark == NULL)
		return 0;
	if (json_object_get(mark, "keys") == NULL) {
		p = json_object_get(mark, "whole");
		if (json_is_null(p))
			p = NULL;	/* carried as removed */
		return p == NULL ? obj == NULL : obj && json_equal(p, obj);
	}
	p = patched(view_get(st->base, collpath, name), mark, NULL);
	same = obj && json_equal(p, obj);
	json_decref(p);
	return same;
}

/* Adds collpath/name to items unless it is there; keeps them sorted. */
static void
items_add(struct store_items *items, const char *collpath, const char *name,
    enum store_change ch)
{
	struct store_item *it;
	size_t at = 0;

	while (at < items->n) {
		int c = strcmp(items->v[at].collpath, collpath);

		if (c == 0)
			c = strcmp(items->v[at].name, name);
		if (c == 0)
			return;
		if (c > 0)
			break;
		at++;
	}
	xgrow((void **)&items->v, &items->cap, items->n + 1,
	    sizeof *items->v);
	memmove(&items->v[at + 1], &items->v[at],
	    (items->n - at) * sizeof *items->v);
	items->n++;
	it = &items->v[at];
	it->collpath = xstrdup(collpath);
	it->name = xstrdup(name);
	it->type = view_coll_type(collpath);
	it->change = ch;
}

/* Applies the carried changes to a commit's next state (see adopt.h). */
void
store_carry_apply(const struct store *st, json_t *next,
    struct store_items *items, json_t **patched_out)
{
	const char *cp, *name;
	json_t *coll, *mark;

	*patched_out = json_object();
	json_object_foreach(st->carried, cp, coll)
		json_object_foreach(coll, name, mark) {
			json_t *s = view_get(st->staged, cp, name);
			enum store_change ch = store_change_of(st, cp, name);
			json_t *p, *pc;

			if (ch == CH_NONE)
				continue;
			if (json_object_get(mark, "keys") == NULL) {
				store_view_set(next, cp, name, s);
				items_add(items, cp, name, ch);
				continue;
			}
			p = patched(view_get(next, cp, name), mark, s);
			store_view_set(next, cp, name, p);
			json_decref(p);
			if ((pc = json_object_get(*patched_out, cp)) == NULL)
				json_object_set_new(*patched_out, cp,
				    pc = json_object());
			json_object_set(pc, name, json_true());
		}
}

/* ---- adoption ---- */

/* What adopting one image's file did, for its message. */
struct adoption {
	struct store	*st;
	const char	*image;		/* its name */
	struct strv	*msgs;		/* where conflicts go */
	struct strv	 what;		/* "2 PCI aliases", ... */
	int		 nstaged;	/* changes staged */
};

/*
 * Reports a conflict side by side: what of the state (mine) and of the
 * image's nova.conf (theirs).
 */
static void
conflict(struct adoption *a, const char *what, const char *mine,
    const char *theirs)
{
	char *head = xasprintf("in %s nova.conf", a->image);
	size_t w = strlen(mine) > strlen("in the state") ? strlen(mine) :
	    strlen("in the state");
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "not adopted from %s nova.conf: %s, which the state "
	    "holds otherwise (a commit that would write over the file's is "
	    "refused: take it in with 'openstack importnovaconf %s', or keep "
	    "the state's with 'commit --force')\n", a->image, what, a->image);
	sbuf_addf(&sb, "  %-*s  %s\n", (int)w, "in the state", head);
	sbuf_addf(&sb, "  %-*s  %s", (int)w, mine, theirs);
	strv_push_nodup(a->msgs, sbuf_detach(&sb, NULL));
	free(head);
}

/* Stages the file's aliases the state lacks; others must agree. */
static void
adopt_aliases(struct adoption *a, json_t *aliases)
{
	json_t *coll = view_coll(a->st->staged, ALIASES), *o;
	const char *name;
	int n = 0;

	json_object_foreach(aliases, name, o) {
		json_t *cur = coll ? json_object_get(coll, name) : NULL;

		if (cur == NULL) {
			store_add(a->st, ALIASES, name, json_deep_copy(o));
			store_carry(a->st, ALIASES, name, NULL);
			n++;
		} else if (!import_alias_equiv(cur, o)) {
			char *what = xasprintf("PCI alias '%s'", name);
			char *mine = import_alias_text(cur);
			char *theirs = import_alias_text(o);

			conflict(a, what, mine, theirs);
			free(what);
			free(mine);
			free(theirs);
		}
	}
	if (n)
		strv_pushf(&a->what, "%d PCI alias%s", n, n == 1 ? "" : "es");
	a->nstaged += n;
}

/* The staged compute record, for writing (made when missing). */
static json_t *
compute_w(struct store *st)
{
	json_t *os = store_get_w_top(st, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT);

	return store_child_w(store_child_w(os, "settings", 1), "compute", 1);
}

/* Sets compute key (v: a list) and carries it. */
static void
adopt_key(struct adoption *a, const char *key, json_t *v, const char *label)
{
	char *kp = xasprintf(COMPUTE_KEY "%s", key);

	json_object_set(compute_w(a->st), key, v);
	store_carry(a->st, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT, kp);
	strv_push(&a->what, label);
	a->nstaged++;
	free(kp);
}

/* Compact JSON text of a value, for messages (caller frees). */
static char *
text_of(json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);

	return s ? s : xstrdup("");
}

/* Reports that the state's key and the file's value differ. */
static void
key_conflict(struct adoption *a, const char *what, json_t *mine,
    json_t *theirs)
{
	char *m = text_of(mine), *t = text_of(theirs);

	conflict(a, what, m, t);
	free(m);
	free(t);
}

/*
 * The whitelist: nothing to stage when the state's whitelist holds every
 * entry of the file's (the aliases may derive them); else, unless the
 * state has an explicit one, the explicit whitelist becomes the state's
 * entries and the file's others.
 */
static void
adopt_whitelist(struct adoption *a, json_t *entries)
{
	json_t *c = nova_compute(a->st->staged, NULL);
	json_t *cur = c ? json_object_get(c, "pcipassthroughwhitelist") : NULL;
	json_t *list, *e;
	struct managed want;
	struct strv have = STRV_INIT;
	size_t i, nmissing = 0;

	managed_want(a->st->staged, &want, NULL);
	list = json_loads(want.v[NOVA_OPT_WHITELIST].n ?
	    want.v[NOVA_OPT_WHITELIST].v[0] : "[]", 0, NULL);
	managed_normalise(&want);
	managed_elements(&want, NOVA_OPT_WHITELIST, &have);
	managed_release(&want);
	if (!json_is_array(list)) {
		json_decref(list);
		list = json_array();
	}
	json_array_foreach(entries, i, e) {
		char *ce = managed_canon_entry(e);

		if (strv_find(&have, ce) < 0) {
			json_array_append(list, e);
			strv_push(&have, ce);
			nmissing++;
		}
		free(ce);
	}
	strv_release(&have);
	if (nmissing == 0)
		strv_push(&a->what, "passthrough whitelist");
	else if (json_array_size(cur))
		key_conflict(a, "the passthrough whitelist", cur, entries);
	else
		adopt_key(a, "pcipassthroughwhitelist", list,
		    "passthrough whitelist");
	json_decref(list);
}

/*
 * The available filters: nothing to stage when the state's hold every
 * class path of the file's; else, unless the state lists its own, they
 * become the state's and the file's others.
 */
static void
adopt_available(struct adoption *a, json_t *avail)
{
	json_t *c = nova_compute(a->st->staged, NULL);
	json_t *cur = c ? json_object_get(c, "availablefilters") : NULL;
	json_t *list = json_array(), *e;
	struct managed want;
	struct strv *have;
	size_t i, nmissing = 0;

	managed_want(a->st->staged, &want, NULL);
	have = &want.v[NOVA_OPT_AVAILABLE_FILTERS];
	for (i = 0; i < have->n; i++)
		json_array_append_new(list, json_string(have->v[i]));
	json_array_foreach(avail, i, e)
		if (strv_find(have, json_string_value(e)) < 0) {
			strv_push(have, json_string_value(e));
			json_array_append(list, e);
			nmissing++;
		}
	managed_release(&want);
	if (nmissing == 0)
		strv_push(&a->what, "available filters");
	else if (json_array_size(cur))
		key_conflict(a, "the available filters", cur, avail);
	else
		adopt_key(a, "availablefilters", list, "available filters");
	json_decref(list);
}

/* The enabled filters: the state's must be unset to take the file's. */
static void
adopt_enabled(struct adoption *a, json_t *enabled)
{
	json_t *c = nova_compute(a->st->staged, NULL);
	json_t *sf = c ? json_object_get(c, "schedulerfilters") : NULL;

	if (enabled == NULL)
		return;
	if (json_array_size(sf))
		key_conflict(a, "the enabled filters", sf, enabled);
	else
		adopt_key(a, "schedulerfilters", enabled, "enabled filters");
}

/* Adopts the new values of one image's file; returns objects staged. */
static int
adopt_file(struct store *st, const struct conf_look *l, struct strv *msgs)
{
	struct adoption a = { .st = st, .image = l->image, .msgs = msgs };
	struct import im;
	char *e = NULL, *what;

	if (import_values(l->display, NULL, l->raw, &im, &e) != 0) {
		strv_pushf(msgs, "not adopted: %s", e);
		free(e);
		return 0;
	}
	strv_init(&a.what);
	if (l->st[NOVA_OPT_ALIAS] == CONF_NEW)
		adopt_aliases(&a, im.aliases);
	if (l->st[NOVA_OPT_WHITELIST] == CONF_NEW)
		adopt_whitelist(&a, im.whitelist);
	if (l->st[NOVA_OPT_ENABLED_FILTERS] == CONF_NEW)
		adopt_enabled(&a, im.enabled);
	if (l->st[NOVA_OPT_AVAILABLE_FILTERS] == CONF_NEW)
		adopt_available(&a, im.available);
	if (a.what.n) {
		what = strv_join(&a.what, ", ");
		strv_pushf(msgs, "adopted from %s nova.conf: %s", l->image,
		    what);
		free(what);
	}
	strv_release(&a.what);
	import_release(&im);
	return a.nstaged;
}

/* Adopts what the images' nova.conf hold (see adopt.h). */
int
store_adopt(struct store *st, struct strv *msgs, char **cause)
{
	json_t *intent = journal_load(st);
	json_t *written = journal_written_for_check(st, intent);
	struct render_in in = { .root = st->root, .colls = st->staged,
	    .prev = st->disk, .written = written,
	    .reader = rootpath_read,
	    .lister = store_list_image_dir };
	struct store_items items = { 0 };
	struct checked ck;
	struct strv images;
	struct conf_look *v = NULL;
	size_t n = 0;
	int staged = 0, r;

	json_decref(intent);
	/* the images, from the last commit's record when it serves */
	if (checked_kept(st))
		store_changes(st, "", 0, &items);
	r = checked_begin(st, st->staged, &items, NULL, &ck, cause);
	store_items_release(&items);
	checked_images(&ck, &images);
	if (ck.fast)
		in.images = &images;
	if (r != 0 || render_look(&in, &v, &n, cause) != 0) {
		render_look_free(v, n);
		checked_release(&ck);
		strv_release(&images);
		json_decref(written);
		return -1;
	}
	checked_release(&ck);
	strv_release(&images);
	for (size_t i = 0; i < n; i++) {
		int any = 0;

		for (int o = 0; o < NOVA_NOPTS; o++)
			any |= v[i].st[o] == CONF_NEW;
		if (v[i].errline)
			strv_pushf(msgs, "not adopted: %s:%zu: %s (nova cannot "
			    "read the file)", v[i].display, v[i].errline,
			    v[i].errwhy);
		else if (any)
			staged += adopt_file(st, &v[i], msgs);
	}
	render_look_free(v, n);
	json_decref(written);
	return staged;
}
