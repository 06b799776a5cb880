/*
 * compl-value.c - what a word completes to, for the engine (complete.c):
 * object names of the staged state, file names, node sets, the offers of
 * the tables (a property's kind or its named provider, model/provider.h),
 * keys and values of maps (also inside JSON objects) and the properties
 * and values of set, get, append, removefrom and clear.
 *
 * It only reads the staged view of the store.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "shell/compl-int.h"
#include "shell/mode.h"
#include "lib/nodeset.h"
#include "model/provider.h"
#include "state/store.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* ---- reading the staged state ---- */

/* The staged collection at collpath (borrowed), or NULL. */
json_t *
compl_coll(struct ctx *x, const char *collpath)
{
	return collpath ? view_coll(x->s->store->staged, collpath) : NULL;
}

/* The length of the key of an object iterator. */
static inline size_t
key_len(void *it, const char *k)
{
#if JANSSON_VERSION_HEX >= 0x020e00
	(void)k;
	return json_object_iter_key_len(it);
#else
	(void)it;
	return strlen(k);
#endif
}

/* Adds the names of the objects of a collection. */
void
compl_objects(struct ctx *x, const char *collpath, const char *help)
{
	json_t *c = compl_coll(x, collpath);
	struct compl_mem *m = x->res->mem;
	const char *pre = x->pre;
	size_t plen = x->plen;

	if (c == NULL)
		return;
	/* the hot loop of big clusters: no copy of names left out */
	for (void *it = json_object_iter(c); it;
	    it = json_object_iter_next(c, it)) {
		const char *k = json_object_iter_key(it);
		size_t kl = key_len(it, k);

		if (kl < plen || memcmp(k, pre, plen) != 0)
			continue;
		compl_push(x, compl_put3(m, k, kl, "", 0, "", 0), help);
	}
}

/* The staged record of the current record-mode frame (borrowed). */
static json_t *
current_record(struct ctx *x)
{
	struct session *s = x->s;
	struct strv keys = STRV_INIT;
	char *cp, *name;
	json_t *o;

	if (mode_owner(s, s->depth, &cp, &name) != 0)
		return NULL;
	o = view_get(s->store->staged, cp, name);
	mode_record_keys(s, s->depth, &keys);
	for (size_t i = 0; o && i < keys.n; i++)
		o = json_object_get(o, keys.v[i]);
	strv_release(&keys);
	free(cp);
	free(name);
	return o;
}

/* 1 if the JSON array a holds the string v. */
static int
array_has(const json_t *a, const char *v)
{
	const json_t *e;
	size_t i;

	json_array_foreach(a, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), v) == 0)
			return 1;
	return 0;
}

/* 1 if v is one of the n words. */
static int
words_have(char *const *w, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w[i], v) == 0)
			return 1;
	return 0;
}

/* ---- files ---- */

/* File names: the word is lead followed by a path being typed. */
void
compl_files(struct ctx *x, const char *lead)
{
	const char *pre = x->pre + strlen(lead);
	const char *slash = strrchr(pre, '/');
	char *dir = slash ? xstrndup(pre, (size_t)(slash - pre + 1)) :
	    xstrdup("");
	const char *base = slash ? slash + 1 : pre;
	size_t blen = strlen(base);
	DIR *d = opendir(*dir ? dir : ".");
	struct dirent *de;

	if (d == NULL) {
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		int isdir = de->d_type == DT_DIR;
		char *w;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, base, blen) != 0 ||
		    (de->d_name[0] == '.' && base[0] != '.'))
			continue;
		if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK) {
			struct stat st;
			char *p = xasprintf("%s%s", *dir ? dir : "./",
			    de->d_name);

			isdir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
			free(p);
		}
		w = xasprintf("%s%s%s%s", lead, dir, de->d_name,
		    isdir ? "/" : "");
		compl_add(x, w, isdir ? "folder" : "file");
		free(w);
	}
	closedir(d);
	free(dir);
}

/* ---- node sets ---- */

/*
 * Completes the last item of a node set with the names of collpath:
 * "hyper[01-02],hy" offers hyper03 and hyper04 (names the
 * set already holds are left out), "hyper0[1-4],-hy" offers the names it
 * holds, "^" and "-^" complete a file name.  taken (may be NULL) holds
 * names to leave out as well.
 */
void
compl_nodeset(struct ctx *x, const char *collpath, const json_t *taken,
    const char *help)
{
	const char *pre = x->pre, *item;
	json_t *c = compl_coll(x, collpath), *set, *v;
	struct strv names = STRV_INIT;
	char *head, *setexpr, *e = NULL;
	int depth = 0, neg;
	size_t last = 0, ilen;
	const char *k;

	for (size_t i = 0; pre[i]; i++) {
		if (pre[i] == '[')
			depth++;
		else if (pre[i] == ']' && depth > 0)
			depth--;
		else if (pre[i] == ',' && depth == 0)
			last = i + 1;
	}
	item = pre + last;
	neg = *item == '-';
	head = xstrndup(pre, (size_t)(item - pre) + (neg ? 1 : 0));
	if (neg)
		item++;
	if (*item == '^') {
		char *lead = xasprintf("%s^", head);

		compl_files(x, lead);
		free(lead);
		free(head);
		return;
	}
	if (c == NULL || strchr(item, '[') || strstr(item, "..") ||
	    (neg && last == 0)) {
		free(head);
		return;
	}
	/* what the items before this one select */
	set = json_object();
	if (last > 1) {
		setexpr = xstrndup(pre, last - 1);
		if (nodeset_expand(setexpr, &names, &e) == 0)
			for (size_t i = 0; i < names.n; i++)
				json_object_set_new(set, names.v[i],
				    json_true());
		free(e);
		free(setexpr);
	}
	ilen = strlen(item);
	json_object_foreach(c, k, v) {
		int in;

		if (strncmp(k, item, ilen) != 0)
			continue;
		in = json_object_get(set, k) != NULL;
		if (neg ? !in : in || (taken && array_has(taken, k)))
			continue;
		compl_add2(x, head, k, NULL, help);
	}
	json_decref(set);
	strv_release(&names);
	free(head);
}

/* ---- offers of the tables: kinds and providers ---- */

/*
 * What the tables offer (model/provider.h) goes through here: an offer
 * is the engine's compl_out and compl_ctx, and leaves out what a list
 * holds already (skip) and the words typed before.
 */
struct offer {
	struct compl_out	 out;
	struct compl_ctx	 cc;
	struct ctx		*x;
	const json_t		*skip;
	char *const		*typed;
	size_t			 ntyped;
};

/* compl_out.add: a candidate of a kind or provider. */
static void
offer_add(struct compl_out *out, const char *word, const char *help)
{
	struct offer *o = (struct offer *)out;

	if ((o->skip && array_has(o->skip, word)) ||
	    words_have(o->typed, o->ntyped, word))
		return;
	compl_add(o->x, word, help);
}

/* compl_ctx.selected: the innermost frame of type t with a selection. */
static const char *
offer_selected(const struct compl_ctx *c, const struct obj_type *t)
{
	const struct offer *o = (const struct offer *)(const void *)
	    ((const char *)c - offsetof(struct offer, cc));
	struct session *s = o->x->s;

	for (int i = s->depth; i > 0; i--)
		if (s->stack[i].type == t && s->stack[i].selected)
			return s->stack[i].selected;
	return NULL;
}

/* Sets up an offer for the values of a property of obj (may be NULL). */
static void
offer_init(struct offer *o, struct ctx *x, const json_t *obj,
    const json_t *skip, char *const *typed, size_t ntyped)
{
	memset(o, 0, sizeof *o);
	o->out.add = offer_add;
	o->cc.view = x->s->store->staged;
	o->cc.obj = obj;
	o->cc.want_helps = x->res->want_helps;
	o->cc.selected = offer_selected;
	o->x = x;
	o->skip = skip;
	o->typed = typed;
	o->ntyped = ntyped;
}

/*
 * What the provider which (a map property's) offers for obj, into k
 * (set up here; the caller releases it): its keys (key NULL), or the
 * values of key, partial being the value typed so far.
 */
static void
map_offer(struct ctx *x, const char *which, const json_t *obj,
    const char *key, const char *partial, struct compl_keep *k)
{
	const struct compl_provider *prov = provider_find(which);
	struct offer o;

	compl_keep_init(k);
	if (prov == NULL)
		return;
	offer_init(&o, x, obj, NULL, NULL, 0);
	o.cc.key = key;
	o.cc.partial = partial;
	prov->list(&o.cc, &k->out);
}

/* Appends s to sb as the inside of a JSON string. */
static void
json_str_add(struct sbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addc(sb, '\\');
		sbuf_addc(sb, *s);
	}
}

/*
 * Reads a JSON string starting after its opening quote at *i; returns
 * its text and sets *closed; *i ends one past the closing quote.
 */
static char *
json_str_read(const char *w, size_t *i, int *closed)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_add(&sb, "", 0);
	*closed = 0;
	while (w[*i]) {
		if (w[*i] == '\\' && w[*i + 1]) {
			sbuf_addc(&sb, w[*i + 1]);
			*i += 2;
			continue;
		}
		if (w[*i] == '"') {
			(*i)++;
			*closed = 1;
			break;
		}
		sbuf_addc(&sb, w[(*i)++]);
	}
	return sbuf_detach(&sb, NULL);
}

/* Where the reading of a JSON object being typed stands. */
enum jstate { J_KEY, J_COLON, J_VALUE, J_COMMA, J_DONE };

/* A map value typed as a JSON object, read from its "{" on. */
struct jwalk {
	struct ctx	*x;
	const char	*which;		/* the map's provider */
	const json_t	*obj;
	const char	*w;		/* the word so far */
	size_t		 i;		/* where the reading stands in w */
	enum jstate	 st;
	struct strv	 present;	/* the keys typed */
	char		*key;		/* the last key typed */
};

/*
 * Offers the keys (J_KEY; those typed are left out) or the values of the
 * last key after head, which ends in the opening quote of the string
 * being typed (partial so far): a key's candidate ends in ":" and an open
 * quote, a value's closes the object.
 */
static void
json_offer(struct jwalk *j, const char *head, const char *partial)
{
	struct compl_keep kv;
	int iskey = j->st == J_KEY;

	map_offer(j->x, j->which, j->obj, iskey ? NULL : j->key, partial,
	    &kv);
	for (size_t k = 0; k < kv.words.n; k++) {
		struct sbuf c = SBUF_INIT;

		if (iskey && strv_find(&j->present, kv.words.v[k]) >= 0)
			continue;
		sbuf_adds(&c, head);
		json_str_add(&c, kv.words.v[k]);
		sbuf_adds(&c, iskey ? "\":\"" : "\"}");
		compl_add(j->x, c.buf, kv.helps.v[k]);
		sbuf_release(&c);
	}
	compl_keep_release(&kv);
}

/*
 * Reads the key or value (by j->st) at j->i; returns 1 when the reading
 * stops there (the word ends inside its string, whose candidates are then
 * offered, or it is not JSON), 0 to read on.
 */
static int
json_item(struct jwalk *j)
{
	const char *w = j->w;
	size_t q = j->i;
	int closed;
	char *str, *head;

	if (j->st == J_KEY && w[j->i] == '}' && j->present.n == 0) {
		j->st = J_DONE;
		return 0;
	}
	if (w[j->i] != '"') {
		if (j->st == J_KEY)
			return 1;
		/* a bare value: number, true, ... */
		while (w[j->i] && w[j->i] != ',' && w[j->i] != '}')
			j->i++;
		j->st = J_COMMA;
		return 0;
	}
	j->i++;
	str = json_str_read(w, &j->i, &closed);
	if (!closed) {
		/* the string being typed */
		head = xstrndup(w, q + 1);
		json_offer(j, head, str);
		free(head);
		free(str);
		return 1;
	}
	if (j->st == J_KEY) {
		strv_push(&j->present, str);
		free(j->key);
		j->key = str;
		j->st = J_COLON;
	} else {
		free(str);
		j->st = J_COMMA;
	}
	return 0;
}

/*
 * Reads the JSON object typed so far; returns 1 when the reading stopped
 * inside it (see json_item()), 0 when it reached the end of the word or
 * of the object.
 */
static int
json_walk(struct jwalk *j)
{
	const char *w = j->w;

	for (;;) {
		while (isspace((unsigned char)w[j->i]))
			j->i++;
		if (w[j->i] == '\0' || j->st == J_DONE)
			return 0;
		if (j->st == J_KEY || j->st == J_VALUE) {
			if (json_item(j))
				return 1;
			continue;
		}
		if (j->st == J_COLON && w[j->i] == ':')
			j->st = J_VALUE;
		else if (j->st == J_COMMA && w[j->i] == ',')
			j->st = J_KEY;
		else if (j->st == J_COMMA && w[j->i] == '}')
			j->st = J_DONE;
		else
			return 1;
		j->i++;
	}
}

/*
 * A map value typed as a JSON object: completes the key being typed
 * (candidate ends in ":" and an open quote) or its value (the candidate
 * closes the object).  Keys already present are left out.
 */
static void
complete_json(struct ctx *x, const char *which, const json_t *obj)
{
	struct jwalk j = { .x = x, .which = which, .obj = obj, .w = x->pre,
	    .i = 1, .st = J_KEY, .present = STRV_INIT, .key = NULL };

	if (json_walk(&j) == 0 && j.w[j.i] == '\0' &&
	    (j.st == J_KEY || j.st == J_VALUE)) {
		/* nothing of the string typed yet: open it */
		char *head = xasprintf("%s\"", j.w);

		json_offer(&j, head, "");
		free(head);
	}
	free(j.key);
	strv_release(&j.present);
}

/*
 * A map value word: a JSON object, or "key=" (keys not yet typed in this
 * command) and "key=value".
 */
static void
complete_map(struct ctx *x, const struct prop_def *p, const json_t *obj,
    char *const *typed, size_t ntyped)
{
	const char *eq = strchr(x->pre, '=');
	const json_t *cur = obj ? json_object_get(obj, p->name) : NULL, *v;
	struct compl_keep kv;
	const char *k;

	if (x->pre[0] == '{') {
		complete_json(x, p->complete, obj);
		return;
	}
	if (eq == NULL) {
		map_offer(x, p->complete, obj, NULL, NULL, &kv);
		json_object_foreach((json_t *)cur, k, v) {
			char *h = xasprintf("now %s", json_string_value(v) ?
			    json_string_value(v) : "");

			compl_out_add(&kv.out, k, h);
			free(h);
		}
		for (size_t i = 0; i < kv.words.n; i++) {
			int dup = 0;

			for (size_t j = 0; j < ntyped && !dup; j++) {
				size_t l = strlen(kv.words.v[i]);

				dup = strncmp(typed[j], kv.words.v[i],
				    l) == 0 && typed[j][l] == '=';
			}
			if (!dup)
				compl_add2(x, kv.words.v[i], "=", NULL,
				    kv.helps.v[i]);
		}
	} else {
		char *key = xstrndup(x->pre, (size_t)(eq - x->pre) + 1);

		key[eq - x->pre] = '\0';
		map_offer(x, p->complete, obj, key, eq + 1, &kv);
		key[eq - x->pre] = '=';
		for (size_t i = 0; i < kv.words.n; i++)
			compl_add2(x, key, kv.words.v[i], NULL, kv.helps.v[i]);
		free(key);
	}
	compl_keep_release(&kv);
}

/* ---- property values ---- */

/* Node sets of a reference list: names not taken, and set syntax. */
static void
add_nodeset_values(struct ctx *x, const struct prop_def *p,
    const json_t *skip, char *const *typed, size_t ntyped)
{
	const struct obj_type *t = type_find(p->ref);
	json_t *taken;
	const json_t *e;
	size_t i;

	if (t == NULL || t->parent != NULL)
		return;
	taken = json_array();
	json_array_foreach(skip, i, e)
		json_array_append(taken, (json_t *)e);
	for (i = 0; i < ntyped; i++)
		json_array_append_new(taken, json_string(typed[i]));
	compl_nodeset(x, t->yaml_key, taken, t->name);
	json_decref(taken);
}

/*
 * Values for property p of obj (may be NULL), for verb (set, append):
 * typed holds the values already typed in this command.
 */
void
compl_values(struct ctx *x, const struct prop_def *p, const json_t *obj,
    const char *verb, char *const *typed, size_t ntyped)
{
	const json_t *cur = obj ? json_object_get(obj, p->name) : NULL;
	const json_t *skip = NULL;
	const struct compl_provider *prov = provider_find(p->complete);
	struct offer o;

	if (x->pre[0] == '@') {
		compl_files(x, "@");
		return;
	}
	if (p->shape == PS_MAP) {
		complete_map(x, p, obj, typed, ntyped);
		return;
	}
	if (p->shape == PS_SCALAR && ntyped > 0)
		return;
	/* a list of unique items: leave out what it holds */
	if (p->shape == PS_LIST && (p->flags & PROP_UNIQUE) &&
	    strcmp(verb, "append") == 0)
		skip = cur;
	if (p->shape == PS_LIST && !(p->flags & PROP_UNIQUE))
		ntyped = 0;
	if (p->flags & PROP_NODESET) {
		add_nodeset_values(x, p, skip, typed, ntyped);
		return;
	}
	/* a row's provider, else what its kind offers */
	offer_init(&o, x, obj, skip, typed, ntyped);
	if (prov != NULL)
		prov->list(&o.cc, &o.out);
	else if (kind_ops[p->kind].complete != NULL)
		kind_ops[p->kind].complete(p, &o.cc, &o.out);
}

/* What removefrom can remove: the list's items or the map's keys. */
static void
add_existing(struct ctx *x, const struct prop_def *p, const json_t *obj,
    char *const *typed, size_t ntyped)
{
	const json_t *v = obj ? json_object_get(obj, p->name) : NULL, *e;
	const char *k;
	size_t i;

	if (json_is_array(v))
		json_array_foreach(v, i, e) {
			char *s = json_is_string(e) ?
			    xstrdup(json_string_value(e)) :
			    json_dumps(e, JSON_COMPACT | JSON_SORT_KEYS);

			if (s && !words_have(typed, ntyped, s))
				compl_add(x, s, NULL);
			free(s);
		}
	if (json_is_object(v))
		json_object_foreach((json_t *)v, k, e)
			if (!words_have(typed, ntyped, k))
				compl_add(x, k, json_string_value(e));
}

/* Property names of t that verb takes. */
static void
add_props(struct ctx *x, const struct obj_type *t, const char *verb)
{
	int get = strcmp(verb, "get") == 0;
	int lists = strcmp(verb, "append") == 0 ||
	    strcmp(verb, "removefrom") == 0;

	for (const struct prop_def *p = t->props; p->name; p++) {
		if ((p->flags & PROP_KEY) && !get)
			continue;
		if ((p->flags & PROP_RO) && !get)
			continue;
		if (lists && p->shape == PS_SCALAR)
			continue;
		compl_add(x, p->name, p->help);
	}
}

/* set/get/append/removefrom/clear: [NAME] PROPERTY VALUE... */
void
compl_setlike(struct ctx *x, const char *verb, char **pos, size_t npos)
{
	struct session *s = x->s;
	struct frame *f = &s->stack[s->depth];
	const struct obj_type *t = f->type;
	const struct prop_def *p;
	const json_t *obj = NULL;
	char *cp, *e = NULL;
	int rec, has_name = 0;

	if (t == NULL)
		return;
	rec = t->layout == OT_RECORD;
	cp = mode_collpath(s, s->depth);
	if (!rec && npos >= 1) {
		if (f->selected == NULL)
			has_name = 1;
		else if (prop_find(t, pos[0], 1, &e) == NULL)
			has_name = cp && view_get(s->store->staged, cp,
			    pos[0]) != NULL;
		FREE_AND_NULL(e);
	}
	if (npos == 0) {
		if (rec || f->selected)
			add_props(x, t, verb);
		if (!rec)
			compl_objects(x, cp, t->name);
		goto out;
	}
	if (has_name && npos == 1) {
		add_props(x, t, verb);
		goto out;
	}
	if (strcmp(verb, "get") == 0 || strcmp(verb, "clear") == 0)
		goto out;
	if ((p = prop_find(t, pos[has_name], 1, &e)) == NULL ||
	    (p->flags & (PROP_KEY | PROP_RO)))
		goto out;
	if (has_name)
		obj = view_get(s->store->staged, cp, pos[0]);
	else if (rec)
		obj = current_record(x);
	else if (cp)
		obj = view_get(s->store->staged, cp, f->selected);
	if (strcmp(verb, "removefrom") == 0)
		add_existing(x, p, obj, pos + has_name + 1,
		    npos - has_name - 1);
	else
		compl_values(x, p, obj, verb, pos + has_name + 1,
		    npos - has_name - 1);
out:
	free(e);
	free(cp);
}
