/*
 * ini.c - nova.conf kept as its bytes plus one record per line.
 *
 * Lines are classified the way oslo.config's iniparser reads them (see
 * ini.h).  An edit never touches the bytes it does not manage: ini_set()
 * walks the records, copies every kept line with its own line ending,
 * leaves out the dropped ones and emits the new lines at one place, then
 * parses the result again so that the next edit sees the new file.
 *
 * Lines are joined end to end, so a lone CR ending one line must never
 * meet the LF of an empty line after it: the two would read as one CRLF
 * ending and the empty line would vanish (changing line numbers, letting
 * an indented line become a continuation, and making a second identical
 * edit change the file).  Where that would happen the empty line, kept or
 * new, is written with CRLF instead of LF.  (Changing the line before it
 * would not do: whether a new line meets an empty line depends on later
 * edits, so its ending would flip as they come and go.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nova/ini.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* What a line is. */
enum ini_kind {
	INI_BLANK,	/* empty, or blanks only */
	INI_COMMENT,	/* starts with '#' or ';' */
	INI_SECTION,	/* "[name]" */
	INI_OPTION,	/* "key = value" or "key: value" */
	INI_CONT,	/* indented line continuing the option above */
	INI_OTHER	/* anything oslo.config refuses to parse */
};

/* One line of the file. */
struct ini_rec {
	enum ini_kind	kind;		/* what the line is */
	size_t		start;		/* offset of its first byte */
	size_t		end;		/* past its content, before the EOL */
	size_t		eol;		/* line-ending bytes: 0, 1 or 2 */
	long		section;	/* its section's header; -1 none */
	size_t		name, namelen;	/* SECTION: name; OPTION: key */
	size_t		val, vallen;	/* OPTION: value; CONT: its text */
	size_t		last;		/* OPTION: its last line (or CONT) */
};

struct ini {
	char		*buf;		/* the bytes, NUL-terminated, owned */
	size_t		 len;		/* how many bytes */
	struct ini_rec	*recs;		/* one per line */
	size_t		 n;		/* how many lines */
	size_t		 cap;		/* allocated records */
	const char	*eol;		/* dominant line ending */
};

/* Python's str.isspace() for one ASCII byte. */
static int
ini_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* Narrows [*s, *e) of buf by the blanks at both ends. */
static void
ini_strip(const char *buf, size_t *s, size_t *e)
{
	while (*s < *e && ini_space((unsigned char)buf[*s]))
		(*s)++;
	while (*e > *s && ini_space((unsigned char)buf[*e - 1]))
		(*e)--;
}

/* Lower-cases one ASCII letter, whatever the locale. */
static int
ini_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/*
 * Whether section name a (alen bytes) is the group b for oslo.config:
 * group names are compared lower-cased, except that "DEFAULT" is only
 * ever "DEFAULT".
 */
static int
ini_section_eq(const char *a, size_t alen, const char *b)
{
	size_t	blen = strlen(b), i;
	int	adef = alen == 7 && memcmp(a, "DEFAULT", 7) == 0;
	int	bdef = strcmp(b, "DEFAULT") == 0;

	if (adef || bdef)
		return adef && bdef;
	if (alen != blen)
		return 0;
	for (i = 0; i < alen; i++) {
		if (ini_lower(a[i]) != ini_lower(b[i]))
			return 0;
	}
	return 1;
}

/* Whether record i is an option line of name (within a section). */
static int
ini_rec_is(const struct ini *ini, size_t i, const struct ini_name *name)
{
	const struct ini_rec	*r = &ini->recs[i], *s;

	if (r->kind != INI_OPTION || r->section < 0)
		return 0;
	if (r->namelen != strlen(name->key) ||
	    memcmp(ini->buf + r->name, name->key, r->namelen) != 0)
		return 0;
	s = &ini->recs[r->section];
	return ini_section_eq(ini->buf + s->name, s->namelen, name->section);
}

/* Classifies the line [start, end) as record r; *opt tracks the option. */
static void
ini_classify(struct ini *ini, struct ini_rec *r, size_t idx, long *section,
    long *opt)
{
	const char	*b = ini->buf;
	size_t		 s = r->start, e = r->end, sep, ks, ke, vs, ve;
	const char	*colon, *equal;

	r->section = *section;
	while (e > s && ini_space((unsigned char)b[e - 1]))
		e--;
	if (e == s) {
		r->kind = INI_BLANK;
		*opt = -1;
		return;
	}
	if (b[s] == ' ' || b[s] == '\t') {
		if (*opt < 0) {
			r->kind = INI_OTHER;
			return;
		}
		r->kind = INI_CONT;
		vs = s;
		ini_strip(b, &vs, &e);
		r->val = vs;
		r->vallen = e - vs;
		ini->recs[*opt].last = idx;
		return;
	}
	*opt = -1;
	if (b[s] == '[') {
		if (b[e - 1] != ']' || e - s <= 2) {
			r->kind = INI_OTHER;
			return;
		}
		r->kind = INI_SECTION;
		r->name = s + 1;
		r->namelen = e - s - 2;
		*section = (long)idx;
		r->section = *section;
		return;
	}
	if (b[s] == '#' || b[s] == ';') {
		r->kind = INI_COMMENT;
		return;
	}
	colon = memchr(b + s, ':', e - s);
	equal = memchr(b + s, '=', e - s);
	if (colon == NULL && equal == NULL) {
		r->kind = INI_OTHER;
		return;
	}
	if (colon == NULL || (equal != NULL && equal < colon))
		sep = (size_t)(equal - b);
	else
		sep = (size_t)(colon - b);
	ks = s;
	ke = sep;
	ini_strip(b, &ks, &ke);
	if (ks == ke) {
		r->kind = INI_OTHER;
		return;
	}
	vs = sep + 1;
	ve = e;
	ini_strip(b, &vs, &ve);
	r->kind = INI_OPTION;
	r->name = ks;
	r->namelen = ke - ks;
	r->val = vs;
	r->vallen = ve - vs;
	r->last = idx;
	*opt = (long)idx;
}

/* Splits ini->buf into records and picks the dominant line ending. */
static void
ini_scan(struct ini *ini)
{
	const char	*b = ini->buf;
	size_t		 pos = 0, p, nlf = 0, ncrlf = 0, ncr = 0;
	long		 section = -1, opt = -1;
	struct ini_rec	*r;

	ini->n = 0;
	while (pos < ini->len) {
		xgrow((void **)&ini->recs, &ini->cap, ini->n + 1,
		    sizeof *ini->recs);
		r = &ini->recs[ini->n];
		memset(r, 0, sizeof *r);
		p = pos;
		while (p < ini->len && b[p] != '\n' && b[p] != '\r')
			p++;
		r->start = pos;
		r->end = p;
		if (p == ini->len)
			r->eol = 0;
		else if (b[p] == '\r' && p + 1 < ini->len && b[p + 1] == '\n') {
			r->eol = 2;
			ncrlf++;
		} else {
			r->eol = 1;
			if (b[p] == '\n')
				nlf++;
			else
				ncr++;
		}
		ini_classify(ini, r, ini->n, &section, &opt);
		ini->n++;
		pos = p + r->eol;
	}
	if (ncrlf > nlf && ncrlf >= ncr)
		ini->eol = "\r\n";
	else if (ncr > nlf && ncr > ncrlf)
		ini->eol = "\r";
	else
		ini->eol = "\n";
}

/* Replaces the contents of ini with buf (taken) and parses it. */
static void
ini_load(struct ini *ini, char *buf, size_t len)
{
	free(ini->buf);
	ini->buf = buf;
	ini->len = len;
	ini_scan(ini);
}

/* Parses a copy of buf; any bytes are accepted. */
struct ini *
ini_parse(const char *buf, size_t len)
{
	struct ini	*ini = xcalloc(1, sizeof *ini);
	char		*copy = xmalloc(len + 1);

	if (len > 0)
		memcpy(copy, buf, len);
	copy[len] = '\0';
	ini_load(ini, copy, len);
	return ini;
}

/* Frees ini; NULL is fine. */
void
ini_free(struct ini *ini)
{
	if (ini == NULL)
		return;
	free(ini->buf);
	free(ini->recs);
	free(ini);
}

/* Appends the value of option record i to out, as oslo.config reads it. */
static void
ini_value(const struct ini *ini, size_t i, struct strv *out)
{
	const struct ini_rec	*r = &ini->recs[i];
	const char		*v = ini->buf + r->val;
	size_t			 vlen = r->vallen, j;
	struct sbuf		 sb = SBUF_INIT;

	/* A first part quoted with the same quote at both ends loses them. */
	if (vlen > 0 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0]) {
		if (vlen == 1)
			vlen = 0;
		else {
			v++;
			vlen -= 2;
		}
	}
	sbuf_add(&sb, v, vlen);
	for (j = i + 1; j <= r->last; j++) {
		sbuf_addc(&sb, '\n');
		sbuf_add(&sb, ini->buf + ini->recs[j].val,
		    ini->recs[j].vallen);
	}
	strv_push_nodup(out, sbuf_detach(&sb, NULL));
}

/* Appends every value of name to out; returns how many. */
size_t
ini_get(const struct ini *ini, const struct ini_name *name, struct strv *out)
{
	size_t	i, found = 0;

	for (i = 0; i < ini->n; i++) {
		if (ini_rec_is(ini, i, name)) {
			ini_value(ini, i, out);
			found++;
		}
	}
	return found;
}

/* 1-based line of the first occurrence of name, or 0. */
size_t
ini_line(const struct ini *ini, const struct ini_name *name)
{
	return ini_line_nth(ini, name, 0);
}

/* 1-based line of occurrence nth (from 0) of name, or 0. */
size_t
ini_line_nth(const struct ini *ini, const struct ini_name *name, size_t nth)
{
	size_t	i;

	for (i = 0; i < ini->n; i++) {
		if (ini_rec_is(ini, i, name) && nth-- == 0)
			return i + 1;
	}
	return 0;
}

/* Whether record i starts with a blank. */
static int
ini_indented(const struct ini *ini, size_t i)
{
	const struct ini_rec	*r = &ini->recs[i];

	return r->end > r->start &&
	    (ini->buf[r->start] == ' ' || ini->buf[r->start] == '\t');
}

/* 1 if the n bytes at s are UTF-8 (no overlong forms or surrogates). */
static int
ini_utf8(const unsigned char *s, size_t n)
{
	size_t	i = 0, k, len;
	unsigned long cp;

	while (i < n) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 &&
		    cp <= 0xdfff))) || (len == 4 && (cp < 0x10000 ||
		    cp > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

/* The first line oslo.config refuses (see ini.h), or 0. */
size_t
ini_error(const struct ini *ini, int utf8, const char **why)
{
	const char	*w = NULL;
	size_t		 i;

	for (i = 0; i < ini->n && w == NULL; i++) {
		const struct ini_rec *r = &ini->recs[i];

		if (utf8 && !ini_utf8((const unsigned char *)ini->buf +
		    r->start, r->end - r->start))
			w = "not UTF-8 text";
		else if (r->kind == INI_OTHER)
			w = ini_indented(ini, i) ? "unexpected continuation "
			    "line" : ini->buf[r->start] == '[' ? "invalid "
			    "section header" : "not an option, comment or "
			    "section";
		else if (r->kind == INI_OPTION && r->section < 0)
			w = "option before any section";
	}
	if (why != NULL)
		*why = w;
	return w ? i : 0;
}

/* Marks option record i and its continuation lines as dropped. */
static void
ini_drop(const struct ini *ini, size_t i, char *drop)
{
	size_t	j;

	for (j = i; j <= ini->recs[i].last; j++)
		drop[j] = 1;
}

/* Where new lines go when target has no occurrence: see ini.h. */
static size_t
ini_place(const struct ini *ini, const struct ini_name *target, int *newsec)
{
	size_t	i, at = 0;
	long	sec = -1;

	for (i = 0; i < ini->n; i++) {
		const struct ini_rec *r = &ini->recs[i];

		if (r->kind == INI_SECTION && ini_section_eq(ini->buf + r->name,
		    r->namelen, target->section)) {
			sec = (long)i;
			at = i + 1;
		} else if (r->kind == INI_OPTION && sec >= 0 &&
		    r->section == sec)
			at = r->last + 1;
	}
	*newsec = sec < 0;
	if (sec < 0)
		return ini->n;
	/*
	 * Right after a header, indented lines (an error for oslo.config)
	 * would turn into continuations of the new lines: go past them.
	 */
	while (at < ini->n && ini->recs[at].kind == INI_OTHER &&
	    ini_indented(ini, at))
		at++;
	return at;
}

/*
 * Appends len bytes of s, one or more whole lines, to out.  If out ends in
 * a lone CR and s starts with the LF of an empty line, that line is
 * written with CRLF: the CR and LF would otherwise read as one ending.
 */
static void
ini_add(struct sbuf *out, const char *s, size_t len)
{
	if (len > 0 && s[0] == '\n' && out->len > 0 &&
	    out->buf[out->len - 1] == '\r')
		sbuf_addc(out, '\r');
	sbuf_add(out, s, len);
}

/* Adds a line ending to out if its last line has none. */
static void
ini_end_line(const struct ini *ini, struct sbuf *out)
{
	char	c;

	if (out->len == 0)
		return;
	c = out->buf[out->len - 1];
	if (c != '\n' && c != '\r')
		sbuf_adds(out, ini->eol);
}

/* The line ending of record i, or the dominant one if it has none. */
static const char *
ini_eol_of(const struct ini *ini, size_t i)
{
	const struct ini_rec	*r = &ini->recs[i];

	if (r->eol == 2)
		return "\r\n";
	if (r->eol == 1)
		return ini->buf[r->end] == '\n' ? "\n" : "\r";
	return ini->eol;
}

/* Emits the managed lines (and the new section header, if any). */
static void
ini_emit(const struct ini *ini, struct sbuf *out, int newsec, int lastblank,
    const char *eol, const struct ini_name *target,
    const char *const *values, size_t n)
{
	size_t	i;

	ini_end_line(ini, out);
	if (newsec) {
		if (out->len > 0 && !lastblank)
			ini_add(out, eol, strlen(eol));
		sbuf_addf(out, "[%s]%s", target->section, eol);
	}
	for (i = 0; i < n; i++)
		sbuf_addf(out, "%s = %s%s", target->key, values[i], eol);
}

/* Sets target to values[n] and removes others[]; see ini.h. */
void
ini_set(struct ini *ini, const struct ini_name *target,
    const char *const *values, size_t n,
    const struct ini_name *others, size_t nothers)
{
	char		*drop = xcalloc(ini->n + 1, 1);
	struct sbuf	 out = SBUF_INIT;
	size_t		 i, j, at = ini->n, len;
	int		 found = 0, newsec = 0, lastblank = 0;
	const char	*eol = ini->eol;
	char		*buf;

	for (i = 0; i < ini->n; i++) {
		if (ini_rec_is(ini, i, target)) {
			if (!found)
				at = i;
			found = 1;
			ini_drop(ini, i, drop);
			continue;
		}
		/* (a line of target never gets here, even if in others) */
		for (j = 0; j < nothers; j++) {
			if (ini_rec_is(ini, i, &others[j])) {
				ini_drop(ini, i, drop);
				break;
			}
		}
	}
	/*
	 * Replacing lines end like the line they replace, so that editing
	 * a file twice gives the same bytes; other lines take the dominant
	 * ending.
	 */
	if (found)
		eol = ini_eol_of(ini, at);
	else if (n > 0)
		at = ini_place(ini, target, &newsec);
	else
		at = ini->n + 1;	/* nothing to emit */

	for (i = 0; i <= ini->n; i++) {
		if (i == at)
			ini_emit(ini, &out, newsec, lastblank, eol, target,
			    values, n);
		if (i == ini->n || drop[i])
			continue;
		ini_add(&out, ini->buf + ini->recs[i].start,
		    ini->recs[i].end + ini->recs[i].eol - ini->recs[i].start);
		lastblank = ini->recs[i].kind == INI_BLANK;
	}
	free(drop);
	buf = sbuf_detach(&out, &len);
	ini_load(ini, buf, len);
}

/* Returns a copy of the file's current bytes. */
char *
ini_render(const struct ini *ini, size_t *len)
{
	char	*copy = xmalloc(ini->len + 1);

	memcpy(copy, ini->buf, ini->len);
	copy[ini->len] = '\0';
	if (len != NULL)
		*len = ini->len;
	return copy;
}
