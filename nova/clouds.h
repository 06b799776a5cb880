/*
 * clouds.h - the connection settings of a cloud, the OpenStack way.
 *
 * A cloud is an entry of clouds.yaml, found where the OpenStack clients
 * look: $OS_CLIENT_CONFIG_FILE, else the first of ./clouds.yaml,
 * $XDG_CONFIG_HOME/openstack/ (~/.config/openstack/) and /etc/openstack/
 * (".yml" is accepted too).  The entry of the same name in secure.yaml
 * (same places, $OS_CLIENT_SECURE_FILE) is merged over it, and then the
 * OS_* variables over both, as the openstack CLI does (OS_PASSWORD,
 * OS_REGION_NAME, ...).  Without a name, $OS_CLOUD names the entry; without
 * either, the OS_* variables alone describe the cloud ("envvars").
 *
 * Secrets (password, application credential secret, token) are kept in
 * this structure only: nothing here prints them, and clouds_free() wipes
 * them.  Error messages name files and keys, never values.
 */
#ifndef OCMSH_NOVA_CLOUDS_H
#define OCMSH_NOVA_CLOUDS_H

struct strv;

/* How the client authenticates. */
enum cloud_auth {
	CA_PASSWORD,	/* keystone v3, password method */
	CA_APPCRED,	/* keystone v3, application credential */
	CA_TOKEN,	/* keystone v3, an existing token re-scoped */
	CA_ADMIN_TOKEN,	/* a fixed token and endpoint, no keystone */
	CA_NONE,	/* no token, a fixed endpoint (tests) */
};

/* The settings of one cloud; every string may be NULL (not given). */
struct cloud_config {
	char		*name;		/* the entry's name ("envvars": none) */
	char		*file;		/* the clouds.yaml it came from, or NULL */
	enum cloud_auth	 auth;
	char		*auth_url;	/* keystone, e.g. https://h:5000/v3 */
	char		*username, *user_id;
	char		*user_domain_name, *user_domain_id;
	char		*project_name, *project_id;
	char		*project_domain_name, *project_domain_id;
	char		*domain_name, *domain_id;	/* domain scope */
	char		*system_scope;
	char		*appcred_id, *appcred_name;
	char		*endpoint;	/* admin_token / none: the compute URL */
	char		*region;	/* region_name */
	char		*interface;	/* public (default), internal, admin */
	char		*compute_endpoint;	/* compute_endpoint_override */
	char		*compute_version;	/* compute_api_version: a cap */
	char		*cacert, *cert, *key;	/* TLS files */
	int		 verify;	/* 0 only when the settings say so */
	long		 timeout;	/* api_timeout in seconds (0: default) */
	/* secrets */
	char		*password;
	char		*appcred_secret;
	char		*token;
};

/*
 * Loads the settings of the cloud called name (NULL: $OS_CLOUD, else the
 * OS_* variables alone).  Returns a new config, or NULL with *cause: "no
 * cloud 'x' in /etc/openstack/clouds.yaml", "no cloud 'x': no clouds.yaml
 * in ./, ~/.config/openstack/ or /etc/openstack/", "FILE:LINE:COL: clouds
 * must be a mapping", "FILE:LINE:COL: mapping values are not allowed in
 * this context" (libyaml's words), "FILE: Permission denied", "cloud 'x'
 * has no auth_url" and the like.
 */
struct cloud_config *clouds_load(const char *name, char **cause);
/*
 * The names of the clouds of the clouds.yaml clouds_load() would read,
 * appended to out; *file (if not NULL) gets that file's path (caller
 * frees; NULL when there is none).  Nothing when it cannot be read.
 */
void	clouds_names(struct strv *out, char **file);
/* Frees c, wiping its secrets first; NULL is fine. */
void	clouds_free(struct cloud_config *c);

#endif
