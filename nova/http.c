/*
 * http.c - HTTP requests through one libcurl multi handle.
 *
 * Requests are started with http_start() and collected, in the order they
 * finish, with http_wait(); the multi handle limits the connections and
 * keeps them for reuse.  Every transfer has CURLOPT_TIMEOUT and
 * CURLOPT_CONNECTTIMEOUT, and the wait polls at most a second at a time,
 * so a dead server ends a request within the timeout.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/curlrt.h"
#include "lib/xalloc.h"
#include "nova/http.h"

/* Largest response body kept: 64 MiB. */
#define HTTP_BODY_MAX	((size_t)64 << 20)

struct http {
	CURLM			*multi;
	struct http_opts	 o;
	char			*cacert, *cert, *key;
	char			*token;		/* a secret */
	char			*version;
	size_t			 running;
};

/* Frees s after overwriting its bytes. */
static void
wipe(char *s)
{
	if (s == NULL)
		return;
	for (volatile char *p = s; *p; p++)
		*p = 0;
	free(s);
}

/* A new client with options o. */
struct http *
http_new(const struct http_opts *o)
{
	struct http *h = xcalloc(1, sizeof(*h));

	curlrt_load();
	h->o = *o;
	h->cacert = o->cacert ? xstrdup(o->cacert) : NULL;
	h->cert = o->cert ? xstrdup(o->cert) : NULL;
	h->key = o->key ? xstrdup(o->key) : NULL;
	if (h->o.timeout <= 0)
		h->o.timeout = 60;
	if (h->o.connect_timeout <= 0)
		h->o.connect_timeout = 10;
	if (h->o.connect_timeout > h->o.timeout)
		h->o.connect_timeout = h->o.timeout;
	if (h->o.maxconns == 0)
		h->o.maxconns = 4;
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		fprintf(stderr, "ocmsh: libcurl cannot start\n");
		abort();
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)h->o.maxconns);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)h->o.maxconns);
	curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->o.maxconns);
	return h;
}

/* Frees h. */
void
http_free(struct http *h)
{
	if (h == NULL)
		return;
	curl_multi_cleanup(h->multi);
	free(h->cacert);
	free(h->cert);
	free(h->key);
	wipe(h->token);
	free(h->version);
	free(h);
}

/* Sets the token sent from now on. */
void
http_set_token(struct http *h, const char *token)
{
	wipe(h->token);
	h->token = token ? xstrdup(token) : NULL;
}

/* Sets the OpenStack-API-Version header value. */
void
http_set_version(struct http *h, const char *version)
{
	free(h->version);
	h->version = version ? xstrdup(version) : NULL;
}

/* A new request. */
struct http_req *
http_req_new(const char *method, const char *url, const json_t *body)
{
	struct http_req *r = xcalloc(1, sizeof(*r));

	r->method = xstrdup(method);
	r->url = xstrdup(url);
	if (body)
		r->body = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	sbuf_init(&r->resp);
	return r;
}

/* Frees the transfer's headers, wiping the token among them. */
static void
free_headers(struct http_req *r)
{
	struct curl_slist *l = r->hdrs;

	for (struct curl_slist *e = l; e; e = e->next)
		for (volatile char *p = e->data; p && *p; p++)
			*p = 0;
	curl_slist_free_all(l);
	r->hdrs = NULL;
}

/* Frees r. */
void
http_req_free(struct http_req *r)
{
	if (r == NULL)
		return;
	if (r->easy)
		curl_easy_cleanup(r->easy);
	free_headers(r);
	free(r->method);
	free(r->url);
	free(r->body);
	sbuf_release(&r->resp);
	wipe(r->subject_token);
	free(r->error);
	free(r);
}

/* libcurl write callback: appends to the body, up to HTTP_BODY_MAX. */
static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct http_req *r = arg;

	if (r->resp.len + n > HTTP_BODY_MAX)
		return 0;	/* libcurl fails the transfer */
	sbuf_add(&r->resp, data, n * size);
	return n * size;
}

/* libcurl header callback: keeps X-Subject-Token. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	static const char name[] = "x-subject-token:";
	struct http_req *r = arg;
	size_t len = size * n, nl = sizeof(name) - 1;

	if (len > nl && strncasecmp(data, name, nl) == 0) {
		const char *v = data + nl, *e = data + len;

		while (v < e && (*v == ' ' || *v == '\t'))
			v++;
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		wipe(r->subject_token);
		r->subject_token = xstrndup(v, (size_t)(e - v));
	}
	return len;
}

/* The request headers of r. */
static struct curl_slist *
make_headers(const struct http *h, const struct http_req *r)
{
	struct curl_slist *l = NULL;
	char *s;

	l = curl_slist_append(l, "Accept: application/json");
	l = curl_slist_append(l, "Expect:");
	if (r->body)
		l = curl_slist_append(l, "Content-Type: application/json");
	if (h->version && !r->anon) {
		s = xasprintf("OpenStack-API-Version: %s", h->version);
		l = curl_slist_append(l, s);
		free(s);
		if (strncmp(h->version, "compute ", 8) == 0) {
			s = xasprintf("X-OpenStack-Nova-API-Version: %s",
			    h->version + 8);
			l = curl_slist_append(l, s);
			free(s);
		}
	}
	if (h->token && !r->anon) {
		s = xasprintf("X-Auth-Token: %s", h->token);
		l = curl_slist_append(l, s);
		wipe(s);
	}
	return l;
}

/* Sets the TLS, timeout and safety options of a transfer. */
static void
set_common(const struct http *h, CURL *e)
{
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, h->o.timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, h->o.connect_timeout);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, h->o.verify ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, h->o.verify ? 2L : 0L);
	if (h->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->cacert);
	if (h->cert)
		curl_easy_setopt(e, CURLOPT_SSLCERT, h->cert);
	if (h->key)
		curl_easy_setopt(e, CURLOPT_SSLKEY, h->key);
}

/* Starts r. */
void
http_start(struct http *h, struct http_req *r)
{
	CURL *e = curl_easy_init();

	if (e == NULL) {
		fprintf(stderr, "ocmsh: libcurl cannot start a transfer\n");
		abort();
	}
	r->easy = e;
	r->status = 0;
	r->errbuf[0] = '\0';
	sbuf_reset(&r->resp);
	set_common(h, e);
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	if (r->body) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(r->body));
	}
	if (strcmp(r->method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (strcmp(r->method, "POST") != 0 || r->body == NULL)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
	free_headers(r);
	r->hdrs = make_headers(h, r);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, (struct curl_slist *)r->hdrs);
	curl_multi_add_handle(h->multi, e);
	h->running++;
}

/* Lower-cases the first letter of s, in place, and drops a final '.'. */
static void
tidy(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '.' ||
	    s[n - 1] == ' '))
		s[--n] = '\0';
	if (s[0] && isupper((unsigned char)s[0]) &&
	    !isupper((unsigned char)s[1]))
		s[0] = (char)tolower((unsigned char)s[0]);
}

/* Sets r->error from a failed transfer's code. */
static void
set_error(const struct http *h, struct http_req *r, CURLcode rc)
{
	char *url = http_display_url(r->url);
	char *why = xstrdup(r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc));

	tidy(why);
	free(r->error);
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		r->error = xasprintf("no answer from %s within %ld s", url,
		    h->o.timeout);
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		r->error = xasprintf("cannot reach %s: %s", url, why);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
		r->error = xasprintf("TLS failure with %s: %s", url, why);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		r->error = xasprintf("lost the connection to %s: %s", url, why);
		break;
	case CURLE_WRITE_ERROR:
		r->error = xasprintf("%s %s: the answer is larger than %zu "
		    "bytes", r->method, url, HTTP_BODY_MAX);
		break;
	default:
		r->error = xasprintf("%s %s: %s", r->method, url, why);
		break;
	}
	free(url);
	free(why);
}

/* Takes a finished transfer off the multi handle and records its outcome. */
static struct http_req *
finish(struct http *h, CURL *e, CURLcode rc)
{
	struct http_req *r = NULL;

	curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
	curl_multi_remove_handle(h->multi, e);
	h->running--;
	if (rc == CURLE_OK)
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	else {
		r->status = 0;
		set_error(h, r, rc);
	}
	curl_easy_cleanup(e);
	r->easy = NULL;
	free_headers(r);
	return r;
}

/* Waits until a running request finishes and returns it. */
struct http_req *
http_wait(struct http *h)
{
	for (;;) {
		CURLMsg *m;
		int left, still;

		while ((m = curl_multi_info_read(h->multi, &left)) != NULL)
			if (m->msg == CURLMSG_DONE)
				return finish(h, m->easy_handle, m->data.result);
		if (h->running == 0)
			return NULL;
		curl_multi_perform(h->multi, &still);
		if ((m = curl_multi_info_read(h->multi, &left)) != NULL &&
		    m->msg == CURLMSG_DONE)
			return finish(h, m->easy_handle, m->data.result);
		curl_multi_poll(h->multi, NULL, 0, 1000, NULL);
	}
}

/* Number of requests running. */
size_t
http_running(const struct http *h)
{
	return h->running;
}

/* Runs r alone. */
long
http_do(struct http *h, struct http_req *r)
{
	struct http_req *done;

	http_start(h, r);
	while ((done = http_wait(h)) != NULL && done != r)
		;
	return r->status;
}

/* The response as JSON, or NULL. */
json_t *
http_json(const struct http_req *r)
{
	if (r->resp.len == 0)
		return NULL;
	return json_loadb(r->resp.buf, r->resp.len, 0, NULL);
}

/* The message of an OpenStack error body, or NULL. */
static const char *
body_message(const json_t *j)
{
	const char *k;
	json_t *v, *m;

	if (!json_is_object(j))
		return NULL;
	json_object_foreach((json_t *)j, k, v) {
		if (json_is_array(v))	/* placement: {"errors": [...]} */
			v = json_array_get(v, 0);
		if (!json_is_object(v))
			continue;
		if ((m = json_object_get(v, "message")) != NULL &&
		    json_is_string(m))
			return json_string_value(m);
		if ((m = json_object_get(v, "detail")) != NULL &&
		    json_is_string(m))
			return json_string_value(m);
	}
	return NULL;
}

/* A reason phrase for common statuses. */
static const char *
reason(long status)
{
	static const struct { long s; const char *r; } t[] = {
		{ 400, "Bad Request" }, { 401, "Unauthorized" },
		{ 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
		{ 409, "Conflict" }, { 413, "Request Entity Too Large" },
		{ 500, "Internal Server Error" }, { 502, "Bad Gateway" },
		{ 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (t[i].s == status)
			return t[i].r;
	return "unexpected answer";
}

/* One line saying why r failed. */
char *
http_failure(const struct http_req *r)
{
	json_t *j;
	const char *msg;
	char *s, *p;

	if (r->status == 0)
		return xstrdup(r->error ? r->error : "no answer");
	j = http_json(r);
	msg = body_message(j);
	s = xasprintf("%ld %s", r->status, msg ? msg : reason(r->status));
	json_decref(j);
	for (p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return s;
}

/* The URL without user info, query or fragment. */
char *
http_display_url(const char *url)
{
	const char *s = strstr(url, "://"), *at, *end;
	char *out;

	if (s == NULL)
		return xstrdup(url);
	s += 3;
	end = s + strcspn(s, "/?#");
	at = memchr(s, '@', (size_t)(end - s));
	out = xasprintf("%.*s%s", (int)(s - url), url, at ? at + 1 : s);
	out[strcspn(out + (s - url), "?#") + (s - url)] = '\0';
	return out;
}

/* s escaped for one path segment. */
char *
http_escape(const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0), *out;

	out = xstrdup(e ? e : "");
	curl_free(e);
	return out;
}
