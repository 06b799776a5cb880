/*
 * complete.c - the completion engine: commands, mode words, object names,
 * properties, values (enums, references, node sets, filters, PCI IDs,
 * extra specs and metadata, JSON objects), options and file names.
 *
 * It works on a scratch copy of the session's mode stack and only reads
 * the staged view of the store.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "shell/cmd.h"
#include "shell/complete.h"
#include "shell/mode.h"
#include "shell/repl.h"
#include "lib/nodeset.h"
#include "nova/compute.h"
#include "nova/novaopts.h"
#include "modules/pci.h"
#include "state/store.h"
#include "shell/tok.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* One completion attempt: where candidates go and the word typed. */
struct ctx {
	struct session	*s;	/* the scratch session */
	struct compl	*res;
	const char	*pre;	/* the word so far (unquoted) */
	size_t		 plen;
};

/* ---- the result's storage ---- */

/*
 * Candidate strings live in blocks (one malloc for many strings, never
 * moved, so the pointers in words.v stay valid); the blocks, the pointer
 * arrays and the sort scratch are kept for the next request.
 */
struct blk {
	struct blk	*next;
	size_t		 cap, used;
	char		 data[];
};

#define BLK_SIZE	(256 * 1024)

struct compl_mem {
	struct blk	*first, *cur;
	const char	*lasthelp;	/* the last help stored, to share it */
	int		 unsorted;	/* words did not arrive in order */
	size_t		 run;		/* start of the current ordered run */
	size_t		 best_a, best_b;	/* the longest finished run */
	struct pair	*scratch;	/* sort_result's work space */
	size_t		 scratch_cap;
};

/* A candidate with its help and arrival order, for sorting. */
struct pair {
	char	*w, *h;
	size_t	 i;
};

/* Forgets the strings of the last request, keeping the memory. */
static void
mem_reset(struct compl_mem *m)
{
	m->cur = m->first;
	if (m->cur)
		m->cur->used = 0;
	m->lasthelp = NULL;
	m->unsorted = 0;
	m->run = m->best_a = m->best_b = 0;
}

/* Frees the storage. */
static void
mem_free(struct compl_mem *m)
{
	struct blk *b, *next;

	if (m == NULL)
		return;
	for (b = m->first; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->scratch);
	free(m);
}

/* Room for len bytes in the current block (moving on or adding one). */
static char *
mem_alloc(struct compl_mem *m, size_t len)
{
	struct blk *b;
	char *p;

	while (m->cur == NULL || m->cur->cap - m->cur->used < len) {
		if (m->cur && m->cur->next) {
			/* a block kept from an earlier request */
			m->cur = m->cur->next;
			m->cur->used = 0;
			continue;
		}
		b = xmalloc(sizeof *b + (len > BLK_SIZE ? len : BLK_SIZE));
		b->next = NULL;
		b->cap = len > BLK_SIZE ? len : BLK_SIZE;
		b->used = 0;
		if (m->cur)
			m->cur->next = b;
		else
			m->first = b;
		m->cur = b;
	}
	p = m->cur->data + m->cur->used;
	m->cur->used += len;
	return p;
}

/* Stores the concatenation of three pieces (lengths given). */
static char *
mem_put3(struct compl_mem *m, const char *a, size_t al, const char *b,
    size_t bl, const char *c, size_t cl)
{
	char *p = mem_alloc(m, al + bl + cl + 1);

	memcpy(p, a, al);
	memcpy(p + al, b, bl);
	memcpy(p + al + bl, c, cl);
	p[al + bl + cl] = '\0';
	return p;
}

/* Makes room for one more entry (and the NULL after it) in l. */
static void
list_grow(struct compl_list *l)
{
	xgrow((void **)&l->v, &l->cap, l->n + 2, sizeof *l->v);
}

/* Appends w (stored already) and a copy of help (shared when repeated). */
static void
push(struct ctx *x, char *w, const char *help)
{
	struct compl *r = x->res;
	struct compl_mem *m = r->mem;
	size_t n = r->words.n;

	list_grow(&r->words);
	if (n > 0) {
		/* runs in order, while both words are in the cache */
		int d = strcmp(r->words.v[n - 1], w);

		if (d >= 0)
			m->unsorted = 1;
		if (d > 0) {
			if (n - m->run > m->best_b - m->best_a) {
				m->best_a = m->run;
				m->best_b = n;
			}
			m->run = n;
		}
	}
	r->words.v[n] = w;
	r->words.v[n + 1] = NULL;
	r->words.n = n + 1;
	if (!r->want_helps)
		return;
	if (help == NULL)
		help = "";
	if (m->lasthelp == NULL || strcmp(m->lasthelp, help) != 0)
		m->lasthelp = mem_put3(m, help, strlen(help), "", 0, "", 0);
	list_grow(&r->helps);
	r->helps.v[r->helps.n++] = (char *)m->lasthelp;
	r->helps.v[r->helps.n] = NULL;
}

/* Adds a candidate when it starts with the word typed so far. */
static void
add(struct ctx *x, const char *word, const char *help)
{
	if (strncmp(word, x->pre, x->plen) != 0)
		return;
	push(x, mem_put3(x->res->mem, word, strlen(word), "", 0, "", 0),
	    help);
}

/* 1 if the text of pieces a, b, c (lengths given) starts with pre. */
static int
starts3(const char *pre, size_t plen, const char *a, size_t al,
    const char *b, size_t bl, const char *c)
{
	if (al >= plen)
		return strncmp(a, pre, plen) == 0;
	if (memcmp(a, pre, al) != 0)
		return 0;
	pre += al;
	plen -= al;
	if (bl >= plen)
		return strncmp(b, pre, plen) == 0;
	if (memcmp(b, pre, bl) != 0)
		return 0;
	return strncmp(c, pre + bl, plen - bl) == 0;
}

/* Adds head followed by word and tail (when it matches). */
static void
add2(struct ctx *x, const char *head, const char *word, const char *tail,
    const char *help)
{
	size_t hl = strlen(head), wl = strlen(word);

	if (tail == NULL)
		tail = "";
	if (!starts3(x->pre, x->plen, head, hl, word, wl, tail))
		return;
	push(x, mem_put3(x->res->mem, head, hl, word, wl, tail, strlen(tail)),
	    help);
}

/* ---- reading the staged state ---- */

/* The staged collection at collpath (borrowed), or NULL. */
static json_t *
coll(struct ctx *x, const char *collpath)
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
static void
add_objects(struct ctx *x, const char *collpath, const char *help)
{
	json_t *c = coll(x, collpath);
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
		push(x, mem_put3(m, k, kl, "", 0, "", 0), help);
	}
}

/*
 * The OpenStack deployment in context: the one selected on the mode
 * stack, else "default", else the only or first one.  Returns its name
 * (borrowed from the session or the store), or NULL if there is none.
 */
static const char *
deployment(struct ctx *x)
{
	struct session *s = x->s;
	json_t *c = coll(x, "openstack");
	void *it;

	for (int i = s->depth; i > 0; i--) {
		const struct obj_type *t = s->stack[i].type;

		if (t && t->parent == NULL && strcmp(t->name, "openstack") == 0 &&
		    s->stack[i].selected)
			return s->stack[i].selected;
	}
	if (c == NULL)
		return NULL;
	if (json_object_get(c, "default"))
		return "default";
	it = json_object_iter(c);
	return it ? json_object_iter_key(it) : NULL;
}

/* A collection owned by the deployment in context ("flavors"). Caller frees. */
static char *
deploy_coll(struct ctx *x, const char *key)
{
	const char *d = deployment(x);

	return d ? xasprintf("openstack/%s/%s", d, key) : NULL;
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

/* The configured nova release of the deployment in context. */
static int
current_release(struct ctx *x)
{
	const char *d = deployment(x);

	return nova_compute_release(x->s->store->staged, d);
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
static void
add_files(struct ctx *x, const char *lead)
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
		add(x, w, isdir ? "folder" : "file");
		free(w);
	}
	closedir(d);
	free(dir);
}

/* ---- node sets ---- */

/*
 * Completes the last item of a node set (SPEC section 2) with the names
 * of collpath: "hyper[01-02],hy" offers hyper03 and hyper04 (names the
 * set already holds are left out), "hyper0[1-4],-hy" offers the names it
 * holds, "^" and "-^" complete a file name.  taken (may be NULL) holds
 * names to leave out as well.
 */
static void
add_nodeset(struct ctx *x, const char *collpath, const json_t *taken,
    const char *help)
{
	const char *pre = x->pre, *item;
	json_t *c = coll(x, collpath), *set, *v;
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

		add_files(x, lead);
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
		add2(x, head, k, NULL, help);
	}
	json_decref(set);
	strv_release(&names);
	free(head);
}

/* ---- PCI IDs ---- */

/*
 * Adds the distinct values of field ("vendor" or "device") of the PCI
 * devices seen in the cluster (pcidevices of every device), with their
 * names; vendor (may be NULL) restricts device IDs to one vendor.
 */
static void
add_pci_ids(struct ctx *x, const char *field, const char *vendor)
{
	json_t *devs = coll(x, "devices"), *d, *seen = json_object();
	const char *k;

	json_object_foreach(devs, k, d) {
		json_t *pd = json_object_get(d, "pcidevices"), *e;
		size_t i;

		json_array_foreach(pd, i, e) {
			const char *v = json_string_value(json_object_get(e,
			    field));
			const char *ven = json_string_value(json_object_get(e,
			    "vendor"));
			const char *name = json_string_value(json_object_get(e,
			    "name"));
			char *help = NULL;

			if (v == NULL || json_object_get(seen, v) ||
			    (vendor && (ven == NULL || strcasecmp(ven,
			    vendor) != 0)))
				continue;
			json_object_set_new(seen, v, json_true());
			if (x->res->want_helps) {
				if (strcmp(field, "vendor") == 0)
					help = pci_vendor_name(v);
				if (help == NULL && name)
					help = xasprintf("%s (on %s)", name, k);
			}
			add(x, v, help);
			free(help);
		}
	}
	json_decref(seen);
}

/* ---- filters ---- */

/* Scheduler filter names of the configured release, plus ocmsh's own. */
static void
add_filters(struct ctx *x, const json_t *rec, const json_t *skip,
    char *const *typed, size_t ntyped)
{
	struct strv f = STRV_INIT, h = STRV_INIT;
	int rel = current_release(x);
	char *nova_help = xasprintf("nova filter (%s)",
	    nova_release_title(rel));
	const json_t *avail = rec ? json_object_get(rec, "availablefilters") :
	    NULL, *e;
	size_t i;

	nova_filters(rel, &f);
	for (i = 0; i < f.n; i++)
		strv_push(&h, nova_help);
	strv_push(&f, "ReserveRamFilter");
	strv_push(&h, "ocmsh: holds RAM back on aggregate hosts for GPU "
	    "flavors");
	strv_push(&f, "ReserveAggregateRamFilter");
	strv_push(&h, "ocmsh: the same, honouring ram_allocation_ratio");
	json_array_foreach(avail, i, e) {
		const char *cls = json_string_value(e), *dot;

		if (cls && (dot = strrchr(cls, '.')) != NULL && dot[1]) {
			strv_push(&f, dot + 1);
			strv_push(&h, "from availablefilters");
		}
	}
	for (i = 0; i < f.n; i++)
		if (!(skip && array_has(skip, f.v[i])) &&
		    !words_have(typed, ntyped, f.v[i]))
			add(x, f.v[i], h.v[i]);
	strv_release(&f);
	strv_release(&h);
	free(nova_help);
}

/* ---- extra specs and aggregate metadata ---- */

/* A key or value with its help, for the map providers. */
struct kv {
	struct strv	 w, h;
};

/* Adds an entry to a provider's list. */
static void
kv_add(struct kv *kv, const char *w, const char *h)
{
	strv_push(&kv->w, w);
	strv_push(&kv->h, h ? h : "");
}

/* Frees a provider's list. */
static void
kv_release(struct kv *kv)
{
	strv_release(&kv->w);
	strv_release(&kv->h);
}

#define AIES "aggregate_instance_extra_specs:"

/* 1 if an aggregate metadata key is one of the scheduler's own. */
static int
metadata_is_setting(const char *k)
{
	return strncmp(k, "reserve_ram_filter_", 19) == 0 ||
	    strstr(k, "_allocation_ratio") != NULL ||
	    strcmp(k, "availability_zone") == 0;
}

/* Calls fn for every key and value of map property prop in collpath. */
static void
each_map_entry(struct ctx *x, const char *collpath, const char *prop,
    void (*fn)(void *, const char *obj, const char *k, const char *v),
    void *arg)
{
	json_t *c, *o, *m, *v;
	const char *name, *k;
	char *cp = deploy_coll(x, collpath);

	c = coll(x, cp);
	free(cp);
	json_object_foreach(c, name, o) {
		m = json_object_get(o, prop);
		json_object_foreach(m, k, v)
			if (json_is_string(v))
				fn(arg, name, k, json_string_value(v));
	}
}

/* Collector state for each_map_entry callbacks. */
struct collect {
	struct kv	*kv;
	const char	*key;	/* the key whose values are wanted, or NULL */
	int		 mode;
};

/* Collects flavor extra spec keys (mode 0) or values of key (mode 1). */
static void
collect_spec(void *arg, const char *obj, const char *k, const char *v)
{
	struct collect *c = arg;
	char *h;

	if (c->mode == 0) {
		h = xasprintf("used by flavor %s", obj);
		kv_add(c->kv, k, h);
	} else if (c->mode == 1 && strcmp(k, c->key) == 0) {
		h = xasprintf("as in flavor %s", obj);
		kv_add(c->kv, v, h);
	} else if (c->mode == 2 && strncmp(k, AIES, strlen(AIES)) == 0) {
		/* metadata keys that flavors ask aggregates for */
		h = xasprintf("matched by flavor %s", obj);
		kv_add(c->kv, k + strlen(AIES), h);
	} else if (c->mode == 3 && strchr(k, ':') == NULL) {
		/* unscoped keys: candidates for the reserve filter's spec */
		h = xasprintf("extra spec of flavor %s", obj);
		kv_add(c->kv, k, h);
	} else if (c->mode == 4 && strncmp(k, AIES, strlen(AIES)) == 0 &&
	    strcmp(k + strlen(AIES), c->key) == 0) {
		h = xasprintf("as flavor %s asks", obj);
		kv_add(c->kv, v, h);
	} else
		return;
	free(h);
}

/* Collects aggregate metadata keys or values, as collect_spec does. */
static void
collect_meta(void *arg, const char *obj, const char *k, const char *v)
{
	struct collect *c = arg;
	char *h;

	if (c->mode == 0) {
		h = xasprintf("used by aggregate %s", obj);
		kv_add(c->kv, k, h);
	} else if (c->mode == 1 && strcmp(k, c->key) == 0) {
		h = xasprintf("as in aggregate %s", obj);
		kv_add(c->kv, v, h);
	} else if (c->mode == 2 && !metadata_is_setting(k)) {
		h = xasprintf("metadata of aggregate %s", obj);
		kv_add(c->kv, k, h);
	} else if (c->mode == 3 && strcmp(k,
	    "reserve_ram_filter_flavor_extra_spec") == 0) {
		h = xasprintf("GPU flavors skip the RAM reserve of aggregate "
		    "%s", obj);
		kv_add(c->kv, v, h);
	} else
		return;
	free(h);
}

/* Keys of a map property: "extraspec-keys" or "metadata-keys". */
static void
map_keys(struct ctx *x, const char *which, struct kv *out)
{
	struct collect c = { out, NULL, 0 };
	struct kv tmp = { STRV_INIT, STRV_INIT };

	if (strcmp(which, "extraspec-keys") == 0) {
		kv_add(out, "pci_passthrough:alias", "PCI devices for the "
		    "server: ALIAS:COUNT[,ALIAS:COUNT]");
		kv_add(out, "hw:cpu_policy", "dedicated or shared host CPUs");
		kv_add(out, "hw:mem_page_size", "guest memory pages: small, "
		    "large, any or a size");
		kv_add(out, "hw:numa_nodes", "NUMA nodes to spread the guest "
		    "over");
		c.mode = 3;
		each_map_entry(x, "hostaggregates", "metadata", collect_meta,
		    &c);
		c.mode = 2;
		c.kv = &tmp;
		each_map_entry(x, "hostaggregates", "metadata", collect_meta,
		    &c);
		for (size_t i = 0; i < tmp.w.n; i++) {
			char *k = xasprintf(AIES "%s", tmp.w.v[i]);

			kv_add(out, k, tmp.h.v[i]);
			free(k);
		}
		c.kv = out;
		c.mode = 0;
		each_map_entry(x, "flavors", "extraspecs", collect_spec, &c);
	} else if (strcmp(which, "metadata-keys") == 0) {
		kv_add(out, "reserve_ram_filter_mb", "RAM, MiB, held back "
		    "from flavors without the GPU extra spec");
		kv_add(out, "reserve_ram_filter_flavor_extra_spec", "the extra "
		    "spec that marks GPU flavors");
		kv_add(out, "ram_allocation_ratio", "RAM overcommit ratio on "
		    "these hosts");
		kv_add(out, "cpu_allocation_ratio", "CPU overcommit ratio on "
		    "these hosts");
		kv_add(out, "disk_allocation_ratio", "disk overcommit ratio on "
		    "these hosts");
		c.mode = 2;
		each_map_entry(x, "flavors", "extraspecs", collect_spec, &c);
		c.mode = 0;
		each_map_entry(x, "hostaggregates", "metadata", collect_meta,
		    &c);
	}
	kv_release(&tmp);
}

/*
 * Values for key of a map property, given the value typed so far (used
 * for the comma list of pci_passthrough:alias).
 */
static void
map_values(struct ctx *x, const char *which, const char *key,
    const char *partial, struct kv *out)
{
	struct collect c = { out, key, 1 };
	struct kv reserve = { STRV_INIT, STRV_INIT };

	if (strcmp(which, "extraspec-keys") == 0) {
		if (strcmp(key, "pci_passthrough:alias") == 0) {
			const char *comma = strrchr(partial, ',');
			char *head = xstrndup(partial, comma ?
			    (size_t)(comma - partial + 1) : 0);
			char *cp = deploy_coll(x, "pcialiases");
			json_t *al = coll(x, cp), *a;
			const char *name;

			json_object_foreach(al, name, a) {
				char *w = xasprintf("%s%s:1", head, name);
				char *h = xasprintf("one device of alias %s "
				    "(%s:%s)", name, json_string_value(
				    json_object_get(a, "vendorid")) ?
				    json_string_value(json_object_get(a,
				    "vendorid")) : "?", json_string_value(
				    json_object_get(a, "productid")) ?
				    json_string_value(json_object_get(a,
				    "productid")) : "?");
				char *mine = xasprintf(",%s:", name);
				char *headc = xasprintf(",%s", head);

				if (strstr(headc, mine) == NULL)
					kv_add(out, w, h);
				free(headc);
				free(mine);
				free(w);
				free(h);
			}
			free(cp);
			free(head);
			return;
		}
		if (strcmp(key, "hw:cpu_policy") == 0) {
			kv_add(out, "dedicated", "pinned host CPUs");
			kv_add(out, "shared", "floating host CPUs");
			kv_add(out, "mixed", "some of each");
		} else if (strcmp(key, "hw:mem_page_size") == 0) {
			kv_add(out, "small", NULL);
			kv_add(out, "large", NULL);
			kv_add(out, "any", NULL);
		} else if (strncmp(key, AIES, strlen(AIES)) == 0) {
			struct collect m = { out, key + strlen(AIES), 1 };

			each_map_entry(x, "hostaggregates", "metadata",
			    collect_meta, &m);
		}
		c.mode = 3;
		c.kv = &reserve;
		each_map_entry(x, "hostaggregates", "metadata", collect_meta,
		    &c);
		if (strv_find(&reserve.w, key) >= 0) {
			kv_add(out, "true", "a GPU flavor: may use the "
			    "reserved RAM");
			kv_add(out, "false", NULL);
		}
		c.mode = 1;
		c.kv = out;
		each_map_entry(x, "flavors", "extraspecs", collect_spec, &c);
	} else if (strcmp(which, "metadata-keys") == 0) {
		if (strcmp(key, "reserve_ram_filter_flavor_extra_spec") == 0) {
			c.mode = 3;
			each_map_entry(x, "flavors", "extraspecs",
			    collect_spec, &c);
		} else {
			c.mode = 4;
			each_map_entry(x, "flavors", "extraspecs",
			    collect_spec, &c);
		}
		c.mode = 1;
		each_map_entry(x, "hostaggregates", "metadata", collect_meta,
		    &c);
	}
	kv_release(&reserve);
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

/*
 * A map value typed as a JSON object: completes the key being typed
 * (candidate ends in ":" and an open quote) or its value (the candidate
 * closes the object).  Keys already present are left out.
 */
static void
complete_json(struct ctx *x, const char *which)
{
	enum { J_KEY, J_COLON, J_VALUE, J_COMMA, J_DONE } st = J_KEY;
	const char *w = x->pre;
	struct strv present = STRV_INIT;
	char *key = NULL;
	size_t i = 1;

	for (;;) {
		while (isspace((unsigned char)w[i]))
			i++;
		if (w[i] == '\0' || st == J_DONE)
			break;
		if (st == J_KEY || st == J_VALUE) {
			size_t q = i;
			int closed;
			char *str;

			if (st == J_KEY && w[i] == '}' && present.n == 0) {
				st = J_DONE;
				continue;
			}
			if (w[i] != '"') {
				if (st == J_KEY)
					goto out;
				/* a bare value: number, true, ... */
				while (w[i] && w[i] != ',' && w[i] != '}')
					i++;
				st = J_COMMA;
				continue;
			}
			i++;
			str = json_str_read(w, &i, &closed);
			if (!closed) {
				/* the string being typed */
				struct sbuf head = SBUF_INIT;
				struct kv kv = { STRV_INIT, STRV_INIT };

				sbuf_add(&head, w, q + 1);
				if (st == J_KEY)
					map_keys(x, which, &kv);
				else
					map_values(x, which, key, str, &kv);
				for (size_t j = 0; j < kv.w.n; j++) {
					struct sbuf c = SBUF_INIT;

					if (st == J_KEY && strv_find(&present,
					    kv.w.v[j]) >= 0)
						continue;
					sbuf_adds(&c, head.buf);
					json_str_add(&c, kv.w.v[j]);
					sbuf_adds(&c, st == J_KEY ? "\":\"" :
					    "\"}");
					add(x, c.buf, kv.h.v[j]);
					sbuf_release(&c);
				}
				kv_release(&kv);
				sbuf_release(&head);
				free(str);
				goto out;
			}
			if (st == J_KEY) {
				strv_push(&present, str);
				free(key);
				key = str;
				st = J_COLON;
			} else {
				free(str);
				st = J_COMMA;
			}
			continue;
		}
		if (st == J_COLON && w[i] == ':')
			st = J_VALUE;
		else if (st == J_COMMA && w[i] == ',')
			st = J_KEY;
		else if (st == J_COMMA && w[i] == '}')
			st = J_DONE;
		else
			goto out;
		i++;
	}
	if (w[i] == '\0' && (st == J_KEY || st == J_VALUE)) {
		/* nothing of the string typed yet: open it */
		struct kv kv = { STRV_INIT, STRV_INIT };

		if (st == J_KEY)
			map_keys(x, which, &kv);
		else
			map_values(x, which, key, "", &kv);
		for (size_t j = 0; j < kv.w.n; j++) {
			struct sbuf c = SBUF_INIT;

			if (st == J_KEY && strv_find(&present, kv.w.v[j]) >= 0)
				continue;
			sbuf_adds(&c, w);
			sbuf_addc(&c, '"');
			json_str_add(&c, kv.w.v[j]);
			sbuf_adds(&c, st == J_KEY ? "\":\"" : "\"}");
			add(x, c.buf, kv.h.v[j]);
			sbuf_release(&c);
		}
		kv_release(&kv);
	}
out:
	free(key);
	strv_release(&present);
}

/*
 * A map value word: a JSON object, or "key=" (keys not yet typed in this
 * command) and "key=value".
 */
static void
complete_map(struct ctx *x, const struct prop_def *p, const json_t *obj,
    char *const *typed, size_t ntyped)
{
	const char *which = p->complete ? p->complete : "";
	const char *eq = strchr(x->pre, '=');
	const json_t *cur = obj ? json_object_get(obj, p->name) : NULL, *v;
	struct kv kv = { STRV_INIT, STRV_INIT };
	const char *k;

	if (x->pre[0] == '{') {
		complete_json(x, which);
		return;
	}
	if (eq == NULL) {
		map_keys(x, which, &kv);
		json_object_foreach((json_t *)cur, k, v) {
			char *h = xasprintf("now %s", json_string_value(v) ?
			    json_string_value(v) : "");

			kv_add(&kv, k, h);
			free(h);
		}
		for (size_t i = 0; i < kv.w.n; i++) {
			int dup = 0;

			for (size_t j = 0; j < ntyped && !dup; j++) {
				size_t l = strlen(kv.w.v[i]);

				dup = strncmp(typed[j], kv.w.v[i], l) == 0 &&
				    typed[j][l] == '=';
			}
			if (!dup)
				add2(x, kv.w.v[i], "=", NULL, kv.h.v[i]);
		}
	} else {
		char *key = xstrndup(x->pre, (size_t)(eq - x->pre) + 1);

		key[eq - x->pre] = '\0';
		map_values(x, which, key, eq + 1, &kv);
		key[eq - x->pre] = '=';
		for (size_t i = 0; i < kv.w.n; i++)
			add2(x, key, kv.w.v[i], NULL, kv.h.v[i]);
		free(key);
	}
	kv_release(&kv);
}

/* ---- property values ---- */

/*
 * Values for property p of obj (may be NULL), for verb (set, append):
 * typed holds the values already typed in this command.
 */
static void
add_values(struct ctx *x, const struct prop_def *p, const json_t *obj,
    const char *verb, char *const *typed, size_t ntyped)
{
	const json_t *cur = obj ? json_object_get(obj, p->name) : NULL;
	const json_t *skip = NULL;
	const char *provider = p->complete ? p->complete : "";

	if (x->pre[0] == '@') {
		add_files(x, "@");
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
	if (strcmp(provider, "filters") == 0) {
		add_filters(x, obj, skip, typed, ntyped);
		return;
	}
	if (strcmp(provider, "pci-vendors") == 0) {
		add_pci_ids(x, "vendor", NULL);
		return;
	}
	if (strcmp(provider, "pci-products") == 0) {
		const char *v = obj ? json_string_value(json_object_get(obj,
		    "vendorid")) : NULL;

		add_pci_ids(x, "device", v);
		return;
	}
	switch (p->kind) {
	case VK_ENUM:
		for (size_t i = 0; p->choices[i]; i++)
			if (!(skip && array_has(skip, p->choices[i])) &&
			    !words_have(typed, ntyped, p->choices[i]))
				add(x, p->choices[i], NULL);
		break;
	case VK_BOOL:
		add(x, "yes", NULL);
		add(x, "no", NULL);
		break;
	case VK_REF: {
		const struct obj_type *t = type_find(p->ref);

		if (t == NULL || t->parent != NULL)
			break;
		if (p->flags & PROP_NODESET) {
			json_t *taken = json_array();
			const json_t *e;
			size_t i;

			json_array_foreach(skip, i, e)
				json_array_append(taken, (json_t *)e);
			for (i = 0; i < ntyped; i++)
				json_array_append_new(taken,
				    json_string(typed[i]));
			add_nodeset(x, t->yaml_key, taken, t->name);
			json_decref(taken);
		} else {
			json_t *c = coll(x, t->yaml_key), *v;
			const char *k;

			json_object_foreach(c, k, v)
				if (!(skip && array_has(skip, k)) &&
				    !words_have(typed, ntyped, k))
					add(x, k, t->name);
		}
		break;
	}
	default:
		break;
	}
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
				add(x, s, NULL);
			free(s);
		}
	if (json_is_object(v))
		json_object_foreach((json_t *)v, k, e)
			if (!words_have(typed, ntyped, k))
				add(x, k, json_string_value(e));
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
		add(x, p->name, p->help);
	}
}

/* set/get/append/removefrom/clear: [NAME] PROPERTY VALUE... */
static void
complete_setlike(struct ctx *x, const char *verb, char **pos, size_t npos)
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
			add_objects(x, cp, t->name);
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
		add_values(x, p, obj, verb, pos + has_name + 1,
		    npos - has_name - 1);
out:
	free(e);
	free(cp);
}

/* ---- commands ---- */

/* Commands, mode words and aliases usable in the current mode. */
static void
add_commands(struct ctx *x)
{
	struct session *s = x->s;
	struct strv sv = STRV_INIT;

	cmd_list(s, &sv, 0);
	for (size_t j = 0; j < sv.n; j++) {
		const struct cmd_entry *ce = cmd_find(s, sv.v[j]);

		add(x, sv.v[j], ce ? ce->help : NULL);
	}
	strv_clear(&sv);
	mode_words(s, &sv);
	for (size_t j = 0; j < sv.n; j++)
		add(x, sv.v[j], mode_word(s, sv.v[j])->help);
	strv_release(&sv);
	for (size_t j = 0; j < s->alias_names.n; j++) {
		char *h = xasprintf("alias for: %s", s->alias_values.v[j]);

		add(x, s->alias_names.v[j], h);
		free(h);
	}
}

/* The argument of an option of the command's template. */
static void
complete_optarg(struct ctx *x, const struct cmd_opt *o)
{
	const struct obj_type *t = x->s->stack[x->s->depth].type;
	char *cp;

	switch (o->kind) {
	case OPT_FILE:
		add_files(x, "");
		break;
	case OPT_NODES:
		cp = mode_collpath(x->s, x->s->depth);
		add_nodeset(x, cp, NULL, t ? t->name : NULL);
		free(cp);
		break;
	case OPT_COLUMNS: {
		const char *comma = strrchr(x->pre, ',');
		char *head = xstrndup(x->pre, comma ?
		    (size_t)(comma - x->pre + 1) : 0);

		for (const struct prop_def *q = t ? t->props : NULL; q &&
		    q->name; q++)
			add2(x, head, q->name, NULL, q->help);
		free(head);
		break;
	}
	case OPT_DELIM:
		add(x, "{}", "print JSON");
		break;
	default:
		break;
	}
}

/*
 * The value of a selector: what the property's row completes to, and the
 * values the objects of the mode hold (of a text property, say).
 */
static void
complete_selector(struct ctx *x, const struct selector *sel)
{
	struct session *s = x->s;
	const struct obj_type *t = s->stack[s->depth].type;
	const struct prop_def *p = prop_get(t, sel->prop);
	char *cp = mode_collpath(s, s->depth);
	json_t *c = coll(x, cp), *o, *v, *e;
	const char *k;
	size_t i;

	if (p && x->pre[0] != '@')
		add_values(x, p, NULL, "set", NULL, 0);
	json_object_foreach(c, k, o) {
		v = json_object_get(o, sel->prop);
		if (json_is_string(v) && *json_string_value(v))
			add(x, json_string_value(v), NULL);
		json_array_foreach(v, i, e)
			if (json_is_string(e) && *json_string_value(e))
				add(x, json_string_value(e), NULL);
	}
	free(cp);
}

/* The positional argument kind k of ce (ARG_END when there is none). */
static int
arg_kind(const struct cmd_entry *ce, size_t k)
{
	size_t i;

	if (ce->args == NULL)
		return ARG_END;
	for (i = 0; ce->args[i] != ARG_END; i++)
		if (i == k)
			return ce->args[i] & ~ARG_REPEAT;
	if (i > 0 && (ce->args[i - 1] & ARG_REPEAT))
		return ce->args[i - 1] & ~ARG_REPEAT;
	return ARG_END;
}

/* The options of ce here (the template's and the mode's selectors). */
static void
add_options(struct ctx *x, const struct cmd_entry *ce)
{
	const struct obj_type *t = x->s->stack[x->s->depth].type;
	const struct selector *sel;

	for (const struct cmd_opt *o = ce->opts; o && (o->ch || o->name);
	    o++) {
		char w[3] = { '-', o->ch, '\0' };

		if (o->help == NULL)
			continue;
		if (o->ch == 0 || (o->flags & OPT_LONGNAME))
			add2(x, "--", o->name, NULL, o->help);
		else
			add(x, w, o->help);
	}
	for (sel = (ce->flags & CF_SELECT) && t ? t->selectors : NULL;
	    sel && sel->opt; sel++) {
		char w[3] = { '-', sel->opt, '\0' };

		add(x, w, sel->help);
	}
}

/* Positional argument number k (of kind kind) of command ce. */
static void
complete_positional(struct ctx *x, const struct cmd_entry *ce, int kind,
    size_t k)
{
	struct session *s = x->s;
	const struct obj_type *t = s->stack[s->depth].type, *rt;
	char *cp = mode_collpath(s, s->depth);

	switch (kind) {
	case ARG_OBJECT:
	case ARG_OBJECT_OR_ALL:
		add_objects(x, cp, t ? t->name : NULL);
		if (kind == ARG_OBJECT_OR_ALL)
			add(x, "*", "every object");
		break;
	case ARG_REF:
		if ((rt = type_find(ce->ref)) != NULL && rt->parent == NULL)
			add_objects(x, rt->yaml_key, rt->name);
		break;
	case ARG_ADDTYPE:
		for (size_t j = 0; k == 0 && t && t->addtypes &&
		    t->addtypes[j]; j++) {
			char *h = xasprintf("add a %s", t->addvalues ?
			    t->addvalues[j] : t->addtypes[j]);

			add(x, t->addtypes[j], h);
			free(h);
		}
		break;
	case ARG_FILE:
		add_files(x, "");
		break;
	case ARG_COMMAND:
		add_commands(x);
		for (const struct prop_def *p = t ? t->props : NULL; p &&
		    p->name; p++)
			add(x, p->name, p->help);
		break;
	case ARG_ALIAS:
		for (size_t j = 0; j < s->alias_names.n; j++)
			add(x, s->alias_names.v[j], s->alias_values.v[j]);
		break;
	case ARG_ONOFF:
		add(x, "on", NULL);
		add(x, "off", NULL);
		break;
	case ARG_BOOKMARK:
		for (size_t j = 0; j < s->bookmark_names.n; j++)
			if (*s->bookmark_names.v[j])
				add(x, s->bookmark_names.v[j],
				    s->bookmark_paths.v[j]);
		if (s->previous)
			add(x, "-", s->previous);
		break;
	default:
		break;
	}
	free(cp);
}

/* The arguments of command ce; a holds the na complete words after it. */
static void
complete_args(struct ctx *x, const struct cmd_entry *ce, char **a, size_t na)
{
	struct session *s = x->s;
	struct args_opt o, pending = { 0 };
	char **pos = xcalloc(na + 1, sizeof *pos);
	size_t npos = 0;

	for (size_t j = 0; j < na; j++) {
		if (pending.word) {
			pending.word = NULL;
			continue;
		}
		if (!(npos && (ce->flags & CF_OPTSFIRST)) &&
		    args_find(s, ce, a[j], &o)) {
			if (o.sel || o.opt->kind != OPT_FLAG)
				pending = o;
			continue;
		}
		pos[npos++] = a[j];
	}
	if (pending.word) {
		if (pending.sel)
			complete_selector(x, pending.sel);
		else
			complete_optarg(x, pending.opt);
		free(pos);
		return;
	}
	if (x->pre[0] == '-' && !(npos && (ce->flags & CF_OPTSFIRST)))
		add_options(x, ce);
	if (ce->args && ce->args[0] == ARG_OBJECT_OR_PROP) {
		complete_setlike(x, ce->name, pos, npos);
		free(pos);
		return;
	}
	complete_positional(x, ce, arg_kind(ce, npos), npos);
	free(pos);
}

/* ---- the scratch mode stack ---- */

/* Leading mode words of w navigate the scratch copy; returns how many. */
static size_t
enter_modes(struct session *s, char **w, size_t n)
{
	const struct obj_type *mt;
	size_t i = 0;

	while (i < n && (mt = mode_word(s, w[i])) != NULL &&
	    cmd_find(s, w[i]) == NULL) {
		char *e = NULL;

		if (mode_enter(s, mt, &e) != 0) {
			free(e);
			break;
		}
		i++;
	}
	return i;
}

/*
 * Moves the scratch copy as a finished command would, without running
 * it: its mode words, then the command's navigate hook (use, add, clone,
 * exit, home).  After mode words, the stack stays only where a
 * navigating command (CF_NAV) leaves it, as when the line runs.
 */
static void
simulate(struct session *s, char **w, size_t n)
{
	struct session save;
	const struct cmd_entry *ce;
	size_t i;
	int moved = 0;

	mode_copy(&save, s);
	i = enter_modes(s, w, n);
	if (i < n && (ce = cmd_find(s, w[i])) != NULL)
		moved = cmd_navigate(s, ce, (int)(n - i), w + i) &&
		    (ce->flags & CF_NAV);
	if (i == n || i == 0 || moved) {
		mode_free(&save);
		return;
	}
	/* a mode word and a command that does not navigate: stay put */
	mode_free(s);
	*s = save;
}

/*
 * The context of a "( ... )" body: the mode of the command before it,
 * with one of the objects it names (or the first object) selected.
 */
static void
body_context(struct session *s, char **w, size_t n)
{
	struct frame *f;
	const struct cmd_entry *ce;
	size_t i = enter_modes(s, w, n);
	char *cp, *pick = NULL;
	json_t *c;

	f = &s->stack[s->depth];
	if (i >= n || (ce = cmd_find(s, w[i])) == NULL ||
	    f->type == NULL || f->type->layout != OT_COLLECTION)
		return;
	cp = mode_collpath(s, s->depth);
	c = cp ? view_coll(s->store->staged, cp) : NULL;
	for (size_t j = i + 1; j < n && c && pick == NULL; j++) {
		struct strv names = STRV_INIT;
		struct args_opt o;
		char *e = NULL;

		if (!args_find(s, ce, w[j], &o)) {
			if (json_object_get(c, w[j]))
				pick = xstrdup(w[j]);
			continue;
		}
		if ((o.sel == NULL && o.opt->kind == OPT_FLAG) || ++j >= n)
			continue;
		if (o.opt && o.opt->kind == OPT_NODES &&
		    nodeset_expand(w[j], &names, &e) == 0 && names.n &&
		    json_object_get(c, names.v[0]))
			pick = xstrdup(names.v[0]);
		free(e);
		strv_release(&names);
	}
	if (pick == NULL && c && f->selected == NULL) {
		const char *k, *min = NULL;
		json_t *v;

		json_object_foreach(c, k, v)
			if (min == NULL || strcmp(k, min) < 0)
				min = k;
		pick = min ? xstrdup(min) : NULL;
	}
	if (pick)
		mode_select(s, pick);
	free(pick);
	free(cp);
}

static void complete_words(struct ctx *, char **, size_t);

/*
 * In a range a command runs for each object, selected in turn: complete
 * it as with the first one selected (on the scratch copy).
 */
static void
range_context(struct session *s)
{
	struct strv names = STRV_INIT;
	char *e = NULL;

	if (range_objects(s, &names, &e) == 0 && names.n)
		mode_select(s, names.v[0]);
	free(e);
	strv_release(&names);
}

/*
 * The words after a command that runs another (time, watch): its
 * options, then a command of its own, completed as at the start.
 */
static void
complete_cmdline(struct ctx *x, const struct cmd_entry *ce, char **w,
    size_t n)
{
	struct args_opt o;
	size_t j = 0;

	while (j < n && args_find(x->s, ce, w[j], &o))
		j += o.sel || o.opt->kind != OPT_FLAG ? 2 : 1;
	if (j > n) {
		if (o.opt)
			complete_optarg(x, o.opt);
		return;
	}
	if (j < n) {
		complete_words(x, w + j, n - j);
		return;
	}
	if (x->pre[0] == '-')
		add_options(x, ce);
	add_commands(x);
}

/* Completes in the scratch session; w are the complete words. */
static void
complete_words(struct ctx *x, char **w, size_t n)
{
	const struct cmd_entry *ce;
	size_t i = enter_modes(x->s, w, n);

	if (i == n) {
		add_commands(x);
		return;
	}
	if ((ce = cmd_find(x->s, w[i])) == NULL)
		return;
	if ((ce->flags & CF_RANGE) && x->s->stack[x->s->depth].range)
		range_context(x->s);
	if (ce->args && ce->args[0] == ARG_CMDLINE)
		complete_cmdline(x, ce, w + i + 1, n - i - 1);
	else
		complete_args(x, ce, w + i + 1, n - i - 1);
}

/* ---- the result ---- */

/* Orders pairs by word, then by arrival. */
static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *p = a, *q = b;
	int r = strcmp(p->w, q->w);

	if (r)
		return r;
	return p->i < q->i ? -1 : p->i > q->i;
}

/*
 * Sorts the candidates (and helps) and drops duplicates, keeping for a
 * word the first help that says something.  Names mostly come in order
 * (the state keeps them sorted): nothing to do then; otherwise the
 * longest ordered run (found by push()) stays where it is, the rest is
 * sorted and merged into it, so "some properties, then 100,000 object
 * names" costs one merge.
 */
static void
sort_result(struct compl *c)
{
	struct compl_mem *m = c->mem;
	size_t n = c->words.n, ra, rb, rl, k = 0, i, j, out;
	int helps = c->want_helps;
	char **wv = c->words.v, **hv = c->helps.v;
	struct pair *rest;

	if (!m->unsorted || n < 2)
		return;
	ra = m->best_a;
	rb = m->best_b;
	if (n - m->run > rb - ra) {
		ra = m->run;
		rb = n;
	}
	rl = rb - ra;
	if (m->scratch_cap < n - rl) {
		free(m->scratch);
		m->scratch_cap = n - rl;
		m->scratch = xcalloc(m->scratch_cap, sizeof *m->scratch);
	}
	rest = m->scratch;
	for (i = 0; i < n; i++)
		if (i < ra || i >= rb)
			rest[k++] = (struct pair){ wv[i], helps ? hv[i] : NULL,
			    i };
	if (k > 1)
		qsort(rest, k, sizeof *rest, pair_cmp);
	/*
	 * The run moves to the end; merging from the front then never
	 * writes over a run entry not yet read (out <= k + i).
	 */
	memmove(wv + k, wv + ra, rl * sizeof *wv);
	if (helps)
		memmove(hv + k, hv + ra, rl * sizeof *hv);
	out = 0;
	for (i = 0, j = 0; i < rl || j < k; ) {
		char *w, *h;
		int fromrun;

		if (j == k)
			fromrun = 1;
		else if (i == rl)
			fromrun = 0;
		else {
			int d = strcmp(wv[k + i], rest[j].w);

			fromrun = d < 0 || (d == 0 && ra + i < rest[j].i);
		}
		if (fromrun) {
			w = wv[k + i];
			h = helps ? hv[k + i] : NULL;
			i++;
		} else {
			w = rest[j].w;
			h = rest[j].h;
			j++;
		}
		if (out > 0 && strcmp(wv[out - 1], w) == 0) {
			if (helps && *hv[out - 1] == '\0')
				hv[out - 1] = h;
			continue;
		}
		wv[out] = w;
		if (helps)
			hv[out] = h;
		out++;
	}
	c->words.n = out;
	wv[out] = NULL;
	if (helps) {
		c->helps.n = out;
		hv[out] = NULL;
	}
}

void
compl_init(struct compl *c)
{
	memset(c, 0, sizeof *c);
	c->mem = xcalloc(1, sizeof *c->mem);
}

void
compl_release(struct compl *c)
{
	free(c->words.v);
	free(c->helps.v);
	mem_free(c->mem);
	FREE_AND_NULL(c->typed);
	memset(c, 0, sizeof *c);
}

/* 1 if text ends in a backslash that escapes nothing yet (outside '...'). */
static int
ends_in_escape(const char *text, char quote)
{
	size_t n = strlen(text), k = 0;

	if (quote == '\'')
		return 0;
	while (k < n && text[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/*
 * The line up to the cursor, read token by token: the scratch session
 * follows the commands before the last one, and the words of the last
 * command so far are collected.
 */
struct walk {
	struct session	 cur;			/* the scratch session */
	struct session	 saved[MODE_MAX_DEPTH];	/* outside each open '(' */
	int		 nsaved;
	int		 dead;		/* in '!' or '|' text: nothing */
	int		 after_body;	/* after ')': nothing */
	char		**words;	/* of the last command (borrowed) */
	size_t		 nw;
};

/* Walks the tokens of tv; returns where the last one ends. */
static size_t
walk_tokens(struct walk *w, struct tokv *tv)
{
	size_t lastend = 0;

	for (size_t i = 0; i < tv->n; i++) {
		struct tok *t = &tv->v[i];
		int live = !w->after_body && !w->dead;

		lastend = t->end;
		switch (t->type) {
		case TOK_WORD:
			if (live)
				w->words[w->nw++] = t->text;
			break;
		case TOK_SEMI:
			if (live)
				simulate(&w->cur, w->words, w->nw);
			w->nw = 0;
			w->after_body = w->dead = 0;
			break;
		case TOK_LPAREN:
			if (w->nsaved == MODE_MAX_DEPTH || !live) {
				w->dead = 1;
				break;
			}
			mode_copy(&w->saved[w->nsaved++], &w->cur);
			body_context(&w->cur, w->words, w->nw);
			w->nw = 0;
			break;
		case TOK_RPAREN:
			if (w->nsaved > 0) {
				mode_free(&w->cur);
				w->cur = w->saved[--w->nsaved];
			}
			w->nw = 0;
			w->dead = 0;
			w->after_body = 1;
			break;
		case TOK_PIPE:
		case TOK_SHELL:
			w->dead = 1;
			break;
		default:
			break;
		}
	}
	return lastend;
}

/* Empties res for a new answer; the word starts at start. */
static void
result_reset(struct compl *res, size_t start)
{
	if (res->mem == NULL)
		res->mem = xcalloc(1, sizeof *res->mem);
	mem_reset(res->mem);
	res->words.n = 0;
	res->helps.n = 0;
	if (res->words.v)
		res->words.v[0] = NULL;
	if (res->helps.v)
		res->helps.v[0] = NULL;
	FREE_AND_NULL(res->typed);
	res->start = start;
	res->quote = 0;
	res->literal = 0;
}

/* The file name after '>' or '>>' (the last token, tok) of text. */
static void
complete_redirect(struct ctx *x, const char *text, const struct tok *tok)
{
	size_t ws = tok->start + (tok->type == TOK_REDIR ? 1 : 2);

	while (text[ws] == ' ' || text[ws] == '\t')
		ws++;
	x->res->start = ws;
	x->pre = tok->text;
	x->plen = strlen(x->pre);
	add_files(x, "");
}

void
compl_line(struct session *s, const char *line, size_t point,
    struct compl *res)
{
	char *text = xstrndup(line, point);
	struct walk w = { .nsaved = 0 };
	struct tokv tv;
	struct ctx x = { .res = res, .pre = "" };
	struct tok *last;
	const char *rest;
	int comment, escape;

	result_reset(res, strlen(text));
	tokv_init(&tv);
	tok_split_partial(text, &tv);
	w.words = xcalloc(tv.n + 1, sizeof *w.words);
	mode_copy(&w.cur, s);
	rest = text + walk_tokens(&w, &tv);
	last = tv.n ? &tv.v[tv.n - 1] : NULL;
	/* a comment runs to the end of the line */
	rest += strspn(rest, " \t");
	comment = *rest == '#';
	escape = ends_in_escape(text, tv.open_quote);
	res->quote = tv.open_quote;
	res->literal = tv.open_quote || comment || escape || (last &&
	    (last->type == TOK_PIPE || last->type == TOK_SHELL) &&
	    last->end == strlen(text));
	x.s = &w.cur;
	if (comment || escape)
		goto done;
	if (last && (last->type == TOK_REDIR ||
	    last->type == TOK_REDIR_APPEND) && !(tv.trailing_space &&
	    *last->text)) {
		complete_redirect(&x, text, last);
		goto done;
	}
	if (last && last->type == TOK_WORD && !tv.trailing_space) {
		x.pre = last->text;
		res->start = last->start;
		if (w.nw > 0 && w.words[w.nw - 1] == last->text)
			w.nw--;
	}
	x.plen = strlen(x.pre);
	if (!w.dead && !w.after_body)
		complete_words(&x, w.words, w.nw);
done:
	res->typed = xstrdup(x.pre);
	mode_free(&w.cur);
	while (w.nsaved > 0)
		mode_free(&w.saved[--w.nsaved]);
	free(w.words);
	tokv_release(&tv);
	free(text);
	sort_result(res);
}

int
compl_word_ends(const char *cand)
{
	size_t n = strlen(cand);

	return n == 0 || strchr("=/,:\"", cand[n - 1]) == NULL;
}

char *
compl_quote(const char *text, char q, int at_word_start)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_add(&sb, "", 0);
	for (size_t i = 0; text[i]; i++) {
		char c = text[i];

		if (q == '\'') {
			if (c == '\'')
				sbuf_adds(&sb, "'\\''");
			else
				sbuf_addc(&sb, c);
		} else if (q == '"') {
			if (c == '"' || c == '\\')
				sbuf_addc(&sb, '\\');
			sbuf_addc(&sb, c);
		} else {
			if (isspace((unsigned char)c) ||
			    strchr(";()|>\"'\\", c) ||
			    (i == 0 && at_word_start && (c == '#' || c == '!')))
				sbuf_addc(&sb, '\\');
			sbuf_addc(&sb, c);
		}
	}
	return sbuf_detach(&sb, NULL);
}

int
complete_print(struct session *s, const char *arg)
{
	const char *nl = strrchr(arg, '\n');
	const char *line = nl ? nl + 1 : arg;
	struct compl c;

	if (nl) {
		char *setup = xstrndup(arg, (size_t)(nl - arg)), *p, *next;
		FILE *null = fopen("/dev/null", "w"), *saved = s->out;
		long n = 0;
		int r = 0;

		if (null)
			s->out = null;
		s->source = "--complete";
		for (p = setup; p && r == 0; p = next) {
			char *e = NULL;

			if ((next = strchr(p, '\n')) != NULL)
				*next++ = '\0';
			s->line = ++n;
			if (session_run_line(s, p, &e) != CMD_OK) {
				fprintf(stderr, "ocmsh: --complete:%ld: %s\n",
				    n, e ? e : "command failed");
				r = 1;
			}
			free(e);
		}
		s->out = saved;
		if (null)
			fclose(null);
		free(setup);
		if (r)
			return 1;
	}
	compl_init(&c);
	compl_line(s, line, strlen(line), &c);
	for (size_t i = 0; i < c.words.n; i++)
		printf("%s\n", c.words.v[i]);
	compl_release(&c);
	return 0;
}
