/*
 * timeit.c - runs a command N times for the benchmark and
 * prints one line per run: wall seconds, user seconds, system seconds,
 * peak resident set in KiB, exit status.  The child is started with
 * posix_spawn (no shell) with stdin and stdout on /dev/null, so the
 * figures hold the command's own cost and little else; its stderr goes
 * through.
 *
 * usage: timeit N COMMAND [ARG...]
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Seconds of a timeval. */
static double
tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

/* Seconds of the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv[2..] argv[1] times, printing the figures of each run. */
int
main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0, t1;
	long n;
	pid_t pid;
	int status;

	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: timeit N COMMAND [ARG...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	for (long i = 0; i < n; i++) {
		t0 = now();
		if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2,
		    environ) != 0) {
			perror(argv[2]);
			return 1;
		}
		if (wait4(pid, &status, 0, &ru) != pid) {
			perror("wait4");
			return 1;
		}
		t1 = now();
		printf("%.6f %.6f %.6f %ld %d\n", t1 - t0, tv_s(&ru.ru_utime),
		    tv_s(&ru.ru_stime), ru.ru_maxrss,
		    WIFEXITED(status) ? WEXITSTATUS(status) :
		    128 + WTERMSIG(status));
	}
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}
