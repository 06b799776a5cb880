/*
 * http.h - HTTP requests through libcurl, one at a time or several at
 * once over a small, bounded number of connections.
 *
 * One struct http is a libcurl multi handle with the TLS and timeout
 * settings of a cloud; its connections are kept and reused for every
 * request it runs.  Every request has a whole-request timeout, so nothing
 * here waits forever.  Redirects are not followed (a token must not go
 * anywhere else), only http and https are spoken, and nothing is printed.
 */
#ifndef OCMSH_NOVA_HTTP_H
#define OCMSH_NOVA_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "lib/sbuf.h"

/* How requests are made. */
struct http_opts {
	const char	*cacert;	/* CA bundle, or NULL: the system's */
	const char	*cert, *key;	/* client certificate, or NULL */
	int		 verify;	/* check the server's certificate */
	long		 timeout;	/* seconds per request (0: 60) */
	long		 connect_timeout;	/* seconds (0: 10) */
	size_t		 maxconns;	/* connections at once (0: 4) */
};

/* One request and, once finished, its response. */
struct http_req {
	/* set by http_req_new() and the caller */
	char		*method;
	char		*url;
	char		*body;		/* JSON text, or NULL */
	int		 anon;		/* send no X-Auth-Token */
	void		*arg;		/* the caller's */
	/* the outcome */
	long		 status;	/* HTTP status; 0: no response */
	struct sbuf	 resp;		/* response body */
	char		*subject_token;	/* X-Subject-Token (a secret) */
	char		*error;		/* status 0: why, one line */
	/* private */
	void		*easy;
	void		*hdrs;
	char		 errbuf[256];
};

struct http;

/* A new client with options o (copied). */
struct http	*http_new(const struct http_opts *o);
/* Frees h; requests still running are abandoned (and freed by nobody:
 * wait for them first). */
void		 http_free(struct http *h);
/* The token sent as X-Auth-Token from now on (copied; NULL: none). */
void		 http_set_token(struct http *h, const char *token);
/* The OpenStack-API-Version header value ("compute 2.87"), or NULL. */
void		 http_set_version(struct http *h, const char *version);

/* A new request; body (borrowed, may be NULL) is sent as JSON. */
struct http_req	*http_req_new(const char *method, const char *url,
		    const json_t *body);
void		 http_req_free(struct http_req *r);

/* Starts r (it must not be running). */
void		 http_start(struct http *h, struct http_req *r);
/* Waits until a running request finishes and returns it, or NULL when
 * none is running. */
struct http_req	*http_wait(struct http *h);
/* Number of requests started and not yet returned by http_wait(). */
size_t		 http_running(const struct http *h);
/* Runs r alone: starts it and waits for it.  Returns r->status. */
long		 http_do(struct http *h, struct http_req *r);

/*
 * The response as JSON (a new reference), or NULL when it is not JSON.
 */
json_t		*http_json(const struct http_req *r);
/*
 * One line saying why r failed: r->error for no response, else the
 * message nova or keystone put in the body ({"badRequest": {"message":
 * ...}}, {"error": {"message": ...}}) after the status: "409 Flavor with
 * name x already exists.", else the status line.  Caller frees.
 */
char		*http_failure(const struct http_req *r);
/* The URL without user info, query or fragment, for messages.  Caller
 * frees. */
char		*http_display_url(const char *url);
/* s escaped for one path segment.  Caller frees. */
char		*http_escape(const char *s);

#endif
