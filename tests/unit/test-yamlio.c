/* test-yamlio.c - the YAML loader's refusals and marks, and the emitter. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"
#include "state/yaml_emit.h"
#include "state/yaml_load.h"

/* Loads text, expecting a refusal whose message is want. */
static void
refused(const char *text, size_t len, const char *want, const char *what)
{
	char *cause = NULL;
	json_t *doc;

	doc = yaml_load_buf("t.yaml", text, len, NULL, &cause);
	ok(doc == NULL, "%s: refused", what);
	is_str(cause, want, "%s: message", what);
	json_decref(doc);
	free(cause);
}

/* Like refused(), for a NUL-terminated text. */
static void
refused_s(const char *text, const char *want, const char *what)
{
	refused(text, strlen(text), want, what);
}

/* Loads text, which must succeed; returns its compact JSON (caller frees). */
static char *
load_json(const char *text)
{
	char *cause = NULL, *s;
	json_t *doc;

	doc = yaml_load_buf("t.yaml", text, strlen(text), NULL, &cause);
	if (doc == NULL) {
		s = xasprintf("ERROR %s", cause);
		free(cause);
		return s;
	}
	s = json_dumps(doc, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(doc);
	return s;
}

/* Checks that text loads to the JSON want. */
static void
loads_as(const char *text, const char *want, const char *what)
{
	char *got = load_json(text);

	is_str(got, want, "%s", what);
	free(got);
}

/* Emits doc; returns the text (caller frees) or "ERROR ...". */
static char *
emit(const json_t *doc)
{
	struct sbuf sb = SBUF_INIT;
	char *cause = NULL, *s;

	if (yaml_emit(doc, &sb, &cause) != 0) {
		s = xasprintf("ERROR %s", cause);
		free(cause);
		sbuf_release(&sb);
		return s;
	}
	return sbuf_detach(&sb, NULL);
}

/* Emits a JSON text given as a string. */
static char *
emit_json(const char *json)
{
	json_t *doc = json_loads(json, JSON_DECODE_ANY, NULL);
	char *s;

	if (doc == NULL)
		return xstrdup("ERROR bad JSON in the test");
	s = emit(doc);
	json_decref(doc);
	return s;
}

/* Emits v, loads the text back, and compares: the types survive. */
static void
round_trip(const json_t *v, const char *what)
{
	char *text = emit(v), *cause = NULL;
	json_t *back;

	back = yaml_load_buf("rt", text, strlen(text), NULL, &cause);
	if (!ok(back != NULL && json_equal(back, v), "round trip: %s", what))
		printf("#   text: %s\n#   cause: %s\n", text,
		    cause ? cause : "");
	json_decref(back);
	free(cause);
	free(text);
}

/* Path of a data file (caller frees). */
static char *
data_path(const char *name)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/tests/data/yaml/%s", top ? top : ".", name);
}

/* Refusals: each with its exact line and column. */
static void
test_refusals(void)
{
	struct sbuf sb = SBUF_INIT;
	char *big, *want;
	int i;

	refused_s("a: 1\nb:\n  c: 2\n  c: 3\n",
	    "t.yaml:4:3: duplicate key 'c'", "duplicate key");
	refused_s("{x: 1, y: 2, x: 3}",
	    "t.yaml:1:14: duplicate key 'x'", "duplicate key, flow");
	refused_s("a: &x 1\nb: 2\n",
	    "t.yaml:1:4: YAML anchors and aliases are not allowed",
	    "anchor on a scalar");
	refused_s("- a\n- &y [b]\n",
	    "t.yaml:2:3: YAML anchors and aliases are not allowed",
	    "anchor on a sequence");
	refused_s("--- &a\nx: 1\n",
	    "t.yaml:1:5: YAML anchors and aliases are not allowed",
	    "anchor on the root mapping");
	refused_s("a: [1]\nb: *x\n",
	    "t.yaml:2:4: YAML anchors and aliases are not allowed", "alias");
	refused_s("? [a]\n: 1\n",
	    "t.yaml:1:3: a mapping key must be a scalar", "sequence as key");
	refused_s("{{a: 1}: 1}",
	    "t.yaml:1:2: a mapping key must be a scalar", "mapping as key");
	refused_s("a: 1\n---\nb: 2\n",
	    "t.yaml:2:1: more than one YAML document", "two documents");
	refused_s("--- a\n--- b\n",
	    "t.yaml:2:1: more than one YAML document",
	    "two explicit documents");
	refused_s("", "t.yaml:1:1: empty stream: no YAML document",
	    "empty stream");
	refused_s("# c\n\n# d\n",
	    "t.yaml:4:1: empty stream: no YAML document",
	    "stream of comments");
	refused_s("a: [1, 2\n",
	    "t.yaml:2:1: did not find expected ',' or ']' while parsing a "
	    "flow sequence", "libyaml error: unclosed flow sequence");
	refused_s("a: b: c\n",
	    "t.yaml:1:5: mapping values are not allowed in this context",
	    "libyaml error: mapping value in a plain scalar");
	refused_s("a:\n\tb: 1\n",
	    "t.yaml:2:1: found character that cannot start any token while "
	    "scanning for the next token", "libyaml error: tab indent");
	refused_s("key: \"\\q\"\n",
	    "t.yaml:1:7: found unknown escape character while parsing a "
	    "quoted scalar", "libyaml error: bad escape");
	refused_s("a: x\nb: \xff\n",
	    "t.yaml:2:4: invalid leading UTF-8 octet (byte 0xff)",
	    "invalid UTF-8");
	refused("\"a\\0b\": 1\n", 10,
	    "t.yaml:1:1: a mapping key must not hold a NUL byte ('a...')",
	    "NUL in a key");

	/* Depth: 64 nested collections are fine, 65 are not. */
	for (i = 0; i < 64; i++)
		sbuf_addc(&sb, '[');
	for (i = 0; i < 64; i++)
		sbuf_addc(&sb, ']');
	big = load_json(sb.buf);
	ok(big[0] == '[', "64 nested sequences load");
	free(big);
	sbuf_reset(&sb);
	for (i = 0; i < 65; i++)
		sbuf_addc(&sb, '[');
	for (i = 0; i < 65; i++)
		sbuf_addc(&sb, ']');
	refused_s(sb.buf, "t.yaml:1:65: nesting deeper than 64 levels",
	    "65 nested sequences");
	sbuf_reset(&sb);
	for (i = 0; i < 65; i++)
		sbuf_addf(&sb, "%*sk%d:\n", 2 * i, "", i);
	sbuf_addf(&sb, "%*sleaf: 1\n", 130, "");
	refused_s(sb.buf, "t.yaml:65:129: nesting deeper than 64 levels",
	    "65 nested block mappings");
	sbuf_release(&sb);

	/* Size, checked before parsing. */
	big = xcalloc(YAML_MAX_SIZE + 1, 1);
	want = xasprintf("t.yaml:1:1: file too large (%lu bytes, the limit "
	    "is %lu)", YAML_MAX_SIZE + 1, YAML_MAX_SIZE);
	refused(big, YAML_MAX_SIZE + 1, want, "buffer over 64 MiB");
	free(want);
	free(big);
}

/* Scalars: strings, the three nulls, tags. */
static void
test_scalars(void)
{
	loads_as("x: !!str ~\ny: ~\nz:\nw: ''\nv: null\nu: Null\nt: \"~\"\n",
	    "{\"x\":\"~\",\"y\":null,\"z\":null,\"w\":\"\",\"v\":null,"
	    "\"u\":\"Null\",\"t\":\"~\"}", "nulls and strings");
	loads_as("a: 1\nb: true\nc: 1.5\nd: 0x1f\ne: yes\nf: -7\ng: false\n"
	    "h: 0.25\ni: 2.0\n",
	    "{\"a\":1,\"b\":true,\"c\":1.5,\"d\":\"0x1f\",\"e\":\"yes\","
	    "\"f\":-7,\"g\":false,\"h\":0.25,\"i\":2.0}",
	    "plain numbers and booleans as the writer writes them are typed");
	loads_as("a: \"1\"\nb: !!str 1\nc: 007\nd: -0\ne: 1e3\nf: 1.50\n"
	    "g: True\nh: +1\ni: 2.\nj: .5\nk: 99999999999999999999\n"
	    "l: [\"true\", 5, x]\n",
	    "{\"a\":\"1\",\"b\":\"1\",\"c\":\"007\",\"d\":\"-0\","
	    "\"e\":\"1e3\",\"f\":\"1.50\",\"g\":\"True\",\"h\":\"+1\","
	    "\"i\":\"2.\",\"j\":\".5\",\"k\":\"99999999999999999999\","
	    "\"l\":[\"true\",5,\"x\"]}",
	    "every other scalar is a string");
	loads_as("[a, [b, {c: d}], {}, []]",
	    "[\"a\",[\"b\",{\"c\":\"d\"}],{},[]]", "nested flow");
	loads_as("z: 1\na: 2\nm: 3\n", "{\"z\":1,\"a\":2,\"m\":3}",
	    "key order kept");
	loads_as("--- plain\n", "\"plain\"", "a scalar document");
	loads_as("---\n...\n", "null", "an empty document is null");
	loads_as("\"a\\0b\": \"c\\0d\"\n", "ERROR t.yaml:1:1: a mapping key "
	    "must not hold a NUL byte ('a...')", "NUL key refused");
	loads_as("k: \"c\\0d\"\n", "{\"k\":\"c\\u0000d\"}",
	    "NUL in a value kept");
}

/* Marks: positions of nodes and keys, also in a table that grew. */
static void
test_marks(void)
{
	const char *text =
	    "format: 1\n"
	    "devices:\n"
	    "  node001:\n"
	    "    roles: [a, b]\n"
	    "    empty:\n"
	    "    list:\n"
	    "    - {x: \"1\"}\n"
	    "    flags: [true, false]\n"
	    "    on: true\n";
	struct ymarks *m = NULL;
	struct sbuf sb = SBUF_INIT;
	json_t *doc, *node, *v;
	char *cause = NULL;
	int line = 0, col = 0, good, i;

	doc = yaml_load_buf("t.yaml", text, strlen(text), &m, &cause);
	ok(doc != NULL && m != NULL, "loaded with marks");
	ok(ymarks_get(m, doc, &line, &col) && line == 1 && col == 1,
	    "root at 1:1 (%d:%d)", line, col);
	ok(!ymarks_get_key(m, doc, &line, &col), "root has no key");
	v = json_object_get(doc, "format");
	ok(ymarks_get(m, v, &line, &col) && line == 1 && col == 9,
	    "format value at 1:9 (%d:%d)", line, col);
	ok(ymarks_get_key(m, v, &line, &col) && line == 1 && col == 1,
	    "format key at 1:1 (%d:%d)", line, col);
	node = json_object_get(json_object_get(doc, "devices"), "node001");
	ok(ymarks_get(m, node, &line, &col) && line == 4 && col == 5,
	    "node001 mapping at 4:5 (%d:%d)", line, col);
	ok(ymarks_get_key(m, node, &line, &col) && line == 3 && col == 3,
	    "node001 key at 3:3 (%d:%d)", line, col);
	v = json_object_get(node, "roles");
	ok(ymarks_get(m, v, &line, &col) && line == 4 && col == 12,
	    "roles sequence at 4:12 (%d:%d)", line, col);
	ok(ymarks_get(m, json_array_get(v, 1), &line, &col) && line == 4 &&
	    col == 16, "second role at 4:16 (%d:%d)", line, col);
	ok(!ymarks_get_key(m, json_array_get(v, 1), &line, &col),
	    "a sequence element has no key");
	ok(ymarks_get_member(m, node, "empty", &line, &col) && line == 5 &&
	    col == 5, "key of a null value at 5:5 (%d:%d)", line, col);
	ok(ymarks_get_member(m, node, "roles", &line, &col) && line == 4 &&
	    col == 5, "member roles at 4:5 (%d:%d)", line, col);
	ok(!ymarks_get_member(m, node, "nope", &line, &col),
	    "no member, no position");
	ok(!ymarks_get(m, json_null(), &line, &col), "null has no position");
	ok(ymarks_get_in(m, node, "empty", 0, &line, &col) && line == 5 &&
	    col == 11, "a null value by its place at 5:11 (%d:%d)", line,
	    col);
	ok(ymarks_get_in(m, doc, "format", 0, &line, &col) && line == 1 &&
	    col == 9, "any value by its place: format at 1:9 (%d:%d)", line,
	    col);
	ok(ymarks_get_in(m, NULL, NULL, 0, &line, &col) && line == 1 &&
	    col == 1, "the document's node at 1:1 (%d:%d)", line, col);
	ok(ymarks_get_in(m, json_object_get(node, "flags"), NULL, 1, &line,
	    &col) && line == 8 && col == 19, "a boolean element by its place "
	    "at 8:19 (%d:%d)", line, col);
	ok(ymarks_get_in(m, node, "on", 0, &line, &col) && line == 9 &&
	    col == 9, "a boolean value by its place at 9:9 (%d:%d)", line,
	    col);
	ok(ymarks_get_member(m, node, "on", &line, &col) && line == 9 &&
	    col == 5, "the key of a boolean at 9:5 (%d:%d)", line, col);
	ok(!ymarks_get_in(m, node, "nope", 0, &line, &col),
	    "no member, no position by place");
	v = json_array_get(json_object_get(node, "list"), 0);
	ok(ymarks_get(m, v, &line, &col) && line == 7 && col == 7,
	    "flow mapping in a block sequence at 7:7 (%d:%d)", line, col);
	v = json_object_get(v, "x");
	ok(ymarks_get(m, v, &line, &col) && line == 7 && col == 11,
	    "quoted scalar at 7:11 (%d:%d)", line, col);
	ok(ymarks_get_key(m, v, &line, &col) && line == 7 && col == 8,
	    "its key at 7:8 (%d:%d)", line, col);
	ok(!ymarks_get(NULL, v, &line, &col), "no marks, no position");
	ok(ymarks_get_in(m, node, "empty", 0, &line, &col) && line == 5 &&
	    col == 11, "a null value at 5:11 (%d:%d)", line, col);
	ok(ymarks_get_in(m, node, "roles", 0, &line, &col) && line == 4 &&
	    col == 12, "ymarks_get_in of a value that is no null (%d:%d)",
	    line, col);
	json_decref(doc);
	ymarks_free(m);

	/* nulls as elements, and a document that is one null */
	doc = yaml_load_buf("t.yaml", "a: [x, ~, null]\nb:\n- ~\n", 22, &m,
	    &cause);
	v = json_object_get(doc, "a");
	ok(ymarks_get_in(m, v, NULL, 1, &line, &col) && line == 1 &&
	    col == 8, "a null element at 1:8 (%d:%d)", line, col);
	ok(ymarks_get_in(m, v, NULL, 2, &line, &col) && line == 1 &&
	    col == 11, "another at 1:11 (%d:%d)", line, col);
	ok(ymarks_get_in(m, json_object_get(doc, "b"), NULL, 0, &line, &col) &&
	    line == 3 && col == 3, "in a block sequence at 3:3 (%d:%d)", line,
	    col);
	ok(!ymarks_get_in(m, v, NULL, 3, &line, &col), "no element, no "
	    "position");
	json_decref(doc);
	ymarks_free(m);
	doc = yaml_load_buf("t.yaml", "\n  ~\n", 5, &m, &cause);
	ok(json_is_null(doc) && ymarks_get_in(m, NULL, NULL, 0, &line, &col) &&
	    line == 2 && col == 3, "a null document at 2:3 (%d:%d)", line,
	    col);
	ymarks_free(m);

	/* 20000 one-character elements: more nodes than the table's first
	 * size, so it grows; every position must survive. */
	sbuf_addc(&sb, '[');
	for (i = 0; i < 20000; i++)
		sbuf_adds(&sb, i ? ",x" : "x");
	sbuf_adds(&sb, "]\n");
	doc = yaml_load_buf("t.yaml", sb.buf, sb.len, &m, &cause);
	good = doc != NULL && json_array_size(doc) == 20000;
	for (i = 0; good && i < 20000; i++)
		good = ymarks_get(m, json_array_get(doc, i), &line, &col) &&
		    line == 1 && col == 2 + 2 * i;
	ok(good, "20000 marks after growing the table");
	json_decref(doc);
	ymarks_free(m);
	sbuf_release(&sb);
}

/* Loads the data files. */
static void
test_files(void)
{
	struct ymarks *m = NULL;
	char *path, *cause = NULL, *want;
	json_t *doc, *v;
	int line = 0, col = 0, fd;
	size_t i;
	static const struct {
		const char *file, *where, *msg;
	} bad[] = {
		{ "dup-key.yaml", "8:5", "duplicate key 'type'" },
		{ "alias.yaml", "1:7",
		    "YAML anchors and aliases are not allowed" },
		{ "two-docs.yaml", "2:1", "more than one YAML document" },
		{ "empty.yaml", "3:1", "empty stream: no YAML document" },
		{ "syntax.yaml", "5:10", "did not find expected ',' or ']' "
		    "while parsing a flow sequence" },
	};

	path = data_path("state.yaml");
	doc = yaml_load_file(path, &m, &cause);
	ok(doc != NULL, "state.yaml loads (%s)", cause ? cause : "");
	v = json_object_get(json_object_get(json_object_get(doc, "devices"),
	    "hyper02"), "memory");
	ok(json_integer_value(v) == 262144, "memory is the integer 262144");
	ok(ymarks_get(m, v, &line, &col) && line == 14 && col == 13,
	    "memory value at 14:13 (%d:%d)", line, col);
	ok(ymarks_get_key(m, v, &line, &col) && line == 14 && col == 5,
	    "memory key at 14:5 (%d:%d)", line, col);
	round_trip(doc, "state.yaml");
	json_decref(doc);
	ymarks_free(m);
	free(path);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		path = data_path(bad[i].file);
		cause = NULL;
		doc = yaml_load_file(path, &m, &cause);
		want = xasprintf("%s:%s: %s", path, bad[i].where, bad[i].msg);
		ok(doc == NULL && m == NULL, "%s refused", bad[i].file);
		is_str(cause, want, "%s message", bad[i].file);
		free(want);
		free(cause);
		free(path);
	}

	/* A sparse file one byte over the limit: refused from its size. */
	path = xstrdup("/tmp/test-yamlio-XXXXXX");
	fd = mkstemp(path);
	ok(fd >= 0 && ftruncate(fd, YAML_MAX_SIZE + 1) == 0,
	    "sparse file made");
	close(fd);
	cause = NULL;
	doc = yaml_load_file(path, NULL, &cause);
	want = xasprintf("%s:1:1: file too large (%lu bytes, the limit is "
	    "%lu)", path, YAML_MAX_SIZE + 1, YAML_MAX_SIZE);
	ok(doc == NULL, "file over 64 MiB refused");
	is_str(cause, want, "file over 64 MiB message");
	free(want);
	free(cause);
	unlink(path);
	free(path);

	cause = NULL;
	doc = yaml_load_file("/nonexistent/x.yaml", NULL, &cause);
	is_str(cause, "/nonexistent/x.yaml: No such file or directory",
	    "missing file");
	free(cause);
}

/* The emitter's styles, quoting and round trips. */
static void
test_emit(void)
{
	static const char *const quoted[] = {
		"", "~", "null", "Null", "NULL", "yes", "No", "ON", "off",
		"y", "N", "true", "False", "TRUE", "123", "-1", "+1", "0x1F",
		"0o17", "017", "1_000", "1:30", "1.5", ".5", "-.5", "1e3",
		".inf", "-.Inf", "+.INF", ".NaN", "2001-12-14", "=", "<<",
		"- a", "-", "?", ":", "a: b", "a #b", "#x", "[x", "]x", "{x",
		"}x", ",x", "*x", "&x", "!x", "|x", ">x", "'x", "\"x", "%x",
		"@x", "`x", " lead", "trail ", "a\nb", "tab\there", "---",
		"...", "--- x", "a:", "0302", "10de", "0000:3b:00.0",
		"bell\a", "\xc3\xa9t\xc3\xa9:",
	};
	static const char *const plain[] = {
		"hello", "gpu-p100:1", "intel_iommu=on", "a b",
		"pci_passthrough:alias", "/cm/images/x", "RetryFilter",
		"h\xc3\xa9llo", "a-b", "x1", "type-PCI", "nova.conf",
		"a'b", "a\"b", "a#b", "e10",
	};
	char *text, *want, name[64];
	json_t *doc, *arr;
	size_t i;
	int good;

	text = emit_json(
	    "{\"format\": 1, \"revision\": 12,"
	    " \"cluster\": {\"name\": \"cluster\"},"
	    " \"devices\": {\"hyper02\": {"
	    "  \"type\": \"PhysicalNode\", \"memory\": 262144,"
	    "  \"ratio\": 1.5, \"one\": 1.0, \"on\": true, \"off\": false,"
	    "  \"nothing\": null, \"roles\": [\"openstackcompute\", \"yes\"],"
	    "  \"pcidevices\": [{\"address\": \"0000:3b:00.0\","
	    "   \"class\": \"0302\", \"name\": \"NVIDIA [Tesla]\"}],"
	    "  \"deep\": [{\"a\": [1]}, [1, 2], \"s\"],"
	    "  \"empty\": [], \"emptymap\": {}}},"
	    " \"extraspecs\": {\"pci_passthrough:alias\": \"gpu-p100:1\","
	    "  \"gpu\": \"true\"}}");
	is_str(text,
	    "format: 1\n"
	    "revision: 12\n"
	    "cluster:\n"
	    "  name: cluster\n"
	    "devices:\n"
	    "  hyper02:\n"
	    "    type: PhysicalNode\n"
	    "    memory: 262144\n"
	    "    ratio: 1.5\n"
	    "    one: 1.0\n"
	    "    \"on\": true\n"
	    "    \"off\": false\n"
	    "    nothing: null\n"
	    "    roles: [openstackcompute, \"yes\"]\n"
	    "    pcidevices:\n"
	    "    - {address: \"0000:3b:00.0\", class: \"0302\", "
	    "name: \"NVIDIA [Tesla]\"}\n"
	    "    deep:\n"
	    "    - a: [1]\n"
	    "    - [1, 2]\n"
	    "    - s\n"
	    "    empty: []\n"
	    "    emptymap: {}\n"
	    "extraspecs:\n"
	    "  pci_passthrough:alias: gpu-p100:1\n"
	    "  gpu: \"true\"\n", "fixed document, styles and quoting");
	free(text);

	text = emit_json("[{\"a:b\": \"c,d\", \"e\": \"f\"}]");
	is_str(text, "- {\"a:b\": \"c,d\", e: f}\n",
	    "flow context quotes ':' and ','");
	free(text);
	text = emit_json("\"0302\"");
	is_str(text, "\"0302\"\n", "a scalar document");
	free(text);
	text = emit_json("[0.1, -2.5e-7, 1e300, 3]");
	is_str(text, "[0.1, -2.5e-07, 1e+300, 3]\n",
	    "reals in their shortest form");
	free(text);

	good = 1;
	for (i = 0; i < ARRAY_SIZE(quoted); i++) {
		doc = json_pack("{ss}", "k", quoted[i]);
		text = emit(doc);
		if (strncmp(text, "k: \"", 4) != 0) {
			printf("#   not double-quoted: %s", text);
			good = 0;
		}
		free(text);
		snprintf(name, sizeof name, "quoted string %zu", i);
		round_trip(doc, name);
		json_decref(doc);
	}
	ok(good, "strings a reader would misread are double-quoted");

	good = 1;
	for (i = 0; i < ARRAY_SIZE(plain); i++) {
		doc = json_pack("{ss}", "k", plain[i]);
		text = emit(doc);
		want = xasprintf("k: %s\n", plain[i]);
		if (strcmp(text, want) != 0) {
			printf("#   got: %s#   want: %s", text, want);
			good = 0;
		}
		free(want);
		free(text);
		snprintf(name, sizeof name, "plain string %zu", i);
		round_trip(doc, name);
		json_decref(doc);
	}
	ok(good, "ordinary strings are plain");

	/* Every quoted string again as a key and inside a flow sequence. */
	doc = json_object();
	arr = json_array();
	for (i = 0; i < ARRAY_SIZE(quoted); i++) {
		json_object_set_new(doc, quoted[i], json_string(quoted[i]));
		json_array_append_new(arr, json_string(quoted[i]));
	}
	for (i = 0; i < ARRAY_SIZE(plain); i++)
		json_array_append_new(arr, json_string(plain[i]));
	json_object_set_new(doc, "list", arr);
	round_trip(doc, "awkward keys and a flow sequence");
	json_decref(doc);

	doc = json_loads("{\"i\": -9223372036854775807, \"r\": 0.1,"
	    " \"r2\": 1.0, \"r3\": -2.5e-7, \"r4\": 1e300,"
	    " \"t\": true, \"f\": false, \"n\": null, \"u\": \"\\u00e9\\u4e2d\","
	    " \"nul\": \"a\\u0000b\", \"long\": \"" "xxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxx yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	    "\", \"m\": [[{\"a\": {\"b\": [1, {\"c\": null}]}}]]}",
	    JSON_ALLOW_NUL, NULL);
	ok(doc != NULL, "mixed document parsed");
	round_trip(doc, "integers, reals, booleans, null, UTF-8, NUL, nesting");
	text = emit(doc);
	ok(strchr(text, '\n') != NULL &&
	    strstr(text, "long: xxxxx") != NULL &&
	    strstr(text, "xxx yyy") != NULL, "long strings are not folded");
	free(text);
	json_decref(doc);

	/* Emitting what was loaded gives the same text again. */
	doc = json_loads("{\"a\": [\"1\", {\"b\": \"yes\"}], \"c\": {}}", 0,
	    NULL);
	text = emit(doc);
	json_decref(doc);
	doc = yaml_load_buf("t", text, strlen(text), NULL, &want);
	want = emit(doc);
	is_str(want, text, "emit(load(emit(x))) == emit(x)");
	free(want);
	free(text);
	json_decref(doc);
}

/*
 * 100,000 objects load, with their positions.  (How fast, and that it
 * grows linearly, is for the benchmark: make bench.)
 */
static void
test_large(void)
{
	struct sbuf sb = SBUF_INIT;
	struct ymarks *m = NULL;
	char *cause = NULL;
	json_t *doc, *v;
	int i, line = 0, col = 0;

	sbuf_adds(&sb, "devices:\n");
	for (i = 0; i < 100000; i++)
		sbuf_addf(&sb, "  node%06d:\n    type: PhysicalNode\n"
		    "    roles: [compute, storage]\n", i);
	doc = yaml_load_buf("big", sb.buf, sb.len, &m, &cause);
	v = json_object_get(json_object_get(doc, "devices"), "node099999");
	ok(v != NULL && json_object_size(json_object_get(doc, "devices")) ==
	    100000, "100000 objects loaded");
	ok(ymarks_get_key(m, v, &line, &col) && line == 299999 &&
	    col == 3, "last key at 299999:3");
	json_decref(doc);
	ymarks_free(m);
	sbuf_release(&sb);
}

int
main(void)
{
	test_refusals();
	test_scalars();
	test_marks();
	test_files();
	test_emit();
	test_large();
	return done_testing();
}
