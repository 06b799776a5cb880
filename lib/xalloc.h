/*
 * xalloc.h - allocation helpers that never return NULL.
 *
 * Every x-allocator aborts the program with a message on out-of-memory, so
 * callers never check for NULL.  Ownership: anything returned by an
 * x-function is owned by the caller and released with free().
 */
#ifndef OCMSH_XALLOC_H
#define OCMSH_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTFLIKE(a, b) __attribute__((format(printf, a, b)))
#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)
#define FREE_AND_NULL_JSON(j) do { json_decref(j); (j) = NULL; } while (0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
void	*xrealloc(void *ptr, size_t size);
/* Grows *ptr (of *cap elements of size elsize) to hold at least need. */
void	 xgrow(void **ptr, size_t *cap, size_t need, size_t elsize);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
char	*xasprintf(const char *fmt, ...) PRINTFLIKE(1, 2);
char	*xvasprintf(const char *fmt, va_list ap);

#endif
