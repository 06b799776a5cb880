/*
 * readline.c - the only file that includes Readline: the interactive
 * loop, the completion adapter, '?' help, history, quit confirmation.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "complete.h"
#include "repl.h"

static struct session *rl_sess;		/* the session completing */
static struct strv rl_matches;		/* candidates of this attempt */
static size_t rl_next;			/* generator position */

/* Readline generator over rl_matches. */
static char *
match_gen(const char *text, int state)
{
	if (state == 0)
		rl_next = 0;
	if (rl_next < rl_matches.n)
		return xstrdup(rl_matches.v[rl_next++]);
	return NULL;
}

/* rl_attempted_completion_function: asks the engine. */
static char **
attempt(const char *text, int start, int end)
{
	size_t ws;

	strv_clear(&rl_matches);
	compl_line(rl_sess, rl_line_buffer, (size_t)rl_point, &rl_matches,
	    NULL, &ws);
	rl_attempted_completion_over = 1;
	/* candidates are whole words; readline's word may start later */
	if ((size_t)start > ws) {
		size_t cut = (size_t)start - ws;

		for (size_t i = 0; i < rl_matches.n; i++) {
			char *w = rl_matches.v[i];

			if (strlen(w) >= cut)
				memmove(w, w + cut, strlen(w + cut) + 1);
		}
	}
	rl_completion_append_character = rl_matches.n == 1 &&
	    rl_matches.v[0][0] && strchr("=/,", rl_matches.v[0][strlen(
	    rl_matches.v[0]) - 1]) == NULL ? ' ' : '\0';
	if (rl_matches.n == 0)
		return NULL;
	return rl_completion_matches(text, match_gen);
}

/* '?': shows the possible next words with their help (FRR's vtysh). */
static int
describe(int count, int key)
{
	struct strv out = STRV_INIT, helps = STRV_INIT;
	size_t ws;

	/* inside quotes '?' is just a character */
	{
		int q = 0;

		for (int i = 0; i < rl_point; i++)
			if (rl_line_buffer[i] == '"' || rl_line_buffer[i] == '\'')
				q = !q;
		if (q)
			return rl_insert(count, key);
	}
	compl_line(rl_sess, rl_line_buffer, (size_t)rl_point, &out, &helps,
	    &ws);
	printf("\n");
	if (out.n == 0)
		printf("  (no completions)\n");
	for (size_t i = 0; i < out.n; i++)
		printf("  %-28s %s\n", out.v[i], helps.v[i]);
	strv_release(&out);
	strv_release(&helps);
	rl_on_new_line();
	return 0;
}

/* Where the history lives: $XDG_STATE_HOME/ocmsh/history. */
static char *
history_file(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir;

	if (x && *x)
		dir = xasprintf("%s/ocmsh", x);
	else if (home && *home)
		dir = xasprintf("%s/.local/state/ocmsh", home);
	else
		return NULL;
	{
		/* create the folder and its parents */
		for (char *p = dir + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				(void)mkdir(dir, 0700);
				*p = '/';
			}
		(void)mkdir(dir, 0700);
	}
	{
		char *f = xasprintf("%s/history", dir);

		free(dir);
		return f;
	}
}

/* Asks before discarding staged changes; 1 = go ahead. */
static int
confirm_quit(struct session *s)
{
	char *staged, *ans;
	int yes;

	if (s->noquitconfirm || (staged = repl_staged_summary(s)) == NULL)
		return 1;
	printf("There are uncommitted changes: %s\n", staged);
	free(staged);
	ans = readline("Quit and discard them? (yes/no) ");
	if (ans == NULL) {
		printf("\n");
		return 1;
	}
	yes = strcasecmp(ans, "yes") == 0 || strcasecmp(ans, "y") == 0;
	free(ans);
	return yes;
}

int
repl_interactive(struct session *s)
{
	char *hist = history_file(), *line;

	s->interactive = 1;
	s->source = "-";
	rl_sess = s;
	rl_readline_name = "ocmsh";
	rl_attempted_completion_function = attempt;
	rl_basic_word_break_characters = " \t\n;()|>";
	rl_completer_word_break_characters = " \t\n;()|>";
	rl_completer_quote_characters = "\"'";
	rl_bind_key('?', describe);
	using_history();
	stifle_history(1000);
	if (hist)
		(void)read_history(hist);
	for (;;) {
		char *prompt = session_prompt(s), *e = NULL;

		line = readline(prompt);
		free(prompt);
		if (line == NULL) {
			printf("\n");
			if (confirm_quit(s))
				break;
			continue;
		}
		if (*line) {
			add_history(line);
			strv_push(&s->history, line);
		}
		s->line++;
		if (session_run_line(s, line, &e) != CMD_OK && e) {
			repl_report(s, e);
			free(e);
		}
		free(line);
		fflush(stdout);
		if (s->quit) {
			if (confirm_quit(s))
				break;
			s->quit = 0;
		}
	}
	if (hist) {
		(void)write_history(hist);
		free(hist);
	}
	strv_release(&rl_matches);
	return 0;
}
