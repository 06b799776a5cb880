/*
 * etcd.h - a small client of etcd v3's JSON gateway (/v3/kv/range,
 * /v3/kv/txn, /v3/watch, /v3/auth/authenticate) over libcurl.
 *
 * Keys and values are bytes; the gateway carries them in base64, which
 * this file hides.  A client has a list of endpoints and talks to the
 * first one that answers, moving to the next when one does not (a
 * connection refused or timed out); an answer with an error (auth,
 * a refused request) is an error, not a reason to move on.  Every request
 * has a bounded time.  Nothing is printed; errors come back as one line in
 * *cause, never with the password in it.
 */
#ifndef OCMSH_ETCD_H
#define OCMSH_ETCD_H

#include <jansson.h>
#include <stddef.h>

#include "lib/strv.h"

/* How to reach etcd (strings borrowed for the client's life). */
struct etcd_conf {
	struct strv	 endpoints;	/* "HOST:PORT", tried in order */
	char		*cacert;	/* CA bundle: https when set */
	char		*cert, *key;	/* client certificate: https too */
	char		*user, *password;	/* etcd auth, or NULL */
	long		 timeout;	/* seconds per request (0: 10) */
	long		 history;	/* commit records kept (0: 10,000) */
};

/* Frees what a configuration holds. */
void	etcd_conf_release(struct etcd_conf *c);

/* One key with its value. */
struct etcd_kv {
	char		*key;
	char		*value;		/* NUL-terminated after vlen bytes */
	size_t		 vlen;
	long long	 create_rev, mod_rev;
};

/* The answer of a range request. */
struct etcd_kvs {
	struct etcd_kv	*v;
	size_t		 n, cap;
	long long	 revision;	/* etcd's revision when it was read */
};
void	etcd_kvs_release(struct etcd_kvs *k);
/*
 * Reads etcd's answer to a range request, len bytes of JSON text, into
 * out (etcd_scan.c).  Returns 0, or -1 when it is not one it expects
 * (then out holds nothing): read it as JSON instead.
 */
int	etcd_range_scan(const char *buf, size_t len, struct etcd_kvs *out);

/* What a range request asks for. */
struct etcd_range {
	const char	*key;
	const char	*end;		/* NULL: key alone; else [key, end) */
	int		 keys_only;
	long long	 revision;	/* 0: now; else as it was then */
	long long	 min_mod_rev;	/* 0: any */
	long long	 limit;		/* 0: no limit */
};

/* A transaction being built: compares, then the writes if all hold. */
struct etcd_txn {
	json_t	*compare;
	json_t	*success;
	size_t	 nops;
};

struct etcd;

/* A client for conf (which it borrows and must outlive it). */
struct etcd	*etcd_new(const struct etcd_conf *conf);
void		 etcd_free(struct etcd *e);
/* The endpoint in use, "HOST:PORT". */
const char	*etcd_endpoint(const struct etcd *e);

/* The end of the range of every key starting with prefix. Caller frees. */
char	*etcd_prefix_end(const char *prefix);

/* Runs a range request into out.  Returns 0, or -1 with *cause. */
int	etcd_get(struct etcd *e, const struct etcd_range *r,
	    struct etcd_kvs *out, char **cause);

void	etcd_txn_init(struct etcd_txn *t);
void	etcd_txn_release(struct etcd_txn *t);
/* Compares: the key's mod_revision is rev (0: the key does not exist). */
void	etcd_txn_cmp_mod(struct etcd_txn *t, const char *key, long long rev);
void	etcd_txn_put(struct etcd_txn *t, const char *key, const char *val,
	    size_t len);
void	etcd_txn_del(struct etcd_txn *t, const char *key);
/*
 * Sends the transaction.  Returns 1 if the compares held and the writes
 * were applied (*rev: etcd's revision after it), 0 if a compare failed
 * (nothing applied), -1 with *cause when there was no answer or an
 * error: then it may or may not have been applied.
 */
int	etcd_txn_run(struct etcd *e, const struct etcd_txn *t, long long *rev,
	    char **cause);

/*
 * Waits for the next change of a key at or after etcd revision from.
 * Returns 1 with *rev the revision of the change; 0 when the revision
 * from was compacted away (*rev: the oldest one left); -1 with *cause
 * when no endpoint answers within the timeout of a request.
 */
int	etcd_watch_next(struct etcd *e, const char *key, long long from,
	    long long *rev, char **cause);

#endif
