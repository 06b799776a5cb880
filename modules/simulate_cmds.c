/*
 * simulate_cmds.c - openstack mode's simulate: the scheduler dry run
 * (modules/simulate.h) on the staged state, so that a change can be
 * tried before it is committed.
 *
 *   simulate [-v] [-d {}] STEP [then STEP ...]
 *   STEP: [-n COUNT] [-z ZONE] FLAVOR  |  --fill [-z ZONE] FLAVOR
 *
 * The words form a small language of their own (each -n belongs to the
 * flavor after it), so the command reads them itself rather than through
 * an option template.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "modules/modules.h"
#include "modules/simulate.h"
#include "shell/cmd.h"
#include "shell/out.h"

/* What the words of one simulate command ask for. */
struct sim_request {
	struct sim_step	*steps;
	size_t		 n;
	int		 json;		/* -d {} */
	int		 verdicts;	/* -v */
};

/* Reads a COUNT word into *out; -1 with *cause if it is no integer. */
static int
sim_count(const char *w, long long *out, char **cause)
{
	char *end;

	errno = 0;
	*out = strtoll(w, &end, 10);
	if (*w == '\0' || *end != '\0' || errno != 0) {
		*cause = xasprintf("invalid instance count '%s': must be a "
		    "positive integer", w);
		return -1;
	}
	return 0;
}

/* The value word after option w at argv[*i], advancing *i; NULL if none. */
static const char *
sim_optval(int argc, char *const *argv, int *i, char **cause)
{
	if (*i + 1 >= argc) {
		*cause = xasprintf("option '%s' needs a value", argv[*i]);
		return NULL;
	}
	return argv[++*i];
}

/* Reads one word of a step (or a global option) at argv[*i] into st/rq. */
static int
sim_word(int argc, char *const *argv, int *i, struct sim_step *st,
    struct sim_request *rq, char **cause)
{
	const char *w = argv[*i], *v;

	if (strcmp(w, "-n") == 0 || strcmp(w, "--count") == 0) {
		if ((v = sim_optval(argc, argv, i, cause)) == NULL)
			return -1;
		return sim_count(v, &st->count, cause);
	}
	if (strcmp(w, "-z") == 0 || strcmp(w, "--zone") == 0) {
		st->zone = sim_optval(argc, argv, i, cause);
		return st->zone ? 0 : -1;
	}
	if (strcmp(w, "--fill") == 0) {
		st->fill = 1;
		return 0;
	}
	if (strcmp(w, "-v") == 0 || strcmp(w, "--verbose") == 0) {
		rq->verdicts = 1;
		return 0;
	}
	if (strcmp(w, "-d") == 0 || strcmp(w, "--delimiter") == 0) {
		if ((v = sim_optval(argc, argv, i, cause)) == NULL)
			return -1;
		if (strcmp(v, "{}") != 0) {
			*cause = xasprintf("simulate prints a table, or JSON "
			    "with -d {}; not '%s'", v);
			return -1;
		}
		rq->json = 1;
		return 0;
	}
	if (w[0] == '-' && w[1] != '\0') {
		*cause = xasprintf("unknown simulate option '%s'", w);
		return -1;
	}
	if (st->flavor != NULL) {
		*cause = xasprintf("one flavor per step: '%s' after '%s' "
		    "(separate steps with 'then')", w, st->flavor);
		return -1;
	}
	st->flavor = w;
	return 0;
}

/* Reads argv (argv[0] is the command) into rq; -1 with *cause. */
static int
sim_parse(int argc, char *const *argv, struct sim_request *rq, char **cause)
{
	struct sim_step *st = NULL;
	int i;

	memset(rq, 0, sizeof *rq);
	rq->steps = xcalloc((size_t)argc, sizeof *rq->steps);
	for (i = 1; i <= argc; i++) {
		if (st == NULL) {
			st = &rq->steps[rq->n++];
			st->count = 1;
		}
		if (i < argc && strcmp(argv[i], "then") != 0) {
			if (sim_word(argc, argv, &i, st, rq, cause) != 0)
				return -1;
			continue;
		}
		if (st->flavor == NULL) {
			*cause = xasprintf("%s", i < argc ? "a flavor must "
			    "come before 'then'" : "nothing to simulate: no "
			    "flavor given");
			return -1;
		}
		st = NULL;
	}
	return 0;
}

/* simulate ...: places the instances and prints where they went. */
static int
cmd_simulate_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	struct sim_request rq;
	struct sim_result res;
	struct sim_opts opts;
	struct sbuf sb = SBUF_INIT;
	char *text;
	int rc = CMD_ERROR;

	(void)body;
	if (sim_parse(args->argc, args->argv, &rq, cause) != 0)
		goto out;
	sim_opts_init(&opts);
	opts.verdicts = rq.verdicts;
	if (sim_run(s->store->staged, rq.steps, rq.n, &opts, &res,
	    cause) != 0)
		goto out;
	if (rq.json) {
		json_t *j = sim_format_json(&res);

		text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		out_printf(s, "%s\n", text);
		free(text);
		json_decref(j);
	} else {
		sim_format_text(&res, &sb);
		out_write(s, sb.buf, sb.len);
	}
	sim_result_release(&res);
	rc = CMD_OK;
out:
	sbuf_release(&sb);
	free(rq.steps);
	return rc;
}

const struct cmd_entry cmd_simulate_entry = {
	.name = "simulate",
	.min_args = 1,
	.max_args = -1,
	.usage = "simulate [-v] [-d {}] [-n COUNT] [-z ZONE] FLAVOR "
	    "[then [-n COUNT] FLAVOR ...] | simulate --fill FLAVOR",
	.help = "Dry-run nova's scheduler: where would these instances land?",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_REF | ARG_REPEAT, ARG_END },
	.ref = "flavor",
	.exec = cmd_simulate_exec
};
