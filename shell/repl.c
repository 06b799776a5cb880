/* repl.c - running lines, batch input, the batch error rule. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/repl.h"
#include "shell/subst.h"
#include "shell/tok.h"
#include "lib/fsutil.h"
#include "state/adopt.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

static int run_redirected(struct session *, struct cmdline *, char **);

void
repl_report(struct session *s, const char *msg)
{
	fflush(s->out);
	fflush(stdout);
	if (s->interactive && s->run_depth == 0)
		fprintf(stderr, "%s\n", msg);
	else
		fprintf(stderr, "ocmsh: %s:%ld: %s\n", s->source, s->line, msg);
	fflush(stderr);
}

/* The undo snapshot of the outermost command running (see run_one). */
static struct undo_state {
	int		 depth;		/* run_one calls in progress */
	const struct store *store;	/* the outermost one's */
	long long	 rev;
	json_t		*base;
} undo;

/*
 * 1 if the two views hold the same collections: by pointer, walking both
 * in order (a snapshot is a copy in the same order), else by content.
 */
static int
same_view(json_t *a, json_t *b)
{
	void *ia, *ib;

	if (a == b)
		return 1;
	if (json_object_size(a) != json_object_size(b))
		return 0;
	for (ia = json_object_iter(a), ib = json_object_iter(b); ia && ib;
	    ia = json_object_iter_next(a, ia), ib = json_object_iter_next(b,
	    ib))
		if (json_object_iter_value(ia) != json_object_iter_value(ib) ||
		    strcmp(json_object_iter_key(ia),
		    json_object_iter_key(ib)) != 0)
			return json_equal(a, b);
	return 1;
}

/* Runs one parsed command with its redirection. */
static int
run_one(struct session *s, struct cmdline *cl, char **cause)
{
	json_t *snap = NULL, *bsnap = NULL;
	long long rev = s->store->revision;
	char *e;
	int bad;
	int r, outer = undo.depth == 0;

	/*
	 * A command run by another (foreach, alias) needs no snapshot of its
	 * own when the outer one still fits (no commit or refresh since): a
	 * failure inside fails the outer command too, which puts everything
	 * back (the lines of a script that goes on after errors are outer
	 * commands themselves, see repl_run_file).  Taking one each time
	 * would make every change copy its whole collection, so a foreach
	 * over N objects would cost N^2.
	 */
	if (outer || undo.store != s->store ||
	    undo.rev != rev || !same_view(undo.base, s->store->base)) {
		snap = json_copy(s->store->staged);
		bsnap = json_copy(s->store->base);
		/* what the command reads of the state goes in them too */
		store_hold_view(s->store, snap);
		store_hold_view(s->store, bsnap);
	}
	if (outer) {
		undo.store = s->store;
		undo.rev = rev;
		undo.base = bsnap;
	}
	undo.depth++;
	r = run_redirected(s, cl, cause);
	undo.depth--;
	if ((e = store_read_error(s->store, &bad)) != NULL) {
		/* the state could not be read: what the command saw was not
		 * it, so it fails; batch input stops at a key that does not
		 * load, as it would have when the state was opened */
		free(*cause);
		*cause = e;
		r = CMD_ERROR;
		if (bad && !s->interactive)
			s->quit = 1;
	}
	store_drop_view(s->store, snap);
	store_drop_view(s->store, bsnap);
	if (outer)
		undo.base = NULL;
	/*
	 * A failing command stages nothing: put the staged state back,
	 * unless the command committed or refreshed on the way (then the
	 * old staged state no longer fits the baseline).
	 */
	if (r != CMD_OK && snap != NULL && rev == s->store->revision &&
	    json_equal(bsnap, s->store->base)) {
		json_decref(s->store->staged);
		s->store->staged = snap;
		snap = NULL;
		mode_drop_missing(s, NULL);
	}
	json_decref(snap);
	json_decref(bsnap);
	return r;
}

/*
 * A user alias: runs its expansion with the words after the alias
 * quoted and appended, and the body, as a line of its own.
 */
static int
run_alias(struct session *s, int ai, int argc, char **argv,
    const char *body, char **cause)
{
	struct sbuf line = SBUF_INIT;
	int r;

	if (s->run_depth > 16) {
		*cause = xasprintf("alias '%s' expands too deeply", argv[0]);
		return CMD_ERROR;
	}
	sbuf_adds(&line, s->alias_values.v[ai]);
	for (int i = 1; i < argc; i++) {
		char *q = tok_quote(argv[i]);

		sbuf_addf(&line, " %s", q);
		free(q);
	}
	if (body)
		sbuf_addf(&line, " (%s)", body);
	s->run_depth++;
	r = session_run_line(s, line.buf, cause);
	s->run_depth--;
	sbuf_release(&line);
	return r;
}

static int run_words(struct session *, int, char **, const char *, int *,
    char **);

/*
 * A command that applies to an object, typed in a range: runs it for
 * each object of the range, selected in turn, and comes back.  The first
 * failure ends it.
 */
static int
run_ranged(struct session *s, const struct cmd_entry *ce, int argc,
    char **argv, const char *body, char **cause)
{
	struct strv names = STRV_INIT;
	int nav, r = CMD_OK;

	if (range_objects(s, &names, cause) != 0)
		return CMD_ERROR;
	for (size_t i = 0; i < names.n && r == CMD_OK && !s->quit; i++) {
		struct mode_saved saved;

		mode_save(s, &saved);
		mode_select(s, names.v[i]);
		r = cmd_exec(s, ce, argc, argv, body, &nav, cause);
		mode_restore(s, &saved);
	}
	strv_release(&names);
	return r;
}

/*
 * A mode word (argv[0], of type mt), alone or followed by one command:
 * alone it enters the mode; with a command, the stack comes back after
 * it unless the command navigates (use, add, clone) or quits.
 */
static int
run_mode_word(struct session *s, const struct obj_type *mt, int argc,
    char **argv, const char *body, int *navigated, char **cause)
{
	struct mode_saved saved;
	int nav = 0, r;

	mode_save(s, &saved);
	if (mode_enter(s, mt, cause) != 0) {
		mode_restore(s, &saved);
		return CMD_ERROR;
	}
	if (argc == 1) {
		if (body) {
			mode_restore(s, &saved);
			*cause = xasprintf("'%s' takes no '( ... )'", argv[0]);
			return CMD_ERROR;
		}
		mode_drop(&saved);
		*navigated = 1;
		return CMD_OK;
	}
	r = run_words(s, argc - 1, argv + 1, body, &nav, cause);
	if (r == CMD_OK && nav) {
		mode_drop(&saved);
		*navigated = 1;
	} else if (s->quit && r == CMD_OK)
		mode_drop(&saved);
	else
		mode_restore(s, &saved);
	return r;
}

/*
 * Runs a command's words in the current mode: mode words first, then a
 * user alias, else the command.  *navigated is set when the stack should
 * stay where the words left it.
 */
static int
run_words(struct session *s, int argc, char **argv, const char *body,
    int *navigated, char **cause)
{
	const struct obj_type *mt;
	const struct cmd_entry *ce;
	int ai;

	*navigated = 0;
	if (argc == 0) {
		if (body) {
			*cause = xstrdup("missing command before '('");
			return CMD_ERROR;
		}
		return CMD_OK;
	}
	ce = cmd_find(s, argv[0]);
	if (ce == NULL && (mt = mode_word(s, argv[0])) != NULL)
		return run_mode_word(s, mt, argc, argv, body, navigated,
		    cause);
	if ((ai = strv_find(&s->alias_names, argv[0])) >= 0) {
		*navigated = 1;
		return run_alias(s, ai, argc, argv, body, cause);
	}
	if (ce == NULL) {
		*cause = cmd_unknown(s, argv[0]);
		return CMD_ERROR;
	}
	if ((ce->flags & CF_RANGE) && session_frame(s)->range)
		return run_ranged(s, ce, argc, argv, body, cause);
	return cmd_exec(s, ce, argc, argv, body, navigated, cause);
}

int
session_run_words(struct session *s, int argc, char **argv,
    const char *body, char **cause)
{
	int nav;

	return run_words(s, argc, argv, body, &nav, cause);
}

/* Runs one parsed command with its redirection (no undo). */
static int
run_redirected(struct session *s, struct cmdline *cl, char **cause)
{
	FILE *saved = s->out, *f = NULL;
	int nav, r, is_pipe = 0;

	if (cl->shell) {
		int st;

		fflush(stdout);
		st = system(*cl->shell ? cl->shell : "${SHELL:-/bin/sh}");
		if (st == -1) {
			*cause = xasprintf("cannot run '%s': %s", cl->shell,
			    strerror(errno));
			return CMD_ERROR;
		}
		return CMD_OK;
	}
	if (cl->redir) {
		if ((f = fopen(cl->redir, cl->redir_append ? "a" : "w")) ==
		    NULL) {
			*cause = xasprintf("cannot open '%s': %s", cl->redir,
			    strerror(errno));
			return CMD_ERROR;
		}
	} else if (cl->pipe) {
		fflush(stdout);
		if ((f = popen(cl->pipe, "w")) == NULL) {
			*cause = xasprintf("cannot run '%s': %s", cl->pipe,
			    strerror(errno));
			return CMD_ERROR;
		}
		is_pipe = 1;
	}
	if (f)
		s->out = f;
	r = run_words(s, (int)cl->argv.n, cl->argv.v, cl->body, &nav,
	    cause);
	if (f) {
		s->out = saved;
		if (is_pipe)
			pclose(f);
		else if (fclose(f) != 0 && r == CMD_OK) {
			*cause = xasprintf("cannot write '%s': %s", cl->redir,
			    strerror(errno));
			r = CMD_ERROR;
		}
	}
	return r;
}

/*
 * The text of each command of line as typed, split at the ';' outside
 * parentheses, without comments; NULL-free strv in out.  Returns -1 if the
 * line does not split.
 */
static int
command_texts(const char *line, struct strv *out)
{
	struct tokv tv;
	char *e = NULL;
	size_t first = 0, last = 0;
	int depth = 0, have = 0;

	tokv_init(&tv);
	if (tok_split(line, &tv, &e) != 0) {
		free(e);
		tokv_release(&tv);
		return -1;
	}
	for (size_t i = 0; i <= tv.n; i++) {
		struct tok *t = i < tv.n ? &tv.v[i] : NULL;

		if (t == NULL || (t->type == TOK_SEMI && depth == 0)) {
			if (have)
				strv_push_nodup(out, xstrndup(line + first,
				    last - first));
			have = 0;
			continue;
		}
		if (t->type == TOK_LPAREN)
			depth++;
		else if (t->type == TOK_RPAREN && depth > 0)
			depth--;
		if (!have)
			first = t->start;
		have = 1;
		last = t->end;
	}
	tokv_release(&tv);
	return 0;
}

/*
 * Runs a command typed or read at the outermost level (not by another
 * command, nor in a run file): the place before it becomes the bookmark
 * "-" when it moves (goto -).
 */
static int
run_outer(struct session *s, struct cmdline *cl, char **cause)
{
	char *before, *after;
	int r;

	if (s->run_depth > 0 || undo.depth > 0)
		return run_one(s, cl, cause);
	before = mode_location(s);
	r = run_one(s, cl, cause);
	after = mode_location(s);
	if (strcmp(before, after) != 0) {
		free(s->previous);
		s->previous = before;
		before = NULL;
	}
	free(after);
	free(before);
	return r;
}

/* Echoes a command after the prompt (-x). */
static void
echo_line(struct session *s, const char *line)
{
	char *p = session_prompt(s);

	fflush(s->out);
	fprintf(stdout, "%s%s\n", p, line);
	fflush(stdout);
	free(p);
}

/* Runs a line; with echo, each command is echoed as typed before it runs. */
/*
 * Runs parsed commands in turn; texts, when not NULL, holds each command
 * as typed, to echo.  The error rule of run_line() applies.
 */
static int
run_cmdlist(struct session *s, struct cmdlist *cl, const struct strv *texts,
    char **cause)
{
	int ret = CMD_OK;

	*cause = NULL;
	for (size_t i = 0; i < cl->n && !s->quit; i++) {
		char *e = NULL;

		if (texts)
			echo_line(s, texts->v[i]);
		if (run_outer(s, &cl->v[i], &e) == CMD_OK)
			continue;
		ret = CMD_ERROR;
		if (s->keep_going && !s->interactive) {
			/* report here and go on with the rest */
			if (e) {
				repl_report(s, e);
				s->nerrors++;
			}
			free(e);
			continue;
		}
		*cause = e;
		break;
	}
	return ret;
}

int
session_run_cmdlist(struct session *s, struct cmdlist *cl, char **cause)
{
	return run_cmdlist(s, cl, NULL, cause);
}

static int
run_line(struct session *s, const char *line, int echo, char **cause)
{
	struct cmdlist cl;
	struct strv texts = STRV_INIT;
	int ret;

	*cause = NULL;
	cmdlist_init(&cl);
	if (cmdline_parse(line, &cl, cause) != 0) {
		if (echo)
			echo_line(s, line);
		cmdlist_release(&cl);
		return CMD_ERROR;
	}
	if (echo && (command_texts(line, &texts) != 0 || texts.n != cl.n)) {
		/* cannot split it as typed: echo the whole line once */
		strv_clear(&texts);
		if (cl.n)
			echo_line(s, line);
		echo = 0;
	}
	ret = run_cmdlist(s, &cl, echo ? &texts : NULL, cause);
	cmdlist_release(&cl);
	strv_release(&texts);
	return ret;
}

int
session_run_line(struct session *s, const char *line, char **cause)
{
	return run_line(s, line, 0, cause);
}

char *
repl_staged_summary(struct session *s)
{
	struct store_items items = { 0 };
	struct strv sv = STRV_INIT;
	char *r = NULL;
	size_t n = 0;

	store_changes(s->store, "", 0, &items);
	for (size_t i = 0; i < items.n; i++) {
		/* carried changes left untouched are none of the admin's */
		if (store_carried_only(s->store, items.v[i].collpath,
		    items.v[i].name))
			continue;
		if (n++ < 20)
			strv_pushf(&sv, "%s %s", items.v[i].type ?
			    items.v[i].type->name : "?", items.v[i].name);
	}
	if (n > 20)
		strv_pushf(&sv, "and %zu more", n - 20);
	if (sv.n)
		r = strv_join(&sv, ", ");
	strv_release(&sv);
	store_items_release(&items);
	return r;
}

int
repl_continues(const char *text)
{
	struct tokv tv;
	int depth = 0;

	tokv_init(&tv);
	tok_split_partial(text, &tv);
	for (size_t i = 0; i < tv.n; i++)
		if (tv.v[i].type == TOK_LPAREN)
			depth++;
		else if (tv.v[i].type == TOK_RPAREN && depth > 0)
			depth--;
	if (tv.open_quote)
		depth = 0;	/* an error, reported when it runs */
	tokv_release(&tv);
	return depth > 0;
}

/*
 * Reads one command text from f into cmd: a line, and the lines that
 * follow while a '(' is open (joined by newlines, which separate
 * commands), unless -m.  *lineno counts the lines read; *first is set to
 * the first line of the text.  Lines read are echoed as they are when
 * the session echoes its input.  A line holding a NUL byte ends the text
 * with *nul set to the error (and *first to that line): none of it may
 * run, since a NUL would cut it.  Returns 0 at the end of f.
 */
static int
read_command(struct session *s, FILE *f, struct sbuf *cmd, long *lineno,
    long *first, char **nul)
{
	char *line = NULL, *z;
	size_t cap = 0;
	ssize_t n;
	int got = 0;

	sbuf_reset(cmd);
	while ((n = getline(&line, &cap, f)) >= 0) {
		++*lineno;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (s->echo_input) {
			fflush(s->out);
			printf("%s\n", line);
			fflush(stdout);
		}
		if ((z = memchr(line, '\0', (size_t)n)) != NULL) {
			*nul = xasprintf("NUL byte at column %zu",
			    (size_t)(z - line) + 1);
			*first = *lineno;
			got = 1;
			break;
		}
		if (got)
			sbuf_addc(cmd, '\n');
		else
			*first = *lineno;
		sbuf_adds(cmd, line);
		got = 1;
		if (s->nomultiline || !repl_continues(cmd->buf))
			break;
	}
	free(line);
	return got;
}

/* -z: ETX after the output of a line of batch input, for a driver. */
static void
control_mark(struct session *s)
{
	fflush(s->out);
	fputc('\003', stdout);
	fflush(stdout);
}

/*
 * Runs the commands of f.  A failing command is reported and the rest
 * runs; with stop_on_error, the first error ends the input and is left
 * in *first_error instead.  Returns -1 if any command failed.
 */
static int
batch_loop(struct session *s, FILE *f, int stop_on_error, char **first_error)
{
	struct sbuf cmd = SBUF_INIT;
	long lineno = 0;
	int failed = 0;
	char *e = NULL;

	s->line = 0;
	while (!s->quit &&
	    read_command(s, f, &cmd, &lineno, &s->line, &e)) {
		char *text = cmd.buf;

		if (e != NULL)
			failed = 1;	/* a NUL byte: none of it runs */
		else if (s->script_args &&
		    (text = subst_args(cmd.buf, s->script_args, &e)) == NULL) {
			if (s->echo)
				echo_line(s, cmd.buf);
			failed = 1;
		} else {
			strv_push(&s->history, text);
			if (run_line(s, text, s->echo, &e) != CMD_OK)
				failed = 1;
			if (text != cmd.buf)
				free(text);
		}
		if (e != NULL && stop_on_error) {
			*first_error = e;
			break;
		}
		if (e != NULL) {	/* else reported already (-k) */
			repl_report(s, e);
			s->nerrors++;
			free(e);
			e = NULL;
		}
		if (s->controlflag && s->run_depth == 0)
			control_mark(s);
	}
	sbuf_release(&cmd);
	return failed ? -1 : 0;
}

/* Finishes batch input: the error rule and exit statuses. */
static int
batch_finish(struct session *s, char *err)
{
	char *staged;

	if (err) {
		repl_report(s, err);
		free(err);
		return s->exit_status ? s->exit_status : 1;
	}
	staged = repl_staged_summary(s);
	if (staged) {
		fflush(stdout);
		fprintf(stderr, "ocmsh: input ended with uncommitted changes, "
		    "discarded: %s\n", staged);
		free(staged);
		/* 75 (retry) first, then 3: the changes did not land */
		return s->exit_status ? s->exit_status : 3;
	}
	if (s->nerrors)
		return s->exit_status ? s->exit_status : 1;
	return 0;
}

int
repl_batch(struct session *s, FILE *f, const char *source)
{
	char *err = NULL;

	s->source = source;
	batch_loop(s, f, !s->keep_going, &err);
	return batch_finish(s, err);
}

int
repl_batch_string(struct session *s, const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	if (f == NULL) {
		fprintf(stderr, "ocmsh: -c: %s\n", strerror(errno));
		return 1;
	}
	r = repl_batch(s, f, "-c");
	fclose(f);
	return r;
}

FILE *
repl_open(const char *path, char **cause)
{
	size_t len = strlen(path);
	char *e = NULL, *why;
	FILE *f;
	int fd;

	if ((fd = fs_open_read(path, &e)) >= 0) {
		if ((f = fdopen(fd, "r")) != NULL) {
			free(e);
			return f;
		}
		close(fd);
		e = xasprintf("%s: %s", path, strerror(errno));
	}
	/* e is "PATH: why" */
	why = strncmp(e, path, len) == 0 && e[len] == ':' ? e + len + 2 : e;
	*cause = xasprintf("cannot open '%s': %s", path, why);
	free(e);
	return NULL;
}

int
repl_run_file(struct session *s, const char *path, int argc, char **argv,
    int stop_on_error, char **cause)
{
	const struct strv *oargs = s->script_args;
	struct strv args = STRV_INIT;
	const char *osource = s->source;
	long oline = s->line;
	int ointer = s->interactive, oecho = s->echo_input;
	int okeep = s->keep_going;
	char *err = NULL;
	struct undo_state saved_undo;
	FILE *f;
	int r;

	if (s->run_depth > 16) {
		*cause = xasprintf("run: '%s' nested too deeply", path);
		return -1;
	}
	if ((f = repl_open(path, cause)) == NULL)
		return -1;
	s->run_depth++;
	s->source = path;
	s->interactive = 0;
	s->echo_input = 0;
	if (argv) {
		strv_push(&args, path);
		for (int i = 0; i < argc; i++)
			strv_push(&args, argv[i]);
		s->script_args = &args;
	} else
		s->script_args = NULL;
	if (stop_on_error)
		s->keep_going = 0;
	else {
		/*
		 * The file goes on after a failing command, and so keeps what
		 * the others staged: each of its commands undoes its own
		 * failure, as a line of batch input does.
		 */
		saved_undo = undo;
		memset(&undo, 0, sizeof undo);
	}
	r = batch_loop(s, f, stop_on_error, &err);
	if (!stop_on_error)
		undo = saved_undo;
	fclose(f);
	if (err) {
		/* name the file and line inside the message */
		*cause = xasprintf("%s:%ld: %s", path, s->line, err);
		free(err);
	}
	s->source = osource;
	s->line = oline;
	s->interactive = ointer;
	s->echo_input = oecho;
	s->keep_going = okeep;
	s->script_args = oargs;
	strv_release(&args);
	s->run_depth--;
	return (err || (r != 0 && stop_on_error)) ? -1 : 0;
}
