/*
 * etcd.c - the client of etcd v3's JSON gateway (see etcd.h): requests
 * with failover, auth, range, txn and watch.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/curlrt.h"
#include "lib/base64.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "state/etcd.h"

struct etcd {
	const struct etcd_conf	*conf;
	CURL			*curl;
	size_t			 cur;		/* the endpoint in use */
	char			*token;		/* auth token, or NULL */
};

/* Frees what a configuration holds (see etcd.h). */
void
etcd_conf_release(struct etcd_conf *c)
{
	strv_release(&c->endpoints);
	free(c->cacert);
	free(c->cert);
	free(c->key);
	free(c->user);
	if (c->password != NULL)
		memset(c->password, 0, strlen(c->password));
	free(c->password);
	memset(c, 0, sizeof *c);
}

/* Frees a range answer. */
void
etcd_kvs_release(struct etcd_kvs *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].key);
		free(k->v[i].value);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

/* A new client (see etcd.h). */
struct etcd *
etcd_new(const struct etcd_conf *conf)
{
	struct etcd *e = xcalloc(1, sizeof *e);

	curlrt_load();
	e->conf = conf;
	return e;
}

/* Frees a client. */
void
etcd_free(struct etcd *e)
{
	if (e == NULL)
		return;
	if (e->curl)
		curl_easy_cleanup(e->curl);
	free(e->token);
	free(e);
}

/* The endpoint in use. */
const char *
etcd_endpoint(const struct etcd *e)
{
	return e->conf->endpoints.n ? e->conf->endpoints.v[e->cur] : "";
}

/* The end of a prefix range: the prefix with its last byte plus one. */
char *
etcd_prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);

	while (n > 0 && (unsigned char)end[n - 1] == 0xff)
		end[--n] = '\0';
	if (n > 0)
		end[n - 1]++;
	return end;
}

/* libcurl's write callback: appends to an sbuf. */
static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	sbuf_add(arg, p, size * n);
	return size * n;
}

/* Sets the options every request of e shares. */
static void
setup(struct etcd *e, const char *path, curl_write_callback fn, void *arg,
    long timeout)
{
	const struct etcd_conf *c = e->conf;
	int tls = c->cacert || c->cert;
	char *url = xasprintf("%s://%s%s", tls ? "https" : "http",
	    c->endpoints.v[e->cur], path);

	if (e->curl == NULL)
		e->curl = curl_easy_init();
	else
		curl_easy_reset(e->curl);
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(e->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_CONNECTTIMEOUT, 3L);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, fn);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, arg);
	if (c->cacert)
		curl_easy_setopt(e->curl, CURLOPT_CAINFO, c->cacert);
	if (c->cert)
		curl_easy_setopt(e->curl, CURLOPT_SSLCERT, c->cert);
	if (c->key)
		curl_easy_setopt(e->curl, CURLOPT_SSLKEY, c->key);
}

/*
 * POSTs body to path at the endpoint in use, handing the answer to fn
 * (arg); *status gets its HTTP status.  Returns 0; -2 with *cause when
 * nothing was sent (no connection); -1 with *cause when the request was
 * sent but no whole answer came (it may have been carried out); 1 when
 * fn stopped the transfer (by returning 0).
 */
static int
post_stream(struct etcd *e, const char *path, const char *body, long timeout,
    curl_write_callback fn, void *arg, long *status, char **cause)
{
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE] = "", *auth = NULL;
	CURLcode rc;

	setup(e, path, fn, arg, timeout);
	h = curl_slist_append(h, "Content-Type: application/json");
	if (e->token && strcmp(path, "/v3/auth/authenticate") != 0) {
		auth = xasprintf("Authorization: %s", e->token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(e->curl, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(e->curl);
	curl_easy_setopt(e->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	free(auth);
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, status);
	if (rc == CURLE_WRITE_ERROR)
		return 1;
	if (rc != CURLE_OK) {
		const char *why = *errbuf ? errbuf : curl_easy_strerror(rc);
		long sent = 0;

		curl_easy_getinfo(e->curl, CURLINFO_REQUEST_SIZE, &sent);

		*cause = strstr(why, "SSL") || strstr(why, "certificate") ?
		    xasprintf("TLS with etcd at '%s' fails: %s",
		    etcd_endpoint(e), why) :
		    xasprintf("etcd at '%s' does not answer: %s",
		    etcd_endpoint(e), why);
		return sent > 0 ? -1 : -2;
	}
	return 0;
}

/* POSTs body to path at the endpoint in use, the answer into resp. */
static int
post_once(struct etcd *e, const char *path, const char *body, long timeout,
    struct sbuf *resp, long *status, char **cause)
{
	sbuf_reset(resp);
	return post_stream(e, path, body, timeout, on_body, resp, status,
	    cause);
}

/* The message of an error answer, or NULL. */
static const char *
answer_error(json_t *j)
{
	const char *m = json_string_value(json_object_get(j, "message"));

	if (m == NULL)
		m = json_string_value(json_object_get(j, "error"));
	return m;
}

/* An answer's text (HTTP status) as a JSON object, or NULL with *cause. */
static json_t *
answer_json(struct etcd *e, const struct sbuf *resp, long status,
    char **cause)
{
	json_t *j = json_loadb(resp->buf ? resp->buf : "", resp->len, 0, NULL);

	if (json_is_object(j))
		return j;
	*cause = xasprintf("etcd at '%s' answers with something that is not "
	    "JSON (HTTP %ld): is it etcd's client port?", etcd_endpoint(e),
	    status);
	json_decref(j);
	return NULL;
}

/*
 * POSTs to every endpoint in turn, starting with the one in use, until
 * one answers; a request that is not safe to repeat (once) goes to the
 * next endpoint only when it was not sent at all.  Returns the answer as
 * JSON (a new reference), or NULL with *cause.  *status gets the HTTP
 * status.  With raw, a 200 answer's text goes there instead, unread, and
 * an empty object is returned.
 */
static json_t *
post_any(struct etcd *e, const char *path, const char *body, long timeout,
    int once, long *status, struct sbuf *raw, char **cause)
{
	struct sbuf resp = SBUF_INIT;
	size_t n = e->conf->endpoints.n;
	json_t *j = NULL;
	char *why = NULL;

	for (size_t i = 0; i < n; i++) {
		int r;

		free(why);
		why = NULL;
		if ((r = post_once(e, path, body, timeout, &resp, status,
		    &why)) == 0)
			break;
		e->cur = (e->cur + 1) % n;
		if (r == -1 && once)
			break;
	}
	if (why != NULL) {
		*cause = n > 1 ? xasprintf("no etcd endpoint answers (last: "
		    "%s)", why) : xstrdup(why);
		free(why);
	} else if (raw && *status == 200) {
		sbuf_release(raw);
		*raw = resp;
		resp = (struct sbuf)SBUF_INIT;
		j = json_object();
	} else
		j = answer_json(e, &resp, *status, cause);
	sbuf_release(&resp);
	return j;
}

/* Logs in with the user and password of the configuration. */
static int
authenticate(struct etcd *e, char **cause)
{
	json_t *req = json_pack("{s:s, s:s}", "name", e->conf->user,
	    "password", e->conf->password ? e->conf->password : "");
	char *body = json_dumps(req, JSON_COMPACT);
	const char *tok;
	long status = 0;
	json_t *j;

	json_decref(req);
	j = post_any(e, "/v3/auth/authenticate", body, e->conf->timeout ?
	    e->conf->timeout : 10, 0, &status, NULL, cause);
	memset(body, 0, strlen(body));
	free(body);
	if (j == NULL)
		return -1;
	if ((tok = json_string_value(json_object_get(j, "token"))) == NULL) {
		const char *m = answer_error(j);

		*cause = xasprintf("etcd at '%s' refuses the login of user "
		    "'%s': %s", etcd_endpoint(e), e->conf->user,
		    m ? m : "no token in its answer");
		json_decref(j);
		return -1;
	}
	free(e->token);
	e->token = xstrdup(tok);
	json_decref(j);
	return 0;
}

/* 1 if etcd's error message says the request may simply be sent again. */
static int
transient(const char *m)
{
	return m && (strstr(m, "leader changed") || strstr(m, "no leader") ||
	    strstr(m, "timed out") || strstr(m, "too many requests"));
}

/*
 * Sends a request (body stolen) and returns the answer, or NULL with
 * *cause: no endpoint answers, or etcd answers with an error.  Logs in
 * first when a user is configured, and again once if the token expired.
 * A read (once 0) is sent again, for a while, when etcd is between
 * leaders; a write (once 1) never is: its caller finds out what became
 * of it.  raw: as post_any's.
 */
static json_t *
request(struct etcd *e, const char *path, json_t *body, int once,
    struct sbuf *raw, char **cause)
{
	char *text = json_dumps(body, JSON_COMPACT);
	long timeout = e->conf->timeout ? e->conf->timeout : 10, status = 0;
	int relogin = 1, again = once ? 0 : 20;
	time_t start = time(NULL);
	json_t *j = NULL;
	const char *m;

	json_decref(body);
	for (;;) {
		if (e->conf->user && e->token == NULL &&
		    authenticate(e, cause) != 0)
			break;
		if ((j = post_any(e, path, text, timeout, once, &status,
		    raw, cause)) == NULL || status == 200)
			break;
		m = answer_error(j);
		if (relogin && e->conf->user && m &&
		    strstr(m, "invalid auth token")) {
			relogin = 0;
			FREE_AND_NULL(e->token);
			FREE_AND_NULL_JSON(j);
			continue;
		}
		if (again-- > 0 && transient(m) &&
		    time(NULL) - start < timeout) {
			FREE_AND_NULL_JSON(j);
			usleep(200 * 1000);
			continue;
		}
		*cause = xasprintf("etcd at '%s' refuses the request: %s",
		    etcd_endpoint(e), m ? m : "unknown error");
		FREE_AND_NULL_JSON(j);
		break;
	}
	free(text);
	return j;
}

/* A JSON string of the base64 of a text. */
static json_t *
b64(const char *s, size_t len)
{
	char *t = base64_encode(s, len);
	json_t *j = json_string(t);

	free(t);
	return j;
}

/* An int64 of etcd's answer (a JSON string of digits), or 0. */
static long long
num(json_t *j)
{
	const char *s = json_string_value(j);

	if (json_is_integer(j))
		return json_integer_value(j);
	return s ? strtoll(s, NULL, 10) : 0;
}

/* Decodes one kv of an answer into out.  Returns 0, or -1. */
static int
kv_decode(json_t *kv, struct etcd_kv *out)
{
	const char *k = json_string_value(json_object_get(kv, "key"));
	const char *v = json_string_value(json_object_get(kv, "value"));
	size_t klen;

	memset(out, 0, sizeof *out);
	if (k == NULL || (out->key = base64_decode(k, &klen)) == NULL)
		return -1;
	out->value = base64_decode(v ? v : "", &out->vlen);
	if (out->value == NULL) {
		free(out->key);
		return -1;
	}
	out->create_rev = num(json_object_get(kv, "create_revision"));
	out->mod_rev = num(json_object_get(kv, "mod_revision"));
	return 0;
}

/* Runs a range request (see etcd.h). */
int
etcd_get(struct etcd *e, const struct etcd_range *r, struct etcd_kvs *out,
    char **cause)
{
	json_t *body = json_object(), *j, *kvs, *kv;
	struct sbuf raw = SBUF_INIT;
	size_t i;

	json_object_set_new(body, "key", b64(r->key, strlen(r->key)));
	if (r->end)
		json_object_set_new(body, "range_end", b64(r->end,
		    strlen(r->end)));
	if (r->keys_only)
		json_object_set_new(body, "keys_only", json_true());
	if (r->revision)
		json_object_set_new(body, "revision",
		    json_integer(r->revision));
	if (r->min_mod_rev)
		json_object_set_new(body, "min_mod_revision",
		    json_integer(r->min_mod_rev));
	if (r->limit)
		json_object_set_new(body, "limit", json_integer(r->limit));
	if ((j = request(e, "/v3/kv/range", body, 0, &raw, cause)) == NULL) {
		sbuf_release(&raw);
		return -1;
	}
	json_decref(j);
	if (etcd_range_scan(raw.buf ? raw.buf : "", raw.len, out) == 0) {
		sbuf_release(&raw);
		return 0;
	}
	/* not the answer the scanner expects: read it as JSON */
	j = answer_json(e, &raw, 200, cause);
	sbuf_release(&raw);
	if (j == NULL)
		return -1;
	memset(out, 0, sizeof *out);
	out->revision = num(json_object_get(json_object_get(j, "header"),
	    "revision"));
	kvs = json_object_get(j, "kvs");
	json_array_foreach(kvs, i, kv) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		if (kv_decode(kv, &out->v[out->n]) != 0) {
			*cause = xasprintf("etcd at '%s' answers with a key "
			    "that is not base64", etcd_endpoint(e));
			etcd_kvs_release(out);
			json_decref(j);
			return -1;
		}
		out->n++;
	}
	json_decref(j);
	return 0;
}

/* Starts an empty transaction. */
void
etcd_txn_init(struct etcd_txn *t)
{
	t->compare = json_array();
	t->success = json_array();
	t->nops = 0;
}

/* Frees a transaction. */
void
etcd_txn_release(struct etcd_txn *t)
{
	json_decref(t->compare);
	json_decref(t->success);
	memset(t, 0, sizeof *t);
}

/* Adds the compare "mod_revision of key is rev" (see etcd.h). */
void
etcd_txn_cmp_mod(struct etcd_txn *t, const char *key, long long rev)
{
	json_t *c = json_object();

	json_object_set_new(c, "key", b64(key, strlen(key)));
	json_object_set_new(c, "result", json_string("EQUAL"));
	if (rev == 0) {
		json_object_set_new(c, "target", json_string("CREATE"));
		json_object_set_new(c, "create_revision", json_integer(0));
	} else {
		json_object_set_new(c, "target", json_string("MOD"));
		json_object_set_new(c, "mod_revision", json_integer(rev));
	}
	json_array_append_new(t->compare, c);
}

/* Adds a put of key. */
void
etcd_txn_put(struct etcd_txn *t, const char *key, const char *val,
    size_t len)
{
	json_array_append_new(t->success, json_pack("{s:{s:o, s:o}}",
	    "request_put", "key", b64(key, strlen(key)), "value",
	    b64(val, len)));
	t->nops++;
}

/* Adds a delete of key. */
void
etcd_txn_del(struct etcd_txn *t, const char *key)
{
	json_array_append_new(t->success, json_pack("{s:{s:o}}",
	    "request_delete_range", "key", b64(key, strlen(key))));
	t->nops++;
}

/* Sends a transaction (see etcd.h). */
int
etcd_txn_run(struct etcd *e, const struct etcd_txn *t, long long *rev,
    char **cause)
{
	json_t *body = json_pack("{s:O, s:O}", "compare", t->compare,
	    "success", t->success), *j;
	int ok;

	if ((j = request(e, "/v3/kv/txn", body, 1, NULL, cause)) == NULL)
		return -1;
	ok = json_is_true(json_object_get(j, "succeeded"));
	*rev = num(json_object_get(json_object_get(j, "header"), "revision"));
	json_decref(j);
	return ok;
}

/* A watch stream being read. */
struct watch {
	struct sbuf	 buf;		/* what is not parsed yet */
	int		 got;		/* 1 event, 2 compacted, 3 error */
	long long	 rev;
	char		*error;
};

/* Reads one message of a watch stream; 1 when the watch is done. */
static int
watch_message(struct watch *w, json_t *m)
{
	json_t *res = json_object_get(m, "result"), *ev;
	const char *err;

	if (res == NULL) {
		err = answer_error(m);
		w->error = xstrdup(err ? err : "the watch failed");
		w->got = 3;
		return 1;
	}
	if (json_is_true(json_object_get(res, "canceled"))) {
		w->rev = num(json_object_get(res, "compact_revision"));
		w->got = w->rev > 0 ? 2 : 3;
		err = json_string_value(json_object_get(res,
		    "cancel_reason"));
		if (w->got == 3)
			w->error = xstrdup(err ? err : "the watch was "
			    "canceled");
		return 1;
	}
	ev = json_array_get(json_object_get(res, "events"), 0);
	if (ev == NULL)
		return 0;
	w->rev = num(json_object_get(json_object_get(ev, "kv"),
	    "mod_revision"));
	w->got = 1;
	return 1;
}

/* libcurl's write callback of a watch: stops at the first event. */
static size_t
on_watch(char *p, size_t size, size_t n, void *arg)
{
	struct watch *w = arg;
	json_error_t jerr;
	size_t used = 0;

	sbuf_add(&w->buf, p, size * n);
	while (used < w->buf.len) {
		json_t *m = json_loadb(w->buf.buf + used, w->buf.len - used,
		    JSON_DISABLE_EOF_CHECK, &jerr);
		int done;

		if (m == NULL)
			break;	/* not whole yet */
		used += jerr.position;
		done = watch_message(w, m);
		json_decref(m);
		if (done)
			return 0;
	}
	if (used > 0) {
		memmove(w->buf.buf, w->buf.buf + used, w->buf.len - used);
		w->buf.len -= used;
	}
	return size * n;
}

/* Waits for the next change of key (see etcd.h). */
int
etcd_watch_next(struct etcd *e, const char *key, long long from,
    long long *rev, char **cause)
{
	json_t *body = json_pack("{s:{s:o, s:I}}", "create_request", "key",
	    b64(key, strlen(key)), "start_revision", (json_int_t)from);
	char *text = json_dumps(body, JSON_COMPACT), *why = NULL;
	struct watch w = { .buf = SBUF_INIT };
	long status = 0;
	int r = -1;

	json_decref(body);
	for (size_t i = 0; i < e->conf->endpoints.n && w.got == 0; i++) {
		free(why);
		why = NULL;
		if (e->conf->user && e->token == NULL &&
		    authenticate(e, &why) != 0)
			break;
		sbuf_reset(&w.buf);
		(void)post_stream(e, "/v3/watch", text, 0, on_watch, &w,
		    &status, &why);
		if (w.got == 0)
			e->cur = (e->cur + 1) % e->conf->endpoints.n;
	}
	if (w.got == 1 || w.got == 2) {
		*rev = w.rev;
		r = w.got == 1;
	} else if (w.got == 3)
		*cause = xasprintf("etcd at '%s' refuses the watch: %s",
		    etcd_endpoint(e), w.error);
	else {
		*cause = why ? why : xstrdup("the etcd watch ended");
		why = NULL;
	}
	free(why);
	free(w.error);
	free(text);
	sbuf_release(&w.buf);
	return r;
}
