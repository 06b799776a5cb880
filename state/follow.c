/*
 * follow.c - rendering this machine's derived files from the committed
 * state, once or following the commits (see follow.h).
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "lib/diag.h"
#include "lib/xalloc.h"
#include "nova/render.h"
#include "state/backend.h"
#include "state/commit.h"
#include "state/follow.h"
#include "state/journal.h"
#include "state/rootpath.h"
#include "state/store_internal.h"

/* Renders the state as last read (see follow.h). */
static int
render_disk(struct store *st, size_t *nwritten, char **cause)
{
	struct render_in in = { .root = st->root, .colls = st->disk,
	    .prev = st->disk, .written = st->written, .force = 1,
	    .reader = rootpath_read, .lister = store_list_image_dir };
	struct render_plan plan;
	struct diag d;
	int r;

	*nwritten = 0;
	render_plan_init(&plan);
	diag_init(&d);
	r = render_plan(&in, &plan, &d, cause);
	for (size_t i = 0; r == 0 && i < plan.n; i++) {
		const struct render_file *f = &plan.v[i];

		r = derived_write(f, cause);
		if (r == 0)
			(*nwritten)++;
	}
	diag_release(&d);
	render_plan_release(&plan);
	return r;
}

/* Brings the derived files in line with the newest state. */
int
store_render(struct store *st, size_t *nwritten, char **cause)
{
	if (store_sync_disk(st, cause) != 0)
		return -1;
	return render_disk(st, nwritten, cause);
}

/* Tells report about one render. */
static void
told(void (*report)(void *, const char *), void *arg, long long rev,
    size_t n)
{
	char *line = xasprintf("revision %lld rendered: %zu file%s written",
	    rev, n, n == 1 ? "" : "s");

	report(arg, line);
	free(line);
}

/* Renders, then follows every commit (see follow.h). */
int
store_follow(struct store *st, long max,
    void (*report)(void *arg, const char *line), void *arg, char **cause)
{
	long done = 0;
	int lost = 0;
	size_t n;

	if (store_render(st, &n, cause) != 0)
		return -1;
	told(report, arg, st->revision, n);
	while (max <= 0 || done < max) {
		long long before = st->revision;
		char *why = NULL;

		if (st->be->wait(st, &why) != 0 ||
		    store_sync_disk(st, &why) != 0) {
			if (!lost)
				report(arg, why);
			lost = 1;
			free(why);
			sleep(1);
			continue;
		}
		if (lost)
			report(arg, "connection regained");
		lost = 0;
		if (st->revision == before)
			continue;
		if (render_disk(st, &n, cause) != 0)
			return -1;
		told(report, arg, st->revision, n);
		done++;
	}
	return 0;
}
