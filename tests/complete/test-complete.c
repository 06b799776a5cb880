/*
 * test-complete.c - the completion engine inside the process: it never
 * changes the state or the mode stack, helps line up with candidates,
 * word start, typed text and quote state are right, and the quoting and
 * trailing-space rules the Readline adapter relies on.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/complete.h"
#include "shell/repl.h"
#include "shell/session.h"
#include "state/store.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"

static struct session sess;

/* Candidates of line as one space-separated string (static buffer). */
static const char *
cands(const char *line, int helps)
{
	static char buf[4096];
	struct compl c;
	size_t len = 0;

	compl_init(&c);
	c.want_helps = helps;
	compl_line(&sess, line, strlen(line), &c);
	buf[0] = '\0';
	for (size_t i = 0; i < c.words.n; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
		    i ? " " : "", c.words.v[i]);
	compl_release(&c);
	return buf;
}

/* The help of candidate word for line (static buffer), or NULL. */
static const char *
help_of(const char *line, const char *word)
{
	static char buf[512];
	struct compl c;
	const char *r = NULL;

	compl_init(&c);
	c.want_helps = 1;
	compl_line(&sess, line, strlen(line), &c);
	for (size_t i = 0; i < c.words.n; i++)
		if (strcmp(c.words.v[i], word) == 0) {
			snprintf(buf, sizeof buf, "%s", c.helps.v[i]);
			r = buf;
		}
	compl_release(&c);
	return r;
}

/* 1 if the session's stack is depth with these types and selections. */
static int
stack_is(int depth, const char *const *modes, const char *const *sel)
{
	if (sess.depth != depth)
		return 0;
	for (int i = 1; i <= depth; i++) {
		const struct frame *f = &sess.stack[i];

		if (strcmp(f->type->mode, modes[i - 1]) != 0)
			return 0;
		if ((f->selected == NULL) != (sel[i - 1] == NULL) ||
		    (f->selected && strcmp(f->selected, sel[i - 1]) != 0))
			return 0;
	}
	return 1;
}

static const char *const probe_lines[] = {
	"", "d", "device; use h", "home; device use hyper01; set ",
	"openstack settings compute; append schedulerfilters Pci",
	"openstack settings compute; set release zed; append ",
	"exit; exit; exit; use ", "..; /; openstack; use ",
	"openstack flavors; use m1.small; set extraspecs '{\"pci",
	"openstack hostaggregates; add gpu; set nodes hyper01,hy",
	"device foreach -n hyper01 (set kernelparameters x; use hyper02; set ",
	"openstack pcialiases; add x; set productid ",
	"set g1 extraspecs pci_passthrough:alias=",
	"clone g1 g2; set g2 ", "remove g1; use ", "add newflavor; set ",
	"run ", "list > x", "!ls ", "list | grep ", "# comment ",
	"set ext", "alias ", "help ", "commit --", NULL
};

int
main(void)
{
	static const char *const modes[] = { "openstack", "flavors" };
	static const char *const sel[] = { "default", "g1" };
	char dir[] = "/tmp/test-complete-XXXXXX", *state, *root;
	char *cause = NULL;
	struct store *st;
	json_t *disk, *base, *staged;
	struct compl c;
	int r;

	if (mkdtemp(dir) == NULL)
		return 99;
	state = xasprintf("%s/cluster.yaml", dir);
	root = xasprintf("%s/root", dir);
	st = store_open(state, root, STORE_START_EXAMPLE, &cause);
	if (!ok(st != NULL, "the example state loads"))
		return done_testing();
	session_init(&sess, st);
	sess.out = fopen("/dev/null", "w");
	r = session_run_line(&sess, "openstack pcialiases; add gpu-p100; set "
	    "vendorid 10de; set productid 15f8; exit; exit; flavors; clone "
	    "m1.medium g1", &cause);
	is_int(r, CMD_OK, "setup commands stage an alias and a flavor");
	ok(stack_is(2, modes, sel), "the session stands at flavors[g1]");

	/* completion never changes the state or the mode stack */
	disk = json_deep_copy(st->disk);
	base = json_deep_copy(st->base);
	staged = json_deep_copy(st->staged);
	for (int h = 0; h < 2; h++)
		for (size_t i = 0; probe_lines[i]; i++) {
			const char *l = probe_lines[i];

			compl_init(&c);
			c.want_helps = h;
			for (size_t p = 0; p <= strlen(l); p++)
				compl_line(&sess, l, p, &c);
			compl_release(&c);
		}
	ok(json_equal(disk, st->disk) && json_equal(base, st->base) &&
	    json_equal(staged, st->staged),
	    "completing every prefix of %zu lines leaves the state as it was",
	    sizeof probe_lines / sizeof *probe_lines - 1);
	ok(stack_is(2, modes, sel), "...and the mode stack too");
	is_int(sess.quit, 0, "...and 'exit' at the top never quits");
	json_decref(disk);
	json_decref(base);
	json_decref(staged);

	/* reads the staged state */
	is_str(cands("use g", 0), "g1", "the staged clone completes");
	is_str(cands("set g1 extraspecs pci_passthrough:alias=", 0),
	    "pci_passthrough:alias=gpu-p100:1", "the staged alias completes");
	is_str(cands("set ext", 0), "extraspecs",
	    "with an object selected, property names complete");

	/* helps */
	compl_init(&c);
	c.want_helps = 1;
	compl_line(&sess, "", 0, &c);
	is_int(c.helps.n, c.words.n, "one help per candidate");
	{
		int sorted = 1;

		for (size_t i = 1; i < c.words.n; i++)
			if (strcmp(c.words.v[i - 1], c.words.v[i]) >= 0)
				sorted = 0;
		ok(sorted && c.words.n > 10, "candidates sorted and unique");
	}
	compl_release(&c);
	is_str(help_of("set ext", "extraspecs"),
	    "Extra specs: a JSON object or key=value words",
	    "a property's help is its table row's");
	is_str(help_of("", "commit"),
	    "Validate and write the staged changes here",
	    "a command's help is its table row's");
	is_str(help_of("", "device"), "Enter device mode",
	    "a mode word's help is its type's");
	is_str(help_of("device; use hyper0", "hyper01"), "device",
	    "an object's help names its type");
	{
		const char *h = help_of("openstack pcialiases; use gpu-p100; "
		    "set vendorid ", "10de");

		ok(h && strstr(h, "NVIDIA"), "vendor IDs come with the "
		    "vendor's name ('%s')", h ? h : "(null)");
		h = help_of("openstack pcialiases; use gpu-p100; set "
		    "productid ", "15f8");
		ok(h && strstr(h, "P100"), "product IDs come with the "
		    "device's name ('%s')", h ? h : "(null)");
		h = help_of("set g1 extraspecs pci_passthrough:alias=",
		    "pci_passthrough:alias=gpu-p100:1");
		ok(h && strstr(h, "10de:15f8"), "alias values say what "
		    "they ask for ('%s')", h ? h : "(null)");
	}

	/* where the word starts, what was typed, open quotes */
	compl_init(&c);
	{
		const char *l = "set g1 extraspecs '{\"pci";

		compl_line(&sess, l, strlen(l), &c);
		is_int(c.start, 18, "the word starts at its quote");
		is_str(c.typed, "{\"pci", "typed text has its quotes removed");
		is_int(c.quote, '\'', "the open quote is reported");
		ok(c.literal, "inside quotes '?' is a plain character");
		is_str(c.words.n == 1 ? c.words.v[0] : "",
		    "{\"pci_passthrough:alias\":\"", "a JSON key completes");
		l = "set g1 extraspecs {\\\"pci_passthrough:alias\\\":\\\"gpu";
		compl_line(&sess, l, strlen(l), &c);
		is_str(c.words.n == 1 ? c.words.v[0] : "",
		    "{\"pci_passthrough:alias\":\"gpu-p100:1\"}",
		    "a JSON value written with backslashes completes");
		is_int(c.quote, 0, "...outside quotes");
		l = "use \"m1.me";
		compl_line(&sess, l, strlen(l), &c);
		is_str(c.typed, "m1.me", "double quotes are removed");
		is_int(c.quote, '"', "...and reported open");
		compl_line(&sess, "list # co", 9, &c);
		ok(c.literal && c.words.n == 0, "a comment completes nothing");
		compl_line(&sess, "!ls x", 5, &c);
		ok(c.literal && c.words.n == 0, "shell text completes nothing");
		compl_line(&sess, "set a b\\", 8, &c);
		ok(c.literal && c.words.n == 0,
		    "after a lone backslash nothing completes");
		compl_line(&sess, "set a b", 7, &c);
		ok(!c.literal, "a plain word is not literal");
		compl_line(&sess, "use m1.medium", 6, &c);
		is_str(c.typed, "m1", "the word ends at point");
		is_int(c.start, 4, "...and starts after the blank");
	}
	compl_release(&c);

	/* the adapter's rules */
	ok(compl_word_ends("extraspecs"), "a word gets a trailing space");
	ok(!compl_word_ends("pci_passthrough:alias="), "...not after '='");
	ok(!compl_word_ends("scripts/"), "...not after '/'");
	ok(!compl_word_ends("hyper01,"), "...not after ','");
	ok(!compl_word_ends("aggregate_instance_extra_specs:"),
	    "...not after ':'");
	ok(!compl_word_ends("{\"gpu\":\""), "...not in an open JSON string");
	ok(compl_word_ends("{\"gpu\":\"true\"}"), "a closed JSON object does");
	{
		char *q;

		q = compl_quote("a b;c", 0, 0);
		is_str(q, "a\\ b\\;c", "outside quotes, blanks and ; escaped");
		free(q);
		q = compl_quote("\"pci\":\"x\"}", 0, 0);
		is_str(q, "\\\"pci\\\":\\\"x\\\"}", "...and double quotes");
		free(q);
		q = compl_quote("#x!", 0, 1);
		is_str(q, "\\#x!", "a leading # is escaped at a word start");
		free(q);
		q = compl_quote("#x", 0, 0);
		is_str(q, "#x", "...but not inside a word");
		free(q);
		q = compl_quote("a\"b\\c d", '"', 0);
		is_str(q, "a\\\"b\\\\c d", "in double quotes, \" and \\ only");
		free(q);
		q = compl_quote("it's \"x\"", '\'', 0);
		is_str(q, "it'\\''s \"x\"", "in single quotes, ' is spliced");
		free(q);
	}

	fclose(sess.out);
	session_release(&sess);
	store_free(st);
	unlink(state);
	rmdir(dir);
	free(state);
	free(root);
	return done_testing();
}
