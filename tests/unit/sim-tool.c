/*
 * sim-tool.c - runs the scheduler dry run (modules/simulate.h) on a state
 * file, for the tests and the benchmark:
 *
 *   sim-tool [-jvS] [-t] [-r RATIO] [-R MIB] [-m MAX] [-F FILLMAX] STATE
 *       STEP [then STEP ...]
 *   STEP: [-n COUNT] [-z ZONE] FLAVOR | --fill [-z ZONE] FLAVOR
 *
 * -j prints the JSON document instead of the text, -v keeps every
 * filter's verdict on every host (in the JSON), -S weighs every host
 * the long way (opts.exact), -t prints the time
 * sim_run() took to stderr ("sim_run: 0.012345 s"); -r, -R, -m and -F
 * set ram_allocation_ratio, reserved_host_memory_mb,
 * max_instances_per_host and the fill limit.  Exit 0, 1 if the run is
 * refused (its cause on stderr), 2 for bad usage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "modules/simulate.h"
#include "state/statefile.h"

/* Prints the usage and exits 2. */
static void
usage(void)
{
	fprintf(stderr, "usage: sim-tool [-jvSt] [-r RATIO] [-R MIB] "
	    "[-m MAX] [-F FILLMAX] STATE STEP [then STEP ...]\n"
	    "       STEP: [-n COUNT] [-z ZONE] FLAVOR | --fill [-z ZONE] "
	    "FLAVOR\n");
	exit(2);
}

/* A number argument or usage(). */
static long long
number(const char *s)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0')
		usage();
	return v;
}

/* Parses the steps of argv[0..argc-1] into steps; returns how many. */
static size_t
parse_steps(int argc, char **argv, struct sim_step *steps)
{
	size_t n = 0;
	int i = 0;

	while (i < argc) {
		struct sim_step *s = &steps[n++];

		memset(s, 0, sizeof *s);
		s->count = 1;
		for (; i < argc && strcmp(argv[i], "then") != 0; i++) {
			if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
				s->count = number(argv[++i]);
			else if (strcmp(argv[i], "-z") == 0 && i + 1 < argc)
				s->zone = argv[++i];
			else if (strcmp(argv[i], "--fill") == 0)
				s->fill = 1;
			else if (s->flavor == NULL && argv[i][0] != '-')
				s->flavor = argv[i];
			else
				usage();
		}
		if (s->flavor == NULL)
			usage();
		i++;			/* "then" */
	}
	return n;
}

/* Seconds on a monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs the dry run of the command line. */
int
main(int argc, char **argv)
{
	struct state_doc doc = { 0 };
	struct sim_result res;
	struct sim_opts opts;
	struct sim_step *steps;
	char *cause = NULL;
	int ch, json = 0, timed = 0, rc;
	size_t n;
	double t0;

	sim_opts_init(&opts);
	while ((ch = getopt(argc, argv, "+jvStr:R:m:F:")) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'v': opts.verdicts = 1; break;
		case 'S': opts.exact = 1; break;
		case 't': timed = 1; break;
		case 'r': opts.ram_ratio = strtod(optarg, NULL); break;
		case 'R': opts.reserved_mb = number(optarg); break;
		case 'm': opts.max_instances = number(optarg); break;
		case 'F': opts.fill_max = number(optarg); break;
		default: usage();
		}
	}
	if (argc - optind < 2)
		usage();
	if ((rc = state_load(argv[optind], &doc, &cause)) != 0) {
		fprintf(stderr, "sim-tool: %s\n", rc > 0 ? "no such state file" :
		    cause);
		free(cause);
		return 1;
	}
	steps = xcalloc((size_t)argc, sizeof *steps);
	n = parse_steps(argc - optind - 1, argv + optind + 1, steps);
	t0 = now();
	rc = sim_run(doc.colls, steps, n, &opts, &res, &cause);
	if (timed)
		fprintf(stderr, "sim_run: %.6f s\n", now() - t0);
	if (rc != 0) {
		fprintf(stderr, "sim-tool: %s\n", cause);
		free(cause);
	} else if (json) {
		json_t *j = sim_format_json(&res);
		char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		printf("%s\n", s);
		free(s);
		json_decref(j);
	} else {
		struct sbuf out = SBUF_INIT;

		sim_format_text(&res, &out);
		fwrite(out.buf, 1, out.len, stdout);
		sbuf_release(&out);
	}
	if (rc == 0)
		sim_result_release(&res);
	free(steps);
	state_doc_release(&doc);
	return rc == 0 ? 0 : 1;
}
