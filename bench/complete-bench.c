/*
 * complete-bench.c - times the completion engine on a large cluster.
 *
 *   complete-bench [-H] [-n DEVICES] [-r RUNS] [LINE...]
 *
 * Writes a state file with DEVICES devices (default 100000) named
 * hyper000000..., loads it, and times compl_line() for each LINE (default:
 * a few object-name completions), RUNS times each (default 50); -H asks
 * for the helps too, as '?' does.  Prints
 * the number of candidates and the minimum, median and maximum wall time
 * and the CPU time in milliseconds (CPU time is the steadier figure on a
 * loaded machine).  The load itself is not timed.  Not a test: figures
 * depend on the machine.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell/complete.h"
#include "shell/session.h"
#include "state/store.h"
#include "lib/xalloc.h"

static const char *const default_lines[] = {
	"device; use hyper0",
	"device; use hyper09999",
	"device use hyper05",
	"openstack hostaggregates; add gpu; set nodes hyper000001,hyper00000",
	"device; foreach -n hyper0000",
	"device; use hyper000001; set ",
	NULL
};

/* Seconds on a monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seconds of CPU time used by this process. */
static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Orders doubles. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Writes a state file with n devices; returns 0 or -1. */
static int
write_state(const char *path, long n)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "format: 1\nrevision: 1\ncluster: {name: big}\n"
	    "softwareimages:\n  default-image: {path: /cm/images/default-image}\n"
	    "devices:\n");
	for (long i = 0; i < n; i++)
		fprintf(f, "  hyper%06ld: {type: PhysicalNode, category: "
		    "hypervisor, softwareimage: default-image, roles: "
		    "[openstackcompute], memory: 262144}\n", i);
	fprintf(f, "openstack:\n  default:\n    settings:\n      compute: "
	    "{release: newton}\n");
	return fclose(f) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
	long n = 100000;
	int runs = 50, helps = 0, c;
	char dir[] = "/tmp/complete-bench-XXXXXX";
	char *state, *root, *cause = NULL;
	struct store *st;
	struct session s;
	double t0;

	while ((c = getopt(argc, argv, "Hn:r:")) != -1) {
		switch (c) {
		case 'H': helps = 1; break;
		case 'n': n = atol(optarg); break;
		case 'r': runs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: complete-bench [-H] "
			    "[-n DEVICES] [-r RUNS] [LINE...]\n");
			return 2;
		}
	}
	if (runs < 1)
		runs = 1;
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	state = xasprintf("%s/cluster.yaml", dir);
	root = xasprintf("%s/root", dir);
	if (write_state(state, n) != 0) {
		perror(state);
		return 1;
	}
	t0 = now();
	if ((st = store_open(state, root, STORE_START_EXAMPLE, &cause)) == NULL) {
		fprintf(stderr, "complete-bench: %s\n", cause);
		return 1;
	}
	printf("%ld devices, loaded in %.0f ms; %d runs per line\n", n,
	    (now() - t0) * 1e3, runs);
	session_init(&s, st);
	for (int li = 0;; li++) {
		const char *line = optind < argc ? (optind + li < argc ?
		    argv[optind + li] : NULL) : default_lines[li];
		double *t, *ct;
		struct compl res;
		size_t cands = 0;

		if (line == NULL)
			break;
		t = xcalloc((size_t)runs, sizeof *t);
		ct = xcalloc((size_t)runs, sizeof *ct);
		compl_init(&res);
		res.want_helps = helps;
		for (int r = 0; r < runs; r++) {
			double a = now(), ac = cpu_now();

			compl_line(&s, line, strlen(line), &res);
			t[r] = (now() - a) * 1e3;
			ct[r] = (cpu_now() - ac) * 1e3;
			cands = res.words.n;
		}
		qsort(t, (size_t)runs, sizeof *t, cmp_double);
		qsort(ct, (size_t)runs, sizeof *ct, cmp_double);
		printf("%s\n  %zu candidates; wall ms: min %.2f median %.2f "
		    "max %.2f; cpu ms: min %.2f median %.2f\n", line, cands,
		    t[0], t[runs / 2], t[runs - 1], ct[0], ct[runs / 2]);
		compl_release(&res);
		free(t);
		free(ct);
	}
	session_release(&s);
	store_free(st);
	unlink(state);
	rmdir(dir);
	free(state);
	free(root);
	return 0;
}
