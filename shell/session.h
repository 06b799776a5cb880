/*
 * session.h - one ocmsh session: the state, the mode stack, options and
 * where output goes.  The SQLite ShellState of ocmsh.
 */
#ifndef OCMSH_SESSION_H
#define OCMSH_SESSION_H

#include <signal.h>
#include <stdio.h>

#include "model/schema.h"
#include "state/store.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

#define MODE_MAX_DEPTH 8

/* One level of the mode stack. */
struct frame {
	const struct obj_type	*type;		/* the mode's object type */
	char			*selected;	/* selected object, or NULL */
	char			*range;		/* range's words ("-n hyper01..
						   hyper04"), or NULL; never
						   with selected */
};

struct session {
	struct store	*store;			/* the cluster state */
	struct frame	 stack[MODE_MAX_DEPTH];	/* [0] is the top level */
	int		 depth;			/* frames in use beyond [0] */
	FILE		*out;			/* where command output goes */
	int		 interactive;		/* Readline and prompts */
	int		 echo;			/* -x */
	int		 echo_input;		/* echo lines read (piped stdin) */
	int		 keep_going;		/* batch: report a failing command
						   and go on (cmsh's rule; -q
						   clears it) */
	int		 nomultiline;		/* -m: an open '(' does not
						   continue on the next line */
	int		 noquitconfirm;		/* -Q */
	int		 controlflag;		/* -z: ETX after each batch line */
	const char	*source;		/* "-", a file name, "-c" */
	long		 line;			/* line in source */
	struct strv	 alias_names;		/* alias NAME */
	struct strv	 alias_values;		/* its expansion */
	struct strv	 bookmark_names;	/* bookmark NAME ("" unnamed) */
	struct strv	 bookmark_paths;	/* its place (mode_location) */
	char		*previous;		/* the place before the last
						   line that moved: goto - */
	struct strv	 history;		/* commands typed this session */
	const struct strv *script_args;		/* the script running and its
						   arguments ($0, $1...), or
						   NULL: no substitution */
	int		 quit;			/* set by quit/exit at top */
	int		 run_depth;		/* nested run/alias expansion */
	int		 exit_status;		/* set by commit conflicts: 75 */
	int		 nerrors;		/* failed commands so far */
	json_t		*listprefs;		/* per mode's type name: {"format":
						   "type:22, ...", "sort": [..]}
						   (format, sort); owned */
};

/* Return protocol of commands (SQLite style). */
enum cmd_ret {
	CMD_OK = 0,
	CMD_ERROR = 1,
};

/*
 * Set when Ctrl-C arrives in an interactive session (readline.c), for a
 * command that runs until interrupted (watch) to see; it clears it.
 */
extern volatile sig_atomic_t session_interrupted;

/* Fills st with the session's defaults. */
void	session_init(struct session *s, struct store *st);
void	session_release(struct session *s);

/* The current frame (the top level has type NULL). */
struct frame	*session_frame(struct session *s);

/* The prompt, "[cluster->device*[hyper01*]]% ". Caller frees. */
char	*session_prompt(const struct session *s);

#endif
