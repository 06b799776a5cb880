/*
 * yfast.c - the fast reader: loads the documents the fast writer of
 * yamlio.c writes, without libyaml, into the tree yaml_load_buf() builds.
 *
 * libyaml's parser costs about 4.5 s per GB before a single node exists;
 * most state files are exactly what ocmsh wrote, and that text is read
 * here line by line.  The reader takes a strict subset of YAML:
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
 * Anything else makes it give up: yaml_load_fast() returns NULL and the
 * caller parses the text with libyaml, which also reports errors with
 * their positions.  So the reader never needs an error message, and it
 * must never take a text that libyaml reads differently or refuses:
 * tests/unit/test-yfast.c and tests/fuzz/fuzz_yfast.c compare the two.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "state/yamlio.h"
#include "lib/xalloc.h"
#include "lib/scalar.h"

#define FAST_MAX_DEPTH	32
#define FAST_MAX_KEY	128	/* longer keys: libyaml's limits apply */

/* A text being read; p is at the start of a line between entries. */
struct yfast {
	const char	*p;
	const char	*end;
	int		 depth;
};

/* line_indent() results other than an indentation. */
#define AT_END		(-1)	/* no more lines */
#define NOT_FAST	(-2)	/* a line the reader does not take */

/* Indentation of the line at r->p, or AT_END, or NOT_FAST (blank line). */
static int
line_indent(const struct yfast *r)
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
plain_ok(const char *s, size_t len, int flow)
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
read_quoted(struct yfast *r, const char **s, size_t *len)
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
read_flow_scalar(struct yfast *r, char close)
{
	const char *s, *q = r->p;
	size_t len;

	if (q < r->end && *q == '"')
		return read_quoted(r, &s, &len) == 0 ?
		    json_stringn_nocheck(s, len) : NULL;
	while (q < r->end && *q != ',' && *q != close && *q != '\n')
		q++;
	if (q == r->end || *q == '\n' || !plain_ok(r->p, (size_t)(q - r->p), 1))
		return NULL;
	s = r->p;
	r->p = q;
	return plain_value(s, (size_t)(q - s));
}

/* Whether r->p is at the text t, and if so moves past it. */
static int
skip(struct yfast *r, const char *t)
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
read_flow_seq(struct yfast *r)
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
read_flow_map(struct yfast *r)
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
			if (!plain_ok(k, klen, 1))
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
find_key(const struct yfast *r, const char **k, size_t *klen)
{
	const char *q;
	struct yfast t = *r;

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
		if (!plain_ok(*k, *klen, 0))
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
read_line_scalar(struct yfast *r)
{
	const char *s, *nl;
	size_t len;

	if (*r->p == '"')
		return read_quoted(r, &s, &len) == 0 && skip(r, "\n") ?
		    json_stringn_nocheck(s, len) : NULL;
	if ((nl = memchr(r->p, '\n', (size_t)(r->end - r->p))) == NULL ||
	    !plain_ok(r->p, (size_t)(nl - r->p), 0))
		return NULL;
	s = r->p;
	r->p = nl + 1;
	return plain_value(s, (size_t)(nl - s));
}

static json_t *read_block_seq(struct yfast *, int);

/*
 * Reads the entries of a block mapping with its keys at indent into map,
 * until a line indented less, or the end.  If started, r->p is at the
 * first key already (an element of a block sequence).  Returns 0, or -1.
 */
static int
read_block_map(struct yfast *r, int indent, int started, json_t *map)
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
			/* a nested block mapping, or a sequence at this indent */
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
read_block_seq(struct yfast *r, int indent)
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

json_t *
yaml_load_fast(const char *buf, size_t len)
{
	struct yfast r = { buf, buf + len, 0 };
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
