/*
 * xmalloc.h - allocation helpers that never return NULL, growable string
 * vectors and string buffers.
 *
 * Every x-allocator aborts the program with a message on out-of-memory, so
 * callers never check for NULL.  Ownership: anything returned by an
 * x-function is owned by the caller and released with free().
 */
#ifndef OCMSH_XMALLOC_H
#define OCMSH_XMALLOC_H

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

/* A NULL-terminated vector of owned strings.  v[n] is always NULL. */
struct strv {
	char	**v;	/* the strings, owned */
	size_t	  n;	/* how many */
	size_t	  cap;	/* allocated slots */
};
#define STRV_INIT { NULL, 0, 0 }

void	 strv_init(struct strv *sv);
void	 strv_push(struct strv *sv, const char *s);	/* copies s */
void	 strv_push_nodup(struct strv *sv, char *s);	/* takes s */
void	 strv_pushf(struct strv *sv, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 strv_clear(struct strv *sv);	/* frees every string, keeps it usable */
void	 strv_release(struct strv *sv);	/* frees everything */
void	 strv_sort(struct strv *sv);	/* strcmp order */
void	 strv_uniq(struct strv *sv);	/* drops adjacent duplicates */
int	 strv_find(const struct strv *sv, const char *s);	/* index or -1 */
/* Trims blanks (space, tab, CR, LF) at both ends, in place; returns the
 * first kept character (inside s). */
char	*str_trim(char *s);

/* Joins with sep into a new string. */
char	*strv_join(const struct strv *sv, const char *sep);

/* A growable byte buffer, always NUL-terminated. */
struct sbuf {
	char	*buf;	/* the bytes; NUL-terminated once anything is added */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* allocated */
};
#define SBUF_INIT { NULL, 0, 0 }

void	 sbuf_init(struct sbuf *sb);
void	 sbuf_add(struct sbuf *sb, const void *data, size_t len);
void	 sbuf_adds(struct sbuf *sb, const char *s);
void	 sbuf_addc(struct sbuf *sb, char c);
void	 sbuf_addf(struct sbuf *sb, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 sbuf_reset(struct sbuf *sb);	/* len = 0, keeps the memory */
void	 sbuf_release(struct sbuf *sb);
/* Returns the buffer (owned by the caller, never NULL) and empties sb. */
char	*sbuf_detach(struct sbuf *sb, size_t *len);
/* Reads a whole file; -1 with *cause set on error. Limit 0 = none. */
int	 sbuf_read_file(struct sbuf *sb, const char *path, size_t limit,
	    char **cause);

#endif
