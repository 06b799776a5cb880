/*
 * cmd-time.c - commands that run another command: time (how long it
 * took) and watch (again and again, until interrupted or a count is
 * reached).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "shell/repl.h"
#include "shell/tok.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* Seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* time CMD...: runs CMD, then prints "time: 0.108s" as cmsh does. */
static int
cmd_time_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	double start = now();
	int r;

	r = session_run_words(s, args->argc - 1, args->argv + 1, body, cause);
	out_printf(s, "time: %.3fs\n", now() - start);
	return r;
}

/* The command watch runs, as typed again ("status -n node001"). */
static char *
watched_text(const struct args *args, const char *body)
{
	struct strv sv = STRV_INIT;
	char *text;

	for (int i = 1; i < args->argc; i++)
		strv_push_nodup(&sv, tok_quote(args->argv[i]));
	if (body)
		strv_pushf(&sv, "(%s)", body);
	text = strv_join(&sv, " ");
	strv_release(&sv);
	return text;
}

/* Parses a number option of watch into *v; -1 with *cause set. */
static int
watch_number(const char *opt, const char *word, int whole, double *v,
    char **cause)
{
	char *end;

	errno = 0;
	*v = strtod(word, &end);
	if (end == word || *end != '\0' || errno != 0 || *v < 0 ||
	    *v > 1e6 || (whole && (*v < 1 || *v != (double)(long)*v))) {
		*cause = xasprintf("watch: bad %s '%s'", opt, word);
		return -1;
	}
	return 0;
}

/* Sleeps secs unless Ctrl-C comes first; 1 if it did. */
static int
watch_sleep(double secs)
{
	double end = now() + secs;

	while (!session_interrupted && now() < end) {
		double left = end - now();
		struct timespec ts;

		if (left > 0.05)
			left = 0.05;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
	return session_interrupted != 0;
}

/* The header of one round: interactively with the time, as watch(1). */
static void
watch_header(struct session *s, double every, const char *text)
{
	char when[64] = "";
	time_t t = time(NULL);

	if (s->interactive && isatty(fileno(s->out))) {
		out_printf(s, "\033[H\033[2J");
		strftime(when, sizeof when, "  %a %b %e %H:%M:%S %Y",
		    localtime(&t));
	}
	out_printf(s, "Every %.1fs: %s%s\n\n", every, text, when);
}

/*
 * watch [-n SECS] [-c COUNT] CMD...: runs CMD every SECS seconds (2 by
 * default) until Ctrl-C, or COUNT times.  Batch input never waits for a
 * Ctrl-C: there COUNT is required.
 */
static int
cmd_watch_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *n = args_get(args, 'n'), *c = args_get(args, 'c');
	double every = 2, count = 0;
	char *text;
	int r = CMD_OK;

	if ((n && watch_number("interval", n, 0, &every, cause) != 0) ||
	    (c && watch_number("count", c, 1, &count, cause) != 0))
		return CMD_ERROR;
	if (c == NULL && (!s->interactive || s->run_depth > 0)) {
		*cause = xstrdup("watch: in batch it needs -c COUNT (it would "
		    "never end)");
		return CMD_ERROR;
	}
	text = watched_text(args, body);
	session_interrupted = 0;
	for (long i = 0; c == NULL || i < (long)count; i++) {
		if (i > 0 && watch_sleep(every))
			break;
		watch_header(s, every, text);
		r = session_run_words(s, args->argc - 1, args->argv + 1, body,
		    cause);
		fflush(s->out);
		if (r != CMD_OK || session_interrupted)
			break;
	}
	if (session_interrupted)
		out_printf(s, "\n");	/* after the terminal's ^C */
	session_interrupted = 0;
	free(text);
	return r;
}

const struct cmd_entry cmd_time_entry = {
	.name = "time",
	.min_args = 1,
	.max_args = -1,
	.usage = "time COMMAND...",
	.help = "Measure time of executing command",
	.flags = CF_GLOBAL | CF_BODY | CF_OPTSFIRST,
	.args = (const int[]){ ARG_CMDLINE, ARG_END },
	.exec = cmd_time_exec
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.min_args = 1,
	.max_args = -1,
	.opts = (const struct cmd_opt[]){
		{ 'n', "interval", OPT_STRING, OPT_ONCE, .arg = "seconds",
		    .help = "Seconds between runs (default 2)" },
		{ 'c', "count", OPT_STRING, OPT_ONCE, .arg = "a count",
		    .help = "Stop after this many runs (needed in batch)" },
		{ 0 }
	},
	.usage = "watch [-n SECONDS] [-c COUNT] COMMAND...",
	.help = "Execute a command periodically, showing output",
	.flags = CF_GLOBAL | CF_BODY | CF_OPTSFIRST | CF_OPTNAMED,
	.args = (const int[]){ ARG_CMDLINE, ARG_END },
	.exec = cmd_watch_exec
};
