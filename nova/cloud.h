/*
 * cloud.h - a logged-in connection to a cloud's compute API.
 *
 * cloud_open() reads the cloud's settings (nova/clouds.h), logs in to
 * keystone v3 (password, application credential or token; nothing for
 * admin_token and none), takes the compute endpoint from the catalog (the
 * configured interface and region) unless compute_endpoint_override or
 * the fixed endpoint says otherwise, and asks nova which microversions it
 * speaks.  A token is kept in memory for the rest of the run and reused by
 * a later cloud_open() with the same credentials while it is valid.
 *
 * No secret is ever put into an error message: messages that come back
 * from keystone are scrubbed of the password, secret and token.
 */
#ifndef OCMSH_NOVA_CLOUD_H
#define OCMSH_NOVA_CLOUD_H

#include <jansson.h>

#include "nova/clouds.h"
#include "nova/http.h"

/* The newest compute microversion ocmsh asks for: 2.87 lists flavors with
 * descriptions and extra specs, validates extra specs (2.86) and still
 * gives a hypervisor's memory (gone in 2.88). */
#define CLOUD_COMPUTE_MINOR	87

/* An open connection. */
struct cloud {
	struct cloud_config	*cfg;
	struct http		*http;
	char			*compute;	/* endpoint, no trailing '/' */
	int			 minor;		/* microversion 2.minor in use */
};

/*
 * Opens the cloud called name (NULL: $OS_CLOUD or the OS_* variables):
 * reads the settings, logs in, finds the compute endpoint and its
 * microversions.  Sends nothing but the login and one GET of the
 * endpoint.  NULL with *cause on any failure, one line: "cloud 'x':
 * login refused by https://k/v3: 401 The request you have made requires
 * authentication", "cloud 'x': cannot reach https://k/v3/auth/tokens:
 * ...", "cloud 'x': TLS failure with https://...: ...", and every error
 * of clouds_load().
 */
struct cloud	*cloud_open(const char *name, char **cause);
/* Closes c (the token stays cached for the run). */
void		 cloud_close(struct cloud *c);
/* Forgets every cached token (wiping them). */
void		 cloud_forget_tokens(void);

/* The compute URL of path ("/flavors/detail").  Caller frees. */
char		*cloud_url(const struct cloud *c, const char *path);
/*
 * GETs path of the compute API and returns its JSON (a new reference), or
 * NULL with *cause: "GET http://h/v2.1/flavors/detail: 403 Policy does
 * not allow ...".
 */
json_t		*cloud_get(struct cloud *c, const char *path, char **cause);
/* 1 if the microversion in use is at least 2.minor. */
int		 cloud_has(const struct cloud *c, int minor);

#endif
