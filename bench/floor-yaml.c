/*
 * floor-yaml.c - the load and commit floors of the benchmark:
 * what libyaml alone costs for a state file.
 *
 *   floor-yaml parse FILE    reads FILE and runs libyaml's event parser
 *                            over it (the load floor)
 *   floor-yaml commit FILE   reads and parses FILE, feeds every event to
 *                            libyaml's emitter into memory, then writes
 *                            the text to FILE.tmp, fsyncs it, renames it
 *                            over FILE and fsyncs the folder (the commit
 *                            floor)
 *
 * Prints the number of events on stdout; exits 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

/* Growing output buffer of the emitter. */
struct out {
	unsigned char	*buf;
	size_t		 len, cap;
};

/* Prints a message and exits 1. */
static void
die(const char *what, const char *detail)
{
	fprintf(stderr, "floor-yaml: %s: %s\n", what, detail);
	exit(1);
}

/* Reads a whole file into memory. */
static unsigned char *
read_file(const char *path, size_t *len)
{
	struct stat sb;
	unsigned char *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0)
		die(path, strerror(errno));
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL)
		die(path, "out of memory");
	while ((n = read(fd, buf + got, (size_t)sb.st_size + 1 - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		die(path, strerror(errno));
	close(fd);
	*len = got;
	return buf;
}

/* libyaml output handler: appends to struct out. */
static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	struct out *o = data;

	if (o->len + size > o->cap) {
		while (o->len + size > o->cap)
			o->cap = o->cap ? 2 * o->cap : 65536;
		if ((o->buf = realloc(o->buf, o->cap)) == NULL)
			return 0;
	}
	memcpy(o->buf + o->len, buffer, size);
	o->len += size;
	return 1;
}

/* Writes buf to path.tmp, fsyncs, renames over path, fsyncs the folder. */
static void
write_atomic(const char *path, const unsigned char *buf, size_t len)
{
	char tmp[4096], dir[4096];
	size_t off = 0;
	ssize_t n;
	int fd;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	snprintf(dir, sizeof dir, "%s", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		die(tmp, strerror(errno));
	while (off < len) {
		if ((n = write(fd, buf + off, len - off)) < 0)
			die(tmp, strerror(errno));
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		die(tmp, strerror(errno));
	if (rename(tmp, path) != 0)
		die(path, strerror(errno));
	if ((fd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) < 0 ||
	    fsync(fd) != 0)
		die(dir, strerror(errno));
	close(fd);
}

/* Parses (and with commit set, re-emits and writes) one file. */
int
main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_emitter_t emitter;
	yaml_event_t ev;
	struct out out = { NULL, 0, 0 };
	unsigned char *buf;
	size_t len, nevents = 0;
	int commit, done = 0;

	if (argc != 3 || (strcmp(argv[1], "parse") != 0 &&
	    strcmp(argv[1], "commit") != 0)) {
		fprintf(stderr, "usage: floor-yaml parse|commit FILE\n");
		return 2;
	}
	commit = strcmp(argv[1], "commit") == 0;
	buf = read_file(argv[2], &len);
	if (!yaml_parser_initialize(&parser))
		die("parser", "cannot initialise");
	yaml_parser_set_input_string(&parser, buf, len);
	if (commit) {
		if (!yaml_emitter_initialize(&emitter))
			die("emitter", "cannot initialise");
		yaml_emitter_set_output(&emitter, write_handler, &out);
		yaml_emitter_set_unicode(&emitter, 1);
		yaml_emitter_set_width(&emitter, -1);
		yaml_emitter_set_indent(&emitter, 2);
	}
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev))
			die(argv[2], parser.problem ? parser.problem : "error");
		done = ev.type == YAML_STREAM_END_EVENT;
		nevents++;
		if (commit) {
			/* the emitter takes the event, even on failure */
			if (!yaml_emitter_emit(&emitter, &ev))
				die("emitter", emitter.problem ?
				    emitter.problem : "error");
		} else
			yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (commit) {
		if (!yaml_emitter_flush(&emitter))
			die("emitter", "cannot flush");
		yaml_emitter_delete(&emitter);
		write_atomic(argv[2], out.buf, out.len);
		free(out.buf);
	}
	free(buf);
	printf("%zu\n", nevents);
	return 0;
}
