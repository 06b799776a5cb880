/*
 * clouds.c - clouds.yaml, secure.yaml and the OS_* variables, read as the
 * OpenStack clients read them.
 *
 * The files are parsed with libyaml's document API, which keeps every
 * node's position, so a wrong value is reported as FILE:LINE:COL.  Only
 * the keys below are read; others (profile, networks, ...) are ignored.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <yaml.h>

#include "lib/fsutil.h"
#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "nova/clouds.h"

/* How a key's value is taken. */
enum key_kind {
	KK_STR,		/* a string */
	KK_SECRET,	/* a string never shown */
	KK_AUTHTYPE,	/* auth_type: one of the names in auth_names */
	KK_VERIFY,	/* verify: a boolean */
	KK_INSECURE,	/* insecure: a boolean, the opposite of verify */
	KK_TIMEOUT,	/* api_timeout: seconds */
	KK_IDENTITY,	/* identity_api_version: 3 only */
};

/* One key of a cloud entry: where it is read and stored. */
struct key_row {
	const char	*key;		/* the YAML key */
	int		 in_auth;	/* under auth: */
	const char	*env;		/* the OS_* variable, or NULL */
	enum key_kind	 kind;
	size_t		 off;		/* the char * field, for strings */
};

#define F(field) offsetof(struct cloud_config, field)
/* clang-format off */
static const struct key_row key_rows[] = {
	{ "auth_url", 1, "OS_AUTH_URL", KK_STR, F(auth_url) },
	{ "username", 1, "OS_USERNAME", KK_STR, F(username) },
	{ "user_id", 1, "OS_USER_ID", KK_STR, F(user_id) },
	{ "user_domain_name", 1, "OS_USER_DOMAIN_NAME", KK_STR, F(user_domain_name) },
	{ "user_domain_id", 1, "OS_USER_DOMAIN_ID", KK_STR, F(user_domain_id) },
	{ "project_name", 1, "OS_PROJECT_NAME", KK_STR, F(project_name) },
	{ "tenant_name", 1, "OS_TENANT_NAME", KK_STR, F(project_name) },
	{ "project_id", 1, "OS_PROJECT_ID", KK_STR, F(project_id) },
	{ "tenant_id", 1, "OS_TENANT_ID", KK_STR, F(project_id) },
	{ "project_domain_name", 1, "OS_PROJECT_DOMAIN_NAME", KK_STR, F(project_domain_name) },
	{ "project_domain_id", 1, "OS_PROJECT_DOMAIN_ID", KK_STR, F(project_domain_id) },
	{ "domain_name", 1, "OS_DOMAIN_NAME", KK_STR, F(domain_name) },
	{ "domain_id", 1, "OS_DOMAIN_ID", KK_STR, F(domain_id) },
	{ "system_scope", 1, "OS_SYSTEM_SCOPE", KK_STR, F(system_scope) },
	{ "application_credential_id", 1, "OS_APPLICATION_CREDENTIAL_ID", KK_STR, F(appcred_id) },
	{ "application_credential_name", 1, "OS_APPLICATION_CREDENTIAL_NAME", KK_STR, F(appcred_name) },
	{ "endpoint", 1, "OS_ENDPOINT", KK_STR, F(endpoint) },
	{ "password", 1, "OS_PASSWORD", KK_SECRET, F(password) },
	{ "application_credential_secret", 1, "OS_APPLICATION_CREDENTIAL_SECRET", KK_SECRET, F(appcred_secret) },
	{ "token", 1, "OS_TOKEN", KK_SECRET, F(token) },
	{ "auth_type", 0, "OS_AUTH_TYPE", KK_AUTHTYPE, 0 },
	{ "region_name", 0, "OS_REGION_NAME", KK_STR, F(region) },
	{ "interface", 0, "OS_INTERFACE", KK_STR, F(interface) },
	{ "compute_endpoint_override", 0, NULL, KK_STR, F(compute_endpoint) },
	{ "compute_api_version", 0, "OS_COMPUTE_API_VERSION", KK_STR, F(compute_version) },
	{ "cacert", 0, "OS_CACERT", KK_STR, F(cacert) },
	{ "cert", 0, "OS_CERT", KK_STR, F(cert) },
	{ "key", 0, "OS_KEY", KK_STR, F(key) },
	{ "verify", 0, NULL, KK_VERIFY, 0 },
	{ "insecure", 0, "OS_INSECURE", KK_INSECURE, 0 },
	{ "api_timeout", 0, NULL, KK_TIMEOUT, 0 },
	{ "identity_api_version", 0, "OS_IDENTITY_API_VERSION", KK_IDENTITY, 0 },
	{ "default_domain", 0, "OS_DEFAULT_DOMAIN", KK_STR, 0 },
};
/* clang-format on */
#undef F

/* auth_type words and what they mean; NULL word ends. */
static const struct {
	const char	*word;
	int		 auth;	/* enum cloud_auth, or -1: not supported */
} auth_names[] = {
	{ "password", CA_PASSWORD },
	{ "v3password", CA_PASSWORD },
	{ "v3applicationcredential", CA_APPCRED },
	{ "applicationcredential", CA_APPCRED },
	{ "token", CA_TOKEN },
	{ "v3token", CA_TOKEN },
	{ "admin_token", CA_ADMIN_TOKEN },
	{ "token_endpoint", CA_ADMIN_TOKEN },
	{ "none", CA_NONE },
	{ "noauth", CA_NONE },
	{ NULL, -1 },
};

/* A parsed YAML file. */
struct yfile {
	char		*path;
	yaml_document_t	 doc;
	int		 loaded;
};

/* What the loader has gathered so far. */
struct loading {
	struct cloud_config	*c;
	int			 auth_set;	/* auth_type given */
	char			*default_domain;
	char			**cause;
};

/* The path of a string field of c at off. */
static char **
field(struct cloud_config *c, size_t off)
{
	return (char **)((char *)c + off);
}

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

/* Sets *cause to "FILE:LINE:COL: message" for node n of f. */
static int PRINTFLIKE(4, 5)
fail_at(const struct yfile *f, const yaml_node_t *n, char **cause,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s:%zu:%zu: %s", f->path,
	    n->start_mark.line + 1, n->start_mark.column + 1, msg);
	free(msg);
	return -1;
}

/*
 * Parses path into f.  Returns 1 when it does not exist, 0 when loaded,
 * -1 with *cause ("FILE: Permission denied", "FILE:L:C: problem").
 */
static int
yfile_load(struct yfile *f, const char *path, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	yaml_parser_t p;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 1;
	if (fs_read_file(&sb, path, 1 << 20, cause) < 0)
		return -1;
	f->path = xstrdup(path);
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)sb.buf,
	    sb.len);
	if (!yaml_parser_load(&p, &f->doc)) {
		*cause = xasprintf("%s:%zu:%zu: %s%s%s", path,
		    p.problem_mark.line + 1, p.problem_mark.column + 1,
		    p.problem ? p.problem : "YAML syntax error",
		    p.context ? " " : "", p.context ? p.context : "");
		FREE_AND_NULL(f->path);
		rc = -1;
	} else
		f->loaded = 1;
	yaml_parser_delete(&p);
	sbuf_release(&sb);
	return rc;
}

/* Releases f. */
static void
yfile_release(struct yfile *f)
{
	if (f->loaded)
		yaml_document_delete(&f->doc);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/* The value node under key in mapping m, or NULL. */
static yaml_node_t *
ymap_get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
	yaml_node_pair_t *pr;

	if (m == NULL || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = m->data.mapping.pairs.start; pr < m->data.mapping.pairs.top;
	    pr++) {
		yaml_node_t *k = yaml_document_get_node(d, pr->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(d, pr->value);
	}
	return NULL;
}

/* 1, 0 for a YAML boolean word, -1 for anything else. */
static int
bool_word(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "1", NULL };
	static const char *const no[] = { "false", "no", "off", "0", NULL };

	for (size_t i = 0; yes[i]; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/*
 * Stores the value s of row r (from where: "FILE:L:C" or "OS_X") into
 * ld.  Returns 0, or -1 with *cause naming where and the key.
 */
static int
take(struct loading *ld, const struct key_row *r, const char *s,
    const char *where)
{
	struct cloud_config *c = ld->c;
	int b;

	switch (r->kind) {
	case KK_STR:
	case KK_SECRET:
		if (strcmp(r->key, "default_domain") == 0) {
			free(ld->default_domain);
			ld->default_domain = xstrdup(s);
			return 0;
		}
		if (r->kind == KK_SECRET)
			wipe(*field(c, r->off));
		else
			free(*field(c, r->off));
		*field(c, r->off) = xstrdup(s);
		return 0;
	case KK_AUTHTYPE:
		for (size_t i = 0; auth_names[i].word; i++)
			if (strcasecmp(s, auth_names[i].word) == 0) {
				c->auth = auth_names[i].auth;
				ld->auth_set = 1;
				return 0;
			}
		*ld->cause = xasprintf("%s: auth_type '%s' is not supported "
		    "(password, v3applicationcredential, token, admin_token, "
		    "none)", where, s);
		return -1;
	case KK_VERIFY:
	case KK_INSECURE:
		if ((b = bool_word(s)) < 0) {
			*ld->cause = xasprintf("%s: %s must be true or false",
			    where, r->key);
			return -1;
		}
		c->verify = r->kind == KK_VERIFY ? b : !b;
		return 0;
	case KK_TIMEOUT: {
		char *end;
		double t = strtod(s, &end);

		if (*s == '\0' || *end != '\0' || !(t > 0 && t <= 3600)) {
			*ld->cause = xasprintf("%s: api_timeout must be a "
			    "number of seconds (at most 3600)", where);
			return -1;
		}
		c->timeout = t < 1 ? 1 : (long)t;
		return 0;
	}
	case KK_IDENTITY:
		if (strcmp(s, "3") != 0 && strncmp(s, "3.", 2) != 0) {
			*ld->cause = xasprintf("%s: identity_api_version '%s' "
			    "is not supported (keystone v3 only)", where, s);
			return -1;
		}
		return 0;
	}
	return 0;
}

/* Reads the keys of rows with in_auth == auth from mapping m of f. */
static int
take_map(struct loading *ld, struct yfile *f, yaml_node_t *m, int auth)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_rows); i++) {
		const struct key_row *r = &key_rows[i];
		yaml_node_t *v;
		char *where;
		int rc;

		if (r->in_auth != auth || (v = ymap_get(&f->doc, m, r->key)) ==
		    NULL)
			continue;
		if (v->type != YAML_SCALAR_NODE)
			return fail_at(f, v, ld->cause, "%s must be a single "
			    "value", r->key);
		where = xasprintf("%s:%zu:%zu", f->path,
		    v->start_mark.line + 1, v->start_mark.column + 1);
		rc = take(ld, r, (const char *)v->data.scalar.value, where);
		free(where);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* The first region of a "regions" list (a name or {name: ...}), or NULL. */
static const char *
first_region(struct yfile *f, yaml_node_t *entry)
{
	yaml_node_t *rs = ymap_get(&f->doc, entry, "regions"), *r;

	if (rs == NULL || rs->type != YAML_SEQUENCE_NODE ||
	    rs->data.sequence.items.start == rs->data.sequence.items.top)
		return NULL;
	r = yaml_document_get_node(&f->doc, *rs->data.sequence.items.start);
	if (r && r->type == YAML_MAPPING_NODE)
		r = ymap_get(&f->doc, r, "name");
	if (r == NULL || r->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)r->data.scalar.value;
}

/*
 * Finds the entry name in f ("clouds" -> name) and reads it into ld.
 * Returns 1 when f has no such entry, 0 when read, -1 with *cause.
 */
static int
take_entry(struct loading *ld, struct yfile *f, const char *name)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc), *cl, *e, *a;
	const char *region;

	if (root == NULL)
		return 1;
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(f, root, ld->cause, "the file must be a mapping "
		    "with a 'clouds' key");
	if ((cl = ymap_get(&f->doc, root, "clouds")) == NULL)
		return 1;
	if (cl->type != YAML_MAPPING_NODE)
		return fail_at(f, cl, ld->cause, "clouds must be a mapping");
	if ((e = ymap_get(&f->doc, cl, name)) == NULL)
		return 1;
	if (e->type != YAML_MAPPING_NODE)
		return fail_at(f, e, ld->cause, "cloud '%s' must be a mapping",
		    name);
	if ((a = ymap_get(&f->doc, e, "auth")) != NULL &&
	    a->type != YAML_MAPPING_NODE)
		return fail_at(f, a, ld->cause, "auth must be a mapping");
	if (take_map(ld, f, e, 0) < 0 || take_map(ld, f, a, 1) < 0)
		return -1;
	if (ld->c->region == NULL && (region = first_region(f, e)) != NULL)
		ld->c->region = xstrdup(region);
	return 0;
}

/* Applies the OS_* variables over ld. */
static int
take_env(struct loading *ld)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_rows); i++) {
		const char *v;

		if (key_rows[i].env == NULL ||
		    (v = getenv(key_rows[i].env)) == NULL || *v == '\0')
			continue;
		if (take(ld, &key_rows[i], v, key_rows[i].env) < 0)
			return -1;
	}
	return 0;
}

/* The user's configuration folder for openstack, "~/.config/openstack". */
static char *
user_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x && *x == '/')
		return xasprintf("%s/openstack", x);
	if (home && *home)
		return xasprintf("%s/.config/openstack", home);
	return NULL;
}

/* Fills out with the candidate paths of base ("clouds", "secure"). */
static size_t
candidates(const char *base, const char *envvar, char *out[8])
{
	const char *e = getenv(envvar);
	char *ud = user_dir();
	size_t n = 0;

	if (e && *e)
		out[n++] = xstrdup(e);
	out[n++] = xasprintf("%s.yaml", base);
	out[n++] = xasprintf("%s.yml", base);
	if (ud) {
		out[n++] = xasprintf("%s/%s.yaml", ud, base);
		out[n++] = xasprintf("%s/%s.yml", ud, base);
	}
	out[n++] = xasprintf("/etc/openstack/%s.yaml", base);
	out[n++] = xasprintf("/etc/openstack/%s.yml", base);
	free(ud);
	return n;
}

/*
 * Loads the first existing file of base's candidates into f.  Returns 1
 * when none exists, 0, or -1 with *cause.
 */
static int
load_first(struct yfile *f, const char *base, const char *envvar,
    char **cause)
{
	char *paths[8];
	size_t n = candidates(base, envvar, paths);
	int rc = 1;

	for (size_t i = 0; i < n && rc == 1; i++)
		rc = yfile_load(f, paths[i], cause);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	return rc;
}

/* Reads clouds.yaml and secure.yaml for the entry name into ld. */
static int
take_files(struct loading *ld, const char *name)
{
	struct yfile f;
	int rc;

	if ((rc = load_first(&f, "clouds", "OS_CLIENT_CONFIG_FILE",
	    ld->cause)) < 0)
		return -1;
	if (rc == 1) {
		*ld->cause = xasprintf("no cloud '%s': no clouds.yaml in ./, "
		    "~/.config/openstack/ or /etc/openstack/", name);
		return -1;
	}
	ld->c->file = xstrdup(f.path);
	rc = take_entry(ld, &f, name);
	if (rc == 1)
		*ld->cause = xasprintf("no cloud '%s' in %s", name, f.path);
	yfile_release(&f);
	if (rc != 0)
		return -1;
	if ((rc = load_first(&f, "secure", "OS_CLIENT_SECURE_FILE",
	    ld->cause)) < 0)
		return -1;
	if (rc == 0) {
		rc = take_entry(ld, &f, name);
		yfile_release(&f);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Refuses settings that cannot work: "cloud 'x' has no auth_url". */
static int
check(struct loading *ld)
{
	struct cloud_config *c = ld->c;
	const char *miss = NULL;

	if (!ld->auth_set && (c->appcred_id || c->appcred_secret))
		c->auth = CA_APPCRED;
	if (ld->default_domain) {
		if (!c->user_domain_id && !c->user_domain_name)
			c->user_domain_id = xstrdup(ld->default_domain);
		if (!c->project_domain_id && !c->project_domain_name)
			c->project_domain_id = xstrdup(ld->default_domain);
	}
	switch (c->auth) {
	case CA_PASSWORD:
		miss = !c->auth_url ? "auth_url" : !c->username && !c->user_id ?
		    "username" : !c->password ? "password" : NULL;
		break;
	case CA_APPCRED:
		miss = !c->auth_url ? "auth_url" : !c->appcred_secret ?
		    "application_credential_secret" : !c->appcred_id &&
		    !c->appcred_name ? "application_credential_id" : NULL;
		break;
	case CA_TOKEN:
		miss = !c->auth_url ? "auth_url" : !c->token ? "token" : NULL;
		break;
	case CA_ADMIN_TOKEN:
		miss = !c->endpoint ? "endpoint" : !c->token ? "token" : NULL;
		break;
	case CA_NONE:
		miss = !c->endpoint ? "endpoint" : NULL;
		break;
	}
	if (miss == NULL)
		return 0;
	*ld->cause = xasprintf("cloud '%s' has no %s%s", c->name, miss,
	    strcmp(miss, "password") == 0 ? " (set it in secure.yaml or "
	    "OS_PASSWORD)" : "");
	return -1;
}

/* Loads the settings of the cloud called name. */
struct cloud_config *
clouds_load(const char *name, char **cause)
{
	struct cloud_config *c = xcalloc(1, sizeof(*c));
	struct loading ld = { .c = c, .cause = cause };

	c->verify = 1;
	c->auth = CA_PASSWORD;
	if (name == NULL || *name == '\0')
		name = getenv("OS_CLOUD");
	if (name != NULL && *name == '\0')
		name = NULL;
	c->name = xstrdup(name ? name : "envvars");
	if ((name && take_files(&ld, name) < 0) || take_env(&ld) < 0 ||
	    check(&ld) < 0) {
		free(ld.default_domain);
		clouds_free(c);
		return NULL;
	}
	free(ld.default_domain);
	return c;
}

/* The names of the clouds of the clouds.yaml that would be read. */
void
clouds_names(struct strv *out, char **file)
{
	struct yfile f;
	yaml_node_t *root, *cl;
	yaml_node_pair_t *pr;
	char *cause = NULL;

	if (file)
		*file = NULL;
	if (load_first(&f, "clouds", "OS_CLIENT_CONFIG_FILE", &cause) != 0) {
		free(cause);
		return;
	}
	root = yaml_document_get_root_node(&f.doc);
	cl = ymap_get(&f.doc, root, "clouds");
	if (cl && cl->type == YAML_MAPPING_NODE)
		for (pr = cl->data.mapping.pairs.start;
		    pr < cl->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(&f.doc,
			    pr->key);

			if (k && k->type == YAML_SCALAR_NODE)
				strv_push(out, (const char *)k->data.scalar.value);
		}
	if (file)
		*file = xstrdup(f.path);
	yfile_release(&f);
}

/* Frees c, wiping its secrets first. */
void
clouds_free(struct cloud_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(key_rows); i++) {
		const struct key_row *r = &key_rows[i];
		char **p;

		if (r->kind != KK_STR && r->kind != KK_SECRET)
			continue;
		if (r->off == 0)
			continue;
		p = field(c, r->off);
		if (r->kind == KK_SECRET)
			wipe(*p);
		else
			free(*p);
		*p = NULL;	/* tenant_* share fields with project_* */
	}
	free(c->name);
	free(c->file);
	free(c);
}
