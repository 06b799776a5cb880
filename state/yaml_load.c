/*
 * yaml_load.c - YAML -> jansson with source positions, on libyaml's event
 * API.  The loader builds the JSON tree from parser events with an
 * explicit stack (no recursion), so its cost is linear in the input; node
 * positions go into an open-addressing hash table keyed by node address.
 * A text without positions asked for goes to the fast reader first
 * (yaml_fast.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "lib/scalar.h"
#include "lib/xalloc.h"
#include "state/yaml_fast.h"
#include "state/yaml_load.h"

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
		load_error(cause, name, line, col, "%s %s", problem,
		    p->context);
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

/* A document being built from libyaml's parser events. */
struct loader {
	const char	 *name;		/* for messages */
	struct yframe	  stack[YAML_MAX_DEPTH];
	size_t		  depth;
	size_t		  ndocs;
	struct ymarks	 *marks;	/* or NULL */
	json_t		 *root;
	char		**cause;
};

/* What load_event() did with an event. */
enum {
	EV_ON,		/* taken: free it and go on */
	EV_KEPT,	/* kept (a pending key): go on without freeing it */
	EV_DONE,	/* the end of the stream */
	EV_FAIL,	/* an error, in *cause */
};

/* Opens a sequence or mapping (ev starts it) below the top frame. */
static int
load_collection(struct loader *ld, const yaml_event_t *ev)
{
	struct yframe *top = ld->depth ? &ld->stack[ld->depth - 1] : NULL;
	int is_map = ev->type == YAML_MAPPING_START_EVENT;
	json_t *v;

	if (ld->depth >= YAML_MAX_DEPTH) {
		load_error(ld->cause, ld->name, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, "nesting deeper than %d levels",
		    YAML_MAX_DEPTH);
		return EV_FAIL;
	}
	v = is_map ? json_object() : json_array();
	if (attach(top, &ld->root, v, ev, ld->marks, ld->name, ld->cause) != 0)
		return EV_FAIL;
	ld->stack[ld->depth].node = v;
	ld->stack[ld->depth].is_map = is_map;
	ld->stack[ld->depth].has_key = 0;
	ld->depth++;
	return EV_ON;
}

/* Takes one parser event into the document. */
static int
load_event(struct loader *ld, const yaml_event_t *ev)
{
	size_t line = ev->start_mark.line + 1;
	size_t col = ev->start_mark.column + 1;
	struct yframe *top = ld->depth ? &ld->stack[ld->depth - 1] : NULL;

	if (ev->type == YAML_ALIAS_EVENT || event_anchor(ev) != NULL) {
		load_error(ld->cause, ld->name, line, col,
		    "YAML anchors and aliases are not allowed");
		return EV_FAIL;
	}
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		if (ld->ndocs > 0)
			return EV_DONE;
		load_error(ld->cause, ld->name, line, col,
		    "empty stream: no YAML document");
		return EV_FAIL;
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->ndocs <= 1)
			return EV_ON;
		load_error(ld->cause, ld->name, line, col,
		    "more than one YAML document");
		return EV_FAIL;
	case YAML_SCALAR_EVENT:
		if (top != NULL && top->is_map && !top->has_key)
			return take_key(top, ev, ld->name, ld->cause) == 0 ?
			    EV_KEPT : EV_FAIL;
		return attach(top, &ld->root, scalar_value(ev), ev,
		    ld->marks, ld->name, ld->cause) == 0 ? EV_ON : EV_FAIL;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		return load_collection(ld, ev);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		ld->depth--;
		return EV_ON;
	default:
		return EV_ON;
	}
}

/* Loads one YAML document from buf (see yaml_load.h). */
json_t *
yaml_load_buf(const char *name, const char *buf, size_t len,
    struct ymarks **marks, char **cause)
{
	struct loader ld = { .name = name, .cause = cause };
	yaml_parser_t parser;
	yaml_event_t ev;
	json_t *root;
	int r = EV_ON;

	if (marks != NULL)
		*marks = NULL;
	if (len > YAML_MAX_SIZE)
		return load_error(cause, name, 1, 1,
		    "file too large (%zu bytes, the limit is %lu)", len,
		    YAML_MAX_SIZE);
	/* the text ocmsh wrote is read without libyaml (yaml_fast.c) */
	if (marks == NULL && (root = yaml_fast_load(buf, len)) != NULL)
		return root;
	if (!yaml_parser_initialize(&parser))
		return load_error(cause, name, 1, 1,
		    "cannot initialise YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (marks != NULL)
		ld.marks = ymarks_new(len);
	while (r == EV_ON) {
		if (!yaml_parser_parse(&parser, &ev)) {
			parser_error(&parser, name, buf, len, cause);
			r = EV_FAIL;
			break;
		}
		if ((r = load_event(&ld, &ev)) == EV_KEPT)
			r = EV_ON;	/* the top frame owns ev now */
		else
			yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < ld.depth; i++)
		if (ld.stack[i].has_key)
			yaml_event_delete(&ld.stack[i].key);
	if (r == EV_FAIL) {
		json_decref(ld.root);
		ymarks_free(ld.marks);
		return NULL;
	}
	if (marks != NULL)
		*marks = ld.marks;
	return ld.root;
}

/*
 * Reads the open file fd (st: its fstat) whole, up to one byte over
 * YAML_MAX_SIZE, which tells a file that is too large (or grew since
 * its fstat).  Returns the bytes (caller frees) and *len, or NULL with *cause.
 */
static char *
read_fd(int fd, const char *path, struct stat *st, size_t *len,
    char **cause)
{
	size_t cap = S_ISREG(st->st_mode) ? (size_t)st->st_size + 1 :
	    YAML_MAX_SIZE + 1;
	char *buf = xmalloc(cap);
	ssize_t n;

	*len = 0;
	for (;;) {
		if (cap - *len == 0) {
			if (*len > YAML_MAX_SIZE)
				break;
			cap = YAML_MAX_SIZE + 1;
			buf = xrealloc(buf, cap);
			continue;
		}
		n = read(fd, buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return buf;
}

/* Loads one YAML document from the file path (see yaml_load.h). */
json_t *
yaml_load_file(const char *path, struct ymarks **marks, char **cause)
{
	struct stat st;
	char *buf;
	size_t len;
	json_t *doc;
	int fd;

	if (marks != NULL)
		*marks = NULL;
	/* O_NONBLOCK: a FIFO without a writer must not block the open */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) < 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: %s", path, S_ISDIR(st.st_mode) ?
		    strerror(EISDIR) : "not a regular file");
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > YAML_MAX_SIZE) {
		close(fd);
		return load_error(cause, path, 1, 1,
		    "file too large (%jd bytes, the limit is %lu)",
		    (intmax_t)st.st_size, YAML_MAX_SIZE);
	}
	buf = read_fd(fd, path, &st, &len, cause);
	close(fd);
	if (buf == NULL)
		return NULL;
	doc = yaml_load_buf(path, buf, len, marks, cause);
	free(buf);
	return doc;
}
