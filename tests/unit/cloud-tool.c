/*
 * cloud-tool.c - drives nova/'s cloud client for the tests in tests/cloud/.
 *
 *   cloud-tool [-c CLOUD] check             open the cloud: "ENDPOINT 2.N"
 *   cloud-tool [-c CLOUD] check2            open it twice (token reuse)
 *   cloud-tool [-c CLOUD] plan VIEW RECORD  print the plan
 *   cloud-tool [-c CLOUD] [-f] [-p N] apply VIEW RECORD
 *                                           apply it, print the report,
 *                                           write the new record
 *   cloud-tool [-c CLOUD] import [DEPLOYMENT]   print the import as JSON
 *   cloud-tool written CLOUD RECORD WRITTEN  the record kept in a written
 *                                           map: prints the map, then the
 *                                           record read back from it
 *
 * VIEW is a JSON view (collection path -> {name -> object}); RECORD a
 * JSON sync record, which need not exist.  With CLOUD_TOOL_PAUSE=FIFO,
 * apply reads a line from FIFO between planning and sending.  Exit
 * status: 0, 1 on an error (one line on standard error),
 * SYNC_EXIT_PARTIAL when the apply failed part-way or was refused.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "nova/cloud.h"
#include "nova/sync.h"

static const char *cloud_name;
static int force;
static size_t parallel;

/* Prints cause and exits 1. */
static void
die(char *cause)
{
	fprintf(stderr, "cloud-tool: %s\n", cause);
	free(cause);
	cloud_forget_tokens();
	exit(1);
}

/* Loads a JSON file; NULL when it does not exist and may_miss. */
static json_t *
load(const char *path, int may_miss)
{
	json_error_t e;
	json_t *j;

	if (may_miss && access(path, F_OK) != 0)
		return NULL;
	if ((j = json_load_file(path, 0, &e)) == NULL)
		die(xasprintf("%s:%d: %s", path, e.line, e.text));
	return j;
}

/* Opens the cloud or dies. */
static struct cloud *
open_cloud(void)
{
	char *cause = NULL;
	struct cloud *c = cloud_open(cloud_name, &cause);

	if (c == NULL)
		die(cause);
	return c;
}

/* Fetches the cloud and plans against view and record. */
static void
make_plan(struct cloud *c, json_t *view, json_t *record, struct sync_plan *p)
{
	struct sync_cloud s;
	char *cause = NULL;

	if (sync_fetch(c, &s, &cause) < 0) {
		cloud_close(c);
		die(cause);
	}
	sync_plan_make(view, "default", &s, record, p);
	sync_cloud_release(&s);
}

/* plan VIEW RECORD */
static int
cmd_plan(char **argv)
{
	struct cloud *c = open_cloud();
	json_t *view = load(argv[0], 0), *rec = load(argv[1], 1);
	struct sbuf out = SBUF_INIT;
	struct sync_plan p;

	make_plan(c, view, rec, &p);
	sync_plan_print(&p, &out);
	fputs(out.buf, stdout);
	sbuf_release(&out);
	sync_plan_release(&p);
	json_decref(view);
	json_decref(rec);
	cloud_close(c);
	return 0;
}

/* The progress callback: counts calls on standard error when asked. */
static void
progress(void *arg, size_t done, size_t total)
{
	if (getenv("CLOUD_TOOL_PROGRESS"))
		fprintf(stderr, "%zu/%zu\n", done, total);
}

/* With CLOUD_TOOL_PAUSE=FIFO, waits for a line on the FIFO: the test
 * changes the cloud between the plan and the apply. */
static void
pause_here(void)
{
	const char *fifo = getenv("CLOUD_TOOL_PAUSE");
	char line[16];
	FILE *f;

	if (fifo == NULL)
		return;
	fprintf(stderr, "paused\n");
	fflush(stderr);
	if ((f = fopen(fifo, "r")) == NULL)
		return;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
}

/* apply VIEW RECORD */
static int
cmd_apply(char **argv)
{
	struct cloud *c = open_cloud();
	json_t *view = load(argv[0], 0), *rec = load(argv[1], 1);
	struct sync_apply_opts o = { .parallel = parallel,
		.progress = progress };
	struct sbuf report = SBUF_INIT;
	struct sync_result res;
	struct sync_plan p;
	char *cause = NULL;
	int rc = 0;

	make_plan(c, view, rec, &p);
	pause_here();
	if (sync_plan_check(&p, force, &cause) < 0) {
		fprintf(stderr, "cloud-tool: %s\n", cause);
		free(cause);
		rc = SYNC_EXIT_PARTIAL;
		goto out;
	}
	if (sync_apply(c, &p, rec, &o, &res, &report, &cause) < 0) {
		fprintf(stderr, "cloud-tool: %s\n", cause);
		free(cause);
		rc = SYNC_EXIT_PARTIAL;
	}
	fputs(report.buf ? report.buf : "", stdout);
	printf("%zu calls: %zu done, %zu failed, %zu not sent\n", p.ncalls,
	    res.done, res.failed, res.notsent);
	if (json_dump_file(res.record, argv[1], JSON_INDENT(1) |
	    JSON_SORT_KEYS) < 0)
		die(xasprintf("%s: cannot write", argv[1]));
	sync_result_release(&res);
out:
	sbuf_release(&report);
	sync_plan_release(&p);
	json_decref(view);
	json_decref(rec);
	cloud_close(c);
	return rc;
}

/* import [DEPLOYMENT] */
static int
cmd_import(char **argv)
{
	struct cloud *c = open_cloud();
	char *cause = NULL, *s;
	json_t *j = sync_import(c, argv[0] ? argv[0] : "default", &cause);

	cloud_close(c);
	if (j == NULL)
		die(cause);
	s = json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS);
	puts(s);
	free(s);
	json_decref(j);
	return 0;
}

/* check, check2 */
static int
cmd_check(int times)
{
	for (int i = 0; i < times; i++) {
		struct cloud *c = open_cloud();

		printf("%s 2.%d\n", c->compute, c->minor);
		cloud_close(c);
	}
	return 0;
}

/* written CLOUD RECORD WRITTEN */
static int
cmd_written(char **argv)
{
	json_t *rec = load(argv[1], 0), *w = load(argv[2], 0), *back;
	char *s;

	sync_record_to_written(w, argv[0], rec);
	s = json_dumps(w, JSON_INDENT(1) | JSON_SORT_KEYS);
	puts(s);
	free(s);
	back = sync_record_from_written(w, argv[0]);
	s = json_dumps(back, JSON_INDENT(1) | JSON_SORT_KEYS);
	puts(s);
	free(s);
	json_decref(back);
	json_decref(rec);
	json_decref(w);
	return 0;
}

/* Runs the command of argv. */
static int
run(int argc, char **argv)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "check") == 0)
		return cmd_check(1);
	if (strcmp(cmd, "check2") == 0)
		return cmd_check(2);
	if (strcmp(cmd, "plan") == 0 && argc == 3)
		return cmd_plan(argv + 1);
	if (strcmp(cmd, "apply") == 0 && argc == 3)
		return cmd_apply(argv + 1);
	if (strcmp(cmd, "import") == 0 && argc <= 2)
		return cmd_import(argv + 1);
	if (strcmp(cmd, "written") == 0 && argc == 4)
		return cmd_written(argv + 1);
	fprintf(stderr, "cloud-tool: bad usage\n");
	return 2;
}

int
main(int argc, char **argv)
{
	int opt, rc;

	while ((opt = getopt(argc, argv, "+c:fp:")) != -1)
		switch (opt) {
		case 'c':
			cloud_name = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'p':
			parallel = (size_t)atoi(optarg);
			break;
		default:
			return 2;
		}
	if (optind >= argc) {
		fprintf(stderr, "cloud-tool: bad usage\n");
		return 2;
	}
	rc = run(argc - optind, argv + optind);
	cloud_forget_tokens();
	return rc;
}
