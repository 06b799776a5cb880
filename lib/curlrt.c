/* curlrt.c - libcurl loaded when first needed (see curlrt.h). */
#include "config.h"

#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/curlrt.h"

struct curlrt curlrt;

/* The library's file name: the soname of libcurl 7 and 8. */
#define CURLRT_SONAME "libcurl.so.4"

/* Where each pointer of curlrt comes from. */
static const struct {
	const char	*name;
	size_t		 off;
} syms[] = {
#define S(f, n) { n, offsetof(struct curlrt, f) }
	S(global_init, "curl_global_init"),
	S(easy_init, "curl_easy_init"),
	S(easy_setopt, "curl_easy_setopt"),
	S(easy_getinfo, "curl_easy_getinfo"),
	S(easy_perform, "curl_easy_perform"),
	S(easy_cleanup, "curl_easy_cleanup"),
	S(easy_reset, "curl_easy_reset"),
	S(easy_strerror, "curl_easy_strerror"),
	S(easy_escape, "curl_easy_escape"),
	S(free, "curl_free"),
	S(slist_append, "curl_slist_append"),
	S(slist_free_all, "curl_slist_free_all"),
	S(multi_init, "curl_multi_init"),
	S(multi_setopt, "curl_multi_setopt"),
	S(multi_add_handle, "curl_multi_add_handle"),
	S(multi_remove_handle, "curl_multi_remove_handle"),
	S(multi_perform, "curl_multi_perform"),
	S(multi_poll, "curl_multi_poll"),
	S(multi_info_read, "curl_multi_info_read"),
	S(multi_cleanup, "curl_multi_cleanup"),
#undef S
};

/* Loads libcurl and initialises it, once (see curlrt.h). */
void
curlrt_load(void)
{
	static int loaded;
	void *lib;

	if (loaded)
		return;
	if ((lib = dlopen(CURLRT_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "ocmsh: cannot load %s, which talking to a "
		    "server needs: %s\n", CURLRT_SONAME, dlerror());
		exit(1);
	}
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		void *p = dlsym(lib, syms[i].name);

		if (p == NULL) {
			fprintf(stderr, "ocmsh: %s lacks %s: a libcurl of "
			    "7.85 or later is needed\n", CURLRT_SONAME,
			    syms[i].name);
			exit(1);
		}
		/* POSIX: a function pointer can be stored as data here */
		memcpy((char *)&curlrt + syms[i].off, &p, sizeof p);
	}
	loaded = 1;
	curlrt.global_init(CURL_GLOBAL_DEFAULT);
}
