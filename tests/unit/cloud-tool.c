/*
 * cloud-tool.c - drives nova/'s cloud client for the tests in tests/cloud/.
 *
 *   cloud-tool [-c CLOUD] check             open the cloud: "ENDPOINT 2.N"
 *   cloud-tool [-c CLOUD] check2            open it twice (token reuse)
 *
 * Exit status: 0, 1 on an error (one line on standard error).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xalloc.h"
#include "nova/cloud.h"

static const char *cloud_name;

/* Prints cause and exits 1. */
static void
die(char *cause)
{
	fprintf(stderr, "cloud-tool: %s\n", cause);
	free(cause);
	cloud_forget_tokens();
	exit(1);
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

/* Runs the command of argv. */
static int
run(int argc, char **argv)
{
	const char *cmd = argv[0];

	if (strcmp(cmd, "check") == 0 && argc == 1)
		return cmd_check(1);
	if (strcmp(cmd, "check2") == 0 && argc == 1)
		return cmd_check(2);
	fprintf(stderr, "cloud-tool: bad usage\n");
	return 2;
}

int
main(int argc, char **argv)
{
	int opt, rc;

	while ((opt = getopt(argc, argv, "+c:")) != -1)
		switch (opt) {
		case 'c':
			cloud_name = optarg;
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
