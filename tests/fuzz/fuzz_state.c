/*
 * fuzz_state.c - libFuzzer target: the state loader (state/yamlio.c and
 * state/statefile.c) on any bytes, through a memory file.  An error says
 * where (never at line 0, as it once did for null values).  A state that
 * loads is saved, and the saved text loads again to the same state.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "state/statefile.h"
#include "lib/sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes buf to a new memory file; its path goes to path (64 bytes). */
static int
memfile(const void *buf, size_t len, char *path)
{
	int fd = memfd_create("state", 0);

	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len))
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Runs one input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state_doc d = { 0 }, d2 = { 0 };
	struct sbuf out = SBUF_INIT;
	char path[64], *cause = NULL;
	int fd, fd2;

	fd = memfile(data, size, path);
	if (state_load(path, &d, &cause) != 0) {
		char *where;

		if (cause == NULL)
			abort();	/* an error must say why */
		/* and where: a position is never 0:0 (nulls included) */
		where = strstr(cause, path);
		if (where != NULL &&
		    strncmp(where + strlen(path), ":0:", 3) == 0)
			abort();
		free(cause);
		close(fd);
		return 0;
	}
	close(fd);
	if (state_emit(&d, &out, &cause) != 0)
		abort();	/* a loaded state must save */
	fd2 = memfile(out.buf, out.len, path);
	if (state_load(path, &d2, &cause) != 0) {
		fprintf(stderr, "saved state does not load: %s\n", cause);
		abort();
	}
	if (!json_equal(d.colls, d2.colls) || d.revision != d2.revision)
		abort();	/* save and load lose something */
	close(fd2);
	state_doc_release(&d);
	state_doc_release(&d2);
	sbuf_release(&out);
	return 0;
}
