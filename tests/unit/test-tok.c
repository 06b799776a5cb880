/*
 * test-tok.c - the tokenizer, the command-line parser and tok_quote().
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tests/unit/tap.h"
#include "shell/tok.h"
#include "lib/xalloc.h"
#include "lib/sbuf.h"

/* Short names of the token types, as the tables below write them. */
static const char *type_names[] = {
	[TOK_WORD] = "W", [TOK_SEMI] = ";", [TOK_LPAREN] = "(",
	[TOK_RPAREN] = ")", [TOK_PIPE] = "P", [TOK_REDIR] = "R",
	[TOK_REDIR_APPEND] = "A", [TOK_SHELL] = "S",
};

/* Renders tokens as "W(set) Wq(a b) ;": type, q if quoted, text. */
static char *
show_tokens(const struct tokv *tv)
{
	struct sbuf sb = SBUF_INIT;
	size_t i;

	sbuf_add(&sb, "", 0);
	for (i = 0; i < tv->n; i++) {
		if (i > 0)
			sbuf_addc(&sb, ' ');
		sbuf_adds(&sb, type_names[tv->v[i].type]);
		if (tv->v[i].type == TOK_SEMI || tv->v[i].type == TOK_LPAREN ||
		    tv->v[i].type == TOK_RPAREN)
			continue;
		sbuf_addf(&sb, "%s(%s)", tv->v[i].quoted ? "q" : "",
		    tv->v[i].text);
	}
	return sbuf_detach(&sb, NULL);
}

/*
 * Renders commands as "c1: set@1 x@5 (body)@12 |pipe >file !shell",
 * commands joined by " ; ".
 */
static char *
show_cmds(const struct cmdlist *cl)
{
	struct sbuf sb = SBUF_INIT;
	const struct cmdline *c;
	size_t i, j;

	sbuf_add(&sb, "", 0);
	for (i = 0; i < cl->n; i++) {
		c = &cl->v[i];
		sbuf_addf(&sb, "%sc%zu:", i ? " ; " : "", c->col);
		for (j = 0; j < c->argv.n; j++)
			sbuf_addf(&sb, " %s@%zu", c->argv.v[j], c->cols[j]);
		if (c->body != NULL)
			sbuf_addf(&sb, " (%s)@%zu", c->body, c->body_col);
		if (c->pipe != NULL)
			sbuf_addf(&sb, " |%s", c->pipe);
		if (c->redir != NULL)
			sbuf_addf(&sb, " %s%s", c->redir_append ? ">>" : ">",
			    c->redir);
		if (c->shell != NULL)
			sbuf_addf(&sb, " !%s", c->shell);
	}
	return sbuf_detach(&sb, NULL);
}

/* tok_split(): line and the tokens it gives. */
static const struct {
	const char *line, *want;
} split_cases[] = {
	{ "", "" },
	{ "   \t ", "" },
	{ "list", "W(list)" },
	{ "  use   hyper01  ", "W(use) W(hyper01)" },
	/* a newline (lines joined inside parentheses) separates commands */
	{ "a\tb\nc", "W(a) W(b) ; W(c)" },
	{ "f (a # c (\nb)", "W(f) ( W(a) ; W(b) )" },
	{ "f (x | y\nz)", "W(f) ( W(x) P(y) ; W(z) )" },
	{ "f (!echo (x)\nz)", "W(f) ( S(echo (x)) ; W(z) )" },
	{ "f (g >\nz)", "W(f) ( W(g) R() ; W(z) )" },
	/* the seed's lines */
	{ "set extraspecs {\\\"pci_passthrough:alias\\\":\\\"gpu-p100:1\\\"}",
	  "W(set) W(extraspecs) "
	  "Wq({\"pci_passthrough:alias\":\"gpu-p100:1\"})" },
	{ "foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)",
	  "W(foreach) W(-n) W(hyper[01-02]) ( W(set) W(kernelparameters) "
	  "W(intel_iommu=on) )" },
	{ "set metadata {\\\"reserve_ram_filter_flavor_extra_spec\\\":"
	  "\\\"gpu\\\",\\\"reserve_ram_filter_mb\\\":\\\"4096\\\"}",
	  "W(set) W(metadata) Wq({\"reserve_ram_filter_flavor_extra_spec\":"
	  "\"gpu\",\"reserve_ram_filter_mb\":\"4096\"})" },
	{ "clone m1.medium g1.medium.p100",
	  "W(clone) W(m1.medium) W(g1.medium.p100)" },
	{ "append schedulerfilters PciPassthroughFilter",
	  "W(append) W(schedulerfilters) W(PciPassthroughFilter)" },
	/* ordinary word characters */
	{ "a[1-2]{x}:y,z=w*v-u.t", "W(a[1-2]{x}:y,z=w*v-u.t)" },
	{ "exit ..", "W(exit) W(..)" },
	/* separators */
	{ "a;b", "W(a) ; W(b)" },
	{ "a ; ; b;", "W(a) ; ; W(b) ;" },
	{ "f(x)y", "W(f) ( W(x) ) W(y)" },
	/* comments */
	{ "# only a comment", "" },
	{ "list #comment ; more", "W(list)" },
	{ "a#b", "W(a#b)" },
	{ "a;#c", "W(a) ;" },
	{ "\"#a\" \\#b", "Wq(#a) Wq(#b)" },
	/* double quotes */
	{ "set revision \"changed on 10th May\"",
	  "W(set) W(revision) Wq(changed on 10th May)" },
	{ "\"a\\\"b\\\\c\\d\"", "Wq(a\"b\\cd)" },
	{ "\"\"", "Wq()" },
	{ "x \"\" y", "W(x) Wq() W(y)" },
	{ "\"a;b(c)d|e>f#g\"", "Wq(a;b(c)d|e>f#g)" },
	{ "list -d \"|\"", "W(list) W(-d) Wq(|)" },
	/* single quotes */
	{ "'{\"a\":\"b\"}'", "Wq({\"a\":\"b\"})" },
	{ "'a\\b'", "Wq(a\\b)" },
	{ "'a;(|)#'", "Wq(a;(|)#)" },
	/* backslashes outside quotes */
	{ "a\\ b", "Wq(a b)" },
	{ "\\;x", "Wq(;x)" },
	{ "a\\\\b", "Wq(a\\b)" },
	/* quoted and unquoted parts join */
	{ "a\"b c\"d", "Wq(ab cd)" },
	{ "'x'\"y\"z", "Wq(xyz)" },
	/* pipes */
	{ "history | tail -3", "W(history) P(tail -3)" },
	{ "alias | egrep '(tablelist|dfh)'",
	  "W(alias) P(egrep '(tablelist|dfh)')" },
	{ "list|grep x; list", "W(list) P(grep x; list)" },
	{ "list |", "W(list) P()" },
	{ "foreach a (list | grep \")\" ; get x) | sort",
	  "W(foreach) W(a) ( W(list) P(grep \")\" ; get x) ) P(sort)" },
	{ "foreach a (list | (cd /; ls)) ; b",
	  "W(foreach) W(a) ( W(list) P((cd /; ls)) ) ; W(b)" },
	/* redirections */
	{ "list > out.txt", "W(list) R(out.txt)" },
	{ "list >out", "W(list) R(out)" },
	{ "list >> \"my file\"", "W(list) Aq(my file)" },
	{ "list>a;b", "W(list) R(a) ; W(b)" },
	{ "list >", "W(list) R()" },
	{ "list > ;", "W(list) R() ;" },
	/* shell escapes */
	{ "!ls -l", "S(ls -l)" },
	{ "  ! ls ; pwd ", "S(ls ; pwd)" },
	{ "!", "S()" },
	{ "list; !echo hi", "W(list) ; S(echo hi)" },
	{ "set x !y", "W(set) W(x) W(!y)" },
	{ "a!b", "W(a!b)" },
	{ "foreach a (!echo (x); get y) ; z",
	  "W(foreach) W(a) ( S(echo (x); get y) ) ; W(z)" },
};

/* tok_split() failures: line and message. */
static const struct {
	const char *line, *cause;
} split_errors[] = {
	{ "set x \"abc", "unbalanced quote at column 7" },
	{ "set x 'abc", "unbalanced quote at column 7" },
	{ "a'b", "unbalanced quote at column 2" },
	{ "set \"a\\\"", "unbalanced quote at column 5" },
	{ "\"ok\" 'a\"b", "unbalanced quote at column 6" },
	{ "a\\", "trailing backslash at column 2" },
	{ "set x ab\\", "trailing backslash at column 9" },
	{ "list > \"x", "unbalanced quote at column 8" },
};

/* tok_split_partial(): line, tokens, open quote, trailing space. */
static const struct {
	const char *line, *want;
	char open_quote;
	int trailing_space;
} partial_cases[] = {
	{ "", "", 0, 0 },
	{ "us", "W(us)", 0, 0 },
	{ "use ", "W(use)", 0, 1 },
	{ "use \"hyp", "W(use) Wq(hyp)", '"', 0 },
	{ "use 'a b", "W(use) Wq(a b)", '\'', 0 },
	{ "use \"a b ", "W(use) Wq(a b )", '"', 0 },
	{ "use \"a\" ", "W(use) Wq(a)", 0, 1 },
	{ "use a\\", "W(use) Wq(a)", 0, 0 },
	{ "use a\\ ", "W(use) Wq(a )", 0, 0 },
	{ "list; ", "W(list) ;", 0, 1 },
	{ "foreach a (", "W(foreach) W(a) (", 0, 0 },
	{ "foreach a (set \"x", "W(foreach) W(a) ( W(set) Wq(x)", '"', 0 },
	{ "list > ", "W(list) R()", 0, 1 },
	{ "list > fi", "W(list) R(fi)", 0, 0 },
	{ "list #x ", "W(list)", 0, 0 },
};

/* cmdline_parse(): line and the commands it gives. */
static const struct {
	const char *line, *want;
} parse_cases[] = {
	{ "", "" },
	{ "# a comment line", "" },
	{ ";;  ; ", "" },
	{ "device", "c1: device@1" },
	{ "home;device;use node001 #copy-pasted",
	  "c1: home@1 ; c6: device@6 ; c13: use@13 node001@17" },
	{ "  list ;; status ",
	  "c3: list@3 ; c11: status@11" },
	/* the seed */
	{ "foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)",
	  "c1: foreach@1 -n@9 hyper[01-02]@12 "
	  "(set kernelparameters intel_iommu=on)@26" },
	{ "set extraspecs {\\\"pci_passthrough:alias\\\":\\\"gpu-p100:1\\\"}",
	  "c1: set@1 extraspecs@5 "
	  "{\"pci_passthrough:alias\":\"gpu-p100:1\"}@16" },
	{ "set g1.medium.p100 extraspecs {\\\"pci_passthrough:alias\\\":"
	  "\\\"gpu-p100:1\\\",\\\"gpu\\\":\\\"true\\\"}",
	  "c1: set@1 g1.medium.p100@5 extraspecs@20 "
	  "{\"pci_passthrough:alias\":\"gpu-p100:1\",\"gpu\":\"true\"}@31" },
	{ "set nodes hyper01 hyper02",
	  "c1: set@1 nodes@5 hyper01@11 hyper02@19" },
	/* bodies keep ';', nesting and quotes verbatim */
	{ "foreach node001 node002 (get hostname; status)",
	  "c1: foreach@1 node001@9 node002@17 (get hostname; status)@26" },
	{ "foreach -n a (services; add cups; set runif active); commit",
	  "c1: foreach@1 -n@9 a@12 (services; add cups; set runif active)@15"
	  " ; c54: commit@54" },
	{ "foreach a (foreach b (get x; get y); z) ; w",
	  "c1: foreach@1 a@9 (foreach b (get x; get y); z)@12 ; c43: w@43" },
	{ "foreach a ( set x \")\" ; set y ';' )",
	  "c1: foreach@1 a@9 ( set x \")\" ; set y ';' )@12" },
	{ "foreach a (set d \"(#\" ; x)",
	  "c1: foreach@1 a@9 (set d \"(#\" ; x)@12" },
	{ "foreach --clone node001 -n node022..node024 ()",
	  "c1: foreach@1 --clone@9 node001@17 -n@25 node022..node024@28 "
	  "()@46" },
	{ "foreach a (x) | grep y",
	  "c1: foreach@1 a@9 (x)@12 |grep y" },
	{ "foreach a (x) > out",
	  "c1: foreach@1 a@9 (x)@12 >out" },
	{ "foreach a (list | grep b) ; c",
	  "c1: foreach@1 a@9 (list | grep b)@12 ; c29: c@29" },
	{ "foreach a (!ls; get x)",
	  "c1: foreach@1 a@9 (!ls; get x)@12" },
	{ "foreach a (x) # done", "c1: foreach@1 a@9 (x)@12" },
	{ "foreach a (x);", "c1: foreach@1 a@9 (x)@12" },
	/* quotes holding separators */
	{ "set a \"x;y\" ; set b 'p(q' ; set c \"r|s\" ; set d \"#t\"",
	  "c1: set@1 a@5 x;y@7 ; c15: set@15 b@19 p(q@21 ; "
	  "c29: set@29 c@33 r|s@35 ; c43: set@43 d@47 #t@49" },
	/* pipes, redirections, shell escapes */
	{ "history | tail -3", "c1: history@1 |tail -3" },
	{ "list | grep x; list", "c1: list@1 |grep x; list" },
	{ "list > f", "c1: list@1 >f" },
	{ "list >> f", "c1: list@1 >>f" },
	{ "list > f -d x", "c1: list@1 -d@10 x@13 >f" },
	{ "list > f | cat", "c1: list@1 |cat >f" },
	{ "!ls", "c1: !ls" },
	{ "device; !uname -a; list", "c1: device@1 ; c9: !uname -a; list" },
	{ "!", "c1: !" },
	{ "set x !y", "c1: set@1 x@5 !y@7" },
};

/* cmdline_parse() failures: line and message. */
static const struct {
	const char *line, *cause;
} parse_errors[] = {
	{ "set x \"abc", "unbalanced quote at column 7" },
	{ "foreach a (set x 'y)", "unbalanced quote at column 18" },
	{ "a\\", "trailing backslash at column 2" },
	{ "foreach a (get x", "unbalanced parenthesis at column 11" },
	{ "foreach a (b (c)", "unbalanced parenthesis at column 11" },
	{ "foreach a (get x # )", "unbalanced parenthesis at column 11" },
	{ "list)", "unexpected ')' at column 5" },
	{ "foreach a (x))", "unexpected ')' at column 14" },
	{ "foreach a (x) y", "unexpected 'y' after ')' at column 15" },
	{ "foreach a (x) (y)", "unexpected '(' after ')' at column 15" },
	{ "(list)", "missing command before '(' at column 1" },
	{ "list; (x)", "missing command before '(' at column 7" },
	{ "| grep x", "missing command before '|' at column 1" },
	{ "list |", "missing command after '|' at column 6" },
	{ "list |   ", "missing command after '|' at column 6" },
	{ "> f", "missing command before '>' at column 1" },
	{ "list >", "missing file name after '>' at column 6" },
	{ "list >>; x", "missing file name after '>' at column 6" },
	{ "list > \"\"", "missing file name after '>' at column 6" },
	{ "list > a > b", "more than one redirection at column 10" },
};

/* Words for the tok_quote() round trip, and how they are quoted. */
static const struct {
	const char *word, *quoted;
} quote_cases[] = {
	{ "hyper01", "hyper01" },
	{ "a#b", "a#b" },
	{ "{\"a\":\"b\"}", "\"{\\\"a\\\":\\\"b\\\"}\"" },
	{ "", "\"\"" },
	{ "two words", "\"two words\"" },
	{ "a;b", "\"a;b\"" },
	{ "(x)", "\"(x)\"" },
	{ "a|b", "\"a|b\"" },
	{ "a>b", "\"a>b\"" },
	{ "#x", "\"#x\"" },
	{ "!x", "\"!x\"" },
	{ "it's", "\"it's\"" },
	{ "back\\slash", "\"back\\\\slash\"" },
	{ "tab\there", "\"tab\there\"" },
	{ "line\nbreak", "\"line\nbreak\"" },
	{ "x!", "x!" },
	{ "pci_passthrough:alias", "pci_passthrough:alias" },
};

/* Checks the tok_split() table. */
static void
test_split(void)
{
	struct tokv tv;
	char *cause, *got;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(split_cases); i++) {
		tokv_init(&tv);
		cause = NULL;
		if (!ok(tok_split(split_cases[i].line, &tv, &cause) == 0,
		    "split '%s' succeeds", split_cases[i].line))
			printf("#   cause: %s\n", cause);
		got = show_tokens(&tv);
		is_str(got, split_cases[i].want, "split '%s'",
		    split_cases[i].line);
		free(got);
		free(cause);
		tokv_release(&tv);
	}
	for (i = 0; i < ARRAY_SIZE(split_errors); i++) {
		tokv_init(&tv);
		cause = NULL;
		is_int(tok_split(split_errors[i].line, &tv, &cause), -1,
		    "split '%s' fails", split_errors[i].line);
		is_str(cause, split_errors[i].cause, "split '%s' message",
		    split_errors[i].line);
		is_int(tv.n, 0, "split '%s' leaves no tokens",
		    split_errors[i].line);
		free(cause);
		tokv_release(&tv);
	}
}

/* Checks byte offsets and that tok_split() appends. */
static void
test_offsets(void)
{
	struct tokv tv;
	char *cause = NULL;
	/*                   0123456789012345678901234 */
	const char *line = "set \"a b\";(x) | y >> 'f'";

	tokv_init(&tv);
	ok(tok_split(line, &tv, &cause) == 0, "offsets line splits");
	is_int(tv.n, 7, "offsets: 7 tokens");
	is_int(tv.v[0].start, 0, "set starts at 0");
	is_int(tv.v[0].end, 3, "set ends at 3");
	is_int(tv.v[0].quoted, 0, "set is not quoted");
	is_int(tv.v[1].start, 4, "\"a b\" starts at 4");
	is_int(tv.v[1].end, 9, "\"a b\" ends at 9");
	is_int(tv.v[1].quoted, 1, "\"a b\" is quoted");
	is_int(tv.v[2].start, 9, "; at 9");
	is_int(tv.v[3].start, 10, "( at 10");
	is_int(tv.v[5].end, 13, ") ends at 13");
	is_int(tv.v[6].type, TOK_PIPE, "| is a pipe");
	is_int(tv.v[6].start, 14, "| at 14");
	is_str(tv.v[6].text, "y >> 'f'", "the pipe takes the rest");

	tokv_release(&tv);

	tokv_init(&tv);
	ok(tok_split("a >> b", &tv, &cause) == 0, "redirect splits");
	is_int(tv.v[1].type, TOK_REDIR_APPEND, ">> appends");
	is_int(tv.v[1].start, 2, ">> starts at its '>'");
	is_int(tv.v[1].end, 6, ">> ends after the file");
	ok(tok_split("c", &tv, &cause) == 0, "split appends");
	is_int(tv.n, 3, "three tokens after two calls");
	is_str(tv.v[2].text, "c", "the appended token");
	is_int(tok_split("'", &tv, &cause), -1, "a failing split");
	is_int(tv.n, 3, "a failing split keeps earlier tokens");
	free(cause);
	tokv_release(&tv);
}

/* Checks the tok_split_partial() table. */
static void
test_partial(void)
{
	struct tokv tv;
	char *got;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(partial_cases); i++) {
		tokv_init(&tv);
		tok_split_partial(partial_cases[i].line, &tv);
		got = show_tokens(&tv);
		is_str(got, partial_cases[i].want, "partial '%s'",
		    partial_cases[i].line);
		is_int(tv.open_quote, partial_cases[i].open_quote,
		    "partial '%s' open quote", partial_cases[i].line);
		is_int(tv.trailing_space, partial_cases[i].trailing_space,
		    "partial '%s' trailing space", partial_cases[i].line);
		free(got);
		tokv_release(&tv);
	}
}

/* Checks the cmdline_parse() tables. */
static void
test_parse(void)
{
	struct cmdlist cl;
	char *cause, *got;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		cmdlist_init(&cl);
		cause = NULL;
		if (!ok(cmdline_parse(parse_cases[i].line, &cl, &cause) == 0,
		    "parse '%s' succeeds", parse_cases[i].line))
			printf("#   cause: %s\n", cause);
		got = show_cmds(&cl);
		is_str(got, parse_cases[i].want, "parse '%s'",
		    parse_cases[i].line);
		free(got);
		free(cause);
		cmdlist_release(&cl);
	}
	for (i = 0; i < ARRAY_SIZE(parse_errors); i++) {
		cmdlist_init(&cl);
		cause = NULL;
		is_int(cmdline_parse(parse_errors[i].line, &cl, &cause), -1,
		    "parse '%s' fails", parse_errors[i].line);
		is_str(cause, parse_errors[i].cause, "parse '%s' message",
		    parse_errors[i].line);
		is_int(cl.n, 0, "parse '%s' gives no commands",
		    parse_errors[i].line);
		free(cause);
		cmdlist_release(&cl);
	}
}

/* Checks that a foreach body parses again, and that parsing appends. */
static void
test_body_reparse(void)
{
	struct cmdlist cl, inner;
	char *cause = NULL, *got;

	cmdlist_init(&cl);
	ok(cmdline_parse("foreach -n a (foreach b (get x; get y); !ls; z)",
	    &cl, &cause) == 0, "outer parse");
	cmdlist_init(&inner);
	ok(cmdline_parse(cl.v[0].body, &inner, &cause) == 0, "body parses");
	got = show_cmds(&inner);
	is_str(got, "c1: foreach@1 b@9 (get x; get y)@12 ; c27: !ls; z",
	    "body commands");
	free(got);
	cmdlist_release(&inner);

	/* cmdline_parse appends, and keeps the list on error */
	ok(cmdline_parse("list; show", &cl, &cause) == 0, "append parse");
	is_int(cl.n, 3, "three commands after two parses");
	is_str(cl.v[2].argv.v[0], "show", "appended last");
	is_int(cmdline_parse("list )", &cl, &cause), -1, "bad parse");
	is_int(cl.n, 3, "a failing parse keeps the list");
	free(cause);
	cmdlist_release(&cl);
}

/* Checks tok_quote() and that tok_split() gives every word back. */
static void
test_quote(void)
{
	struct tokv tv;
	char *q, *cause = NULL;
	size_t i;
	const char *w;

	for (i = 0; i < ARRAY_SIZE(quote_cases); i++) {
		w = quote_cases[i].word;
		q = tok_quote(w);
		is_str(q, quote_cases[i].quoted, "quote '%s'", w);
		tokv_init(&tv);
		ok(tok_split(q, &tv, &cause) == 0 && tv.n == 1 &&
		    tv.v[0].type == TOK_WORD && strcmp(tv.v[0].text, w) == 0,
		    "quote '%s' round trip", w);
		tokv_release(&tv);
		free(q);
	}
	/* every byte 1..255 survives a round trip */
	{
		char all[256];

		for (i = 0; i < 255; i++)
			all[i] = (char)(i + 1);
		all[255] = '\0';
		q = tok_quote(all);
		tokv_init(&tv);
		ok(tok_split(q, &tv, &cause) == 0 && tv.n == 1 &&
		    strcmp(tv.v[0].text, all) == 0,
		    "every byte survives a round trip");
		tokv_release(&tv);
		free(q);
	}
}

int
main(void)
{
	test_split();
	test_offsets();
	test_partial();
	test_parse();
	test_body_reparse();
	test_quote();
	return done_testing();
}
