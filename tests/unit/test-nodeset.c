/*
 * test-nodeset.c - node-set expansion (ocmsh(1) NODE SETS).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/nodeset.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

/* Expressions and the names they give, space-separated. */
static const struct {
	const char *expr, *want;
} cases[] = {
	{ "hyper01", "hyper01" },
	{ "hyper[01-02]", "hyper01 hyper02" },
	{ "node00[1-4]", "node001 node002 node003 node004" },
	{ "r[1-2]n[01-03]", "r1n01 r1n02 r1n03 r2n01 r2n02 r2n03" },
	{ "node[001-002]s[001-002]",
	  "node001s001 node001s002 node002s001 node002s002" },
	{ "node[1..3]", "node1 node2 node3" },
	{ "node[001-009:2]", "node001 node003 node005 node007 node009" },
	{ "node00[1..7:2]", "node001 node003 node005 node007" },
	{ "n[1-10:3]", "n1 n4 n7 n10" },
	{ "n[1-9:4]", "n1 n5 n9" },
	{ "node[01-03,07]", "node01 node02 node03 node07" },
	{ "n[1-3,10-20:5]", "n1 n2 n3 n10 n15 n20" },
	{ "n[8-10,007]", "n8 n9 n10 n007" },
	{ "n[5]", "n5" },
	{ "n[5-5]", "n5" },
	{ "n[1,1,2]", "n1 n2" },
	{ "[01-03]", "01 02 03" },
	{ "n[0-2]x", "n0x n1x n2x" },
	{ "a[1-2]b[3-4]c", "a1b3c a1b4c a2b3c a2b4c" },
	/* zero padding follows the first bound */
	{ "n[01-10]", "n01 n02 n03 n04 n05 n06 n07 n08 n09 n10" },
	{ "n[1-10]", "n1 n2 n3 n4 n5 n6 n7 n8 n9 n10" },
	{ "n[8-11]", "n8 n9 n10 n11" },
	{ "n[098-101]", "n098 n099 n100 n101" },
	/* dot ranges */
	{ "node001..node005", "node001 node002 node003 node004 node005" },
	{ "node1..node3", "node1 node2 node3" },
	{ "node8..node11", "node8 node9 node10 node11" },
	{ "node098..node101", "node098 node099 node100 node101" },
	{ "node001..005", "node001 node002 node003 node004 node005" },
	{ "5..7", "5 6 7" },
	{ "r1n09..r1n11", "r1n09 r1n10 r1n11" },
	{ "n3..n3", "n3" },
	/* comma lists, order, duplicates */
	{ "a,b,c", "a b c" },
	{ "c,a,b", "c a b" },
	{ "a,b,a", "a b" },
	{ "n[1-3],n[2-4]", "n1 n2 n3 n4" },
	{ "r2n003,r[3-4]n0[01-02]",
	  "r2n003 r3n001 r3n002 r4n001 r4n002" },
	{ "node001..node002,n[1-2]", "node001 node002 n1 n2" },
	/* exclusions */
	{ "node001..node005,-node002",
	  "node001 node003 node004 node005" },
	{ "node001..node005,-node002..node003", "node001 node004 node005" },
	{ "node[001-012],-node[004-012:4]",
	  "node001 node002 node003 node005 node006 node007 node009 "
	  "node010 node011" },
	{ "a,b,-a,a", "b a" },
	{ "a,-x", "a" },
	{ "-a", "" },
	{ "a,b,-a,-b", "" },
};

/* Expressions that fail, and the message. */
static const struct {
	const char *expr, *cause;
} errors[] = {
	{ "hyper[01-", "bad node set 'hyper[01-': unbalanced '['" },
	{ "hyper[01-02", "bad node set 'hyper[01-02': unbalanced '['" },
	{ "a,hyper01]", "bad node set 'a,hyper01]': unbalanced ']'" },
	{ "a[1]]", "bad node set 'a[1]]': unbalanced ']'" },
	{ "a[[1]]", "bad node set 'a[[1]]': nested '['" },
	{ "", "bad node set '': empty item" },
	{ "a,,b", "bad node set 'a,,b': empty item" },
	{ "a,", "bad node set 'a,': empty item" },
	{ ",a", "bad node set ',a': empty item" },
	{ "a,-", "bad node set 'a,-': nothing after '-'" },
	{ "n[]", "bad node set 'n[]': empty item in '[]'" },
	{ "n[1,]", "bad node set 'n[1,]': empty item in '[]'" },
	{ "n[,1]", "bad node set 'n[,1]': empty item in '[]'" },
	{ "node005..node001",
	  "bad node range 'node005..node001': end before start" },
	{ "n[05-01]", "bad node range 'n[05-01]': end before start" },
	{ "n[5..1]", "bad node range 'n[5..1]': end before start" },
	{ "a01..b03", "node range prefixes differ in 'a01..b03'" },
	{ "node01..nod02", "node range prefixes differ in 'node01..nod02'" },
	{ "n[1-9:0]", "bad node range 'n[1-9:0]': stride 0" },
	{ "n[5:2]", "bad node range 'n[5:2]': stride without a range" },
	{ "n[1-9:]", "bad node range 'n[1-9:]': missing number" },
	{ "n[1-9:x]", "bad node range 'n[1-9:x]': 'x' is not a number" },
	{ "n[a-b]", "bad node range 'n[a-b]': 'a' is not a number" },
	{ "n[1-x]", "bad node range 'n[1-x]': 'x' is not a number" },
	{ "n[abc]", "bad node range 'n[abc]': 'abc' is not a number" },
	{ "n[-3]", "bad node range 'n[-3]': missing number" },
	{ "n[1-]", "bad node range 'n[1-]': missing number" },
	{ "n[1..]", "bad node range 'n[1..]': missing number" },
	{ "n[1-2-3]", "bad node range 'n[1-2-3]': '2-3' is not a number" },
	{ "n[1-1234567890123456789]", "bad node range "
	  "'n[1-1234567890123456789]': '1234567890123456789' is too large" },
	{ "node..node3",
	  "bad node range 'node..node3': 'node' does not end in a number" },
	{ "node1..node",
	  "bad node range 'node1..node': 'node' does not end in a number" },
	{ "a[1-2]..a3", "bad node set 'a[1-2]..a3': '..' and '[' in one item" },
	{ "a1..a[3]", "bad node set 'a1..a[3]': '..' and '[' in one item" },
	{ "n[1-10000001]",
	  "too many node names in 'n[1-10000001]' (more than 10000000)" },
	{ "n[1-5000][1-5000]",
	  "too many node names in 'n[1-5000][1-5000]' (more than 10000000)" },
	{ "n[1-999999999999999999]", "too many node names in "
	  "'n[1-999999999999999999]' (more than 10000000)" },
	{ "n1..n10000001",
	  "too many node names in 'n1..n10000001' (more than 10000000)" },
	{ "n[1-6000000],m[1-6000000]", "too many node names in "
	  "'n[1-6000000],m[1-6000000]' (more than 10000000)" },
	{ "^/nonexistent/nodes",
	  "^/nonexistent/nodes: No such file or directory" },
	{ "a,-^/nonexistent/nodes",
	  "^/nonexistent/nodes: No such file or directory" },
	{ "^", "bad node set '^': missing file name after '^'" },
};

/* What nodeset_is_pattern() says. */
static const struct {
	const char *expr;
	int want;
} patterns[] = {
	{ "hyper01", 0 }, { "g1.medium.p100", 0 }, { "node-1", 0 },
	{ "hyper[01-02]", 1 }, { "a,b", 1 }, { "node001..node002", 1 },
	{ "^/tmp/nodes", 1 }, { "*", 0 },
};

/* Expands expr onto an empty vector and joins the names with spaces. */
static char *
expand(const char *expr, char **cause)
{
	struct strv sv = STRV_INIT;
	char *s;

	*cause = NULL;
	if (nodeset_expand(expr, &sv, cause) != 0) {
		strv_release(&sv);
		return NULL;
	}
	s = strv_join(&sv, " ");
	strv_release(&sv);
	return s;
}

/* Checks the tables. */
static void
test_tables(void)
{
	char *got, *cause;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		got = expand(cases[i].expr, &cause);
		is_str(got, cases[i].want, "expand '%s'", cases[i].expr);
		if (cause != NULL)
			printf("#   cause: %s\n", cause);
		free(got);
		free(cause);
	}
	for (i = 0; i < ARRAY_SIZE(errors); i++) {
		got = expand(errors[i].expr, &cause);
		ok(got == NULL, "'%s' is refused", errors[i].expr);
		is_str(cause, errors[i].cause, "'%s' message", errors[i].expr);
		free(got);
		free(cause);
	}
	for (i = 0; i < ARRAY_SIZE(patterns); i++)
		is_int(nodeset_is_pattern(patterns[i].expr), patterns[i].want,
		    "is_pattern '%s'", patterns[i].expr);
}

/* Checks that names from earlier arguments take part. */
static void
test_earlier(void)
{
	struct strv sv = STRV_INIT;
	char *cause = NULL, *got;

	strv_push(&sv, "node001");
	strv_push(&sv, "node002");
	strv_push(&sv, "node003");
	ok(nodeset_expand("-node002", &sv, &cause) == 0, "exclude earlier");
	got = strv_join(&sv, " ");
	is_str(got, "node001 node003", "an exclusion removes earlier names");
	free(got);
	ok(nodeset_expand("node004,node001", &sv, &cause) == 0, "add more");
	got = strv_join(&sv, " ");
	is_str(got, "node001 node003 node004",
	    "duplicates of earlier names are dropped");
	free(got);
	is_int(nodeset_expand("node005,-node001,x[", &sv, &cause), -1,
	    "a bad expression fails");
	is_str(cause, "bad node set 'node005,-node001,x[': unbalanced '['",
	    "its message");
	free(cause);
	cause = NULL;
	is_int(nodeset_expand("node005,-node001,x[2-1]", &sv, &cause), -1,
	    "a bad range after good items fails");
	free(cause);
	got = strv_join(&sv, " ");
	is_str(got, "node001 node003 node004",
	    "a failing expression leaves the names as they were");
	free(got);
	is_int(sv.n, 3, "still three names");
	ok(sv.v[3] == NULL, "still NULL-terminated");
	strv_release(&sv);
}

/* Writes text to a new temporary file; returns its path (caller frees). */
static char *
temp_file(const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *f;
	int fd;

	path = xasprintf("%s/test-nodeset.XXXXXX", dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	return path;
}

/* Checks ^FILE. */
static void
test_file(void)
{
	char *path, *nested, *expr, *got, *cause;

	path = temp_file("# the GPU hypervisors\n"
	    "hyper01 hyper02,hyper03\n"
	    "\n"
	    "\tnode[1-2]   # trailing comment, node9\n"
	    "-hyper02\n"
	    "hyper01\n"
	    "node5..node6#x\n");

	expr = xasprintf("^%s", path);
	got = expand(expr, &cause);
	is_str(got, "hyper01 hyper03 node1 node2 node5 node6",
	    "^FILE reads names, ranges, exclusions and comments");
	free(got);
	free(cause);
	free(expr);

	expr = xasprintf("hyper04,^%s,-node1", path);
	got = expand(expr, &cause);
	is_str(got, "hyper04 hyper01 hyper03 node2 node5 node6",
	    "^FILE inside a comma list");
	free(got);
	free(cause);
	free(expr);

	expr = xasprintf("hyper[01-04],-^%s", path);
	got = expand(expr, &cause);
	is_str(got, "hyper04 hyper02",
	    "-^FILE excludes the file's names (its -hyper02 adds back)");
	free(got);
	free(cause);
	free(expr);

	nested = temp_file("a\n^/etc/hostname\n");
	expr = xasprintf("^%s", nested);
	got = expand(expr, &cause);
	ok(got == NULL, "^ inside ^FILE is refused");
	free(expr);
	expr = xasprintf("^%s:2: nested '^' in '^/etc/hostname'", nested);
	is_str(cause, expr, "nested ^ message");
	free(got);
	free(cause);
	free(expr);

	unlink(nested);
	free(nested);
	expr = xasprintf("^%s", path);
	unlink(path);
	got = expand(expr, &cause);
	ok(got == NULL, "a removed ^FILE is refused");
	free(expr);
	expr = xasprintf("^%s: No such file or directory", path);
	is_str(cause, expr, "missing ^FILE message");
	free(got);
	free(cause);
	free(expr);
	free(path);
}

/* Expands "^" + the path of a file holding text; the cause or names. */
static char *
expand_file(const char *text, char **cause)
{
	char *path = temp_file(text), *expr = xasprintf("^%s", path), *got;

	got = expand(expr, cause);
	unlink(path);
	free(path);
	free(expr);
	return got;
}

/*
 * A word of a ^FILE is an expression as on the command line: commas and
 * brackets inside it, checked the same way (a bracket range in a file
 * once crashed), errors naming the file's line; what is no file is
 * refused instead of read without end.
 */
static void
test_file_words(void)
{
	static const struct {
		const char *text, *want, *msg;
	} texts[] = {
		{ "hyper[01,02]\n", "hyper01 hyper02", NULL },
		{ "hyper[01-02],x\n", "hyper01 hyper02 x", NULL },
		{ "a b\nhyper[03-04] # c\n", "a b hyper03 hyper04", NULL },
		{ "a\nhyper[01-02\n", NULL,
		  "2: bad node set 'hyper[01-02': unbalanced '['" },
		{ "hyper01]\n", NULL, "1: bad node set 'hyper01]': "
		  "unbalanced ']'" },
		{ "n[[1-2]]\n", NULL, "1: bad node set 'n[[1-2]]': nested '['" },
		{ "a,,b\n", NULL, "1: bad node set 'a,,b': empty item" },
		{ "\n\nx^y\n", NULL, "3: nested '^' in 'x^y'" },
	};
	char *cause, *got;

	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		cause = NULL;
		got = expand_file(texts[i].text, &cause);
		if (texts[i].want != NULL) {
			is_str(got, texts[i].want, "file word %zu expands", i);
		} else {
			const char *c = cause ? strchr(cause, ':') : NULL;

			ok(got == NULL, "file word %zu is refused", i);
			is_str(c ? c + 1 : cause, texts[i].msg,
			    "file word %zu: message", i);
		}
		free(got);
		free(cause);
	}
	cause = NULL;
	got = expand("^/dev/zero", &cause);
	ok(got == NULL, "^/dev/zero is refused, not read");
	is_str(cause, "^/dev/zero: not a regular file", "^/dev/zero message");
	free(got);
	free(cause);
	cause = NULL;
	got = expand("^/tmp", &cause);
	is_str(cause, "^/tmp: is a folder, not a file", "^FOLDER message");
	free(got);
	free(cause);
}

/*
 * Large sets expand correctly.  (How fast is for the benchmark, not for
 * the suite.)
 */
static void
test_large(void)
{
	struct strv sv = STRV_INIT;
	char *cause = NULL;

	ok(nodeset_expand("node[000001-100000]", &sv, &cause) == 0,
	    "100,000 names expand");
	is_int(sv.n, 100000, "100,000 names");
	is_str(sv.v[0], "node000001", "first name");
	is_str(sv.v[99999], "node100000", "last name");
	is_str(sv.v[54320], "node054321", "a middle name");

	/* the same again: all duplicates of the earlier names */
	ok(nodeset_expand("node000001..node100000", &sv, &cause) == 0,
	    "100,000 duplicates expand");
	is_int(sv.n, 100000, "duplicates are dropped");

	ok(nodeset_expand("-node[000001-099999]", &sv, &cause) == 0,
	    "99,999 exclusions");
	is_int(sv.n, 1, "one name left");
	is_str(sv.v[0], "node100000", "the last one");
	strv_release(&sv);

	ok(nodeset_expand("r[1-100]n[0001-1000]", &sv, &cause) == 0,
	    "100 x 1000 combinations");
	is_int(sv.n, 100000, "100,000 combinations");
	is_str(sv.v[0], "r1n0001", "first combination");
	is_str(sv.v[1000], "r2n0001", "the first bracket varies slowest");
	is_str(sv.v[99999], "r100n1000", "last combination");
	strv_release(&sv);
}

int
main(void)
{
	test_tables();
	test_earlier();
	test_file();
	test_file_words();
	test_large();
	return done_testing();
}
