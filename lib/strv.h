/* strv.h - a NULL-terminated vector of owned strings, and str_trim. */
#ifndef OCMSH_STRV_H
#define OCMSH_STRV_H

#include <stddef.h>

#include "lib/xalloc.h"

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

#endif
