/*
 * curlrt.h - libcurl, loaded when first needed (dlopen) rather than at
 * start: libcurl brings some 30 libraries (TLS, LDAP, Kerberos, SSH...)
 * whose loading and relocation took most of the start-up of a run that
 * talks to no server.  Include this instead of <curl/curl.h>: the curl_*
 * calls below then go through the table curlrt_load() fills.
 */
#ifndef OCMSH_CURLRT_H
#define OCMSH_CURLRT_H

/* the calls go through pointers: curl's macros cannot check them */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>

struct curlrt {
	CURLcode	(*global_init)(long);
	CURL		*(*easy_init)(void);
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLcode	(*easy_perform)(CURL *);
	void		(*easy_cleanup)(CURL *);
	void		(*easy_reset)(CURL *);
	const char	*(*easy_strerror)(CURLcode);
	char		*(*easy_escape)(CURL *, const char *, int);
	void		(*free)(void *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		(*slist_free_all)(struct curl_slist *);
	CURLM		*(*multi_init)(void);
	CURLMcode	(*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode	(*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_perform)(CURLM *, int *);
	CURLMcode	(*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
			    int, int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	(*multi_cleanup)(CURLM *);
};
extern struct curlrt curlrt;

/*
 * Loads libcurl and calls curl_global_init() once.  Exits with a message
 * naming the library when it cannot be loaded (the package depends on
 * it: a broken installation).
 */
void	curlrt_load(void);

/* curl.h may define these three as macros around the functions */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt
#define curl_global_init	curlrt.global_init
#define curl_easy_init		curlrt.easy_init
#define curl_easy_setopt	curlrt.easy_setopt
#define curl_easy_getinfo	curlrt.easy_getinfo
#define curl_easy_perform	curlrt.easy_perform
#define curl_easy_cleanup	curlrt.easy_cleanup
#define curl_easy_reset		curlrt.easy_reset
#define curl_easy_strerror	curlrt.easy_strerror
#define curl_easy_escape	curlrt.easy_escape
#define curl_free		curlrt.free
#define curl_slist_append	curlrt.slist_append
#define curl_slist_free_all	curlrt.slist_free_all
#define curl_multi_init		curlrt.multi_init
#define curl_multi_setopt	curlrt.multi_setopt
#define curl_multi_add_handle	curlrt.multi_add_handle
#define curl_multi_remove_handle curlrt.multi_remove_handle
#define curl_multi_perform	curlrt.multi_perform
#define curl_multi_poll		curlrt.multi_poll
#define curl_multi_info_read	curlrt.multi_info_read
#define curl_multi_cleanup	curlrt.multi_cleanup

#endif
