/*
 * yaml_fast.c - the two halves of one contract: a fast writer that writes
 * the bytes libyaml's emitter would write for the usual state, and a fast
 * reader that reads exactly that text back, both without libyaml.
 *
 * The writer writes what libyaml writes (indent 2, unlimited width, the
 * styles of yaml_emit) for the usual document: printable ASCII scalars,
 * keys of at most 128 bytes, block mappings, flow collections of scalars
 * and block sequences of mappings or scalars.  Anything else makes
 * yaml_fast_close() fail: the caller emits the document once more
 * through libyaml.  tests/unit/test-yemit.c compares the two writers.
 *
 * The reader: libyaml's parser costs about 4.5 s per GB before a single
 * node exists; most state files are exactly what ocmsh wrote, and that
 * text is read here line by line.  It takes a strict subset of YAML:
 *
 *   - a block mapping at the top, every line ending in '\n', keys indented
 *     by exactly 2 more than their parent's, no blank line, tab, comment,
 *     directive, document marker, anchor, alias or tag;
 *   - keys and scalars that are plain (one line, printable ASCII, and
 *     plain style reads them back as the same text: see
 *     yaml_plain_syntax_ok) or double-quoted without escapes;
 *   - under a key: a scalar, "{}", a flow sequence of scalars ("[a, b]"),
 *     a nested block mapping, or a block sequence at the key's own
 *     indentation whose elements are scalars, flow mappings of scalars
 *     ("{k: v, k: v}") or block mappings;
 *   - no key twice in one mapping, nesting under FAST_MAX_DEPTH.
 *
 * Anything else makes it give up: yaml_fast_load() returns NULL and the
 * caller parses the text with libyaml, which also reports errors with
 * their positions.  So the reader never needs an error message, and it
 * must never take a text that libyaml reads differently or refuses:
 * tests/unit/test-yfast.c and tests/fuzz/fuzz_yfast.c compare the two.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/scalar.h"
#include "lib/xalloc.h"
#include "state/yaml_fast.h"
#include "state/yaml_scalar.h"

/* ---- the writer ---- */

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

/* Appends a string scalar in libyaml's style; 0, or -1 if it cannot. */
static int
fast_string(struct sbuf *out, const char *s, size_t len, int flow, int key)
{
	const unsigned char *p = (const unsigned char *)s;
	int quote = !yaml_plain_ok_to_write(s, len, flow);

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

/* Appends a scalar value in libyaml's style; 0, or -1 if it cannot. */
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
	if (json_is_array(v) && yaml_all_scalars(v)) {
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
			if (json_is_object(x) && !yaml_all_scalars(x)) {
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

/* A document being written by the fast writer. */
struct yaml_fast_writer {
	int		 again;		/* met what it cannot write */
	struct sbuf	*out;
	size_t		 start;		/* out->len at the open */
	int		 depth;		/* open mappings */
	int		 indent[32];	/* of each mapping's keys */
	int		 empty[32];	/* no key written yet */
};

/* Starts a document that appends to out (see yaml_fast.h). */
struct yaml_fast_writer *
yaml_fast_open(struct sbuf *out)
{
	struct yaml_fast_writer *y = xcalloc(1, sizeof *y);

	y->out = out;
	y->start = out->len;
	return y;
}

/* Ends the key line of the mapping being filled, before its first key. */
static void
fast_open_line(struct yaml_fast_writer *y)
{
	if (y->depth > 1 && y->empty[y->depth - 1])
		sbuf_addc(y->out, '\n');
	if (y->depth > 0)
		y->empty[y->depth - 1] = 0;
}

/* Starts a block mapping. */
void
yaml_fast_map_start(struct yaml_fast_writer *y)
{
	if (y->again || y->depth >= (int)ARRAY_SIZE(y->indent)) {
		y->again = 1;
		return;
	}
	y->indent[y->depth] = y->depth ? y->indent[y->depth - 1] + 2 : 0;
	y->empty[y->depth++] = 1;
}

/* Ends a mapping. */
void
yaml_fast_map_end(struct yaml_fast_writer *y)
{
	if (y->again || y->depth == 0) {
		y->again = 1;
		return;
	}
	if (y->empty[--y->depth])
		sbuf_adds(y->out, y->depth ? " {}\n" : "{}\n");
}

/* Writes a key of a block mapping. */
void
yaml_fast_key(struct yaml_fast_writer *y, const char *key, size_t len)
{
	if (y->again || y->depth == 0) {
		y->again = 1;
		return;
	}
	fast_open_line(y);
	fast_indent(y->out, y->indent[y->depth - 1]);
	if (fast_string(y->out, key, len, 0, 1) != 0)
		y->again = 1;
	sbuf_addc(y->out, ':');
}

/* Writes a value of a block mapping. */
void
yaml_fast_value(struct yaml_fast_writer *y, const json_t *v)
{
	if (y->again || y->depth == 0 || v == NULL ||
	    fast_map_value(y->out, v, y->indent[y->depth - 1]) != 0)
		y->again = 1;
}

/* Ends the document and frees the writer (see yaml_fast.h). */
int
yaml_fast_close(struct yaml_fast_writer *y)
{
	int rc = y->again || y->depth != 0 ? -1 : 0;

	if (rc != 0 && y->out->buf != NULL) {
		y->out->len = y->start;		/* as it was */
		y->out->buf[y->start] = '\0';
	}
	free(y);
	return rc;
}

/* ---- the reader ---- */

#define FAST_MAX_DEPTH	32
#define FAST_MAX_KEY	128	/* longer keys: libyaml's limits apply */

/* A text being read; p is at the start of a line between entries. */
struct fast_reader {
	const char	*p;
	const char	*end;
	int		 depth;
};

/* line_indent() results other than an indentation. */
#define AT_END		(-1)	/* no more lines */
#define NOT_FAST	(-2)	/* a line the reader does not take */

/* Indentation of the line at r->p, or AT_END, or NOT_FAST (blank line). */
static int
line_indent(const struct fast_reader *r)
{
	const char *q = r->p;

	if (q == r->end)
		return AT_END;
	while (q < r->end && *q == ' ')
		q++;
	if (q == r->end || *q == '\n' || q - r->p > 4096)
		return NOT_FAST;
	return (int)(q - r->p);
}

/* Whether s is a plain scalar the reader takes (flow: inside [ ] or { }). */
static int
plain_ok_to_read(const char *s, size_t len, int flow)
{
	size_t i;

	/* a negative integer, as the writer writes one */
	if (len > 1 && s[0] == '-') {
		for (i = 1; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == len)
			return 1;
	}
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e ||
		    (flow && s[i] == '?'))
			return 0;
	return yaml_plain_syntax_ok(s, len, flow);
}

/*
 * The value of a plain scalar: null for "", "~" and "null", a number or
 * boolean for the text the writer writes for one (scalar_from_text),
 * else a string.
 */
static json_t *
plain_value(const char *s, size_t len)
{
	json_t *typed;

	if (len == 0 || (len == 1 && *s == '~') ||
	    (len == 4 && memcmp(s, "null", 4) == 0))
		return json_null();
	if ((typed = scalar_from_text(s, len)) != NULL)
		return typed;
	return json_stringn_nocheck(s, len);
}

/*
 * Reads a double-quoted scalar at r->p (its opening quote): printable
 * ASCII without '"' or '\', on one line.  Sets *s and *len to its text and
 * r->p after the closing quote.  Returns 0, or -1.
 */
static int
read_quoted(struct fast_reader *r, const char **s, size_t *len)
{
	const char *q = r->p + 1;

	while (q < r->end && *q != '"') {
		if ((unsigned char)*q < 0x20 || (unsigned char)*q > 0x7e ||
		    *q == '\\')
			return -1;
		q++;
	}
	if (q == r->end)
		return -1;
	*s = r->p + 1;
	*len = (size_t)(q - *s);
	r->p = q + 1;
	return 0;
}

/*
 * Reads one scalar of a flow collection at r->p, up to (not including)
 * ',' or the byte close.  Returns a new reference, or NULL.
 */
static json_t *
read_flow_scalar(struct fast_reader *r, char close)
{
	const char *s, *q = r->p;
	size_t len;

	if (q < r->end && *q == '"')
		return read_quoted(r, &s, &len) == 0 ?
		    json_stringn_nocheck(s, len) : NULL;
	while (q < r->end && *q != ',' && *q != close && *q != '\n')
		q++;
	if (q == r->end || *q == '\n' ||
	    !plain_ok_to_read(r->p, (size_t)(q - r->p), 1))
		return NULL;
	s = r->p;
	r->p = q;
	return plain_value(s, (size_t)(q - s));
}

/* Whether r->p is at the text t, and if so moves past it. */
static int
skip(struct fast_reader *r, const char *t)
{
	size_t n = strlen(t);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, t, n) != 0)
		return 0;
	r->p += n;
	return 1;
}

/* Sets key in map to v (taking it); -1 if map has the key already. */
static int
put(json_t *map, const char *key, size_t klen, json_t *v)
{
	size_t n = json_object_size(map);

	json_object_setn_new_nocheck(map, key, klen, v);
	return json_object_size(map) == n ? -1 : 0;
}

/* Reads "[a, b]" at r->p.  Returns a new reference, or NULL. */
static json_t *
read_flow_seq(struct fast_reader *r)
{
	json_t *a = json_array(), *v;

	r->p++;
	if (skip(r, "]"))
		return a;
	for (;;) {
		if ((v = read_flow_scalar(r, ']')) == NULL)
			break;
		json_array_append_new(a, v);
		if (skip(r, "]"))
			return a;
		if (!skip(r, ", "))
			break;
	}
	json_decref(a);
	return NULL;
}

/* Reads "{k: v, k: v}" at r->p.  Returns a new reference, or NULL. */
static json_t *
read_flow_map(struct fast_reader *r)
{
	json_t *m = json_object(), *v;
	const char *k, *q;
	size_t klen;

	r->p++;
	if (skip(r, "}"))
		return m;
	for (;;) {
		if (r->p < r->end && *r->p == '"') {
			if (read_quoted(r, &k, &klen) != 0)
				break;
		} else {
			for (q = r->p; q < r->end && *q != ':' && *q != '\n';
			    q++)
				;
			k = r->p;
			klen = (size_t)(q - k);
			if (!plain_ok_to_read(k, klen, 1))
				break;
			r->p = q;
		}
		if (klen > FAST_MAX_KEY || !skip(r, ": ") ||
		    (v = read_flow_scalar(r, '}')) == NULL)
			break;
		if (put(m, k, klen, v) != 0)
			break;
		if (skip(r, "}"))
			return m;
		if (!skip(r, ", "))
			break;
	}
	json_decref(m);
	return NULL;
}

/*
 * Finds the key of a block mapping entry on the line at r->p: sets *k and
 * *klen, and returns the position of its ':' (followed by ' ' or '\n'),
 * or NULL if the line holds no such key.
 */
static const char *
find_key(const struct fast_reader *r, const char **k, size_t *klen)
{
	const char *q;
	struct fast_reader t = *r;

	if (r->p < r->end && *r->p == '"') {
		if (read_quoted(&t, k, klen) != 0)
			return NULL;
		q = t.p;
	} else {
		const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));

		if (nl == NULL)
			return NULL;
		for (q = r->p; (q = memchr(q, ':', (size_t)(nl - q))) != NULL;
		    q++)
			if (q[1] == ' ' || q[1] == '\n')
				break;
		if (q == NULL)
			return NULL;
		*k = r->p;
		*klen = (size_t)(q - r->p);
		if (!plain_ok_to_read(*k, *klen, 0))
			return NULL;
	}
	if (*klen > FAST_MAX_KEY || q + 1 >= r->end || *q != ':' ||
	    (q[1] != ' ' && q[1] != '\n'))
		return NULL;
	return q;
}

/*
 * Reads a scalar that fills the rest of the line at r->p (double-quoted,
 * or plain in block context), and the line's end.  Returns a new
 * reference, or NULL.
 */
static json_t *
read_line_scalar(struct fast_reader *r)
{
	const char *s, *nl;
	size_t len;

	if (*r->p == '"')
		return read_quoted(r, &s, &len) == 0 && skip(r, "\n") ?
		    json_stringn_nocheck(s, len) : NULL;
	if ((nl = memchr(r->p, '\n', (size_t)(r->end - r->p))) == NULL ||
	    !plain_ok_to_read(r->p, (size_t)(nl - r->p), 0))
		return NULL;
	s = r->p;
	r->p = nl + 1;
	return plain_value(s, (size_t)(nl - s));
}

static json_t *read_block_seq(struct fast_reader *, int);

/*
 * Reads the entries of a block mapping with its keys at indent into map,
 * until a line indented less, or the end.  If started, r->p is at the
 * first key already (an element of a block sequence).  Returns 0, or -1.
 */
static int
read_block_map(struct fast_reader *r, int indent, int started, json_t *map)
{
	const char *k, *colon;
	size_t klen;
	json_t *v;
	int ind;

	if (++r->depth > FAST_MAX_DEPTH)
		return -1;
	for (;;) {
		if (!started) {
			if ((ind = line_indent(r)) == AT_END)
				break;
			if (ind == NOT_FAST || ind > indent)
				return -1;
			if (ind < indent)
				break;
			r->p += ind;
		}
		started = 0;
		if ((colon = find_key(r, &k, &klen)) == NULL)
			return -1;
		r->p = colon + 2;
		if (r->p >= r->end)
			return -1;
		if (colon[1] == '\n') {
			/* a nested block mapping, or a sequence here */
			ind = line_indent(r);
			if (ind == indent && r->p + ind + 1 < r->end &&
			    r->p[ind] == '-' && r->p[ind + 1] == ' ')
				v = read_block_seq(r, indent);
			else if (ind == indent + 2) {
				v = json_object();
				if (read_block_map(r, indent + 2, 0, v) != 0)
					FREE_AND_NULL_JSON(v);
			} else
				return -1;
		} else if (*r->p == '[') {
			v = read_flow_seq(r);
			if (v && !skip(r, "\n"))
				FREE_AND_NULL_JSON(v);
		} else if (skip(r, "{}\n"))
			v = json_object();
		else
			v = read_line_scalar(r);
		if (v == NULL || put(map, k, klen, v) != 0)
			return -1;
	}
	r->depth--;
	return 0;
}

/*
 * Reads a block sequence whose "- " lines are at indent (the indentation
 * of the key it belongs to).  Returns a new reference, or NULL.
 */
static json_t *
read_block_seq(struct fast_reader *r, int indent)
{
	json_t *a = json_array(), *v;
	const char *k;
	size_t klen;
	int ind;

	if (++r->depth > FAST_MAX_DEPTH)
		goto fail;
	for (;;) {
		if ((ind = line_indent(r)) == AT_END)
			break;
		if (ind == NOT_FAST || ind > indent)
			goto fail;
		if (ind < indent || r->p + ind + 1 >= r->end ||
		    r->p[ind] != '-' || r->p[ind + 1] != ' ')
			break;	/* a key of the mapping the sequence is in */
		r->p += ind + 2;
		if (r->p >= r->end)
			goto fail;
		if (*r->p == '{') {
			if ((v = read_flow_map(r)) == NULL)
				goto fail;
			json_array_append_new(a, v);
			if (!skip(r, "\n"))
				goto fail;
		} else if (find_key(r, &k, &klen) != NULL) {
			v = json_object();
			json_array_append_new(a, v);
			if (read_block_map(r, indent + 2, 1, v) != 0)
				goto fail;
		} else {
			if ((v = read_line_scalar(r)) == NULL)
				goto fail;
			json_array_append_new(a, v);
		}
	}
	r->depth--;
	return a;
fail:
	json_decref(a);
	return NULL;
}

/* Loads buf if the fast reader takes it (see yaml_fast.h). */
json_t *
yaml_fast_load(const char *buf, size_t len)
{
	struct fast_reader r = { buf, buf + len, 0 };
	json_t *root;

	if (line_indent(&r) != 0)
		return NULL;
	root = json_object();
	if (read_block_map(&r, 0, 0, root) != 0 || r.p != r.end) {
		json_decref(root);
		return NULL;
	}
	return root;
}
