/* main.c - command-line options, start-up files, batch or interactive. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "state/lockfile.h"
#include "lib/sbuf.h"
#include "shell/cmd.h"
#include "shell/complete.h"
#include "shell/readline.h"
#include "shell/repl.h"
#include "shell/session.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

#define DEFAULT_STATE "/var/lib/ocmsh/cluster.yaml"

static const char usage_text[] =
"Usage: ocmsh [OPTIONS]                 interactive on a terminal, else batch from stdin\n"
"       ocmsh [OPTIONS] -c \"CMD; CMD\"   run the commands, then exit\n"
"       ocmsh [OPTIONS] -f SCRIPT [ARG...]  run a script file, then exit\n"
"       ocmsh [OPTIONS] render [--watch] | export TARGET\n"
"                                       run that one command, then exit\n"
"\n"
"An open, cmsh-compatible cluster management shell: stages changes to the\n"
"cluster state and, on commit, writes the state file and the nova.conf of\n"
"the software images.\n"
"\n"
"Options:\n"
"  -s, --state STATE          the cluster state: a file, or\n"
"                             etcd://HOST:PORT[,HOST:PORT...]/PREFIX\n"
"                             (default $OCMSH_STATE, else\n"
"                             " DEFAULT_STATE ")\n"
"  -R, --root DIR             prefix for every file written besides the state\n"
"                             (default $OCMSH_ROOT, else /)\n"
"  -c, --command CMDS         run CMDS (separated by ';') and exit\n"
"  -f, --file SCRIPT          run the commands in SCRIPT and exit; the words\n"
"                             after the options are its $1, $2... (${1-DEF}\n"
"                             gives a default)\n"
"  -x, --echo                 echo each command after its prompt\n"
"  -q, --quit                 batch: stop at the first error (else a failing\n"
"                             command is reported and the rest runs)\n"
"  -m, --disablemultiline     an open '(' does not continue on the next line\n"
"  -Q, --noquitconfirmation   never ask before discarding staged changes\n"
"  -n, --norc                 skip /etc/ocmshrc and ~/.ocmshrc\n"
"  -t, --tty                  read standard input as a terminal: prompts,\n"
"                             Readline, errors without the line\n"
"  -z, --controlflag          batch: print ETX (0x03) after the output of each\n"
"                             line, for programs that drive ocmsh\n"
"      --color yes|no         accepted for cmsh scripts: ocmsh prints no colour\n"
"      --hide-events          accepted for cmsh scripts: ocmsh has no events\n"
"      --disable-events       accepted for cmsh scripts: ocmsh has no events\n"
"      --example              a state file that does not exist starts as the\n"
"                             built-in example cluster (else: empty)\n"
"      --etcd-cacert FILE     etcd: the CA certificates (https)\n"
"      --etcd-cert FILE       etcd: the client certificate (https)\n"
"      --etcd-key FILE        etcd: the client certificate's key\n"
"      --etcd-user NAME       etcd: log in as NAME\n"
"      --etcd-password-file FILE\n"
"                             etcd: the password, the first line of FILE\n"
"                             (these override /etc/ocmsh/etcd.conf, or\n"
"                             $OCMSH_ETCD_CONF)\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"cmsh's options for a remote CMDaemon, accepted with a notice on stderr\n"
"(ocmsh works on the state file itself and connects to nothing):\n"
"  -u, --noconnect            start unconnected (ocmsh always is; no notice)\n"
"  -i, --certificate FILE     a certificate for the CMDaemon\n"
"  -k, --key FILE             a private key for the CMDaemon\n"
"      --spool DIR            an alternative /var/spool/cmd\n"
"  -r, --noredirect           do not follow redirects\n"
"  HOST[:PORT]                the CMDaemon to connect to\n"
"\n"
"Exit status: 0 success; 1 a command failed or the state did not load;\n"
"2 bad usage; 3 batch input ended with uncommitted changes (discarded);\n"
"75 a commit was refused because another session changed the same objects;\n"
"76 a cloud was not brought in line (the state stays committed).\n"
"\n"
"See ocmsh(1) and ocmsh-state(5).\n";

/* getopt values of the options that have no letter */
enum {
	OPT_COMPLETE = 1, OPT_EXAMPLE, OPT_HIDE_EVENTS, OPT_DISABLE_EVENTS,
	OPT_COLOR = 256, OPT_SPOOL, OPT_ETCD_CACERT,
	OPT_ETCD_CERT, OPT_ETCD_KEY, OPT_ETCD_USER, OPT_ETCD_PASSWORD_FILE
};

static const struct option long_opts[] = {
	{ "state", required_argument, NULL, 's' },
	{ "root", required_argument, NULL, 'R' },
	{ "command", required_argument, NULL, 'c' },
	{ "file", required_argument, NULL, 'f' },
	{ "echo", no_argument, NULL, 'x' },
	{ "quit", no_argument, NULL, 'q' },
	{ "disablemultiline", no_argument, NULL, 'm' },
	{ "noquitconfirmation", no_argument, NULL, 'Q' },
	{ "norc", no_argument, NULL, 'n' },
	{ "tty", no_argument, NULL, 't' },
	{ "controlflag", no_argument, NULL, 'z' },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "hide-events", no_argument, NULL, OPT_HIDE_EVENTS },
	{ "disable-events", no_argument, NULL, OPT_DISABLE_EVENTS },
	{ "noconnect", no_argument, NULL, 'u' },
	{ "certificate", required_argument, NULL, 'i' },
	{ "key", required_argument, NULL, 'k' },
	{ "spool", required_argument, NULL, OPT_SPOOL },
	{ "noredirect", no_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "complete", required_argument, NULL, OPT_COMPLETE },
	{ "example", no_argument, NULL, OPT_EXAMPLE },
	{ "etcd-cacert", required_argument, NULL, OPT_ETCD_CACERT },
	{ "etcd-cert", required_argument, NULL, OPT_ETCD_CERT },
	{ "etcd-key", required_argument, NULL, OPT_ETCD_KEY },
	{ "etcd-user", required_argument, NULL, OPT_ETCD_USER },
	{ "etcd-password-file", required_argument, NULL,
	    OPT_ETCD_PASSWORD_FILE },
	{ NULL, 0, NULL, 0 }
};

/* Reports bad usage and exits 2. */
static void __attribute__((noreturn))
usage_error(const char *msg)
{
	if (msg)
		fprintf(stderr, "ocmsh: %s\n", msg);
	fprintf(stderr, "Try 'ocmsh --help' for more information.\n");
	exit(2);
}

/* Runs the start-up files; errors are reported and skipped. */
static void
run_rc(struct session *s)
{
	const char *home = getenv("HOME"), *etc = getenv("OCMSH_SYSCONFDIR");
	char *files[2] = { NULL, NULL };

	/* OCMSH_SYSCONFDIR stands in for the configured folder (tests) */
	files[0] = xasprintf("%s/ocmshrc", etc && *etc ? etc : SYSCONFDIR);

	if (home && *home)
		files[1] = xasprintf("%s/.ocmshrc", home);
	for (int i = 0; i < 2; i++) {
		char *e = NULL;

		if (files[i] && access(files[i], R_OK) == 0 &&
		    repl_run_file(s, files[i], 0, NULL, 0, &e) != 0 && e) {
			fprintf(stderr, "ocmsh: %s\n", e);
			free(e);
		}
		free(files[i]);
	}
	s->nerrors = 0;
}

/* SIGPIPE: nothing; the write that met the closed pipe fails instead. */
static void
sigpipe_ignore(int sig)
{
	(void)sig;
}

/*
 * A reader that closes its end early (list | head -1, or ocmsh ... |
 * head) ends that output, not the shell: without this, SIGPIPE killed
 * the process and its staged changes with it.  A handler rather than
 * SIG_IGN, so that the programs ocmsh starts get the default back.
 */
static void
sigpipe_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sigpipe_ignore;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
}

/*
 * Frees the state before exiting, for the leak checkers only: a large
 * state is millions of small blocks, and freeing them one by one costs
 * more than loading them took, for memory the exit gives back anyway.
 */
static void
store_free_at_exit(struct store *st)
{
#if defined(__SANITIZE_ADDRESS__)
	store_free(st);
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	store_free(st);
#endif
#endif
	(void)st;
}

/* What the command line asks for. */
struct opts {
	const char	*state, *root;		/* -s, -R (or the environment) */
	const char	*command, *script;	/* -c, -f */
	const char	*complete;		/* --complete */
	char		*words;			/* a command as arguments */
	struct store_access access;		/* --etcd-* */
	int		 echo, quit, noquit, norc;	/* -x, -q, -Q, -n */
	int		 nomultiline, tty, etx;		/* -m, -t, -z */
	struct strv	 remote;		/* cmsh's remote options given */
	struct strv	 args;			/* -f: the script, its words */
	enum store_start start;		/* --example */
};

/* The usage error for the option getopt refused. */
static void
bad_option(char **argv)
{
	char *m;
	int arg = optopt >= OPT_COLOR || optopt == OPT_COMPLETE ||
	    (optopt > 0 && optopt < 128 && strchr("sRcfik", optopt));

	if (arg)
		m = xasprintf("option '%s' needs an argument",
		    strncmp(argv[optind - 1], "--", 2) == 0 ?
		    argv[optind - 1] : (char[]){ '-', (char)optopt, '\0' });
	else if (optopt)
		m = xasprintf("unknown option '-%c'", optopt);
	else
		m = xasprintf("unknown option '%s'", argv[optind - 1]);
	usage_error(m);
}

/*
 * The command line of a command given as the program's arguments (ocmsh
 * render --watch), each word quoted; NULL when the first word is not a
 * command that may be given so (CF_ARGV).
 */
static char *
argv_command(int argc, char **argv)
{
	struct sbuf sb = SBUF_INIT;
	int found = 0;

	for (size_t i = 0; cmd_table[i]; i++)
		if ((cmd_table[i]->flags & CF_ARGV) &&
		    strcmp(cmd_table[i]->name, argv[0]) == 0)
			found = 1;
	if (!found)
		return NULL;
	for (int i = 0; i < argc; i++) {
		/* plain words as they are: a quoted one is never an option */
		int plain = argv[i][0] != '\0' && argv[i][strspn(argv[i],
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-_./:,@=+")] == '\0';

		if (i > 0)
			sbuf_addc(&sb, ' ');
		if (plain) {
			sbuf_adds(&sb, argv[i]);
			continue;
		}
		sbuf_addc(&sb, '\'');
		for (const char *p = argv[i]; *p; p++)
			if (*p == '\'')
				sbuf_adds(&sb, "'\\''");
			else
				sbuf_addc(&sb, *p);
		sbuf_addc(&sb, '\'');
	}
	return sbuf_detach(&sb, NULL);
}

/* --color yes|no: cmsh's words; ocmsh prints no colour either way. */
static void
check_color(const char *v)
{
	static const char *const words[] = { "yes", "no", "on", "off", "true",
	    "false", "1", "0", NULL };

	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(v, words[i]) == 0)
			return;
	usage_error(xasprintf("--color takes yes or no, not '%s'", v));
}

/*
 * Takes option c (getopt's value) into o; returns 0 for one parse_args
 * handles itself.
 */
static int
take_option(int c, struct opts *o)
{
	switch (c) {
	case 's': o->state = optarg; break;
	case 'R': o->root = optarg; break;
	case 'c': o->command = optarg; break;
	case 'f': o->script = optarg; break;
	case 'x': o->echo = 1; break;
	case 'q': o->quit = 1; break;
	case 'm': o->nomultiline = 1; break;
	case 'Q': o->noquit = 1; break;
	case 'n': o->norc = 1; break;
	case 't': o->tty = 1; break;
	case 'z': o->etx = 1; break;
	case 'u': break;
	case OPT_COLOR: check_color(optarg); break;
	case OPT_HIDE_EVENTS: break;
	case OPT_DISABLE_EVENTS: break;
	case 'i': strv_push(&o->remote, "--certificate"); break;
	case 'k': strv_push(&o->remote, "--key"); break;
	case OPT_SPOOL: strv_push(&o->remote, "--spool"); break;
	case 'r': strv_push(&o->remote, "--noredirect"); break;
	case OPT_COMPLETE: o->complete = optarg; break;
	case OPT_EXAMPLE: o->start = STORE_START_EXAMPLE; break;
	case OPT_ETCD_CACERT: o->access.cacert = optarg; break;
	case OPT_ETCD_CERT: o->access.cert = optarg; break;
	case OPT_ETCD_KEY: o->access.key = optarg; break;
	case OPT_ETCD_USER: o->access.user = optarg; break;
	case OPT_ETCD_PASSWORD_FILE: o->access.password_file = optarg; break;
	default:
		return 0;
	}
	return 1;
}

/*
 * The words after the options: with -f, the script's arguments (as cmsh
 * passes the rest of the command line); a command that may be given so
 * (ocmsh render --watch); else a host to connect to, as cmsh takes one
 * (noted and ignored).
 */
static void
take_operands(int argc, char **argv, struct opts *o)
{
	if (o->script) {
		strv_push(&o->args, o->script);
		for (int i = optind; i < argc; i++)
			strv_push(&o->args, argv[i]);
		return;
	}
	if (optind >= argc)
		return;
	if (o->command == NULL &&
	    (o->words = argv_command(argc - optind, argv + optind)) != NULL)
		return;
	/*
	 * A path is never a host: it is the folder of an old "-r DIR"
	 * (now -R), which must not fall back to writing under "/".
	 */
	if (strchr(argv[optind], '/'))
		usage_error(xasprintf("'%s' is not a host to connect to: the "
		    "image root is -R/--root DIR (-r is cmsh's --noredirect)",
		    argv[optind]));
	if (optind + 1 < argc)
		usage_error(xasprintf("unexpected argument '%s'",
		    argv[optind + 1]));
	strv_pushf(&o->remote, "host '%s'", argv[optind]);
}

/* Reads the command line into o; exits for -h, -V and usage errors. */
static void
parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	o->state = getenv("OCMSH_STATE");
	o->root = getenv("OCMSH_ROOT");
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+s:R:c:f:xqmQnhVtzuri:k:",
	    long_opts, NULL)) != -1) {
		if (take_option(c, o))
			continue;
		if (c == 'h') {
			fputs(usage_text, stdout);
			exit(0);
		}
		if (c == 'V') {
			printf("ocmsh %s\n", PACKAGE_VERSION);
			exit(0);
		}
		bad_option(argv);
	}
	take_operands(argc, argv, o);
	if (o->command && o->script)
		usage_error("-c and -f cannot be used together");
	/*
	 * An empty path is a script's unset variable, never a wish for the
	 * live state or for "/": refuse it rather than fall back.
	 */
	if (o->state && *o->state == '\0')
		usage_error("the state file name is empty (-s or OCMSH_STATE)");
	if (o->root && *o->root == '\0')
		usage_error("the root folder name is empty (-R or OCMSH_ROOT)");
	if (o->script && *o->script == '\0')
		usage_error("the script file name is empty (-f)");
	if (o->state == NULL)
		o->state = DEFAULT_STATE;
	if (o->root == NULL)
		o->root = "/";
}

/* One line on stderr for cmsh's options that need a remote CMDaemon. */
static void
note_remote(const struct strv *remote)
{
	char *list;

	if (remote->n == 0)
		return;
	list = strv_join(remote, ", ");
	fprintf(stderr, "ocmsh: ignoring %s: ocmsh works on its state file "
	    "and connects to no CMDaemon\n", list);
	free(list);
}

/* Runs the input: -c, -f, the terminal or stdin.  The exit status. */
static int
run_input(struct session *s, const struct opts *o)
{
	char *cause;
	FILE *f;
	int r;

	if (o->command)
		return repl_batch_string(s, o->command);
	if (o->words)
		return repl_batch_string(s, o->words);
	if (o->script) {
		if ((f = repl_open(o->script, &cause)) == NULL) {
			fprintf(stderr, "ocmsh: %s\n", cause);
			free(cause);
			return 1;
		}
		s->script_args = &o->args;
		r = repl_batch(s, f, o->script);
		s->script_args = NULL;
		fclose(f);
		return r;
	}
	if (o->tty || isatty(STDIN_FILENO))
		return repl_interactive(s);
	/* as cmsh, piped input is echoed line by line (-x: with prompts) */
	s->echo_input = !s->echo;
	return repl_batch(s, stdin, "-");
}

/* A key of the state that does not load, read after start (batch). */
static void
bad_key(const char *cause)
{
	fflush(stdout);
	fprintf(stderr, "ocmsh: %s\n", cause);
	exit(1);
}

int
main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct session s;
	struct store *st;
	char *cause = NULL;
	int r;

	strv_init(&o.remote);
	strv_init(&o.args);
	parse_args(argc, argv, &o);
	store_set_access(&o.access);
	note_remote(&o.remote);
	strv_release(&o.remote);
	atomic_cleanup_install();
	sigpipe_install();
	if ((st = store_open(o.state, o.root, o.start, &cause)) == NULL) {
		fprintf(stderr, "ocmsh: %s\n", cause);
		free(cause);
		strv_release(&o.args);
		return 1;
	}
	session_init(&s, st);
	/* batch: a key of the state that does not load ends the run, as at
	 * start (an interactive session reports it per command) */
	store_on_bad_key(st, bad_key);
	s.keep_going = !o.quit;
	s.nomultiline = o.nomultiline;
	s.controlflag = o.etx;
	s.noquitconfirm = o.noquit;
	if (o.complete)
		r = complete_print(&s, o.complete);
	else {
		if (!o.norc)
			run_rc(&s);	/* not echoed: -x shows the input only */
		s.echo = o.echo;
		r = run_input(&s, &o);
		fflush(stdout);
	}
	session_release(&s);
	strv_release(&o.args);
	store_free_at_exit(st);
	free(o.words);
	return r;
}
