/*
 * test-yfast.c - the fast reader (state/yaml_fast.c) against libyaml.
 *
 * Whatever text the fast reader takes, it must build exactly the tree that
 * the libyaml path builds (same keys in the same order, same strings, the
 * same nulls); whatever it does not take, it must give up on (NULL), never
 * guess.  And it must take everything the fast writer writes, or a state
 * saved by ocmsh would load slowly again.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "state/statefile.h"
#include "tests/unit/tap.h"
#include "state/yaml_emit.h"
#include "state/yaml_fast.h"
#include "state/yaml_load.h"
#include "tests/unit/yemit-feed.h"
#include "lib/sbuf.h"

/* The tree as compact JSON with its key order (a new string). */
static char *
dump(const json_t *v)
{
	return json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	    JSON_COMPACT);
}

/* What libyaml's path makes of text (marks force that path), or NULL. */
static json_t *
slow_load(const char *text, size_t len)
{
	struct ymarks *marks = NULL;
	char *cause = NULL;
	json_t *v = yaml_load_buf("t", text, len, &marks, &cause);

	ymarks_free(marks);
	free(cause);
	return v;
}

/*
 * Loads text both ways.  want_fast: 1 if the fast reader must take it,
 * 0 if it must give up.  Whenever it takes it, libyaml must agree.
 */
static void
check(const char *name, const char *text, int want_fast)
{
	size_t len = strlen(text);
	json_t *fast = yaml_fast_load(text, len);
	json_t *slow = slow_load(text, len);

	if (want_fast)
		ok(fast != NULL, "%s: the fast reader takes it", name);
	else
		ok(fast == NULL, "%s: the fast reader gives up", name);
	if (fast != NULL) {
		char *a = dump(fast), *b = slow ? dump(slow) : NULL;

		is_str(a, b, "%s: it reads what libyaml reads", name);
		free(a);
		free(b);
	}
	json_decref(fast);
	json_decref(slow);
}

/* A small deterministic generator (xorshift). */
static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const words[] = {
	"plain", "yes", "No", "~", "null", "NULL", "", "1e3", "0x1F", "+1",
	"-1", "-12", "1.0", ".inf", "2026-11-24", "-", "- a", "a: b", "a:b",
	"#x", "x #y", "x#y", "a,b", "[x]", "{x}", "*a", "&a", "!t", "%x", "@x",
	"`x", "'q'", "\"q\"", "a\"b", "a\\b", " lead", "trail ", "tab\there",
	"?", "? x", "a?b", ":x", "x:", "gpu-p100:1", "pci_passthrough:alias",
	"intel_iommu=on iommu=pt", "0302", "10de", "0000:86:00.0",
	"NVIDIA Corporation GK110BGL [Tesla K40c]", "---", "...", "a---",
	"multi\nline", "\xc3\xbc" "ber", "cr\rx", "true", "false", "=", "<<",
	"a  b", "a |b", "a >b", "x, y", "k: {v}", NULL
};

/* A random string: one of words, or a few random printable bytes. */
static json_t *
rnd_string(void)
{
	size_t nw = sizeof words / sizeof *words - 1;
	char buf[16];
	unsigned n, i;

	if (rnd(3) != 0)
		return json_string(words[rnd((unsigned)nw)]);
	n = 1 + rnd(8);
	for (i = 0; i < n; i++)
		buf[i] = (char)(0x20 + rnd(0x5f));
	return json_stringn(buf, n);
}

/* A random scalar value of the kinds the state holds. */
static json_t *
rnd_scalar(void)
{
	switch (rnd(8)) {
	case 0:
		return json_null();
	case 1:
		return json_integer((json_int_t)rnd(100000) - 50000);
	case 2:
		return json_boolean(rnd(2));
	default:
		return rnd_string();
	}
}

/* A random block mapping of the writer's shapes, depth levels deep. */
static json_t *
rnd_map(int depth)
{
	json_t *m = json_object(), *v, *e;
	unsigned n = 1 + rnd(5), i, j, k;

	for (i = 0; i < n; i++) {
		json_t *key = rnd_string();
		unsigned kind = rnd(depth > 0 ? 8 : 4);

		switch (kind) {
		case 0:
		case 1:
			v = rnd_scalar();
			break;
		case 2:		/* flow sequence of scalars */
			v = json_array();
			for (j = rnd(4); j > 0; j--)
				json_array_append_new(v, rnd_scalar());
			break;
		case 3:
			v = json_object();
			break;
		case 4:		/* block sequence of flow mappings */
			v = json_array();
			for (j = 1 + rnd(3); j > 0; j--) {
				e = json_object();
				for (k = rnd(4); k > 0; k--) {
					json_t *fk = rnd_string();

					json_object_set_new(e,
					    json_string_value(fk), rnd_scalar());
					json_decref(fk);
				}
				json_array_append_new(v, e);
			}
			break;
		case 5:		/* block sequence of block mappings */
			v = json_array();
			for (j = 1 + rnd(3); j > 0; j--)
				json_array_append_new(v, rnd_map(depth - 1));
			break;
		default:
			v = rnd_map(depth - 1);
			break;
		}
		json_object_set_new(m, json_string_value(key), v);
		json_decref(key);
	}
	return m;
}

int
main(void)
{
	static const struct {
		const char	*name, *text;
		int		 fast;
	} cases[] = {
		/* what the writer writes: taken */
		{ "flat", "a: b\nc: d\n", 1 },
		{ "nulls", "a: null\nb: ~\nc: Null\nd: [null, ~, x]\n", 1 },
		{ "numbers stay text", "format: 1\nn: -5\nm: 0302\nr: 1.5\n",
		    1 },
		{ "nested", "a:\n  b:\n    c: d\n  e: f\ng: h\n", 1 },
		{ "empty map", "a: {}\nb:\n  c: {}\n", 1 },
		{ "flow sequence", "a: [x, y z, \"0302\", \"a: b\"]\nb: []\n",
		    1 },
		{ "quoted", "\"0302\": \"yes\"\n\"a: b\": \"#c\"\n", 1 },
		{ "colon inside", "a:b: c:d\npci_passthrough:alias: "
		    "gpu-p100:1\n", 1 },
		{ "hash inside", "a#b: c#d\n", 1 },
		{ "block sequence", "a:\n- x\n- \"y\"\n- -3\nb: c\n", 1 },
		{ "sequence of flow maps", "p:\n- {address: \"0000:01:00.0\", "
		    "class: \"0302\"}\n- {}\n", 1 },
		{ "sequence of block maps", "s:\n  l:\n  - a: b\n    c:\n      "
		    "d: e\n  - \"f\": [g]\n    h: {}\n  m: n\n", 1 },
		{ "odd but plain", "a: b 'c' \"d\" %e @f `g *h &i !j |k >l\n",
		    1 },
		/* anything else: the reader gives up, libyaml decides */
		{ "comment line", "# c\na: b\n", 0 },
		{ "comment after a value", "a: b # c\n", 0 },
		{ "blank line", "a: b\n\nc: d\n", 0 },
		{ "no final newline", "a: b", 0 },
		{ "crlf", "a: b\r\nc: d\r\n", 0 },
		{ "tab", "a:\tb\n", 0 },
		{ "document marker", "---\na: b\n", 0 },
		{ "document end", "a: b\n...\n", 0 },
		{ "directive", "%YAML 1.1\n---\na: b\n", 0 },
		{ "two documents", "a: b\n---\nc: d\n", 0 },
		{ "anchor", "a: &x b\nc: *x\n", 0 },
		{ "tag", "a: !!str b\n", 0 },
		{ "duplicate key", "a: b\na: c\n", 0 },
		{ "duplicate key in a flow map", "l:\n- {a: b, a: c}\n", 0 },
		{ "indent 4", "a:\n    b: c\n", 0 },
		{ "indent 1", "a:\n b: c\n", 0 },
		{ "indented sequence", "a:\n  - x\n", 0 },
		{ "continued plain", "a: b\n  c\n", 0 },
		{ "continued plain in a sequence", "a:\n- b\n  c\n", 0 },
		{ "empty value", "a:\nb: c\n", 0 },
		{ "empty value at the end", "a:\n", 0 },
		{ "trailing blank", "a: b \n", 0 },
		{ "escape", "a: \"b\\tc\"\n", 0 },
		{ "single quotes", "a: 'b'\n", 0 },
		{ "multi-line quoted", "a: \"b\n  c\"\n", 0 },
		{ "literal block", "a: |\n  b\n", 0 },
		{ "folded block", "a: >\n  b\n", 0 },
		{ "flow without blank", "a: [b,c]\n", 0 },
		{ "nested flow", "a: [[b]]\n", 0 },
		{ "flow map value", "a: {b: c}\n", 0 },
		{ "flow map key with colon", "l:\n- {a:b: c}\n", 0 },
		{ "question mark in flow", "a: [b?]\n", 0 },
		{ "complex key", "? a\n: b\n", 0 },
		{ "mapping value inside", "a: b: c\n", 0 },
		{ "sequence at the top", "- a\n", 0 },
		{ "scalar at the top", "a\n", 0 },
		{ "mapping after a value", "a: b\n  c: d\n", 0 },
		{ "sequence after a value", "a: b\n- c\n", 0 },
		{ "utf-8", "a: \xc3\xbc\n", 0 },
		{ "byte order mark", "\xef\xbb\xbf" "a: b\n", 0 },
		{ "nul", "a: b\0c\n", 0 },
		{ "empty", "", 0 },
		{ "only a newline", "\n", 0 },
		{ "leading space", " a: b\n", 0 },
		{ "dash key", "-a: b\n", 0 },
		{ "empty flow item", "a: [b, , c]\n", 0 },
		{ "empty sequence item", "a:\n- \nb: c\n", 0 },
		{ "text after a quote", "a: \"b\" c\n", 0 },
	};
	struct state_doc d;
	struct sbuf out = SBUF_INIT;
	char *cause = NULL;
	json_t *v;
	int took = 0, tried = 0;

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		check(cases[i].name, cases[i].text, cases[i].fast);
	/* NUL inside: strlen would stop, so by length */
	ok(yaml_fast_load("a: b\0c\n", 7) == NULL, "a NUL byte: gives up");
	ok(yaml_fast_load("a: b\n", 4) == NULL, "a line cut short: gives up");

	/* the example cluster, as ocmsh saves it, is read fast and alike */
	state_example(&d);
	ok(state_emit(&d, &out, &cause) == 0, "the example state saves");
	free(cause);
	check("the example state as saved", out.buf, 1);
	state_doc_release(&d);
	sbuf_release(&out);

	/*
	 * Random documents of the writer's shapes: whatever the fast writer
	 * writes, the fast reader takes, and reads as libyaml does.
	 */
	for (int i = 0; i < 6000; i++) {
		struct yemitter *e;
		json_t *doc = rnd_map(3);
		json_t *fast, *slow;
		char *a, *b;
		int r;

		sbuf_adds(&out, "");
		e = yemit_open_fast(&out);
		feed(e, doc);
		r = yemit_close(e, &cause);
		free(cause);
		cause = NULL;
		json_decref(doc);
		if (r != 0) {
			sbuf_release(&out);
			continue;	/* libyaml writes that one */
		}
		tried++;
		fast = yaml_fast_load(out.buf, out.len);
		slow = slow_load(out.buf, out.len);
		a = fast ? dump(fast) : NULL;
		b = slow ? dump(slow) : NULL;
		if (fast != NULL && a && b && strcmp(a, b) == 0)
			took++;
		else
			ok(0, "random document %d is read fast and as libyaml "
			    "reads it:\n%s# fast: %s\n# libyaml: %s", i, out.buf,
			    a ? a : "(gave up)", b ? b : "(refused)");
		free(a);
		free(b);
		json_decref(fast);
		json_decref(slow);
		sbuf_release(&out);
	}
	ok(tried >= 1500, "the fast writer wrote %d of 6000 random documents",
	    tried);
	is_int(took, tried, "the fast reader took all %d, as libyaml reads "
	    "them", tried);

	/* yaml_load_buf without positions goes through the fast reader */
	v = yaml_load_buf("t", "a: [b]\n", 7, NULL, &cause);
	ok(v != NULL && json_is_array(json_object_get(v, "a")),
	    "yaml_load_buf reads the writer's text");
	json_decref(v);
	return done_testing();
}
