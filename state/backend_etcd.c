/*
 * backend_etcd.c - the state in etcd (see backend_etcd.h for the keys):
 * the URL etcd://HOST:PORT[,HOST:PORT...]/PREFIX, the configuration
 * (/etc/ocmsh/etcd.conf and the command line), and loading the state.
 * The commit and the rest are etcd_commit.c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"
#include "state/backend.h"
#include "state/backend_etcd.h"
#include "state/statefile.h"

#define ETCD_CONF	"/etc/ocmsh/etcd.conf"
#define URL_SCHEME	"etcd://"

/* The command line's settings (store_set_access), borrowed. */
static struct store_access access_opts;

/* Sets the command line's settings (see store.h). */
void
store_set_access(const struct store_access *a)
{
	access_opts = *a;
}

/* The backend a state name selects (see backend.h). */
const struct backend_ops *
backend_for(const char *name)
{
	return strncmp(name, URL_SCHEME, strlen(URL_SCHEME)) == 0 ?
	    &backend_etcd_ops : &backend_file_ops;
}

/* PREFIX/rest. */
char *
etcd_be_key(const struct etcd_be *b, const char *rest)
{
	return xasprintf("%s/%s", b->prefix, rest);
}

/* PREFIX/history/REV, zero-padded. */
char *
etcd_be_history_key(const struct etcd_be *b, long long rev)
{
	return xasprintf("%s/history/%020lld", b->prefix, rev);
}

/* Gets one key (see backend_etcd.h). */
int
etcd_be_get_one(struct etcd_be *b, const char *key, long long at,
    struct etcd_kvs *out, char **cause)
{
	struct etcd_range r = { .key = key, .revision = at };

	return etcd_get(b->e, &r, out, cause);
}

/* Splits the URL into endpoints and prefix.  Returns 0, or -1. */
static int
parse_url(struct etcd_be *b, const char *url, char **cause)
{
	const char *p = url + strlen(URL_SCHEME), *slash = strchr(p, '/');
	char *hosts, *save = NULL, *h;

	if (slash == NULL || slash == p || slash[1] == '\0' ||
	    slash[strlen(slash) - 1] == '/') {
		*cause = xasprintf("bad etcd URL '%s': it must be etcd://HOST:"
		    "PORT[,HOST:PORT...]/PREFIX, with a prefix that does not "
		    "end in '/'", url);
		return -1;
	}
	b->prefix = xstrdup(slash);
	hosts = xstrndup(p, (size_t)(slash - p));
	for (h = strtok_r(hosts, ",", &save); h; h = strtok_r(NULL, ",",
	    &save)) {
		const char *colon = strrchr(h, ':');

		if (colon == NULL || colon == h || colon[1] == '\0' ||
		    strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
			*cause = xasprintf("bad etcd endpoint '%s' in '%s': it "
			    "must be HOST:PORT", h, url);
			free(hosts);
			return -1;
		}
		strv_push(&b->conf.endpoints, h);
	}
	free(hosts);
	if (b->conf.endpoints.n == 0) {
		*cause = xasprintf("bad etcd URL '%s': no endpoint", url);
		return -1;
	}
	return 0;
}

/* Sets one setting of the configuration; -1 for an unknown key. */
static int
conf_set(struct etcd_conf *c, const char *k, const char *v)
{
	char **slot = strcmp(k, "cacert") == 0 ? &c->cacert :
	    strcmp(k, "cert") == 0 ? &c->cert :
	    strcmp(k, "key") == 0 ? &c->key :
	    strcmp(k, "user") == 0 ? &c->user :
	    strcmp(k, "password") == 0 ? &c->password : NULL;

	if (strcmp(k, "timeout") == 0) {
		c->timeout = strtol(v, NULL, 10);
		return c->timeout > 0 && c->timeout < 3600 ? 0 : -1;
	}
	if (strcmp(k, "history") == 0) {
		c->history = strtol(v, NULL, 10);
		return c->history > 0 && c->history <= 100000000 ? 0 : -1;
	}
	if (slot == NULL)
		return -1;
	free(*slot);
	*slot = xstrdup(v);
	return 0;
}

/*
 * Reads the configuration file: "KEY = VALUE" lines, '#' comments.  A
 * missing file is no configuration, unless it was named by
 * $OCMSH_ETCD_CONF.
 */
static int
read_conf(struct etcd_conf *c, char **cause)
{
	const char *env = getenv("OCMSH_ETCD_CONF");
	const char *path = env && *env ? env : ETCD_CONF;
	struct sbuf sb = SBUF_INIT;
	char *e = NULL, *save = NULL, *line;
	int n = 0, r = 0;

	if (fs_read_file(&sb, path, 0, &e) != 0) {
		free(e);
		sbuf_release(&sb);
		if (env && *env) {
			*cause = xasprintf("cannot read the etcd configuration "
			    "'%s': %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	for (line = strtok_r(sb.buf ? sb.buf : (char *)"", "\n", &save);
	    line && r == 0; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '='), *k, *v;

		n++;
		if (*(k = str_trim(line)) == '\0' || *k == '#')
			continue;
		if (eq == NULL) {
			*cause = xasprintf("%s: a line without '=' (KEY = "
			    "VALUE)", path);
			r = -1;
			break;
		}
		*eq = '\0';
		k = str_trim(k);
		v = str_trim(eq + 1);
		if (conf_set(c, k, v) != 0) {
			*cause = xasprintf("%s: unknown key or bad value '%s'",
			    path, k);
			r = -1;
		}
	}
	sbuf_release(&sb);
	return r;
}

/* Applies the command line's settings over the file's. */
static int
apply_access(struct etcd_conf *c, char **cause)
{
	const struct store_access *a = &access_opts;
	struct sbuf sb = SBUF_INIT;
	char *e = NULL;

	if (a->cacert)
		conf_set(c, "cacert", a->cacert);
	if (a->cert)
		conf_set(c, "cert", a->cert);
	if (a->key)
		conf_set(c, "key", a->key);
	if (a->user)
		conf_set(c, "user", a->user);
	if (a->password_file == NULL)
		return 0;
	if (fs_read_file(&sb, a->password_file, 0, &e) != 0) {
		*cause = xasprintf("cannot read the etcd password file: %s", e);
		free(e);
		return -1;
	}
	sbuf_addc(&sb, '\0');
	sb.buf[strcspn(sb.buf, "\r\n")] = '\0';
	conf_set(c, "password", sb.buf);
	memset(sb.buf, 0, sb.cap);
	sbuf_release(&sb);
	return 0;
}

/*
 * The collection path and name of an object key (PREFIX/COLLPATH/NAME),
 * or -1 when it is not one: the collection path must be one of the
 * schema's.
 */
static int
split_key(const struct etcd_be *b, const char *key, char **collpath,
    char **name)
{
	size_t pl = strlen(b->prefix);
	const char *rest = key + pl + 1, *slash;

	if (strncmp(key, b->prefix, pl) != 0 || key[pl] != '/' ||
	    (slash = strrchr(rest, '/')) == NULL || slash[1] == '\0')
		return -1;
	*collpath = xstrndup(rest, (size_t)(slash - rest));
	if (view_coll_type(*collpath) == NULL) {
		FREE_AND_NULL(*collpath);
		return -1;
	}
	*name = xstrdup(slash + 1);
	return 0;
}

/* Loads one object key (see backend_etcd.h). */
int
etcd_be_object(const struct etcd_be *b, const struct etcd_kv *kv,
    char **collpath, char **name, json_t **obj, char **cause)
{
	*obj = NULL;
	*collpath = *name = NULL;
	if (split_key(b, kv->key, collpath, name) != 0) {
		*cause = xasprintf("%s: key '%s' is not an object of the state",
		    b->url, kv->key);
		return -1;
	}
	if (state_object_load(kv->key, *collpath, *name, kv->value, kv->vlen,
	    obj, cause) != 0) {
		FREE_AND_NULL(*collpath);
		FREE_AND_NULL(*name);
		return -1;
	}
	return 0;
}

/*
 * Reads one key of a loaded range into d (and b's mod_revisions when
 * remember): meta, revision, written or an object.
 */
static int
load_kv(struct etcd_be *b, const struct etcd_kv *kv, struct state_doc *d,
    int remember, int *have_meta, char **cause)
{
	const char *rest = kv->key + strlen(b->prefix) + 1;
	char *cp, *name, *end;
	json_t *o, *c;

	if (strcmp(rest, "meta") == 0) {
		free(d->cluster);
		d->cluster = NULL;
		*have_meta = 1;
		return state_meta_load(kv->key, kv->value, kv->vlen,
		    &d->cluster, cause);
	}
	if (strcmp(rest, "revision") == 0) {
		errno = 0;
		d->revision = strtoll(kv->value, &end, 10);
		if (remember)
			b->rev_mod = kv->mod_rev;
		if (*kv->value == '\0' || *end || errno || d->revision < 0) {
			*cause = xasprintf("%s: the revision is not a "
			    "non-negative integer", kv->key);
			return -1;
		}
		return 0;
	}
	if (strcmp(rest, "checked") == 0)
		return 0;	/* read by the commit that needs it */
	if (strcmp(rest, "written") == 0) {
		json_decref(d->written);
		d->written = NULL;
		if (remember)
			b->written_mod = kv->mod_rev;
		return state_written_load(kv->key, kv->value, kv->vlen,
		    &d->written, cause);
	}
	if (etcd_be_object(b, kv, &cp, &name, &o, cause) != 0)
		return -1;
	if ((c = json_object_get(d->colls, cp)) == NULL) {
		c = json_object();
		json_object_set_new(d->colls, cp, c);
	}
	json_object_set_new(c, name, o);
	view_add_owned(d->colls, cp, name);
	if (remember) {
		char *path = xasprintf("%s/%s", cp, name);

		json_object_set_new(b->modrev, path,
		    json_integer(kv->mod_rev));
		free(path);
	}
	free(cp);
	free(name);
	return 0;
}

/* Refuses objects whose owner does not exist (openstack/x/flavors/y). */
static int
check_owners(const struct etcd_be *b, json_t *colls, char **cause)
{
	const char *cp;
	json_t *c;

	json_object_foreach(colls, cp, c) {
		const char *slash = strrchr(cp, '/'), *first;
		char *owner, *oname;
		int ok;

		if (slash == NULL || json_object_size(c) == 0)
			continue;
		owner = xstrndup(cp, (size_t)(slash - cp));
		first = strrchr(owner, '/');
		oname = xstrdup(first ? first + 1 : owner);
		if (first)
			owner[first - owner] = '\0';
		ok = first && view_get(colls, owner, oname) != NULL;
		if (!ok)
			*cause = xasprintf("%s: key '%s/%s/%s' belongs to an "
			    "object that does not exist", b->url, b->prefix,
			    cp, json_object_iter_key(json_object_iter(c)));
		free(owner);
		free(oname);
		if (!ok)
			return -1;
	}
	return 0;
}

/*
 * Reads the keys of the state range [PREFIX/from, PREFIX/to) into d (to
 * NULL: to the end of the prefix); with d NULL, only whether there is
 * one (*nkeys).
 */
static int
load_range(struct store *st, const char *from, const char *to, long long at,
    int remember, struct state_doc *d, int *have_meta, size_t *nkeys,
    char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, from), *end;

	if (to == NULL) {
		char *all = etcd_be_key(b, "");

		end = etcd_prefix_end(all);
		free(all);
	} else
		end = etcd_be_key(b, to);
	struct etcd_range r = { .key = key, .end = end, .revision = at,
	    .keys_only = d == NULL, .limit = d == NULL };
	struct etcd_kvs kvs;
	int ret = 0;

	if (etcd_get(b->e, &r, &kvs, cause) != 0) {
		if (at != 0 && strstr(*cause, "compacted")) {
			free(*cause);
			*cause = xasprintf("%s: etcd no longer keeps its "
			    "revision %lld (compacted)", b->url, at);
		}
		ret = -1;
	}
	free(key);
	free(end);
	if (ret != 0)
		return -1;
	if (at == 0 && kvs.revision > b->seen)
		b->seen = kvs.revision;
	for (size_t i = 0; d && i < kvs.n && ret == 0; i++)
		if (load_kv(b, &kvs.v[i], d, remember, have_meta, cause) != 0)
			ret = BACKEND_BAD;
	*nkeys += kvs.n;
	etcd_kvs_release(&kvs);
	return ret;
}

/*
 * Starts d and reads the record that makes it a state, its format: 0, 1
 * when nothing is under the prefix, -1 with *cause.
 */
static int
load_head(struct store *st, long long at, struct state_doc *d, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	int have_meta = 0;
	size_t nkeys = 0;

	memset(d, 0, sizeof *d);
	d->colls = json_object();
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == NULL)
			json_object_set_new(d->colls, obj_types[i]->yaml_key,
			    json_object());
	if (at == 0) {
		json_decref(b->modrev);
		b->modrev = json_object();
		b->rev_mod = b->written_mod = 0;
		b->stale = 0;
	}
	if (load_range(st, "meta", "meta\x01", at, at == 0, d, &have_meta,
	    &nkeys, cause) != 0)
		goto fail;
	if (have_meta)
		return 0;
	nkeys = 0;
	if (load_range(st, "", NULL, at, 0, NULL, NULL, &nkeys, cause) != 0)
		goto fail;
	if (nkeys == 0) {
		state_doc_release(d);
		return 1;
	}
	*cause = xasprintf("%s: there are keys under '%s' but no '%s/meta': "
	    "not an ocmsh state (a wrong prefix?)", b->url, b->prefix,
	    b->prefix);
fail:
	state_doc_release(d);
	return -1;
}

/* Loads the whole state (see backend_etcd.h). */
int
etcd_be_load(struct store *st, long long at, struct state_doc *d,
    char **cause)
{
	int have_meta = 1, r;
	size_t nkeys = 0;

	if ((r = load_head(st, at, d, cause)) != 0)
		return r;
	/* everything but the history: [/, /history/) and [/history0, 0) */
	if (load_range(st, "", "history/", at, at == 0, d, &have_meta,
	    &nkeys, cause) != 0 || load_range(st, "history0", NULL, at,
	    at == 0, d, &have_meta, &nkeys, cause) != 0)
		goto fail;
	if (check_owners(ETCD_BE(st), d->colls, cause) != 0)
		goto fail;
	if (d->written == NULL)
		d->written = json_object();
	return 0;
fail:
	state_doc_release(d);
	return -1;
}

/*
 * Loads what a session needs before its first command: the format, the
 * revision and the written map, at one etcd revision (b->seen), which
 * the objects are read at later (etcd_load_obj, etcd_load_coll).
 */
static int
load_start(struct store *st, struct state_doc *d, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	int have_meta = 1, r;
	size_t nkeys = 0;

	if ((r = load_head(st, 0, d, cause)) != 0)
		return r;
	if (load_range(st, "revision", "revision\x01", b->seen, 1, d,
	    &have_meta, &nkeys, cause) != 0 || load_range(st, "written",
	    "written\x01", b->seen, 1, d, &have_meta, &nkeys, cause) != 0) {
		state_doc_release(d);
		return -1;
	}
	if (d->written == NULL)
		d->written = json_object();
	return 0;
}

/*
 * Reads [PREFIX/from, PREFIX/to) as it was at the last sync into colls,
 * once more after a sync when etcd no longer keeps that revision.
 */
static int
load_held(struct store *st, const char *from, const char *to, json_t *colls,
    char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	struct state_doc d = { .colls = colls };
	int have_meta = 1;
	size_t nkeys = 0;

	for (int tries = 0;; tries++) {
		int r = load_range(st, from, to, b->seen, 1, &d, &have_meta,
		    &nkeys, cause);

		if (r == 0)
			break;
		if (r == BACKEND_BAD || tries > 0 ||
		    strstr(*cause, "compacted") == NULL)
			return r;
		free(*cause);
		*cause = NULL;
		if (etcd_be_sync(st, cause) != 0)
			return -1;
	}
	/* what load_kv read besides objects is not ours to keep here */
	free(d.cluster);
	json_decref(d.written);
	return 0;
}

/* Reads one object (see backend.h). */
static int
etcd_load_obj(struct store *st, const char *collpath, const char *name,
    json_t **obj, char **cause)
{
	json_t *colls = json_object(), *o;
	char *from = xasprintf("%s/%s", collpath, name);
	char *to = xasprintf("%s/%s%c", collpath, name, 1);
	int r = load_held(st, from, to, colls, cause);

	o = view_coll_held(colls, collpath);
	*obj = r == 0 && o ? json_incref(json_object_get(o, name)) : NULL;
	json_decref(colls);
	free(from);
	free(to);
	return r;
}

/* Reads the record of the last commit's checks (see backend.h). */
static int
etcd_load_checked(struct store *st, json_t **rec, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "checked");
	struct etcd_range r = { .key = key, .revision = b->seen };
	struct etcd_kvs kvs;

	*rec = NULL;
	if (etcd_get(b->e, &r, &kvs, cause) != 0) {
		free(key);
		return -1;
	}
	free(key);
	/* one that does not parse is none: the commit walks the state */
	if (kvs.n == 1)
		*rec = json_loadb(kvs.v[0].value, kvs.v[0].vlen, 0, NULL);
	etcd_kvs_release(&kvs);
	return 0;
}

/* 1 if the objects of collpath own collections (openstack). */
static int
owns_colls(const char *collpath)
{
	const struct obj_type *t = view_coll_type(collpath);

	for (size_t i = 0; t && obj_types[i]; i++)
		if (obj_types[i]->parent == t)
			return 1;
	return 0;
}

/*
 * Reads the objects of a collection whose objects own collections: the
 * names first (keys only: what they own may be large), then each.
 */
static int
load_owners(struct store *st, const char *collpath, json_t *out,
    char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *from, *to;
	size_t fl;
	struct etcd_kvs kvs;
	int r = 0;

	from = xasprintf("%s/%s/", b->prefix, collpath);
	to = xasprintf("%s/%s0", b->prefix, collpath);
	struct etcd_range rg = { .key = from, .end = to, .keys_only = 1,
	    .revision = b->seen };

	fl = strlen(from);
	if (etcd_get(b->e, &rg, &kvs, cause) != 0) {
		free(from);
		free(to);
		return -1;
	}
	for (size_t i = 0; i < kvs.n && r == 0; i++) {
		const char *name = kvs.v[i].key + fl;
		char *k1, *k2;

		if (strchr(name, '/') != NULL)
			continue;	/* what an object owns */
		k1 = xasprintf("%s/%s", collpath, name);
		k2 = xasprintf("%s/%s%c", collpath, name, 1);
		r = load_held(st, k1, k2, out, cause);
		free(k1);
		free(k2);
	}
	etcd_kvs_release(&kvs);
	free(from);
	free(to);
	return r;
}

/* Reads a collection (see backend.h). */
static int
etcd_load_coll(struct store *st, const char *collpath, json_t *out,
    char **cause)
{
	char *from = xasprintf("%s/", collpath);
	char *to = xasprintf("%s0", collpath);	/* '0' follows '/' */
	int r;

	json_object_set_new(out, collpath, json_object());
	if (owns_colls(collpath))
		r = load_owners(st, collpath, out, cause);
	else
		r = load_held(st, from, to, out, cause);
	free(from);
	free(to);
	return r;
}

/*
 * Opens the state at the URL st->path (which holds no secret: those are
 * in the configuration) and loads it.
 */
static int
etcd_open(struct store *st, struct state_doc *d, char **cause)
{
	struct etcd_be *b = xcalloc(1, sizeof *b);
	int r;

	st->bed = b;
	b->url = xstrdup(st->path);
	b->modrev = json_object();
	if (parse_url(b, st->path, cause) != 0 ||
	    read_conf(&b->conf, cause) != 0 ||
	    apply_access(&b->conf, cause) != 0)
		return -1;
	b->e = etcd_new(&b->conf);
	if ((r = load_start(st, d, cause)) < 0)
		return -1;
	return r;
}

/* Starts a commit: no lock (the transaction compares), the newest state. */
static int
etcd_begin(struct store *st, int dry_run, int *lockfd, json_t **intent,
    char **cause)
{
	(void)dry_run;
	*lockfd = -1;
	*intent = NULL;
	return etcd_be_sync(st, cause);
}

/* The state as the file would hold it, for the dry run's diff. */
static int
etcd_old_text(struct store *st, struct sbuf *out, char **cause)
{
	struct state_doc d = { .colls = st->disk, .written = st->written,
	    .revision = st->revision, .cluster = st->cluster };

	if (!st->exists)
		return 0;
	return state_emit(&d, out, cause);
}

/* Waits for the next change of the revision key after the last seen. */
static int
etcd_wait(struct store *st, char **cause)
{
	struct etcd_be *b = ETCD_BE(st);
	char *key = etcd_be_key(b, "revision");
	long long rev = 0;
	int r = etcd_watch_next(b->e, key, b->seen + 1, &rev, cause);

	free(key);
	return r < 0 ? -1 : 0;
}

/* Frees the backend's data. */
static void
etcd_close(struct store *st)
{
	struct etcd_be *b = ETCD_BE(st);

	if (b == NULL)
		return;
	etcd_free(b->e);
	etcd_conf_release(&b->conf);
	json_decref(b->modrev);
	free(b->url);
	free(b->prefix);
	free(b);
	st->bed = NULL;
}

const struct backend_ops backend_etcd_ops = {
	.name = "etcd",
	.whole_text = 0,
	.open = etcd_open,
	.sync = etcd_be_sync,
	.begin = etcd_begin,
	.old_text = etcd_old_text,
	.write = etcd_be_write,
	.log = etcd_be_log,
	.load_rev = etcd_be_load_rev,
	.save_written = etcd_be_save_written,
	.import = etcd_be_import,
	.wait = etcd_wait,
	.load_obj = etcd_load_obj,
	.load_coll = etcd_load_coll,
	.load_checked = etcd_load_checked,
	.close = etcd_close,
};
