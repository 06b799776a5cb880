/* repl.c - running lines, batch input, the batch error rule. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "repl.h"
#include "tok.h"

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

/* Runs one parsed command with its redirection. */
static int
run_one(struct session *s, struct cmdline *cl, char **cause)
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
	r = cmd_run_words(s, (int)cl->argv.n, cl->argv.v, cl->body, &nav,
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

int
session_run_cmd(struct session *s, struct cmdline *cl, char **cause)
{
	return run_one(s, cl, cause);
}

int
session_run_line(struct session *s, const char *line, char **cause)
{
	struct cmdlist cl;
	int ret = CMD_OK;

	*cause = NULL;
	cmdlist_init(&cl);
	if (cmdline_parse(line, &cl, cause) != 0) {
		cmdlist_release(&cl);
		return CMD_ERROR;
	}
	for (size_t i = 0; i < cl.n && !s->quit; i++) {
		char *e = NULL;

		if (run_one(s, &cl.v[i], &e) == CMD_OK)
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
	cmdlist_release(&cl);
	return ret;
}

char *
repl_staged_summary(struct session *s)
{
	struct store_items items = { 0 };
	struct strv sv = STRV_INIT;
	char *r = NULL;

	store_changes(s->store, "", 0, &items);
	for (size_t i = 0; i < items.n && i < 20; i++)
		strv_pushf(&sv, "%s %s", items.v[i].type ?
		    items.v[i].type->name : "?", items.v[i].name);
	if (items.n > 20)
		strv_pushf(&sv, "and %zu more", items.n - 20);
	if (sv.n)
		r = strv_join(&sv, ", ");
	strv_release(&sv);
	store_items_release(&items);
	return r;
}

/* Echoes a line after the prompt (-x). */
static void
echo_line(struct session *s, const char *line)
{
	char *p = session_prompt(s);

	fprintf(stdout, "%s%s\n", p, line);
	fflush(stdout);
	free(p);
}

/* Reads lines from f, joining lines that end inside parentheses/quotes. */
static int
batch_loop(struct session *s, FILE *f, int stop_on_error, char **first_error)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int failed = 0;

	s->line = 0;
	while (!s->quit && (n = getline(&line, &cap, f)) >= 0) {
		char *e = NULL;

		s->line++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (s->echo && line[strspn(line, " \t")] != '\0' &&
		    line[strspn(line, " \t")] != '#')
			echo_line(s, line);
		strv_push(&s->history, line);
		if (session_run_line(s, line, &e) == CMD_OK)
			continue;
		failed = 1;
		if (e == NULL)
			continue;	/* reported already (-k) */
		if (stop_on_error) {
			*first_error = e;
			break;
		}
		repl_report(s, e);
		s->nerrors++;
		free(e);
	}
	free(line);
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
		return s->nerrors ? (s->exit_status ? s->exit_status : 1) : 3;
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

int
repl_run_file(struct session *s, const char *path, int stop_on_error,
    char **cause)
{
	const char *osource = s->source;
	long oline = s->line;
	int ointer = s->interactive;
	char *err = NULL;
	FILE *f;
	int r;

	if (s->run_depth > 16) {
		*cause = xasprintf("run: '%s' nested too deeply", path);
		return -1;
	}
	if ((f = fopen(path, "r")) == NULL) {
		*cause = xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	s->run_depth++;
	s->source = path;
	s->interactive = 0;
	r = batch_loop(s, f, stop_on_error, &err);
	fclose(f);
	if (err) {
		/* name the file and line inside the message */
		*cause = xasprintf("%s:%ld: %s", path, s->line, err);
		free(err);
	}
	s->source = osource;
	s->line = oline;
	s->interactive = ointer;
	s->run_depth--;
	return (err || (r != 0 && stop_on_error)) ? -1 : 0;
}
