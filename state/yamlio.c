/*
 * yamlio.c - YAML <-> jansson with source positions, on libyaml's event
 * API.  The loader builds the JSON tree from parser events with an
 * explicit stack (no recursion), so its cost is linear in the input; node
 * positions go into an open-addressing hash table keyed by node address.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "lib/xalloc.h"
#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "state/yamlio.h"

/* Position of one node and of its key (0 when it has no key). */
struct ymark {
	const void	*node;
	int		 line, col;
	int		 kline, kcol;
};

/*
 * Position of a member (or element) whose value is null, true or false:
 * jansson shares one node for each, so they are found by their place.
 */
struct ynullmark {
	const void	*obj;
	char		*key;	/* owned; an element's index in decimal */
	int		 kline, kcol;	/* 0 for an element */
	int		 line, col;
};

struct ymarks {
	struct ymark	*tab;	/* open addressing, linear probing */
	size_t		 cap;	/* a power of two */
	size_t		 n;
	struct ynullmark *ntab;	/* members holding a shared node, same scheme */
	size_t		 ncap;
	size_t		 nn;
	int		 rline, rcol;	/* the document's node */
};

/* One open collection on the loader's stack. */
struct yframe {
	json_t	*node;		/* borrowed: owned by the parent or root */
	int	 is_map;
	int	 has_key;	/* mapping: a key waits for its value */
	yaml_event_t key;	/* that key's scalar event, owned */
};

/* Hashes a pointer. */
static size_t
ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

/* Hashes a pointer and a string together. */
static size_t
member_hash(const void *obj, const char *key)
{
	size_t h = ptr_hash(obj);

	while (*key != '\0')
		h = (h ^ (unsigned char)*key++) * 0x100000001b3ULL;
	return h;
}

/*
 * Allocates an empty marks table sized for an input of len bytes (about
 * one node in 20 bytes for a typical state), so that it seldom grows.
 */
static struct ymarks *
ymarks_new(size_t len)
{
	struct ymarks *m = xcalloc(1, sizeof *m);

	m->cap = 1024;
	while (m->cap / 4 * 3 < len / 20)
		m->cap *= 2;
	m->tab = xcalloc(m->cap, sizeof *m->tab);
	return m;
}

/* Inserts e into tab (cap a power of two, never full). */
static void
ymarks_put(struct ymark *tab, size_t cap, const struct ymark *e)
{
	size_t i = ptr_hash(e->node) & (cap - 1);

	while (tab[i].node != NULL && tab[i].node != e->node)
		i = (i + 1) & (cap - 1);
	tab[i] = *e;
}

/* Records the position of node (and of its key, if kline > 0). */
static void
ymarks_add(struct ymarks *m, const json_t *node, int line, int col,
    int kline, int kcol)
{
	struct ymark e = { node, line, col, kline, kcol }, *old;
	size_t i, oldcap;

	if (m->n + 1 > m->cap / 4 * 3) {
		old = m->tab;
		oldcap = m->cap;
		m->cap *= 2;
		m->tab = xcalloc(m->cap, sizeof *m->tab);
		for (i = 0; i < oldcap; i++)
			if (old[i].node != NULL)
				ymarks_put(m->tab, m->cap, &old[i]);
		free(old);
	}
	ymarks_put(m->tab, m->cap, &e);
	m->n++;
}

/* Finds the entry of node, or NULL. */
static const struct ymark *
ymarks_find(const struct ymarks *m, const json_t *node)
{
	size_t i;

	if (m == NULL || node == NULL)
		return NULL;
	i = ptr_hash(node) & (m->cap - 1);
	while (m->tab[i].node != NULL) {
		if (m->tab[i].node == node)
			return &m->tab[i];
		i = (i + 1) & (m->cap - 1);
	}
	return NULL;
}

/* Inserts e into the null-member table (never full). */
static void
ymarks_nput(struct ynullmark *tab, size_t cap, const struct ynullmark *e)
{
	size_t i = member_hash(e->obj, e->key) & (cap - 1);

	while (tab[i].obj != NULL)
		i = (i + 1) & (cap - 1);
	tab[i] = *e;
}

/* Whether v is one of jansson's shared nodes (null, true, false). */
static int
is_shared(const json_t *v)
{
	return json_is_null(v) || json_is_boolean(v);
}

/* Records the position of member key of obj, whose value is shared. */
static void
ymarks_add_null(struct ymarks *m, const json_t *obj, const char *key,
    int kline, int kcol, int line, int col)
{
	struct ynullmark e = { obj, xstrdup(key), kline, kcol, line, col };
	struct ynullmark *old;
	size_t i, oldcap;

	if (2 * (m->nn + 1) > m->ncap) {
		old = m->ntab;
		oldcap = m->ncap;
		m->ncap = m->ncap ? 2 * m->ncap : 64;
		m->ntab = xcalloc(m->ncap, sizeof *m->ntab);
		for (i = 0; i < oldcap; i++)
			if (old[i].obj != NULL)
				ymarks_nput(m->ntab, m->ncap, &old[i]);
		free(old);
	}
	ymarks_nput(m->ntab, m->ncap, &e);
	m->nn++;
}

/* Position of node; 0 if it has none. */
int
ymarks_get(const struct ymarks *m, const json_t *node, int *line, int *col)
{
	const struct ymark *e = ymarks_find(m, node);

	if (e == NULL)
		return 0;
	*line = e->line;
	*col = e->col;
	return 1;
}

/* Position of the key whose value is node; 0 if it has none. */
int
ymarks_get_key(const struct ymarks *m, const json_t *node, int *line,
    int *col)
{
	const struct ymark *e = ymarks_find(m, node);

	if (e == NULL || e->kline == 0)
		return 0;
	*line = e->kline;
	*col = e->kcol;
	return 1;
}

/* The entry of member key of obj, whose value is shared, or NULL. */
static const struct ynullmark *
ymarks_find_member(const struct ymarks *m, const json_t *obj,
    const char *key)
{
	size_t i;

	if (m->ncap == 0)
		return NULL;
	i = member_hash(obj, key) & (m->ncap - 1);
	while (m->ntab[i].obj != NULL) {
		if (m->ntab[i].obj == obj && strcmp(m->ntab[i].key, key) == 0)
			return &m->ntab[i];
		i = (i + 1) & (m->ncap - 1);
	}
	return NULL;
}

/* Position of the key key in the mapping obj; 0 if unknown. */
int
ymarks_get_member(const struct ymarks *m, const json_t *obj, const char *key,
    int *line, int *col)
{
	const struct ynullmark *e;
	const json_t *v;

	if (m == NULL || !json_is_object(obj) ||
	    (v = json_object_get(obj, key)) == NULL)
		return 0;
	if (!is_shared(v))
		return ymarks_get_key(m, v, line, col);
	if ((e = ymarks_find_member(m, obj, key)) == NULL)
		return 0;
	*line = e->kline;
	*col = e->kcol;
	return 1;
}

int
ymarks_get_in(const struct ymarks *m, const json_t *obj, const char *key,
    size_t index, int *line, int *col)
{
	const struct ynullmark *e;
	const json_t *v;
	char num[24];

	if (m == NULL)
		return 0;
	if (obj == NULL) {
		*line = m->rline;
		*col = m->rcol;
		return m->rline > 0;
	}
	v = key ? json_object_get(obj, key) : json_array_get(obj, index);
	if (v == NULL)
		return 0;
	if (!is_shared(v))
		return ymarks_get(m, v, line, col);
	if (key == NULL) {
		snprintf(num, sizeof num, "%zu", index);
		key = num;
	}
	if ((e = ymarks_find_member(m, obj, key)) == NULL)
		return 0;
	*line = e->line;
	*col = e->col;
	return 1;
}

/* Frees a marks table. */
void
ymarks_free(struct ymarks *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ncap; i++)
		free(m->ntab[i].key);
	free(m->ntab);
	free(m->tab);
	free(m);
}

/* Sets *cause to "name:line:col: message" and returns NULL. */
static json_t * PRINTFLIKE(5, 6)
load_error(char **cause, const char *name, size_t line, size_t col,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s:%zu:%zu: %s", name, line, col, msg);
	free(msg);
	return NULL;
}

/* Line and column (1-based, columns in characters) of byte offset off. */
static void
offset_position(const char *buf, size_t len, size_t off, size_t *line,
    size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Quotes a key or scalar for a message, shortened to a sane length. */
static char *
quote_for_message(const char *s, size_t len)
{
	if (len > 60)
		return xasprintf("%.57s...", s);
	return xstrndup(s, len);
}

/* Turns a scalar event into a JSON value (new reference). */
static json_t *
scalar_value(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	json_t *typed;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.plain_implicit) {
		if (len == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0)
			return json_null();
		if ((typed = scalar_from_text(v, len)) != NULL)
			return typed;
	}
	/* libyaml has checked the input is UTF-8. */
	return json_stringn_nocheck(v, len);
}

/* Anchor of a node event, or NULL. */
static const yaml_char_t *
event_anchor(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return ev->data.scalar.anchor;
	case YAML_SEQUENCE_START_EVENT:
		return ev->data.sequence_start.anchor;
	case YAML_MAPPING_START_EVENT:
		return ev->data.mapping_start.anchor;
	default:
		return NULL;
	}
}

/* Formats a libyaml parser error as "name:line:col: problem". */
static void
parser_error(const yaml_parser_t *p, const char *name, const char *buf,
    size_t len, char **cause)
{
	const char *problem = p->problem ? p->problem : "YAML syntax error";
	size_t line, col;

	if (p->error == YAML_READER_ERROR) {
		offset_position(buf, len, p->problem_offset, &line, &col);
		if (p->problem_value != -1)
			load_error(cause, name, line, col, "%s (byte 0x%02x)",
			    problem, (unsigned)p->problem_value & 0xff);
		else
			load_error(cause, name, line, col, "%s", problem);
		return;
	}
	if (p->error == YAML_MEMORY_ERROR) {
		load_error(cause, name, 1, 1, "out of memory parsing YAML");
		return;
	}
	line = p->problem_mark.line + 1;
	col = p->problem_mark.column + 1;
	if (p->context != NULL)
		load_error(cause, name, line, col, "%s %s", problem, p->context);
	else
		load_error(cause, name, line, col, "%s", problem);
}

/*
 * Attaches the new node v (whose event is ev) to the top frame, or makes it
 * the root.  Takes the reference to v.  Returns 0, or -1 with *cause set.
 */
static int
attach(struct yframe *top, json_t **root, json_t *v, const yaml_event_t *ev,
    struct ymarks *marks, const char *name, char **cause)
{
	int line = (int)ev->start_mark.line + 1;
	int col = (int)ev->start_mark.column + 1;
	int kline, kcol;
	const char *key;

	if (top == NULL) {
		*root = v;
		if (marks != NULL) {
			marks->rline = line;
			marks->rcol = col;
			if (!is_shared(v))
				ymarks_add(marks, v, line, col, 0, 0);
		}
		return 0;
	}
	if (!top->is_map) {
		if (marks != NULL && is_shared(v)) {
			char num[24];

			snprintf(num, sizeof num, "%zu",
			    json_array_size(top->node));
			ymarks_add_null(marks, top->node, num, 0, 0, line, col);
		} else if (marks != NULL)
			ymarks_add(marks, v, line, col, 0, 0);
		json_array_append_new(top->node, v);
		return 0;
	}
	/* A mapping with no pending key: v was to be a key. */
	if (!top->has_key) {
		json_decref(v);
		load_error(cause, name, (size_t)line, (size_t)col,
		    "a mapping key must be a scalar");
		return -1;
	}
	key = (const char *)top->key.data.scalar.value;
	kline = (int)top->key.start_mark.line + 1;
	kcol = (int)top->key.start_mark.column + 1;
	json_object_set_new_nocheck(top->node, key, v);
	if (marks != NULL) {
		if (is_shared(v))
			ymarks_add_null(marks, top->node, key, kline, kcol,
			    line, col);
		else
			ymarks_add(marks, v, line, col, kline, kcol);
	}
	yaml_event_delete(&top->key);
	top->has_key = 0;
	return 0;
}

/*
 * Takes the scalar event ev as the pending key of the mapping top: on
 * success top owns the event.  Returns 0, or -1 with *cause set.
 */
static int
take_key(struct yframe *top, const yaml_event_t *ev, const char *name,
    char **cause)
{
	const char *k = (const char *)ev->data.scalar.value;
	size_t klen = ev->data.scalar.length;
	size_t line = ev->start_mark.line + 1, col = ev->start_mark.column + 1;
	char *q;

	if (memchr(k, '\0', klen) != NULL) {
		q = quote_for_message(k, strlen(k));
		load_error(cause, name, line, col,
		    "a mapping key must not hold a NUL byte ('%s...')", q);
		free(q);
		return -1;
	}
	if (json_object_get(top->node, k) != NULL) {
		q = quote_for_message(k, klen);
		load_error(cause, name, line, col, "duplicate key '%s'", q);
		free(q);
		return -1;
	}
	top->key = *ev;
	top->has_key = 1;
	return 0;
}

/* Loads one YAML document from buf (see yamlio.h). */
json_t *
yaml_load_buf(const char *name, const char *buf, size_t len,
    struct ymarks **marks, char **cause)
{
	struct yframe stack[YAML_MAX_DEPTH];
	struct ymarks *m = NULL;
	yaml_parser_t parser;
	yaml_event_t ev;
	json_t *root = NULL, *v;
	size_t depth = 0, ndocs = 0, i;
	int done = 0, failed = 0, r;

	if (marks != NULL)
		*marks = NULL;
	if (len > YAML_MAX_SIZE) {
		load_error(cause, name, 1, 1,
		    "file too large (%zu bytes, the limit is %lu)", len,
		    YAML_MAX_SIZE);
		return NULL;
	}
	/* the text ocmsh wrote is read without libyaml (yfast.c) */
	if (marks == NULL && (root = yaml_load_fast(buf, len)) != NULL)
		return root;
	if (!yaml_parser_initialize(&parser)) {
		load_error(cause, name, 1, 1, "cannot initialise YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (marks != NULL)
		m = ymarks_new(len);

	while (!done && !failed) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&parser, name, buf, len, cause);
			failed = 1;
			break;
		}
		size_t line = ev.start_mark.line + 1;
		size_t col = ev.start_mark.column + 1;
		struct yframe *top = depth ? &stack[depth - 1] : NULL;

		if (ev.type == YAML_ALIAS_EVENT || event_anchor(&ev) != NULL) {
			load_error(cause, name, line, col,
			    "YAML anchors and aliases are not allowed");
			failed = 1;
			yaml_event_delete(&ev);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			if (ndocs == 0) {
				load_error(cause, name, line, col,
				    "empty stream: no YAML document");
				failed = 1;
			}
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++ndocs > 1) {
				load_error(cause, name, line, col,
				    "more than one YAML document");
				failed = 1;
			}
			break;
		case YAML_SCALAR_EVENT:
			if (top != NULL && top->is_map && !top->has_key) {
				if (take_key(top, &ev, name, cause) != 0)
					failed = 1;
				else
					continue;	/* top owns ev now */
				break;
			}
			v = scalar_value(&ev);
			if (attach(top, &root, v, &ev, m, name, cause) != 0)
				failed = 1;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= YAML_MAX_DEPTH) {
				load_error(cause, name, line, col,
				    "nesting deeper than %d levels",
				    YAML_MAX_DEPTH);
				failed = 1;
				break;
			}
			if (ev.type == YAML_SEQUENCE_START_EVENT)
				v = json_array();
			else
				v = json_object();
			if ((r = attach(top, &root, v, &ev, m, name, cause)) != 0) {
				failed = 1;
				break;
			}
			stack[depth].node = v;
			stack[depth].is_map = ev.type == YAML_MAPPING_START_EVENT;
			stack[depth].has_key = 0;
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (i = 0; i < depth; i++)
		if (stack[i].has_key)
			yaml_event_delete(&stack[i].key);
	if (failed) {
		json_decref(root);
		ymarks_free(m);
		return NULL;
	}
	if (marks != NULL)
		*marks = m;
	return root;
}

/* Loads one YAML document from the file path (see yamlio.h). */
json_t *
yaml_load_file(const char *path, struct ymarks **marks, char **cause)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	ssize_t n;
	json_t *doc;
	int fd;

	if (marks != NULL)
		*marks = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		*cause = xasprintf("%s: %s", path, strerror(EISDIR));
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > YAML_MAX_SIZE) {
		close(fd);
		return load_error(cause, path, 1, 1,
		    "file too large (%jd bytes, the limit is %lu)",
		    (intmax_t)st.st_size, YAML_MAX_SIZE);
	}
	/* One byte over the limit tells a file that grew (or a pipe). */
	buf = xmalloc(S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 :
	    YAML_MAX_SIZE + 1);
	for (;;) {
		size_t room = (S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 :
		    YAML_MAX_SIZE + 1) - len;

		if (room == 0) {
			if (len > YAML_MAX_SIZE)
				break;
			buf = xrealloc(buf, YAML_MAX_SIZE + 1);
			st.st_mode = 0;
			continue;
		}
		n = read(fd, buf + len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	doc = yaml_load_buf(path, buf, len, marks, cause);
	free(buf);
	return doc;
}

/* libyaml output handler: appends to the sbuf. */
static int
emit_output(void *data, unsigned char *buffer, size_t size)
{
	sbuf_add(data, buffer, size);
	return 1;
}

/* Case-insensitive equality of s (length len) and the word w. */
static int
word_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/*
 * Whether a YAML 1.1 or 1.2 reader could take the plain scalar s for
 * something other than a string: null, a boolean, a number (any base,
 * with "_" or ":" separators), infinity, NaN, a timestamp, or the 1.1
 * merge and value keys.  Errs on the side of yes.
 */
static int
looks_typed(const char *s, size_t len)
{
	static const char *const words[] = {
		"~", "null", "y", "n", "yes", "no", "on", "off", "true",
		"false", "=", "<<", ".inf", ".nan"
	};
	size_t i;

	if (len == 0)
		return 1;
	/* every word above starts with one of these (most strings do not) */
	if (len <= 5 && strchr("~nNyYoOtTfF=<.", s[0]) != NULL)
		for (i = 0; i < ARRAY_SIZE(words); i++)
			if (word_is(s, len, words[i]))
				return 1;
	if (s[0] == '-' || s[0] == '+') {
		s++;
		len--;
	}
	if (len == 0)
		return 0;
	if (word_is(s, len, ".inf"))
		return 1;
	/* Anything starting like a number: 1, 0x1f, 1_000, 1:30, 2001-12-14. */
	if (s[0] >= '0' && s[0] <= '9')
		return 1;
	return s[0] == '.' && len > 1 && s[1] >= '0' && s[1] <= '9';
}

/*
 * Whether the text s (len > 0) reads back as itself when written as a
 * plain scalar, in flow context if flow is set, as far as YAML's syntax
 * goes (see yamlio.h).  Conservative: when in doubt, no.
 */
/* Classes of the printable bytes, for yaml_plain_syntax_ok(). */
enum {
	PC_FIRST = 1,	/* an indicator: not first */
	PC_FLOW = 2,	/* not in flow context */
	PC_LOOK = 4,	/* ':' and '#': it depends on the neighbours */
};
static const unsigned char plain_class[128] = {
	[' '] = PC_FIRST, ['-'] = PC_FIRST, ['?'] = PC_FIRST,
	[':'] = PC_FIRST | PC_LOOK, ['#'] = PC_FIRST | PC_LOOK,
	[','] = PC_FIRST | PC_FLOW, ['['] = PC_FIRST | PC_FLOW,
	[']'] = PC_FIRST | PC_FLOW, ['{'] = PC_FIRST | PC_FLOW,
	['}'] = PC_FIRST | PC_FLOW, ['&'] = PC_FIRST, ['*'] = PC_FIRST,
	['!'] = PC_FIRST, ['|'] = PC_FIRST, ['>'] = PC_FIRST,
	['\''] = PC_FIRST, ['"'] = PC_FIRST, ['%'] = PC_FIRST,
	['@'] = PC_FIRST, ['`'] = PC_FIRST,
};

int
yaml_plain_syntax_ok(const char *s, size_t len, int flow)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (len == 0 || (p[0] < 0x80 && (plain_class[p[0]] & PC_FIRST)))
		return 0;
	if (p[len - 1] == ' ' || p[len - 1] == ':')
		return 0;
	if (len >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c;

		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;	/* a control character, tab included */
		if (p[i] >= 0x80 ||
		    !((c = plain_class[p[i]]) & (PC_FLOW | PC_LOOK)))
			continue;
		if (flow && (c & PC_FLOW))
			return 0;
		if (p[i] == ':' && (flow || (i + 1 < len && p[i + 1] == ' ')))
			return 0;
		if (p[i] == '#' && p[i - 1] == ' ')
			return 0;
	}
	return 1;
}

/*
 * Whether s can be written as a plain scalar that reads back as the same
 * string, in flow context if flow is set, for any YAML reader.
 */
static int
plain_ok(const char *s, size_t len, int flow)
{
	return !looks_typed(s, len) && yaml_plain_syntax_ok(s, len, flow);
}

/* Emits one scalar event with the given text. */
static int
emit_scalar(yaml_emitter_t *e, const char *s, size_t len,
    yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)len, 1, 1, style))
		return -1;
	return yaml_emitter_emit(e, &ev) ? 0 : -1;
}

/* Emits a JSON string as a plain or double-quoted scalar. */
static int
emit_string(yaml_emitter_t *e, const char *s, size_t len, int flow)
{
	return emit_scalar(e, s, len, plain_ok(s, len, flow) ?
	    YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

/* Whether v is a scalar (not an object or array). */
static int
is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

/* Whether every element or value of the collection v is a scalar. */
static int
all_scalars(const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (!is_scalar(x))
				return 0;
		return 1;
	}
	json_object_foreach((json_t *)v, k, x)
		if (!is_scalar(x))
			return 0;
	return 1;
}

/* Emits the value v; flow: inside a flow collection; in_seq: an element. */
static int
emit_value(yaml_emitter_t *e, const json_t *v, int flow, int in_seq)
{
	yaml_event_t ev;
	char num[64];
	const char *k;
	json_t *x;
	size_t i;
	int style;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return emit_string(e, json_string_value(v),
		    json_string_length(v), flow);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return emit_scalar(e, num, strlen(num),
		    YAML_PLAIN_SCALAR_STYLE);
	case JSON_REAL:
		scalar_real_text(json_real_value(v), num);
		return emit_scalar(e, num, strlen(num),
		    YAML_PLAIN_SCALAR_STYLE);
	case JSON_TRUE:
		return emit_scalar(e, "true", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_FALSE:
		return emit_scalar(e, "false", 5, YAML_PLAIN_SCALAR_STYLE);
	case JSON_NULL:
		return emit_scalar(e, "null", 4, YAML_PLAIN_SCALAR_STYLE);
	case JSON_ARRAY:
		style = all_scalars(v) ? YAML_FLOW_SEQUENCE_STYLE :
		    YAML_BLOCK_SEQUENCE_STYLE;
		if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
		    (yaml_sequence_style_t)style) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		json_array_foreach(v, i, x)
			if (emit_value(e, x, style == YAML_FLOW_SEQUENCE_STYLE,
			    1) != 0)
				return -1;
		if (!yaml_sequence_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		return 0;
	case JSON_OBJECT:
		style = (in_seq && all_scalars(v)) ? YAML_FLOW_MAPPING_STYLE :
		    YAML_BLOCK_MAPPING_STYLE;
		if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
		    (yaml_mapping_style_t)style) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		flow = style == YAML_FLOW_MAPPING_STYLE;
		json_object_foreach((json_t *)v, k, x) {
			if (emit_string(e, k, json_object_iter_key_len(
			    json_object_key_to_iter(k)), flow) != 0 ||
			    emit_value(e, x, flow, 0) != 0)
				return -1;
		}
		if (!yaml_mapping_end_event_initialize(&ev) ||
		    !yaml_emitter_emit(e, &ev))
			return -1;
		return 0;
	}
	return -1;
}

/* A document being emitted piece by piece. */
struct yemitter {
	yaml_emitter_t	 e;
	int		 ready;		/* e initialised */
	int		 failed;
	/* the fast writer (yemit_open_fast) */
	int		 fast;
	int		 again;		/* met what it cannot write */
	struct sbuf	*out;
	size_t		 start;		/* out->len at the open */
	int		 depth;		/* open mappings */
	int		 indent[32];	/* of each mapping's keys */
	int		 empty[32];	/* no key written yet */
};

/*
 * The fast writer writes what libyaml writes (indent 2, unlimited width,
 * the styles of emit_value) for the usual document: printable ASCII
 * scalars, keys of at most 128 bytes, block mappings, flow collections of
 * scalars and block sequences of mappings or scalars.  Anything else sets
 * again: the caller emits the document once more through libyaml.
 */

/* Appends n spaces. */
static void
fast_indent(struct sbuf *out, int n)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		int k = n < 32 ? n : 32;

		sbuf_add(out, sp, (size_t)k);
		n -= k;
	}
}

/* Appends a string scalar in emit_string's style; 0, or -1 if it cannot. */
static int
fast_string(struct sbuf *out, const char *s, size_t len, int flow, int key)
{
	const unsigned char *p = (const unsigned char *)s;
	int quote = !plain_ok(s, len, flow);

	if (key && len > 128)
		return -1;	/* libyaml writes a complex key */
	for (size_t i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e)
			return -1;
		if (quote && (p[i] == '"' || p[i] == '\\'))
			return -1;
		/* libyaml quotes these where plain_ok does not */
		if (!quote && flow && p[i] == '?')
			return -1;
	}
	if (quote)
		sbuf_addc(out, '"');
	sbuf_add(out, s, len);
	if (quote)
		sbuf_addc(out, '"');
	return 0;
}

/* Appends a scalar value in emit_value's style; 0, or -1 if it cannot. */
static int
fast_scalar(struct sbuf *out, const json_t *v, int flow)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return fast_string(out, json_string_value(v),
		    json_string_length(v), flow, 0);
	case JSON_INTEGER: {
		char num[32];
		int n = snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));

		sbuf_add(out, num, (size_t)n);
		return 0;
	}
	case JSON_TRUE:
		sbuf_adds(out, "true");
		return 0;
	case JSON_FALSE:
		sbuf_adds(out, "false");
		return 0;
	case JSON_NULL:
		sbuf_adds(out, "null");
		return 0;
	default:
		return -1;	/* reals: rare, left to libyaml */
	}
}

/* Appends a flow collection of scalars ("[a, b]", "{k: v}"). */
static int
fast_flow(struct sbuf *out, const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	int first = 1;

	if (json_is_array(v)) {
		sbuf_addc(out, '[');
		json_array_foreach(v, i, x) {
			if (!first)
				sbuf_add(out, ", ", 2);
			first = 0;
			if (fast_scalar(out, x, 1) != 0)
				return -1;
		}
		sbuf_addc(out, ']');
		return 0;
	}
	sbuf_addc(out, '{');
	json_object_foreach((json_t *)v, k, x) {
		if (!first)
			sbuf_add(out, ", ", 2);
		first = 0;
		if (fast_string(out, k, strlen(k), 1, 1) != 0)
			return -1;
		sbuf_add(out, ": ", 2);
		if (fast_scalar(out, x, 1) != 0)
			return -1;
	}
	sbuf_addc(out, '}');
	return 0;
}

static int fast_map_value(struct sbuf *, const json_t *, int);

/* Appends the entries of a non-empty block mapping with keys at indent;
 * the first key's indentation is written already if started. */
static int
fast_block_map(struct sbuf *out, const json_t *m, int indent, int started)
{
	const char *k;
	json_t *x;

	json_object_foreach((json_t *)m, k, x) {
		if (!started)
			fast_indent(out, indent);
		started = 0;
		if (fast_string(out, k, strlen(k), 0, 1) != 0)
			return -1;
		sbuf_addc(out, ':');
		if (fast_map_value(out, x, indent) != 0)
			return -1;
	}
	return 0;
}

/* Appends the value of a block mapping's key (written, with its ':', at
 * indent), up to and including the end of its line(s). */
static int
fast_map_value(struct sbuf *out, const json_t *v, int indent)
{
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		if (json_object_size(v) == 0) {
			sbuf_add(out, " {}\n", 4);
			return 0;
		}
		sbuf_addc(out, '\n');
		return fast_block_map(out, v, indent + 2, 0);
	}
	if (json_is_array(v) && all_scalars(v)) {
		sbuf_addc(out, ' ');
		if (fast_flow(out, v) != 0)
			return -1;
		sbuf_addc(out, '\n');
		return 0;
	}
	if (json_is_array(v)) {
		/* a block sequence, indentless under its key */
		sbuf_addc(out, '\n');
		json_array_foreach(v, i, x) {
			fast_indent(out, indent);
			sbuf_add(out, "- ", 2);
			if (json_is_array(x))
				return -1;
			if (json_is_object(x) && !all_scalars(x)) {
				if (fast_block_map(out, x, indent + 2, 1) != 0)
					return -1;
				continue;
			}
			if (json_is_object(x) ? fast_flow(out, x) :
			    fast_scalar(out, x, 0))
				return -1;
			sbuf_addc(out, '\n');
		}
		return 0;
	}
	sbuf_addc(out, ' ');
	if (fast_scalar(out, v, 0) != 0)
		return -1;
	sbuf_addc(out, '\n');
	return 0;
}

/* Starts a document that appends to out, fast writer first (yamlio.h). */
struct yemitter *
yemit_open_fast(struct sbuf *out)
{
	struct yemitter *y = xcalloc(1, sizeof *y);

	y->fast = 1;
	y->out = out;
	y->start = out->len;
	return y;
}

/* Ends the key line of the mapping being filled, before its first key. */
static void
fast_open_line(struct yemitter *y)
{
	if (y->depth > 1 && y->empty[y->depth - 1])
		sbuf_addc(y->out, '\n');
	if (y->depth > 0)
		y->empty[y->depth - 1] = 0;
}

/* Starts a document that appends to out (see yamlio.h). */
struct yemitter *
yemit_open(struct sbuf *out)
{
	struct yemitter *y = xcalloc(1, sizeof *y);
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&y->e)) {
		y->failed = 1;
		return y;
	}
	y->ready = 1;
	yaml_emitter_set_output(&y->e, emit_output, out);
	yaml_emitter_set_unicode(&y->e, 1);
	yaml_emitter_set_width(&y->e, -1);
	yaml_emitter_set_indent(&y->e, 2);
	yaml_emitter_set_break(&y->e, YAML_LN_BREAK);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&y->e, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) ||
	    !yaml_emitter_emit(&y->e, &ev))
		y->failed = 1;
	return y;
}

/* Starts a block mapping. */
void
yemit_map_start(struct yemitter *y)
{
	yaml_event_t ev;

	if (y->fast) {
		if (y->again || y->depth >= (int)ARRAY_SIZE(y->indent)) {
			y->again = 1;
			return;
		}
		y->indent[y->depth] = y->depth ? y->indent[y->depth - 1] + 2 :
		    0;
		y->empty[y->depth++] = 1;
		return;
	}
	if (!y->failed && (!yaml_mapping_start_event_initialize(&ev, NULL,
	    NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
	    !yaml_emitter_emit(&y->e, &ev)))
		y->failed = 1;
}

/* Ends a mapping. */
void
yemit_map_end(struct yemitter *y)
{
	yaml_event_t ev;

	if (y->fast) {
		if (y->again || y->depth == 0) {
			y->again = 1;
			return;
		}
		if (y->empty[--y->depth])
			sbuf_adds(y->out, y->depth ? " {}\n" : "{}\n");
		return;
	}
	if (!y->failed && (!yaml_mapping_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&y->e, &ev)))
		y->failed = 1;
}

/* Emits a key of a block mapping. */
void
yemit_key(struct yemitter *y, const char *key, size_t len)
{
	if (y->fast) {
		if (y->again || y->depth == 0) {
			y->again = 1;
			return;
		}
		fast_open_line(y);
		fast_indent(y->out, y->indent[y->depth - 1]);
		if (fast_string(y->out, key, len, 0, 1) != 0)
			y->again = 1;
		sbuf_addc(y->out, ':');
		return;
	}
	if (!y->failed && emit_string(&y->e, key, len, 0) != 0)
		y->failed = 1;
}

/* Emits a value of a block mapping. */
void
yemit_value(struct yemitter *y, const json_t *v)
{
	if (y->fast) {
		if (y->again || y->depth == 0 || v == NULL ||
		    fast_map_value(y->out, v, y->indent[y->depth - 1]) != 0)
			y->again = 1;
		return;
	}
	if (!y->failed && (v == NULL || emit_value(&y->e, v, 0, 0) != 0))
		y->failed = 1;
}

/* Ends the document and frees the emitter (see yamlio.h). */
int
yemit_close(struct yemitter *y, char **cause)
{
	yaml_event_t ev;
	int rc;

	if (y->fast) {
		rc = y->again || y->depth != 0 ? YEMIT_AGAIN : 0;
		if (rc != 0 && y->out->buf != NULL) {
			y->out->len = y->start;		/* as it was */
			y->out->buf[y->start] = '\0';
		}
		free(y);
		return rc;
	}
	if (!y->failed && (!yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&y->e, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&y->e, &ev) || !yaml_emitter_flush(&y->e)))
		y->failed = 1;
	rc = y->failed ? -1 : 0;
	if (rc != 0)
		*cause = y->ready ? xasprintf("cannot emit YAML: %s",
		    y->e.problem ? y->e.problem : "emitter error") :
		    xstrdup("cannot initialise YAML emitter");
	if (y->ready)
		yaml_emitter_delete(&y->e);
	free(y);
	return rc;
}

/* Emits doc as one YAML document into out (see yamlio.h). */
int
yaml_emit(const json_t *doc, struct sbuf *out, char **cause)
{
	struct yemitter *y;

	if (doc == NULL) {
		*cause = xstrdup("cannot emit YAML: no document");
		return -1;
	}
	y = yemit_open(out);
	yemit_value(y, doc);
	return yemit_close(y, cause);
}
