/*
 * readline.c - the only file that includes Readline: the interactive
 * loop and a thin adapter to the completion engine (complete.c): Tab
 * completion with quoting, the candidate listing of a second Tab, '?'
 * help (as FRR's vtysh), history in $XDG_STATE_HOME/ocmsh/history, Ctrl-C
 * that drops the line being typed, and the question before discarding
 * staged changes.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "shell/complete.h"
#include "shell/readline.h"
#include "shell/repl.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/fsutil.h"
#include "lib/sbuf.h"

#define HISTORY_MAX 1000

/* Readline's callbacks take no user pointer: their state is here. */
static struct session *ui_sess;		/* the session completing */
static struct compl compl_res;		/* the engine's last answer */
static struct strv compl_matches;	/* what Readline inserts */
static size_t compl_next;		/* generator position */
static int ui_asking;			/* a yes/no question is open */
static volatile sig_atomic_t ui_sigint;	/* Ctrl-C arrived */
static int ui_more;			/* reading a continuation line */
static int ui_dropped;			/* Ctrl-C dropped the command */

/* Readline generator over compl_matches. */
static char *
match_gen(const char *text, int state)
{
	if (state == 0)
		compl_next = 0;
	if (compl_next < compl_matches.n)
		return xstrdup(compl_matches.v[compl_next++]);
	return NULL;
}

/*
 * rl_char_is_quoted_p: 1 if line[index] is inside quotes or escaped by a
 * backslash, so that Readline does not split words there.
 */
static int
char_is_quoted(char *line, int index)
{
	char q = 0;

	for (int i = 0; i < index; i++) {
		char c = line[i];

		if (q == '\'') {
			if (c == '\'')
				q = 0;
			continue;
		}
		if (c == '\\') {
			if (i + 1 == index)
				return 1;
			i++;
			continue;
		}
		if (q == '"') {
			if (c == '"')
				q = 0;
		} else if (c == '"' || c == '\'')
			q = c;
	}
	return q != 0;
}

/*
 * rl_attempted_completion_function: asks the engine, then gives Readline
 * what was typed from its word start plus each candidate's rest, quoted
 * as the word is (inside "...", '...', or with backslashes).
 */
static char **
attempt(const char *text, int start, int end)
{
	size_t tl;
	int at_start;

	rl_attempted_completion_over = 1;	/* never file names */
	rl_completion_suppress_quote = 1;	/* closing quotes are ours */
	strv_clear(&compl_matches);
	if (ui_asking)
		return NULL;
	compl_res.want_helps = 0;
	compl_line(ui_sess, rl_line_buffer, (size_t)rl_point, &compl_res);
	tl = strlen(compl_res.typed);
	at_start = tl == 0 && compl_res.quote == 0;
	for (size_t i = 0; i < compl_res.words.n; i++) {
		const char *w = compl_res.words.v[i];
		char *q;

		if (strncmp(w, compl_res.typed, tl) != 0)
			continue;
		q = compl_quote(w + tl, compl_res.quote, at_start);
		strv_pushf(&compl_matches, "%.*s%s", end - start,
		    rl_line_buffer + start, q);
		free(q);
	}
	if (compl_matches.n == 0)
		return NULL;
	rl_completion_append_character = '\0';
	if (compl_matches.n == 1 && compl_word_ends(compl_res.words.v[0])) {
		if (compl_res.quote) {
			char *m = xasprintf("%s%c", compl_matches.v[0],
			    compl_res.quote);

			free(compl_matches.v[0]);
			compl_matches.v[0] = m;
		}
		rl_completion_append_character = ' ';
	}
	return rl_completion_matches(text, match_gen);
}

/*
 * rl_completion_display_matches_hook: lists the candidates as the engine
 * gave them (unquoted), asking first when there are many.
 */
static void
display_matches(char **matches, int num, int max)
{
	size_t n = compl_res.words.n, width = 0;
	char **v;

	if (n == 0)
		return;
	if (rl_completion_query_items > 0 &&
	    n >= (size_t)rl_completion_query_items) {
		int c;

		fprintf(rl_outstream, "\nDisplay all %zu possibilities? "
		    "(y or n)", n);
		fflush(rl_outstream);
		c = rl_read_key();
		if (c != 'y' && c != 'Y' && c != ' ') {
			rl_crlf();
			rl_forced_update_display();
			return;
		}
	}
	v = xcalloc(n + 2, sizeof *v);
	v[0] = compl_res.typed;
	for (size_t i = 0; i < n; i++) {
		v[i + 1] = compl_res.words.v[i];
		if (strlen(v[i + 1]) > width)
			width = strlen(v[i + 1]);
	}
	rl_crlf();
	rl_display_match_list(v, (int)n, (int)width);
	rl_forced_update_display();
	free(v);
}

/* '?': shows the possible next words with their help (FRR's vtysh). */
static int
describe(int count, int key)
{
	size_t width = 0;

	if (ui_asking)
		return rl_insert(count, key);
	compl_res.want_helps = 1;
	compl_line(ui_sess, rl_line_buffer, (size_t)rl_point, &compl_res);
	compl_res.want_helps = 0;
	/* inside quotes, after a backslash or in shell text: a character */
	if (compl_res.literal)
		return rl_insert(count, key);
	for (size_t i = 0; i < compl_res.words.n; i++)
		if (strlen(compl_res.words.v[i]) > width)
			width = strlen(compl_res.words.v[i]);
	if (width > 36)
		width = 36;
	fputc('\n', rl_outstream);
	if (compl_res.words.n == 0)
		fprintf(rl_outstream, "  (nothing to complete here)\n");
	for (size_t i = 0; i < compl_res.words.n; i++) {
		if (*compl_res.helps.v[i])
			fprintf(rl_outstream, "  %-*s  %s\n", (int)width,
			    compl_res.words.v[i], compl_res.helps.v[i]);
		else
			fprintf(rl_outstream, "  %s\n", compl_res.words.v[i]);
	}
	fflush(rl_outstream);
	rl_on_new_line();
	return 0;
}

/* SIGINT: remembered; ui_getc acts on it. */
static void
on_sigint(int sig)
{
	(void)sig;
	ui_sigint = 1;
	session_interrupted = 1;
}

/* Ctrl-C while reading: drops the line being typed (echoed: ^C shown). */
static void
drop_line(int echoed)
{
	ui_sigint = 0;
	if (!echoed) {
		/* what readline does for a SIGINT it catches itself */
		rl_free_line_state();
		rl_echo_signal_char(SIGINT);
	}
	rl_crlf();
	rl_replace_line("", 0);
	if (ui_more) {
		/* at a continuation line: drop the whole command */
		ui_dropped = 1;
		return;
	}
	rl_on_new_line();
	rl_redisplay();
}

/*
 * rl_getc_function: the next key.  SIGINT is blocked except inside
 * pselect(), so a Ctrl-C never waits behind a blocking read for the next
 * key (readline's rl_getc() acts on a signal caught just before its
 * select() only then).  Readline installs its own SIGINT handler at each
 * readline(); ours is put back here, and a signal readline caught first
 * reaches it through rl_check_signals() (which echoes the ^C).  At a
 * continuation line a dropped command ends with a newline, so that
 * readline() returns.
 */
static int
ui_getc(FILE *f)
{
	struct sigaction sa;
	sigset_t blk, orig;
	unsigned char c;
	fd_set fds;
	ssize_t r;
	int n;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&blk);
	sigaddset(&blk, SIGINT);
	for (;;) {
		int before = ui_sigint;

		rl_check_signals();
		if (ui_sigint)
			drop_line(!before);
		if (ui_dropped)
			return '\n';
		sigprocmask(SIG_BLOCK, &blk, &orig);
		sigaction(SIGINT, &sa, NULL);
		n = 0;
		if (!ui_sigint) {
			FD_ZERO(&fds);
			FD_SET(fileno(f), &fds);
			n = pselect(fileno(f) + 1, &fds, NULL, NULL, NULL,
			    &orig);
		}
		sigprocmask(SIG_SETMASK, &orig, NULL);
		if (n < 0 && errno != EINTR)
			return EOF;
		if (n <= 0)
			continue;
		r = read(fileno(f), &c, 1);
		if (r == 1)
			return c;
		if (r == 0 || errno != EINTR)
			return EOF;
	}
}

/*
 * Where the history lives: $XDG_STATE_HOME/ocmsh/history, else
 * ~/.local/state/ocmsh/history; the folders are made (mode 0700).  NULL
 * when neither variable is set.
 */
static char *
history_file(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char *dir, *f;

	if (x && *x == '/')
		dir = xasprintf("%s/ocmsh", x);
	else if (home && *home)
		dir = xasprintf("%s/.local/state/ocmsh", home);
	else
		return NULL;
	{
		char *e = NULL;

		/* without the folder, history is simply not saved */
		if (fs_mkdir_p(dir, 0700, &e) != 0)
			free(e);
	}
	f = xasprintf("%s/history", dir);
	free(dir);
	return f;
}

/*
 * Reads one command: a line, and more lines after a "> " prompt while a
 * '(' is open (unless -m), joined by newlines.  Ctrl-C at a continuation
 * line drops the whole command.  NULL at the end of input; caller frees.
 */
static char *
read_command(struct session *s)
{
	char *prompt = session_prompt(s), *line, *more;
	struct sbuf sb = SBUF_INIT;

	ui_sigint = 0;
	line = readline(prompt);
	free(prompt);
	if (line == NULL)
		return NULL;
	sbuf_adds(&sb, line);
	free(line);
	while (!s->nomultiline && repl_continues(sb.buf)) {
		ui_more = 1;
		more = readline("> ");
		ui_more = 0;
		if (more == NULL || ui_dropped) {
			/* the end of input or Ctrl-C: the command is dropped */
			if (more == NULL)
				printf("\n");
			free(more);
			ui_dropped = 0;
			sbuf_reset(&sb);
			break;
		}
		sbuf_addf(&sb, "\n%s", more);
		free(more);
	}
	return sbuf_detach(&sb, NULL);
}

/* Keeps a command in the history: its lines joined by "; ". */
static void
remember(struct session *s, const char *cmd, const char *hist)
{
	char *one = xstrdup(cmd), *p;
	struct sbuf sb = SBUF_INIT;

	if (*cmd == '\0') {
		free(one);
		return;
	}
	for (p = one; *p; p++)
		if (*p == '\n')
			sbuf_adds(&sb, "; ");
		else
			sbuf_addc(&sb, *p);
	add_history(sb.buf);
	/* kept at once: a killed session keeps its history */
	if (hist)
		(void)append_history(1, hist);
	strv_push(&s->history, cmd);
	sbuf_release(&sb);
	free(one);
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
	ui_asking = 1;
	ans = readline("Quit and discard them? (yes/no) ");
	ui_asking = 0;
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
	struct sigaction sa, old;

	s->interactive = 1;
	s->source = "-";
	store_on_bad_key(s->store, NULL);	/* reported per command */
	ui_sess = s;
	compl_init(&compl_res);
	rl_readline_name = "ocmsh";
	rl_attempted_completion_function = attempt;
	rl_completion_display_matches_hook = display_matches;
	rl_char_is_quoted_p = char_is_quoted;
	rl_basic_word_break_characters = " \t\n;()|>";
	rl_completer_word_break_characters = " \t\n;()|>";
	rl_completer_quote_characters = "\"'";
	rl_bind_key('?', describe);
	/*
	 * Ctrl-C clears the line instead of killing the session: ui_getc
	 * reads the keys and acts on SIGINT (see there); Readline keeps its
	 * handling of the other signals (the terminal is restored on fatal
	 * ones).
	 */
	rl_catch_signals = 1;
	rl_getc_function = ui_getc;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	using_history();
	stifle_history(HISTORY_MAX);
	if (hist) {
		if (read_history(hist) != 0 && errno == ENOENT)
			(void)write_history(hist);
	}
	for (;;) {
		char *e = NULL;

		line = read_command(s);
		if (line == NULL) {
			printf("\n");
			if (confirm_quit(s))
				break;
			continue;
		}
		remember(s, line, hist);
		s->line++;
		if (session_run_line(s, line, &e) != CMD_OK && e)
			repl_report(s, e);
		free(e);
		free(line);
		fflush(stdout);
		if (s->quit) {
			if (confirm_quit(s))
				break;
			s->quit = 0;
		}
	}
	if (hist) {
		(void)history_truncate_file(hist, HISTORY_MAX);
		free(hist);
	}
	sigaction(SIGINT, &old, NULL);
	rl_clear_history();
	strv_release(&compl_matches);
	compl_release(&compl_res);
	return 0;
}
