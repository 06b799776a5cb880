/*
 * cloud.c - logging in to keystone v3, the compute endpoint from the
 * catalog, nova's microversions, and a token cache for the run.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/sbuf.h"
#include "lib/sha256.h"
#include "lib/xalloc.h"
#include "nova/cloud.h"

/* A token kept for the run. */
struct cached_token {
	char	 key[65];	/* digest of the credentials and scope */
	char	*token;		/* a secret */
	json_t	*catalog;
	time_t	 expires;
};

#define TOKEN_CACHE	8
static struct cached_token token_cache[TOKEN_CACHE];

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

/* Forgets every cached token. */
void
cloud_forget_tokens(void)
{
	for (size_t i = 0; i < TOKEN_CACHE; i++) {
		wipe(token_cache[i].token);
		json_decref(token_cache[i].catalog);
		memset(&token_cache[i], 0, sizeof(token_cache[i]));
	}
}

/* The cache key of c's login: a digest of everything that goes into it. */
static void
cache_key(const struct cloud_config *c, char key[65])
{
	const char *parts[] = {
		c->auth_url, c->username, c->user_id, c->user_domain_name,
		c->user_domain_id, c->project_name, c->project_id,
		c->project_domain_name, c->project_domain_id, c->domain_name,
		c->domain_id, c->system_scope, c->appcred_id, c->appcred_name,
		c->password, c->appcred_secret, c->token,
	};
	struct sha256 h;
	unsigned char d[32];
	char a = (char)('0' + c->auth);

	sha256_init(&h);
	sha256_update(&h, &a, 1);
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		const char *s = parts[i] ? parts[i] : "";

		sha256_update(&h, parts[i] ? "+" : "-", 1);
		sha256_update(&h, s, strlen(s) + 1);
	}
	sha256_final(&h, d);
	for (size_t i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", d[i]);
}

/* The cached token for key valid for another minute, or NULL. */
static struct cached_token *
cache_find(const char *key)
{
	time_t now = time(NULL);

	for (size_t i = 0; i < TOKEN_CACHE; i++)
		if (token_cache[i].token && strcmp(token_cache[i].key, key) ==
		    0 && token_cache[i].expires > now + 60)
			return &token_cache[i];
	return NULL;
}

/* Keeps token (copied) and catalog (borrowed) under key. */
static void
cache_put(const char *key, const char *token, json_t *catalog, time_t expires)
{
	struct cached_token *t = &token_cache[0];

	for (size_t i = 0; i < TOKEN_CACHE; i++)
		if (token_cache[i].token == NULL ||
		    strcmp(token_cache[i].key, key) == 0 ||
		    token_cache[i].expires < t->expires)
			t = &token_cache[i];
	wipe(t->token);
	json_decref(t->catalog);
	memcpy(t->key, key, sizeof(t->key));
	t->token = xstrdup(token);
	t->catalog = json_incref(catalog);
	t->expires = expires;
}

/* Replaces every occurrence of the secrets of c in s by "***", in place
 * (s is a heap string; it may be reallocated). */
static char *
scrub(const struct cloud_config *c, char *s)
{
	const char *secrets[] = { c->password, c->appcred_secret, c->token };

	for (size_t i = 0; i < ARRAY_SIZE(secrets); i++) {
		const char *sec = secrets[i];
		char *p;

		if (sec == NULL || strlen(sec) < 3)
			continue;
		while ((p = strstr(s, sec)) != NULL) {
			char *n = xasprintf("%.*s***%s", (int)(p - s), s,
			    p + strlen(sec));

			wipe(s);
			s = n;
		}
	}
	return s;
}

/* {"id": id} or {"name": name, "domain": {...}} for a user or project. */
static json_t *
named(const char *id, const char *name, const char *dom_id,
    const char *dom_name)
{
	json_t *o = json_object();

	if (id) {
		json_object_set_new(o, "id", json_string(id));
		return o;
	}
	json_object_set_new(o, "name", json_string(name ? name : ""));
	if (dom_id)
		json_object_set_new(o, "domain", json_pack("{s:s}", "id",
		    dom_id));
	else if (dom_name)
		json_object_set_new(o, "domain", json_pack("{s:s}", "name",
		    dom_name));
	return o;
}

/* The scope of a password or token login, or NULL: unscoped. */
static json_t *
login_scope(const struct cloud_config *c)
{
	if (c->project_id || c->project_name)
		return json_pack("{s:o}", "project", named(c->project_id,
		    c->project_name, c->project_domain_id,
		    c->project_domain_name));
	if (c->domain_id)
		return json_pack("{s:{s:s}}", "domain", "id", c->domain_id);
	if (c->domain_name)
		return json_pack("{s:{s:s}}", "domain", "name", c->domain_name);
	if (c->system_scope)
		return json_pack("{s:{s:b}}", "system", "all", 1);
	return NULL;
}

/* The body of POST /v3/auth/tokens for c (it holds a secret). */
static json_t *
login_body(const struct cloud_config *c)
{
	json_t *id = json_object(), *auth, *scope;

	switch (c->auth) {
	case CA_APPCRED: {
		json_t *ac = json_pack("{s:s}", "secret", c->appcred_secret);

		if (c->appcred_id)
			json_object_set_new(ac, "id", json_string(c->appcred_id));
		else {
			json_object_set_new(ac, "name",
			    json_string(c->appcred_name));
			json_object_set_new(ac, "user", named(c->user_id,
			    c->username, c->user_domain_id,
			    c->user_domain_name));
		}
		json_object_set_new(id, "methods",
		    json_pack("[s]", "application_credential"));
		json_object_set_new(id, "application_credential", ac);
		return json_pack("{s:{s:o}}", "auth", "identity", id);
	}
	case CA_TOKEN:
		json_object_set_new(id, "methods", json_pack("[s]", "token"));
		json_object_set_new(id, "token", json_pack("{s:s}", "id",
		    c->token));
		break;
	default: {
		json_t *u = named(c->user_id, c->username, c->user_domain_id,
		    c->user_domain_name);

		json_object_set_new(u, "password", json_string(c->password));
		json_object_set_new(id, "methods", json_pack("[s]", "password"));
		json_object_set_new(id, "password", json_pack("{s:o}", "user",
		    u));
		break;
	}
	}
	auth = json_pack("{s:o}", "identity", id);
	if ((scope = login_scope(c)) != NULL)
		json_object_set_new(auth, "scope", scope);
	return json_pack("{s:o}", "auth", auth);
}

/* The keystone v3 URL of c's auth_url, no trailing '/'.  Caller frees. */
static char *
keystone_url(const struct cloud_config *c)
{
	char *u = xstrdup(c->auth_url);
	size_t n = strlen(u);

	while (n > 0 && u[n - 1] == '/')
		u[--n] = '\0';
	if (n >= 3 && strcmp(u + n - 3, "/v3") == 0)
		return u;
	if (strstr(u, "/v3/") == NULL) {
		char *v = xasprintf("%s/v3", u);

		free(u);
		return v;
	}
	return u;
}

/* Seconds since the epoch of keystone's "expires_at" (UTC), or 1 h. */
static time_t
expiry(const json_t *token)
{
	const char *s = json_string_value(json_object_get(token,
	    "expires_at"));
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
		return time(NULL) + 3600;
	return timegm(&tm);
}

/* The body's catalog of a login answer, or an empty one. */
static json_t *
answer_catalog(const struct http_req *r, time_t *expires)
{
	json_t *j = http_json(r), *tok = json_object_get(j, "token"), *cat;

	*expires = expiry(tok);
	cat = json_object_get(tok, "catalog");
	cat = json_is_array(cat) ? json_incref(cat) : json_array();
	json_decref(j);
	return cat;
}

/*
 * Logs in to keystone: sets the token on cl->http and returns the
 * catalog (new reference), or NULL with *cause.
 */
static json_t *
login(struct cloud *cl, char **cause)
{
	const struct cloud_config *c = cl->cfg;
	struct cached_token *t;
	struct http_req *r;
	json_t *body, *cat = NULL;
	char key[65], *url, *ks = keystone_url(c), *why;
	time_t exp;

	cache_key(c, key);
	if ((t = cache_find(key)) != NULL) {
		http_set_token(cl->http, t->token);
		free(ks);
		return json_incref(t->catalog);
	}
	url = xasprintf("%s/auth/tokens", ks);
	body = login_body(c);
	r = http_req_new("POST", url, body);
	json_decref(body);
	r->anon = 1;
	http_do(cl->http, r);
	if (r->status == 201 && r->subject_token) {
		cat = answer_catalog(r, &exp);
		cache_put(key, r->subject_token, cat, exp);
		http_set_token(cl->http, r->subject_token);
	} else if (r->status == 0)
		*cause = scrub(c, http_failure(r));
	else {
		why = scrub(c, http_failure(r));
		*cause = xasprintf("login refused by %s: %s", ks, why);
		free(why);
	}
	if (r->body)	/* it holds the secret */
		memset(r->body, 0, strlen(r->body));
	http_req_free(r);
	free(url);
	free(ks);
	return cat;
}

/* 1 if catalog endpoint e matches the configured interface and region. */
static int
endpoint_matches(const struct cloud_config *c, const json_t *e)
{
	const char *ifc = json_string_value(json_object_get(e, "interface"));
	const char *reg = json_string_value(json_object_get(e, "region"));
	const char *rid = json_string_value(json_object_get(e, "region_id"));
	const char *want = c->interface ? c->interface : "public";
	size_t n = strlen(want);

	if (n > 3 && strcmp(want + n - 3, "URL") == 0)	/* publicURL */
		n -= 3;
	if (ifc == NULL || strlen(ifc) != n || strncmp(ifc, want, n) != 0)
		return 0;
	if (c->region == NULL)
		return 1;
	return (reg && strcmp(reg, c->region) == 0) ||
	    (rid && strcmp(rid, c->region) == 0);
}

/* The compute URL of the catalog, or NULL with *cause. */
static char *
catalog_compute(const struct cloud_config *c, json_t *catalog, char **cause)
{
	size_t i, j;
	json_t *s, *e;

	json_array_foreach(catalog, i, s) {
		const char *type = json_string_value(json_object_get(s,
		    "type"));

		if (type == NULL || strcmp(type, "compute") != 0)
			continue;
		json_array_foreach(json_object_get(s, "endpoints"), j, e)
			if (endpoint_matches(c, e) && json_is_string(
			    json_object_get(e, "url")))
				return xstrdup(json_string_value(
				    json_object_get(e, "url")));
	}
	*cause = xasprintf("no compute endpoint in the catalog (interface "
	    "%s%s%s)", c->interface ? c->interface : "public",
	    c->region ? ", region " : "", c->region ? c->region : "");
	return NULL;
}

/* 2.N of a "2.N" version string, or -1. */
static int
minor_of(const char *v)
{
	char *end;
	long n;

	if (v == NULL || strncmp(v, "2.", 2) != 0)
		return v && strcmp(v, "2") == 0 ? 1 : -1;
	n = strtol(v + 2, &end, 10);
	return *end == '\0' && n >= 0 && n < 1000 ? (int)n : -1;
}

/* Picks the microversion from nova's version document j. */
static int
pick_version(struct cloud *cl, json_t *j, char **cause)
{
	json_t *v = json_object_get(j, "version"), *e;
	int max, cap = CLOUD_COMPUTE_MINOR, want;
	size_t i;

	if (v == NULL)	/* the root lists the versions */
		json_array_foreach(json_object_get(j, "versions"), i, e)
			if (json_is_string(json_object_get(e, "id")) &&
			    strcmp(json_string_value(json_object_get(e, "id")),
			    "v2.1") == 0)
				v = e;
	if (!json_is_object(v)) {
		*cause = xasprintf("%s does not describe compute API v2.1",
		    cl->compute);
		return -1;
	}
	max = minor_of(json_string_value(json_object_get(v, "version")));
	if (max < 0)
		max = 1;
	if (cl->cfg->compute_version && (want = minor_of(
	    cl->cfg->compute_version)) >= 0 && want < cap)
		cap = want;
	cl->minor = max < cap ? max : cap;
	if (cl->minor < 1)
		cl->minor = 1;
	return 0;
}

/* Asks the compute endpoint for its versions. */
static int
discover(struct cloud *cl, char **cause)
{
	char *url = xasprintf("%s/", cl->compute), *why;
	struct http_req *r = http_req_new("GET", url, NULL);
	json_t *j;
	int rc = -1;

	http_do(cl->http, r);
	if (r->status == 200 && (j = http_json(r)) != NULL) {
		rc = pick_version(cl, j, cause);
		json_decref(j);
	} else {
		why = scrub(cl->cfg, http_failure(r));
		*cause = r->status ? xasprintf("GET %s: %s", url, why) :
		    xstrdup(why);
		free(why);
	}
	http_req_free(r);
	free(url);
	return rc;
}

/* Finds the compute endpoint and token of cl. */
static int
connect_compute(struct cloud *cl, char **cause)
{
	const struct cloud_config *c = cl->cfg;
	json_t *cat;
	size_t n;

	if (c->auth == CA_ADMIN_TOKEN || c->auth == CA_NONE) {
		http_set_token(cl->http, c->token);
		cl->compute = xstrdup(c->compute_endpoint ? c->compute_endpoint :
		    c->endpoint);
	} else {
		if ((cat = login(cl, cause)) == NULL)
			return -1;
		if (c->compute_endpoint)
			cl->compute = xstrdup(c->compute_endpoint);
		else
			cl->compute = catalog_compute(c, cat, cause);
		json_decref(cat);
		if (cl->compute == NULL)
			return -1;
	}
	n = strlen(cl->compute);
	while (n > 0 && cl->compute[n - 1] == '/')
		cl->compute[--n] = '\0';
	return discover(cl, cause);
}

/* Opens the cloud called name. */
struct cloud *
cloud_open(const char *name, char **cause)
{
	struct cloud *cl = xcalloc(1, sizeof(*cl));
	struct http_opts o;
	char *why = NULL, *ver;

	if ((cl->cfg = clouds_load(name, cause)) == NULL) {
		free(cl);
		return NULL;
	}
	memset(&o, 0, sizeof(o));
	o.cacert = cl->cfg->cacert;
	o.cert = cl->cfg->cert;
	o.key = cl->cfg->key;
	o.verify = cl->cfg->verify;
	o.timeout = cl->cfg->timeout;
	cl->http = http_new(&o);
	if (connect_compute(cl, &why) < 0) {
		*cause = xasprintf("cloud '%s': %s", cl->cfg->name, why);
		free(why);
		cloud_close(cl);
		return NULL;
	}
	ver = xasprintf("compute 2.%d", cl->minor);
	http_set_version(cl->http, ver);
	free(ver);
	return cl;
}

/* Closes c. */
void
cloud_close(struct cloud *c)
{
	if (c == NULL)
		return;
	http_free(c->http);
	clouds_free(c->cfg);
	free(c->compute);
	free(c);
}

/* The compute URL of path. */
char *
cloud_url(const struct cloud *c, const char *path)
{
	return xasprintf("%s%s", c->compute, path);
}

/* GETs path of the compute API. */
json_t *
cloud_get(struct cloud *c, const char *path, char **cause)
{
	char *url = cloud_url(c, path), *why;
	struct http_req *r = http_req_new("GET", url, NULL);
	json_t *j = NULL;

	http_do(c->http, r);
	if (r->status == 200 && (j = http_json(r)) == NULL)
		*cause = xasprintf("GET %s: the answer is not JSON", url);
	else if (r->status != 200) {
		why = http_failure(r);
		*cause = r->status ? xasprintf("GET %s: %s", url, why) :
		    xstrdup(why);
		free(why);
	}
	http_req_free(r);
	free(url);
	return j;
}

/* 1 if the microversion in use is at least 2.minor. */
int
cloud_has(const struct cloud *c, int minor)
{
	return c->minor >= minor;
}
