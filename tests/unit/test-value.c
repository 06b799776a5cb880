/*
 * test-value.c - the rules of each kind of value (model/value.h): for
 * every kind, the words set takes and refuses, and that a value set,
 * written to the state file (by libyaml's writer and the fast one) and
 * read back (by libyaml's reader and the fast one) is the same value and
 * shows the same.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/tap.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "model/provider.h"
#include "model/schema.h"
#include "state/yaml_emit.h"
#include "state/yaml_load.h"

static const char *const choices[] = { "Alpha", "beta", NULL };

/* clang-format off */
static const struct prop_def props[] = {
	P_STR  ("s", "S", "a string"),
	P_INT  ("i", "I", 1, 100, "a small integer"),
	P_INT  ("n", "N", 0, LLONG_MAX, "a count"),
	P_FLOAT("f", "F", "a real"),
	P_BOOL ("b", "B", "a boolean"),
	P_ENUM ("e", "E", choices, "a choice"),
	P_REF  ("r", "R", "softwareimage", "a reference"),
	P_PATH ("p", "P", "a path"),
	P_HEX4 ("h", "H", "a PCI ID"),
	P_LIST ("j", "J", VK_JSONOBJ, "JSON objects"),
	P_LISTF("l", "L", VK_ENUM, PROP_UNIQUE, "choices", .choices = choices),
	P_MAP  ("m", "M", "a map"),
	P_END
};
/* clang-format on */

static const struct obj_type thing = { .name = "thing", .props = props };

/* Names of widgets: the name rule, and a key row's own check. */
static int
no_x(const struct prop_def *p, const json_t *v, char **cause)
{
	if (strchr(json_string_value(v), 'x') == NULL)
		return 0;
	*cause = xstrdup("widgets take no x");
	return -1;
}

static const struct prop_def widget_props[] = {
	PROP_T_("name", "Name", PS_SCALAR, VK_STRING, PROP_KEY, "its name",
	    .check = no_x),
	P_END
};

static const struct obj_type widget = { .name = "widget",
	.props = widget_props };

/* A word and what becomes of it: get's text, or "!" and part of the cause. */
struct row {
	const char	*prop;
	const char	*word;
	const char	*want;
};

static const struct row rows[] = {
	{ "s", "x", "x" }, { "s", "", "" }, { "s", " a b ", " a b " },
	{ "s", "5", "5" }, { "s", "true", "true" }, { "s", "007", "007" },
	{ "s", "1e3", "1e3" }, { "s", "null", "null" }, { "s", "~", "~" },
	{ "s", "a: b", "a: b" }, { "s", "\xc3\xbc", "\xc3\xbc" },
	{ "s", "multi\nline", "!control character U+000A at byte 6" },
	{ "s", "tab\tx", "!control character U+0009 at byte 4" },
	{ "s", "cr\rx", "!control character U+000D at byte 3" },
	{ "s", "\x01", "!control character U+0001 at byte 1" },
	{ "s", "del\x7f", "!control character U+007F at byte 4" },
	{ "s", "c1\xc2\x85", "!control character U+0085 at byte 3" },
	{ "s", "c1\xc2\x9f", "!control character U+009F at byte 3" },
	{ "s", "\xe2\x80\xa8", "!line separator U+2028 at byte 1" },
	{ "s", "x\xe2\x80\xa9", "!line separator U+2029 at byte 2" },
	{ "s", "caf\xe9", "!not valid UTF-8 at byte 4" },
	{ "s", "caf\xe9!", "!not valid UTF-8 at byte 4" },
	{ "s", "\xc3", "!not valid UTF-8 at byte 1" },
	{ "s", "a\x80", "!not valid UTF-8 at byte 2" },
	{ "s", "\xc0\xaf", "!not valid UTF-8 at byte 1" },
	{ "s", "\xe0\x80\xaf", "!not valid UTF-8 at byte 1" },
	{ "s", "\xed\xa0\x80", "!not valid UTF-8 at byte 1" },
	{ "s", "\xf4\x90\x80\x80", "!not valid UTF-8 at byte 1" },
	{ "s", "\xf8\x88\x80\x80\x80", "!not valid UTF-8 at byte 1" },
	{ "s", "\xc2\xa0\xc2\xa9", "\xc2\xa0\xc2\xa9" },
	{ "s", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "s", "\xe2\x80\xa7\xef\xbf\xbd", "\xe2\x80\xa7\xef\xbf\xbd" },
	{ "s", "\xf4\x8f\xbf\xbd", "\xf4\x8f\xbf\xbd" },
	{ "i", "1", "1" }, { "i", "100", "100" }, { "i", "+7", "7" },
	{ "i", "-0", "!must be from 1 to 100" }, { "i", "0", "!from 1 to 100" },
	{ "i", "101", "!from 1 to 100" }, { "i", "1.0", "!not an integer" },
	{ "i", "", "!not an integer" }, { "i", " 5", "!not an integer" },
	{ "i", "0x10", "!not an integer" }, { "i", "x", "!not an integer" },
	{ "i", "5\n", "!control character U+000A at byte 2" },
	{ "n", "0", "0" }, { "n", "9223372036854775807", "9223372036854775807" },
	{ "n", "9223372036854775808", "!not an integer" },
	{ "n", "-1", "!must be at least 0" },
	{ "f", "1", "1.0" }, { "f", "0.1", "0.1" }, { "f", "1e3", "1000.0" },
	{ "f", "2.5e-7", "2.5e-07" }, { "f", "0", "0.0" },
	{ "f", "-1", "!not a non-negative number" },
	{ "f", "nan", "!not a non-negative number" },
	{ "f", "inf", "!not a non-negative number" },
	{ "f", "1e999", "!not a non-negative number" },
	{ "f", "x", "!not a non-negative number" },
	{ "b", "yes", "yes" }, { "b", "ON", "yes" }, { "b", "true", "yes" },
	{ "b", "1", "yes" }, { "b", "no", "no" }, { "b", "Off", "no" },
	{ "b", "false", "no" }, { "b", "0", "no" },
	{ "b", "y", "!not a boolean" }, { "b", "", "!not a boolean" },
	{ "e", "alpha", "Alpha" }, { "e", "BETA", "beta" },
	{ "e", "gamma", "!must be one of Alpha, beta" },
	{ "e", "alpha\t", "!invalid value 'alpha\\x09' for property 'e': "
	    "control character U+0009 at byte 6" },
	{ "r", "a\x1b[2J", "!invalid value 'a\\x1b[2J' for property 'r': "
	    "control character U+001B at byte 2" },
	{ "r", "img", "img" }, { "r", "5", "5" }, { "r", "", "!for property 'r'" },
	{ "p", "/", "/" }, { "p", "/a b/c", "/a b/c" },
	{ "p", "a/b", "!not an absolute path" }, { "p", "", "!absolute path" },
	{ "p", "/..", "!'..' is not allowed in a path" },
	{ "p", "/a/../b", "!'..' is not allowed in a path" },
	{ "p", "/a/..", "!'..' is not allowed in a path" },
	{ "p", "/../../etc", "!'..' is not allowed in a path" },
	{ "p", "/a..b/..c/d../...", "/a..b/..c/d../..." },
	{ "p", "/./a//b/", "/./a//b/" },
	{ "p", "/a\nb", "!control character U+000A at byte 3" },
	{ "h", "10DE", "10de" }, { "h", "0x15f8", "15f8" }, { "h", "1024", "1024" },
	{ "h", "10d", "!not 4 hex digits" }, { "h", "0x", "!not 4 hex digits" },
	{ "h", "10dex", "!not 4 hex digits" }, { "h", "g000", "!hex digits" },
	{ "j", "{\"vendor_id\":\"10de\"}", "{\"vendor_id\":\"10de\"}" },
	{ "j", "{\"a\":5,\"b\":true,\"c\":false,\"d\":null,\"e\":1.5,\"f\":\"5\"}",
	    "{\"a\":5,\"b\":true,\"c\":false,\"d\":null,\"e\":1.5,\"f\":\"5\"}" },
	{ "j", "{\"address\":{\"bus\":\"86\",\"slot\":\"00\"}}",
	    "{\"address\":{\"bus\":\"86\",\"slot\":\"00\"}}" },
	{ "j", "{}", "{}" },
	{ "j", "{\"k\":\"a\\nb\"}", "!value 'a\\x0ab' of 'k': control "
	    "character U+000A at byte 2" },
	{ "j", "{\"a\\tb\":1}", "!key 'a\\x09b': control character U+0009 "
	    "at byte 2" },
	{ "j", "{\"a\":{\"b\\u0085\":1}}", "!key 'b\\xc2\\x85': control "
	    "character U+0085" },
	{ "j", "{\"a\":{\"b\":\"\\u2028\"}}", "!line separator U+2028" },
	{ "j", "{\"k\":\"\\u00fc\"}", "{\"k\":\"\xc3\xbc\"}" },
	{ "j", "{\n\t\"k\": \"v\"\r\n}", "{\"k\":\"v\"}" },
	{ "j", "{\"k\":\"caf\xe9\"}", "!bad JSON" },
	{ "j", "{\"x\":[1]}", "!value of 'x' must be a scalar or a mapping" },
	{ "j", "{\"x\":{\"y\":{}}}", "!value of 'y' in 'x' must be a scalar" },
	{ "j", "[1]", "!not a JSON object" }, { "j", "5", "!bad JSON" },
	{ "j", "{\"a\":1,\"a\":2}", "!bad JSON" }, { "j", "{", "!bad JSON" },
	{ NULL, NULL, NULL }
};

/* Collects what a kind offers. */
struct collect {
	struct compl_out	 out;
	struct sbuf		 sb;
};

/* compl_out.add: "word," into the collector. */
static void
collect_add(struct compl_out *out, const char *word, const char *help)
{
	struct collect *c = (struct collect *)out;

	sbuf_addf(&c->sb, "%s,", word);
}

/*
 * Writes {"v": v} (a list [v] for a list property) with libyaml's writer
 * (fast == 0) or the fast one, reads it back with libyaml (marks) or the
 * fast reader, and loads the value as the state file's loader does.
 */
static json_t *
round_trip(const struct prop_def *p, json_t *v, int fast, int marks)
{
	json_t *doc = json_object(), *y, *back;
	struct sbuf sb = SBUF_INIT;
	struct yemitter *e;
	struct ymarks *m = NULL;
	struct value_at at;
	char *cause = NULL;

	json_object_set_new(doc, "v", p->shape == PS_LIST ?
	    json_pack("[O]", v) : json_incref(v));
	e = fast ? yemit_open_fast(&sb) : yemit_open(&sb);
	yemit_map_start(e);
	yemit_key(e, "v", 1);
	yemit_value(e, json_object_get(doc, "v"));
	yemit_map_end(e);
	if (yemit_close(e, &cause) != 0) {
		/* the fast writer defers some values to libyaml */
		free(cause);
		json_decref(doc);
		sbuf_release(&sb);
		return fast ? round_trip(p, v, 0, marks) : NULL;
	}
	y = yaml_load_buf("t", sb.buf, sb.len, marks ? &m : NULL, &cause);
	back = y ? value_load(&thing, p, json_object_get(y, "v"), &at,
	    &cause) : NULL;
	if (back == NULL)
		printf("#   %s\n#   text: %s", cause, sb.buf);
	if (back && p->shape == PS_LIST) {
		json_t *one = json_incref(json_array_get(back, 0));

		json_decref(back);
		back = one;
	}
	free(cause);
	ymarks_free(m);
	json_decref(y);
	json_decref(doc);
	sbuf_release(&sb);
	return back;
}

/* A word for a test point's name: line breaks as \n (caller frees). */
static char *
shown(const char *word)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, "");
	for (; *word; word++)
		if (*word == '\n')
			sbuf_adds(&sb, "\\n");
		else
			sbuf_addc(&sb, *word);
	return sbuf_detach(&sb, NULL);
}

/* One row: parse, format, and the four round trips. */
static void
test_row(const struct row *r, const struct prop_def *p)
{
	const char *kind = kind_ops[p->kind].name;
	char *cause = NULL, *text, *w = shown(r->word);
	json_t *v = value_parse_one(p, r->word, &cause);

	if (r->want[0] == '!') {
		ok(v == NULL && cause && strstr(cause, r->want + 1), "%s %s "
		    "'%s' refused: %s", kind, r->prop, w, cause ? cause :
		    "(accepted)");
		goto out;
	}
	if (!ok(v != NULL, "%s %s '%s' taken%s%s", kind, r->prop, w,
	    cause ? ": " : "", cause ? cause : ""))
		goto out;
	text = kind_ops[p->kind].format(p, v);
	ok(strcmp(text, r->want) == 0, "%s '%s' shows as given", r->prop, w);
	free(text);
	for (int k = 0; k < 4; k++) {
		json_t *back = round_trip(p, v, k & 1, k & 2);
		char *bt = back ? kind_ops[p->kind].format(p, back) : NULL;

		ok(back && json_equal(back, v) && json_typeof(back) ==
		    json_typeof(v) && bt && strcmp(bt, r->want) == 0,
		    "%s '%s': written (%s) and read (%s) back the same",
		    r->prop, w, k & 1 ? "fast" : "libyaml",
		    k & 2 ? "libyaml" : "fast");
		free(bt);
		json_decref(back);
	}
out:
	json_decref(v);
	free(cause);
	free(w);
}

/* A value from a JSON text, for the loader tests. */
static json_t *
j(const char *text)
{
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);

	if (v == NULL)
		abort();
	return v;
}

/* value_load on a node; returns get's text or "!cause". */
static char *
load(const char *prop, const char *node)
{
	const struct prop_def *p = prop_get(&thing, prop);
	json_t *y = j(node), *v;
	struct value_at at;
	char *cause = NULL, *s;

	if ((v = value_load(&thing, p, y, &at, &cause)) == NULL) {
		s = xasprintf("!%s", cause);
		free(cause);
	} else
		s = value_format(p, v, " ");
	json_decref(v);
	json_decref(y);
	return s;
}

/* The loader's side: nodes as the YAML readers give them. */
static void
test_load(void)
{
	static const struct {
		const char *prop, *node, *want;
	} cases[] = {
		{ "s", "5", "5" }, { "s", "1.5", "1.5" }, { "s", "true", "true" },
		{ "s", "\"a\\u0000b\"", "!invalid value 'a\\x00b' for property "
		    "'s': control character U+0000 at byte 2" },
		{ "s", "\"\\n\"", "!control character U+000A at byte 1" },
		{ "e", "\"alpha\\u0000\"", "!control character U+0000" },
		{ "i", "\"7\\u0000\"", "!control character U+0000 at byte 2" },
		{ "p", "\"/a/../b\"", "!'..' is not allowed in a path" },
		{ "p", "\"/a/b\\u0000/..\"", "!control character U+0000" },
		{ "r", "\"a\\u001b\"", "!control character U+001B" },
		{ "l", "[\"alpha\", \"beta\", \"ALPHA\"]", "!'Alpha' is already in "
		    "'l' (it may appear only once)" },
		{ "m", "{\"a\\u0001\":\"x\"}", "!invalid key 'a\\x01' in property "
		    "'m': control character U+0001 at byte 2" },
		{ "m", "{\"a\":\"x\\ny\"}", "!control character U+000A at byte 2" },
		{ "j", "[{\"a\":\"\\u0000\"}]", "!control character U+0000" },
		{ "i", "\"7\"", "7" },
		{ "i", "7", "7" }, { "i", "0", "!must be from 1 to 100" },
		{ "i", "true", "!invalid value 'true' for property 'i': not an "
		    "integer" },
		{ "f", "2", "2.0" }, { "f", "\"0.5\"", "0.5" },
		{ "b", "false", "no" }, { "b", "\"on\"", "yes" },
		{ "e", "\"ALPHA\"", "Alpha" }, { "h", "1024", "1024" },
		{ "r", "\"\"", "!invalid value '' for property 'r'" },
		{ "p", "\"x\"", "!not an absolute path" },
		{ "s", "[\"a\"]", "!thing property 's' must be a single value" },
		{ "l", "\"Alpha\"", "!thing property 'l' must be a list" },
		{ "l", "[\"alpha\", \"beta\"]", "Alpha beta" },
		{ "l", "[null]", "!elements of 'l' must be scalars" },
		{ "l", "[[\"x\"]]", "!elements of 'l' must be scalars" },
		{ "j", "[\"{}\"]", "!elements of 'j' must be mappings" },
		{ "j", "[{\"a\":{\"b\":[1]}}]", "!invalid value "
		    "'{\"a\":{\"b\":[1]}}' for property 'j': value of 'b' in 'a' "
		    "must be a scalar" },
		{ "m", "{\"a\":1,\"b\":null,\"c\":false}",
		    "{\"a\":\"1\",\"b\":\"\",\"c\":\"false\"}" },
		{ "m", "{\"a\":{}}", "!value of 'a' in 'm' must be a scalar" },
		{ "m", "[]", "!thing property 'm' must be a mapping" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = load(cases[i].prop, cases[i].node);

		if (cases[i].want[0] == '!')
			ok(strncmp(got, "!", 1) == 0 && strstr(got,
			    cases[i].want + 1) != NULL, "load %s %s refused: %s",
			    cases[i].prop, cases[i].node, got);
		else
			is_str(got, cases[i].want, "load %s %s",
			    cases[i].prop, cases[i].node);
		free(got);
	}
}

/* value_parse on words: "!cause" or get's text (caller frees). */
static char *
parse(const char *prop, const char *const *words, int n)
{
	const struct prop_def *p = prop_get(&thing, prop);
	char *cause = NULL, *s;
	json_t *v = value_parse(p, (char *const *)words, n, &cause);

	if (v == NULL) {
		s = xasprintf("!%s", cause);
		free(cause);
	} else
		s = value_format(p, v, " ");
	json_decref(v);
	return s;
}

/* The rules where several words or a map meet them. */
static void
test_parse_words(void)
{
	static const struct {
		const char *prop, *words[3], *want;
	} cases[] = {
		{ "m", { "note=caf\xe9", "gpu=true" }, "!invalid value "
		    "'note=caf\\xe9' for property 'm': not valid UTF-8 at byte 9" },
		{ "m", { "n\xe9=1" }, "!not valid UTF-8 at byte 2" },
		{ "m", { "a\nb=1" }, "!control character U+000A at byte 2" },
		{ "m", { "a=1", "b=x\ty" }, "!control character U+0009 at byte 4" },
		{ "m", { "{\"a\\nb\":\"1\"}" }, "!key 'a\\x0ab': control "
		    "character U+000A at byte 2" },
		{ "m", { "{\"a\":\"\\u0085\"}" }, "!value '\\xc2\\x85': "
		    "control character U+0085 at byte 1" },
		{ "m", { "{\"a\":\"1\"}", "b=\xc3\xbc" },
		    "{\"a\":\"1\",\"b\":\"\xc3\xbc\"}" },
		{ "s", { "a", "b\nc" }, "!control character U+000A at byte 2" },
		{ "s", { "a", "b" }, "a b" },
		{ "l", { "alpha", "beta", "ALPHA" }, "!'Alpha' is already in 'l' "
		    "(it may appear only once)" },
		{ "l", { "alpha", "beta" }, "Alpha beta" },
		{ "j", { "[{\"a\":\"\\r\"}]" }, "!control character U+000D" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = cases[i].words[2] ? 3 : cases[i].words[1] ? 2 : 1;
		char *got = parse(cases[i].prop, cases[i].words, n);

		if (cases[i].want[0] == '!')
			ok(got[0] == '!' && strstr(got, cases[i].want + 1),
			    "parse %s words %zu refused: %s", cases[i].prop, i,
			    got);
		else
			is_str(got, cases[i].want, "parse %s words %zu",
			    cases[i].prop, i);
		free(got);
	}
}

/*
 * A loaded string holding bytes that are not UTF-8 (libyaml refuses
 * them; nothing else that builds values may get them past the rule).
 */
static void
test_load_bytes(void)
{
	const struct prop_def *p = prop_get(&thing, "s");
	json_t *y = json_stringn_nocheck("caf\xe9", 4), *v;
	struct value_at at;
	char *cause = NULL;

	v = value_load(&thing, p, y, &at, &cause);
	ok(v == NULL && cause && strstr(cause, "invalid value 'caf\\xe9' "
	    "for property 's': not valid UTF-8 at byte 4") && at.node == y,
	    "load: a string that is not UTF-8 is refused: %s", cause);
	free(cause);
	json_decref(y);
}

/* value_text_shown: what messages show of a text. */
static void
test_shown(void)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} cases[] = {
		{ "plain", 5, "plain" }, { "a\nb", 3, "a\\x0ab" },
		{ "caf\xe9", 4, "caf\\xe9" }, { "\xc3\xbc", 2, "\xc3\xbc" },
		{ "a\0b", 3, "a\\x00b" }, { "\xc2\x85", 2, "\\xc2\\x85" },
		{ "\xe2\x80\xa8", 3, "\\xe2\\x80\\xa8" },
		{ "back\\slash", 10, "back\\slash" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = value_text_shown(cases[i].in, cases[i].len);

		is_str(s, cases[i].want, "shown %zu", i);
		free(s);
	}
}

/* value_text_clean: text from the system, made to obey the rule. */
static void
test_clean(void)
{
	char *s = value_text_clean("a\tb\xe9\xc3\xbc\xc2\x85\xe2\x80\xa8z", 12);

	is_str(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xc3\xbc\xef\xbf\xbd"
	    "\xef\xbf\xbd" "z", "clean: each offending sequence is U+FFFD");
	ok(value_text_check(s, strlen(s), NULL) == 0, "clean: obeys the rule");
	free(s);
}

/* The name rule's cases: a name and part of the refusal, or NULL. */
static const struct {
	const char *name, *want;
} names[] = {
	{ "hyper01", NULL }, { "m1.small", NULL }, { "a-b_c:d=e+f", NULL },
	{ "caf\xc3\xa9", NULL }, { "a.b", NULL }, { "a*b", NULL },
	{ "", "a name may not be empty" },
	{ "a b", "a blank is not allowed in a name" },
	{ "a\tb", "control character U+0009 at byte 2" },
	{ "caf\xe9", "not valid UTF-8 at byte 4" },
	{ "..", "'..' is not allowed in a name" },
	{ "a..b", "'..' is not allowed in a name" },
	{ ".", "'.' is not allowed as a name" },
	{ "*", "'*' is not allowed as a name" },
	{ "n[1-2]", "'[' is not allowed in a name" },
	{ "a]", "']' is not allowed in a name" },
	{ "a,b", "',' is not allowed in a name" },
	{ "^x", "'^' is not allowed in a name" },
	{ "x^", "'^' is not allowed in a name" },
	{ "-x", "a name may not start with '-'" },
	{ "#x", "a name may not start with '#'" },
	{ "!x", "a name may not start with '!'" },
	{ "@x", "a name may not start with '@'" },
	{ "a;b", "';' is not allowed" }, { "a(b", "'(' is not allowed" },
	{ "a)b", "')' is not allowed" }, { "a|b", "'|' is not allowed" },
	{ "a>b", "'>' is not allowed" }, { "a\"b", "'\"' is not allowed" },
	{ "a'b", "''' is not allowed" }, { "a\\b", "'\\' is not allowed" },
	{ "a/b", "'/' is not allowed" },
	{ "box", "widgets take no x" },
};

/* The name rule, and names that differ only in case. */
static void
test_names(void)
{
	json_t *coll = json_pack("{s{}s{}s{}}", "hyper01", "Other", "b");
	const char *a = NULL, *b = NULL;
	char *cause = NULL;

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int r = type_name_check(&widget, names[i].name,
		    strlen(names[i].name), &cause);

		if (names[i].want == NULL)
			ok(r == 0 && cause == NULL, "name '%s' taken: %s",
			    names[i].name, cause ? cause : "");
		else
			ok(r == -1 && cause && strstr(cause, names[i].want),
			    "name %zu refused: %s", i, cause ? cause : "");
		FREE_AND_NULL(cause);
	}
	ok(type_name_check(&widget, "a\0b", 3, &cause) == -1 && cause &&
	    strstr(cause, "invalid widget name 'a\\x00b': control character "
	    "U+0000 at byte 2"), "a name holding a NUL is refused: %s",
	    cause ? cause : "");
	free(cause);
	is_str(type_name_clash(coll, "HYPER01"), "hyper01", "clash: upper");
	is_str(type_name_clash(coll, "other"), "Other", "clash: lower");
	ok(type_name_clash(coll, "hyper01") == NULL, "clash: itself is none");
	ok(type_name_clash(coll, "c") == NULL, "clash: none");
	ok(type_names_clash(coll, &a, &b) == 0, "names: no clash");
	json_object_set_new(coll, "B", json_object());
	ok(type_names_clash(coll, &a, &b) == -1 && strcmp(a, "b") == 0 &&
	    strcmp(b, "B") == 0, "names: 'B' and 'b'");
	json_object_del(coll, "b");
	json_object_set_new(coll, "OTHER", json_object());
	ok(type_names_clash(coll, &a, &b) == -1 && strcmp(a, "Other") == 0 &&
	    strcmp(b, "OTHER") == 0, "names: 'Other' and 'OTHER'");
	json_decref(coll);
}

/* The table itself, and what kinds offer to completion. */
static void
test_table(void)
{
	struct collect c = { { collect_add }, SBUF_INIT };
	int full = 1;

	for (int k = 0; k < VK_NKINDS; k++)
		full &= kind_ops[k].name && kind_ops[k].parse &&
		    kind_ops[k].load && kind_ops[k].format;
	ok(full, "every kind has a name, parse, load and format");
	ok(kind_ops[VK_JSONOBJ].mapping && !kind_ops[VK_STRING].mapping,
	    "only objects are a mapping kind");
	sbuf_adds(&c.sb, "");
	kind_ops[VK_ENUM].complete(prop_get(&thing, "e"), NULL, &c.out);
	kind_ops[VK_BOOL].complete(prop_get(&thing, "b"), NULL, &c.out);
	is_str(c.sb.buf, "Alpha,beta,yes,no,", "enums and booleans offer "
	    "their words");
	ok(kind_ops[VK_STRING].complete == NULL, "strings offer nothing");
	sbuf_release(&c.sb);
}

int
main(void)
{
	test_table();
	for (const struct row *r = rows; r->prop; r++) {
		const struct prop_def *p = prop_get(&thing, r->prop);

		if (p == NULL)
			abort();
		test_row(r, p);
	}
	test_load();
	test_parse_words();
	test_load_bytes();
	test_shown();
	test_clean();
	test_names();
	return done_testing();
}
