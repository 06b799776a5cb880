/*
 * backend_etcd.h - what the two halves of the etcd backend share:
 * backend_etcd.c (the URL, the configuration, loading), etcd_sync.c
 * (catching up with other sessions) and etcd_commit.c (the commit
 * transaction, history, export).
 *
 * Under PREFIX (the URL's path) the state is:
 *   PREFIX/meta                 format and cluster name (YAML)
 *   PREFIX/revision             the state's revision (decimal text)
 *   PREFIX/written              the digests of the derived files (YAML)
 *   PREFIX/checked              what the last commit's checks found
 *                               (JSON, state/checked.h)
 *   PREFIX/COLLPATH/NAME        one object (YAML, as the file holds it,
 *                               without the collections it owns)
 *   PREFIX/history/REV          one record per commit (JSON), REV zero-
 *                               padded to 20 digits so keys sort by it
 */
#ifndef OCMSH_BACKEND_ETCD_H
#define OCMSH_BACKEND_ETCD_H

#include <jansson.h>

#include "state/backend.h"
#include "state/etcd.h"
#include "state/store.h"

struct state_doc;

/* The backend's data (st->bed). */
struct etcd_be {
	struct etcd_conf conf;
	struct etcd	*e;
	char		*url;		/* the URL without secrets, for messages */
	char		*prefix;	/* "/PREFIX", no trailing slash */
	json_t		*modrev;	/* "COLLPATH/NAME" -> mod_revision */
	long long	 rev_mod;	/* mod_revision of PREFIX/revision */
	long long	 written_mod;	/* mod_revision of PREFIX/written */
	long long	 seen;		/* etcd's revision when last read */
	int		 stale;		/* a sync failed half way: read all */
};

#define ETCD_BE(st) ((struct etcd_be *)(st)->bed)

/* PREFIX/rest (caller frees). */
char	*etcd_be_key(const struct etcd_be *b, const char *rest);
/*
 * Gets one key as it is now (at 0) or was at etcd revision at into out
 * (none when it does not exist).  Returns 0, or -1 with *cause.
 */
int	etcd_be_get_one(struct etcd_be *b, const char *key, long long at,
	    struct etcd_kvs *out, char **cause);
/* PREFIX/history/REV (caller frees). */
char	*etcd_be_history_key(const struct etcd_be *b, long long rev);
/*
 * Loads the whole state as it is now (at = 0) or was at etcd revision at
 * into d, the mod_revisions into b (at = 0 only).  Returns 0, 1 when
 * nothing is under the prefix, -1 with *cause.
 */
int	etcd_be_load(struct store *st, long long at, struct state_doc *d,
	    char **cause);
/*
 * Loads one object key's value into *obj (a new reference; NULL when the
 * key is not an object's: *collpath NULL too).  *collpath and *name are
 * the caller's.  Returns 0, or -1 with *cause naming the key.
 */
int	etcd_be_object(const struct etcd_be *b, const struct etcd_kv *kv,
	    char **collpath, char **name, json_t **obj, char **cause);

int	etcd_be_sync(struct store *st, char **cause);
/*
 * Reads the written map as it is now (at 0) or was at etcd revision at
 * into st, when it changed.  Returns 0, or -1 with *cause.
 */
int	etcd_be_read_written(struct store *st, long long at, char **cause);
int	etcd_be_write(struct store *st, const struct backend_write *w,
	    char **cause);
char	*etcd_be_log(struct store *st);
int	etcd_be_load_rev(struct store *st, long long rev, struct state_doc *d,
	    char **cause);
int	etcd_be_save_written(struct store *st, void (*edit)(json_t *, void *),
	    void *arg, char **cause);
int	etcd_be_import(struct store *st, const struct state_doc *d,
	    char **cause);

#endif
