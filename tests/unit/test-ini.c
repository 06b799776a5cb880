/*
 * test-ini.c - the nova.conf reader and editor: reading values as
 * oslo.config does, and byte-exact edits (the tests/nova/NN-topic cases).
 *
 * A case is NN-topic.edit plus NN-topic.after.conf and, unless the file is
 * missing, NN-topic.before.conf.  The .edit file holds edits applied in
 * order, one directive a line ('#' lines and blank lines are ignored):
 *
 *   set SECTION KEY      starts an edit of SECTION KEY (no value: remove it)
 *   value TEXT           adds a value (the rest of the line) to the edit
 *   remove SECTION KEY   adds a name in another release to the edit
 */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "nova/ini.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"
#include "lib/fsutil.h"

/* Prints buf as a TAP comment with its line endings visible. */
static void
show(const char *what, const char *buf, size_t len)
{
	size_t	i;

	printf("# %s:\n# |", what);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\r')
			printf("\\r");
		else if (buf[i] == '\n')
			printf("\\n\n# |");
		else if (buf[i] == '\0')
			printf("\\0");
		else
			putchar(buf[i]);
	}
	printf("<EOF>\n");
}

/* Checks that ini renders exactly want (wlen bytes). */
static void PRINTFLIKE(4, 5)
is_bytes(const struct ini *ini, const char *want, size_t wlen,
    const char *fmt, ...)
{
	size_t	 len;
	char	*got = ini_render(ini, &len), *name;
	va_list	 ap;

	va_start(ap, fmt);
	name = xvasprintf(fmt, ap);
	va_end(ap);
	if (!ok(len == wlen && memcmp(got, want, len) == 0, "%s", name)) {
		show("got", got, len);
		show("want", want, wlen);
	}
	free(name);
	free(got);
}

/* Checks the rendering of ini against the C string want. */
static void
is_text(const struct ini *ini, const char *want, const char *name)
{
	is_bytes(ini, want, strlen(want), "%s", name);
}

/* Reads every value of section/key in text and joins them with '|'. */
static char *
get(const char *text, const char *section, const char *key, size_t *count)
{
	struct ini	*ini = ini_parse(text, strlen(text));
	struct ini_name	 name = { section, key };
	struct strv	 sv = STRV_INIT;
	char		*joined;

	*count = ini_get(ini, &name, &sv);
	joined = strv_join(&sv, "|");
	strv_release(&sv);
	ini_free(ini);
	return joined;
}

/* Checks the values of section/key in text. */
static void
is_get(const char *text, const char *section, const char *key,
    size_t wcount, const char *want, const char *name)
{
	size_t	 count;
	char	*got = get(text, section, key, &count);

	is_int(count, wcount, "%s: count", name);
	is_str(got, want, "%s: values", name);
	free(got);
}

/* Reading values the way oslo.config does. */
static void
test_get(void)
{
	const char	*conf =
	    "key = before any section\n"
	    "[DEFAULT]\n"
	    "pci_alias = {\"name\": \"a\"}\n"
	    "# a comment between values\n"
	    "pci_alias={\"name\": \"b\"}\n"
	    "  other_key  :  spaced value  \n"
	    "quoted = \"in quotes\"\n"
	    "single = 'x'\n"
	    "half = \"open\n"
	    "lone = \"\n"
	    "empty =\n"
	    "colon: a=b\n"
	    "equal = a:b\n"
	    "[filter_scheduler]\n"
	    "enabled_filters = ComputeFilter,\n"
	    "    ImagePropertiesFilter,\n"
	    "\tPciPassthroughFilter\n"
	    "\n"
	    "    not a continuation after a blank line\n"
	    "available_filters = one\n"
	    "# comment ends the value\n"
	    "    stray\n"
	    "[PCI]\n"
	    "alias = upper\n"
	    "[pci]\n"
	    "alias = lower\n"
	    "[default]\n"
	    "pci_alias = not DEFAULT\n"
	    "[ pci ]\n"
	    "alias = spaced section\n";

	is_get(conf, "DEFAULT", "pci_alias", 2,
	    "{\"name\": \"a\"}|{\"name\": \"b\"}\n"
	    "other_key  :  spaced value", "multi values, one continued");
	is_get(conf, "DEFAULT", "key", 0, "", "options before a section");
	is_get(conf, "DEFAULT", "other_key", 0, "",
	    "an indented line after an option continues it");
	is_get(conf, "DEFAULT", "quoted", 1, "in quotes", "double quotes");
	is_get(conf, "DEFAULT", "single", 1, "x", "single quotes");
	is_get(conf, "DEFAULT", "half", 1, "\"open", "unbalanced quote kept");
	is_get(conf, "DEFAULT", "lone", 1, "", "a lone quote");
	is_get(conf, "DEFAULT", "empty", 1, "", "empty value");
	is_get(conf, "DEFAULT", "colon", 1, "a=b", "key: value");
	is_get(conf, "DEFAULT", "equal", 1, "a:b", "the first separator");
	is_get(conf, "filter_scheduler", "enabled_filters", 1,
	    "ComputeFilter,\nImagePropertiesFilter,\nPciPassthroughFilter",
	    "continuation lines joined with newlines");
	is_get(conf, "filter_scheduler", "available_filters", 1, "one",
	    "a comment ends a continued value");
	is_get(conf, "pci", "alias", 2, "upper|lower",
	    "group names match case-insensitively");
	is_get(conf, "PCI", "alias", 2, "upper|lower", "either way round");
	is_get(conf, "DEFAULT", "pci_alias", 2,
	    "{\"name\": \"a\"}|{\"name\": \"b\"}\n"
	    "other_key  :  spaced value", "[default] is not DEFAULT");
	is_get(conf, "default", "pci_alias", 1, "not DEFAULT",
	    "[default] is its own group");
	is_get(conf, " pci ", "alias", 1, "spaced section",
	    "blanks inside brackets belong to the name");
	is_get(conf, "pci", "Alias", 0, "", "keys are case-sensitive");
	is_get("", "DEFAULT", "x", 0, "", "empty file");
	is_get("[DEFAULT]\r\nx = 1\r\n  2\r\n", "DEFAULT", "x", 1, "1\n2",
	    "CRLF");
	is_get("[DEFAULT]\rx = 1\r  2", "DEFAULT", "x", 1, "1\n2",
	    "old Mac line endings, no final newline");
	is_get("[DEFAULT]\nx =\v a\x1f\f\n", "DEFAULT", "x", 1, "a",
	    "blanks as Python's isspace() sees them");
	is_get("[DEFAULT]\nx = 1\n[bad\ny = 2\n", "DEFAULT", "y", 1, "2",
	    "a broken header does not change the section");
}

/* ini_line on a few layouts. */
static void
test_line(void)
{
	const char	*conf =
	    "# head\r\n"
	    "[pci]\r\n"
	    "x = 1\r\n"
	    "  cont\r\n"
	    "\r\n"
	    "alias = a\r\n"
	    "alias = b\r\n";
	struct ini	*ini = ini_parse(conf, strlen(conf));
	struct ini_name	 alias = { "pci", "alias" }, x = { "pci", "x" };
	struct ini_name	 none = { "pci", "cont" }, other = { "DEFAULT", "x" };
	const char	*v[] = { "c" };

	is_int(ini_line(ini, &alias), 6, "ini_line: first occurrence");
	is_int(ini_line(ini, &x), 3, "ini_line: x");
	is_int(ini_line(ini, &none), 0, "ini_line: continuation is no key");
	is_int(ini_line(ini, &other), 0, "ini_line: other section");
	ini_set(ini, &x, NULL, 0, NULL, 0);
	is_int(ini_line(ini, &alias), 4, "ini_line follows edits");
	ini_set(ini, &alias, v, 1, NULL, 0);
	is_int(ini_line(ini, &alias), 4, "ini_line after a collapse");
	is_text(ini, "# head\r\n[pci]\r\n\r\nalias = c\r\n",
	    "removal takes continuation lines; CRLF kept");
	ini_free(ini);
}

/* Unedited files come back byte for byte, whatever they hold. */
static void
test_roundtrip(void)
{
	static const char weird[] =
	    "no section = x\r\n\r[a]\n  [b]\n\tx\n=\n:\n[]\n[x\0y]\n"
	    "k = v\0w\r\n\r\r\n   ";
	static const char *const texts[] = {
	    "", "\n", "\r\n", "[DEFAULT]", "[DEFAULT]\nx = 1", "  \n  ",
	};
	struct ini	*ini;
	size_t		 i;

	ini = ini_parse(weird, sizeof weird - 1);
	is_bytes(ini, weird, sizeof weird - 1, "round trip of odd bytes");
	ini_free(ini);
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		ini = ini_parse(texts[i], strlen(texts[i]));
		is_bytes(ini, texts[i], strlen(texts[i]), "round trip %zu", i);
		ini_free(ini);
	}
	ini = ini_parse(NULL, 0);
	is_text(ini, "", "NULL buffer of length 0");
	ini_free(ini);
	ini_free(NULL);
}

/* Small edits whose exact output is easier to read inline. */
static void
test_set(void)
{
	struct ini_name	 alias = { "pci", "alias" };
	struct ini_name	 old = { "DEFAULT", "pci_alias" };
	struct ini_name	 both[] = { { "pci", "alias" },
	    { "DEFAULT", "pci_alias" } };
	const char	*ab[] = { "a", "b" }, *c[] = { "c" }, *e[] = { "" };
	struct ini	*ini;
	struct strv	 sv = STRV_INIT;
	const char	*t;

	ini = ini_parse("", 0);
	ini_set(ini, &alias, ab, 2, &old, 1);
	is_text(ini, "[pci]\nalias = a\nalias = b\n", "empty file");
	is_int(ini_get(ini, &alias, &sv), 2, "values read back");
	is_str(sv.v[1], "b", "second value read back");
	strv_release(&sv);
	ini_free(ini);

	t = "[DEFAULT]\r\nx = 1\r\n";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, c, 1, NULL, 0);
	is_text(ini, "[DEFAULT]\r\nx = 1\r\n\r\n[pci]\r\nalias = c\r\n",
	    "new section with CRLF");
	ini_free(ini);

	t = "[DEFAULT]\nx = 1\n\n";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, c, 1, NULL, 0);
	is_text(ini, "[DEFAULT]\nx = 1\n\n[pci]\nalias = c\n",
	    "no second blank line before a new section");
	ini_free(ini);

	t = "[pci]";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, c, 1, NULL, 0);
	is_text(ini, "[pci]\nalias = c\n", "header without newline");
	ini_free(ini);

	t = "[pci]\nalias = a";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, NULL, 0, NULL, 0);
	is_text(ini, "[pci]\n", "removal of the unterminated last line");
	ini_set(ini, &alias, NULL, 0, NULL, 0);
	is_text(ini, "[pci]\n", "removal of nothing changes nothing");
	ini_free(ini);

	t = "[DEFAULT]\npci_alias = x\n";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, NULL, 0, both, 2);
	is_text(ini, "[DEFAULT]\n", "n == 0 creates no section");
	ini_set(ini, &alias, e, 1, both, 2);
	is_text(ini, "[DEFAULT]\n\n[pci]\nalias = \n", "empty value");
	ini_free(ini);

	t = "[pci]\nalias = a\n";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, c, 1, both, 2);
	is_text(ini, "[pci]\nalias = c\n",
	    "target among the others is still set");
	ini_free(ini);

	t = "[pci]\r\nx = 1\r\ny = 2\r\nalias = a\n";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &alias, ab, 2, NULL, 0);
	is_text(ini, "[pci]\r\nx = 1\r\ny = 2\r\nalias = a\nalias = b\n",
	    "replacing lines end like the line they replace");
	ini_set(ini, &old, c, 1, NULL, 0);
	is_text(ini, "[pci]\r\nx = 1\r\ny = 2\r\nalias = a\nalias = b\n"
	    "\r\n[DEFAULT]\r\npci_alias = c\r\n",
	    "new lines take the dominant line ending");
	ini_free(ini);
}

/*
 * Lone CRs as line endings (old Mac files): a CR that comes to stand
 * right before an LF, because lines were added or removed between them,
 * must not turn into one CRLF ending and swallow a line.
 */
static void
test_bare_cr(void)
{
	struct ini_name	 alias = { "pci", "alias" }, foo = { "pci", "foo" };
	struct ini_name	 spec = { "pci", "device_spec" };
	struct ini_name	 filt = { "filter_scheduler", "enabled_filters" };
	const char	*ab[] = { "{\"name\": \"a\"}", "b" }, *c[] = { "c" };
	const char	*t, *want;
	struct ini	*ini;
	struct strv	 sv = STRV_INIT;
	int		 round;

	t = "[pci]\ralias = x\r[filter_scheduler]\renabled_filters = F\r";
	want = "[pci]\ralias = {\"name\": \"a\"}\ralias = b\r"
	    "[filter_scheduler]\renabled_filters = F\r";
	ini = ini_parse(t, strlen(t));
	for (round = 1; round <= 2; round++) {
		ini_set(ini, &alias, ab, 2, NULL, 0);
		is_text(ini, want, round == 1 ? "lone CRs: edit" :
		    "lone CRs: a second identical edit changes nothing");
	}
	is_int(ini_line(ini, &filt), 5, "lone CRs: the next header stays");
	ini_free(ini);

	/* new lines ending in a lone CR right before an empty LF line */
	t = "[pci]\r\r\rx = 1\n\n[filter_scheduler]\renabled_filters = F\r";
	want = "[pci]\r\r\rx = 1\nalias = {\"name\": \"a\"}\ralias = b\r"
	    "\r\n[filter_scheduler]\renabled_filters = F\r";
	ini = ini_parse(t, strlen(t));
	for (round = 1; round <= 2; round++) {
		ini_set(ini, &alias, ab, 2, NULL, 0);
		is_text(ini, want, round == 1 ?
		    "an empty LF line after a new lone-CR line gets CRLF" :
		    "... and a second identical edit changes nothing");
		is_int(ini_line(ini, &filt), 9,
		    "... the empty line is kept (round %d)", round);
	}
	ini_set(ini, &alias, c, 1, NULL, 0);
	is_text(ini, "[pci]\r\r\rx = 1\nalias = c\r\r\n"
	    "[filter_scheduler]\renabled_filters = F\r",
	    "one value: the replacing line ends like the first it replaces");
	ini_free(ini);

	/*
	 * The same with a later edit putting lines between them: repeating
	 * the whole sequence of edits changes nothing (found by fuzz_ini).
	 */
	t = "[pci]\nalias =\r  x\n\n";
	want = "[pci]\nalias = {\"name\": \"a\"}\ralias = b\r"
	    "device_spec = {\"name\": \"a\"}\rdevice_spec = b\r\r\n";
	ini = ini_parse(t, strlen(t));
	for (round = 1; round <= 2; round++) {
		ini_set(ini, &alias, ab, 2, NULL, 0);
		ini_set(ini, &spec, ab, 2, NULL, 0);
		is_text(ini, want, round == 1 ?
		    "two edits in a row (lone CR now dominates)" :
		    "... repeated, they change nothing");
	}
	ini_free(ini);

	/* a removal brings a lone CR next to an empty LF line */
	t = "[pci]\rfoo = 1\rdevice_spec = w\n\n  stray\r";
	ini = ini_parse(t, strlen(t));
	ini_set(ini, &spec, NULL, 0, NULL, 0);
	is_text(ini, "[pci]\rfoo = 1\r\r\n  stray\r",
	    "an empty LF line after a lone CR is written with CRLF");
	is_int(ini_get(ini, &foo, &sv), 1, "foo still there");
	is_str(sv.n > 0 ? sv.v[0] : "", "1",
	    "the stray line does not become part of foo");
	strv_release(&sv);
	ini_free(ini);

	/* the blank line before a new section, after a lone CR */
	t = "[DEFAULT]\nx = 1\ny = 2\r";
	ini = ini_parse(t, strlen(t));
	for (round = 1; round <= 2; round++) {
		ini_set(ini, &alias, c, 1, NULL, 0);
		is_text(ini, "[DEFAULT]\nx = 1\ny = 2\r\r\n[pci]\nalias = c\n",
		    round == 1 ? "the blank line before a new section stays" :
		    "... and a second identical edit changes nothing");
	}
	ini_free(ini);
}

/* A small deterministic pseudo-random generator (an LCG). */
static unsigned
rnd(unsigned *state, unsigned n)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) % n;
}

/* Counts the occurrences of needle in buf. */
static size_t
count(const char *buf, const char *needle)
{
	size_t		 n = 0;
	const char	*p;

	for (p = strstr(buf, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * Counts the blank lines of buf (len bytes), splitting lines as ini.h
 * says: at "\n", "\r\n" or a lone "\r".
 */
static size_t
blank_lines(const char *buf, size_t len)
{
	size_t	i = 0, n = 0;
	int	blank = 1;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\r' || buf[i] == '\n') {
			n += blank;
			blank = 1;
			if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else if (buf[i] != ' ' && buf[i] != '\t')
			blank = 0;
	}
	return n;
}

/* Reads every value of name in ini, joined with '|'. */
static char *
values_of(const struct ini *ini, const struct ini_name *name)
{
	struct strv	 sv = STRV_INIT;
	char		*s;

	ini_get(ini, name, &sv);
	s = strv_join(&sv, "|");
	strv_release(&sv);
	return s;
}

/*
 * Random files made of awkward lines with "\n", "\r\n" and lone "\r"
 * endings: after each edit the target reads back exactly, the other names
 * are gone, unmanaged options and every comment are unchanged, no blank
 * line is lost, and a second identical edit changes nothing.
 */
static void
test_random(void)
{
	static const char *const pieces[] = {
	    "[DEFAULT]", "[pci]", "[PCI]", "[filter_scheduler]", "[vnc]",
	    "# comment", "; comment", "", "   ", "  indented",
	    "alias = {\"name\": \"x\"}", "alias: y", "pci_alias = z",
	    "device_spec = w", "  continued", "\tcontinued",
	    "foo = 1", "foo: 2", "bar = 3", "[bad",
	};
	static const char *const eols[] = { "\n", "\n", "\r\n", "\r" };
	static const struct ini_name keep[] = {
	    { "DEFAULT", "foo" }, { "pci", "foo" }, { "pci", "bar" },
	    { "vnc", "foo" }, { "filter_scheduler", "bar" },
	    { "DEFAULT", "device_spec" },
	};
	struct ini_name	 target = { "pci", "alias" };
	struct ini_name	 others[] = { { "DEFAULT", "pci_alias" },
	    { "pci", "device_spec" } };
	const char	*vals[] = { "v1", "{\"name\": \"v2\"}", "v3" };
	unsigned	 seed = 42, bad = 0, oldbad, round, nlines, nvals, i;
	struct sbuf	 file = SBUF_INIT;
	struct ini	*ini;
	char		*before[ARRAY_SIZE(keep)], *got, *first, *want;
	size_t		 k, len, flen;

	for (round = 0; round < 2000 && bad < 5; round++) {
		sbuf_reset(&file);
		oldbad = bad;
		nlines = rnd(&seed, 12);
		for (i = 0; i < nlines; i++) {
			k = rnd(&seed, ARRAY_SIZE(pieces));
			sbuf_adds(&file, pieces[k]);
			if (i + 1 < nlines || rnd(&seed, 2))
				sbuf_adds(&file,
				    eols[rnd(&seed, ARRAY_SIZE(eols))]);
		}
		nvals = rnd(&seed, 4);
		ini = ini_parse(file.buf, file.len);
		for (k = 0; k < ARRAY_SIZE(keep); k++)
			before[k] = values_of(ini, &keep[k]);
		ini_set(ini, &target, vals, nvals, others, ARRAY_SIZE(others));
		first = ini_render(ini, &flen);

		got = values_of(ini, &target);
		want = xstrdup(nvals == 0 ? "" : nvals == 1 ? "v1" :
		    nvals == 2 ? "v1|{\"name\": \"v2\"}" :
		    "v1|{\"name\": \"v2\"}|v3");
		if (strcmp(got, want) != 0)
			bad++;
		free(got);
		free(want);
		for (k = 0; k < ARRAY_SIZE(others); k++) {
			if (ini_line(ini, &others[k]) != 0)
				bad++;
		}
		for (k = 0; k < ARRAY_SIZE(keep); k++) {
			got = values_of(ini, &keep[k]);
			if (strcmp(got, before[k]) != 0)
				bad++;
			free(got);
			free(before[k]);
		}
		if (count(first, "comment") !=
		    count(file.buf ? file.buf : "", "comment"))
			bad++;
		if (blank_lines(first, flen) < blank_lines(file.buf, file.len))
			bad++;
		ini_set(ini, &target, vals, nvals, others, ARRAY_SIZE(others));
		got = ini_render(ini, &len);
		if (len != flen || memcmp(got, first, len) != 0)
			bad++;
		if (bad != oldbad) {
			show("input", file.buf ? file.buf : "", file.len);
			show("output", first, flen);
		}
		free(got);
		free(first);
		ini_free(ini);
	}
	is_int(bad, 0, "2000 random files edited safely");
	sbuf_release(&file);
}

/* Strips trailing blanks and the line ending from s, in place. */
static void
chomp(char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r' ||
	    s[len - 1] == ' ' || s[len - 1] == '\t'))
		s[--len] = '\0';
}

/* One edit of a case. */
struct edit {
	struct ini_name	 target;
	struct strv	 values;
	struct ini_name	 others[8];
	size_t		 nothers;
	struct strv	 words;		/* owns the names' strings */
};

/* Splits "SECTION KEY" into e->words and fills *name. */
static int
parse_name(struct edit *e, char *arg, struct ini_name *name)
{
	char	*sp = strchr(arg, ' ');

	if (sp == NULL)
		return -1;
	*sp = '\0';
	strv_push(&e->words, arg);
	strv_push(&e->words, sp + 1);
	name->section = e->words.v[e->words.n - 2];
	name->key = e->words.v[e->words.n - 1];
	return 0;
}

/* Reads the edits of a .edit file; -1 on a bad line. */
static int
read_edits(const char *text, struct edit **edits, size_t *n)
{
	char		*copy = xstrdup(text), *line, *save = NULL;
	struct edit	*e = NULL;
	size_t		 cap = 0;
	int		 rc = 0;

	*edits = NULL;
	*n = 0;
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		chomp(line);
		if (*line == '\0' || *line == '#')
			continue;
		if (strncmp(line, "set ", 4) == 0) {
			xgrow((void **)edits, &cap, *n + 1, sizeof **edits);
			e = &(*edits)[(*n)++];
			memset(e, 0, sizeof *e);
			strv_init(&e->values);
			strv_init(&e->words);
			if (parse_name(e, line + 4, &e->target) != 0)
				rc = -1;
		} else if (e != NULL && strncmp(line, "value ", 6) == 0)
			strv_push(&e->values, line + 6);
		else if (e != NULL && strncmp(line, "remove ", 7) == 0 &&
		    e->nothers < ARRAY_SIZE(e->others)) {
			if (parse_name(e, line + 7,
			    &e->others[e->nothers++]) != 0)
				rc = -1;
		} else
			rc = -1;
	}
	free(copy);
	return rc;
}

/* Applies the edits to ini. */
static void
apply_edits(struct ini *ini, const struct edit *edits, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ini_set(ini, &edits[i].target,
		    (const char *const *)edits[i].values.v, edits[i].values.n,
		    edits[i].others, edits[i].nothers);
}

/* Frees the edits. */
static void
free_edits(struct edit *edits, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		strv_release(&edits[i].values);
		strv_release(&edits[i].words);
	}
	free(edits);
}

/* Reads dir/base+suffix into sb; -1 if it cannot. */
static int
read_part(struct sbuf *sb, const char *dir, const char *base,
    const char *suffix)
{
	char	*path = xasprintf("%s/%s%s", dir, base, suffix);
	char	*cause = NULL;
	int	 rc;

	sbuf_reset(sb);
	rc = fs_read_file(sb, path, 0, &cause);
	free(cause);
	free(path);
	return rc;
}

/* Runs one case of tests/nova. */
static void
run_case(const char *dir, const char *base)
{
	struct sbuf	 before = SBUF_INIT, after = SBUF_INIT;
	struct sbuf	 cmds = SBUF_INIT;
	struct edit	*edits = NULL;
	size_t		 n = 0;
	struct ini	*ini;

	if (!ok(read_part(&cmds, dir, base, ".edit") == 0 &&
	    read_edits(cmds.buf ? cmds.buf : "", &edits, &n) == 0 && n > 0,
	    "%s: edits read", base))
		goto out;
	if (!ok(read_part(&after, dir, base, ".after.conf") == 0,
	    "%s: after.conf read", base))
		goto out;
	if (read_part(&before, dir, base, ".before.conf") != 0)
		sbuf_reset(&before);	/* a missing file */

	ini = ini_parse(before.buf, before.len);
	apply_edits(ini, edits, n);
	is_bytes(ini, after.buf ? after.buf : "", after.len, "%s", base);
	apply_edits(ini, edits, n);
	is_bytes(ini, after.buf ? after.buf : "", after.len,
	    "%s: applying the edits again changes nothing", base);
	ini_free(ini);
out:
	free_edits(edits, n);
	sbuf_release(&before);
	sbuf_release(&after);
	sbuf_release(&cmds);
}

/* Runs every case found in $top_srcdir/tests/nova. */
static void
test_cases(void)
{
	const char	*top = getenv("top_srcdir");
	char		*dir = xasprintf("%s/tests/nova", top ? top : ".");
	struct strv	 names = STRV_INIT;
	DIR		*d = opendir(dir);
	struct dirent	*de;
	size_t		 i, len;

	if (!ok(d != NULL, "opening %s", dir)) {
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 5 && strcmp(de->d_name + len - 5, ".edit") == 0)
			strv_push_nodup(&names, xstrndup(de->d_name, len - 5));
	}
	closedir(d);
	strv_sort(&names);
	ok(names.n >= 14, "found %zu cases", names.n);
	for (i = 0; i < names.n; i++)
		run_case(dir, names.v[i]);
	strv_release(&names);
	free(dir);
}

/*
 * ini_error: the first line oslo.config's parser refuses (oslo.config
 * 9.0 iniparser.BaseParser.parse and cfg.ConfigParser.assignment).
 */
static void
test_error(void)
{
	static const struct {
		const char	*text;
		int		 utf8;
		size_t		 line;
		const char	*why;
	} cases[] = {
		{ "[DEFAULT]\na = 1\n  continued\n\n# c\n; c\n", 0, 0, NULL },
		{ "[DEFAULT]\na = 1\n\n  continued\n", 0, 4,
		    "unexpected continuation line" },
		{ "  first\n[DEFAULT]\n", 0, 1, "unexpected continuation line" },
		{ "a = 1\n[DEFAULT]\n", 0, 1, "option before any section" },
		{ "[DEFAULT]\nno separator\n", 0, 2,
		    "not an option, comment or section" },
		{ "[DEFAULT]\n= 1\n", 0, 2,
		    "not an option, comment or section" },
		{ "[DEFAULT\n", 0, 1, "invalid section header" },
		{ "[]\n", 0, 1, "invalid section header" },
		{ "[DEFAULT]\n# caf\xe9\n", 0, 0, NULL },
		{ "[DEFAULT]\n# caf\xe9\n", 1, 2, "not UTF-8 text" },
		{ "[DEFAULT]\n# caf\xc3\xa9\n", 1, 0, NULL },
		{ "[DEFAULT]\r\na = 1\r\n\xed\xa0\x80 = 2\r\n", 1, 3,
		    "not UTF-8 text" },
		{ "", 1, 0, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct ini *ini = ini_parse(cases[i].text,
		    strlen(cases[i].text));
		const char *why = NULL;
		size_t line = ini_error(ini, cases[i].utf8, &why);

		ok(line == cases[i].line && (why == cases[i].why ||
		    (why && cases[i].why && strcmp(why, cases[i].why) == 0)),
		    "ini_error case %zu: line %zu (%s)", i, line,
		    why ? why : "parses");
		ini_free(ini);
	}
}

int
main(void)
{
	test_error();
	test_get();
	test_line();
	test_roundtrip();
	test_set();
	test_bare_cr();
	test_random();
	test_cases();
	return done_testing();
}
