/*
 * syncshow.c - a sync plan as text, and the refusal of what needs force.
 *
 *   flavor g1.medium.p100: create
 *     create flavor g1.medium.p100 (vcpus 2, ram 4096, disk 40)
 *     set extra specs of flavor g1.medium.p100: gpu=true
 *   flavor m1.small: replace (delete + create, new id): ram 2048 -> 4096;
 *   needs --force
 *     ...
 *   flavor m1.tiny: update; changed in the cloud since the last sync;
 *   needs --force
 *     property    state      cloud
 *     ram         512        1024
 *     ...
 *   2 flavors in the cloud not managed by ocmsh, left alone: a, b
 *   5 calls to send
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/strv.h"
#include "lib/xalloc.h"
#include "nova/sync.h"
#include "nova/syncint.h"

/* The singular word of a collection. */
static const char *
kind_word(const char *coll)
{
	return strcmp(coll, SYNC_FLAVORS) == 0 ? "flavor" : "hostaggregate";
}

/* A value for the side-by-side table ("-" for none).  Caller frees. */
static char *
show_value(const json_t *v)
{
	struct sbuf sb = SBUF_INIT;
	const char *k;
	json_t *e;
	size_t i;

	if (v == NULL || json_is_null(v))
		return xstrdup("-");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_boolean(v))
		return xstrdup(json_is_true(v) ? "yes" : "no");
	if (json_is_integer(v))
		return xasprintf("%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return xasprintf("%g", json_real_value(v));
	if (json_is_array(v))
		json_array_foreach(v, i, e)
			sbuf_addf(&sb, "%s%s", i ? "," : "",
			    json_string_value(e) ? json_string_value(e) : "?");
	else {
		json_t *keys = json_array();

		json_object_foreach((json_t *)v, k, e)
			json_array_append_new(keys, json_string(k));
		sync_sort_strings(keys);
		json_array_foreach(keys, i, e) {
			k = json_string_value(e);
			sbuf_addf(&sb, "%s%s=%s", i ? ", " : "", k,
			    json_string_value(json_object_get(v, k)));
		}
		json_decref(keys);
	}
	return sb.len ? sbuf_detach(&sb, NULL) : (sbuf_release(&sb),
	    xstrdup("-"));
}

/* The side-by-side table of a drifted object: the properties where the
 * state and the cloud differ. */
static void
show_drift(const struct sync_change *ch, struct sbuf *out)
{
	const json_t *keys = ch->want ? ch->want : ch->have;
	const char *k;
	json_t *v;

	if (ch->have == NULL) {
		sbuf_addf(out, "    deleted in the cloud since the last sync\n");
		return;
	}
	sbuf_addf(out, "    %-20s %-24s %s\n", "property", "state", "cloud");
	json_object_foreach((json_t *)keys, k, v) {
		json_t *w = ch->want ? json_object_get(ch->want, k) : NULL;
		json_t *h = json_object_get(ch->have, k);
		char *a, *b;

		if (json_equal(w, h) || (w == NULL && h == NULL))
			continue;
		a = show_value(w);
		b = show_value(h);
		sbuf_addf(out, "    %-20s %-24s %s\n", k, a, b);
		free(a);
		free(b);
	}
}

/* The header line of a change. */
static void
show_header(const struct sync_change *ch, struct sbuf *out)
{
	static const char *const what[] = {
		[SW_NONE] = "in line", [SW_CREATE] = "create",
		[SW_UPDATE] = "update",
		[SW_REPLACE] = "replace (delete + create, new id)",
		[SW_DELETE] = "delete",
	};

	sbuf_addf(out, "%s %s: %s", kind_word(ch->coll), ch->name,
	    what[ch->what]);
	if (ch->replaced)
		sbuf_addf(out, ": %s", ch->replaced);
	if (ch->adopt)
		sbuf_adds(out, "; adopted (not managed by ocmsh before)");
	if (ch->drift)
		sbuf_adds(out, "; changed in the cloud since the last sync");
	if (ch->drift || ch->what == SW_REPLACE)
		sbuf_adds(out, "; needs --force");
	sbuf_addc(out, '\n');
}

/* The names of sv, at most 10 then "and N more". */
static void
show_names(const struct strv *sv, struct sbuf *out)
{
	for (size_t i = 0; i < sv->n && i < 10; i++)
		sbuf_addf(out, "%s%s", i ? ", " : "", sv->v[i]);
	if (sv->n > 10)
		sbuf_addf(out, " and %zu more", sv->n - 10);
}

/* Appends the plan as text. */
void
sync_plan_print(const struct sync_plan *p, struct sbuf *out)
{
	static const char *const words[] = { "flavor", "aggregate" };
	size_t adopted = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct sync_change *ch = &p->v[i];

		if (ch->nsteps == 0 && !ch->drift) {
			adopted += ch->adopt;
			continue;
		}
		show_header(ch, out);
		if (ch->drift)
			show_drift(ch, out);
		for (size_t j = 0; j < ch->nsteps; j++)
			sbuf_addf(out, "  %s\n", ch->steps[j].label);
	}
	if (adopted)
		sbuf_addf(out, "%zu flavor%s or aggregate%s already in line, "
		    "adopted\n", adopted, adopted == 1 ? "" : "s",
		    adopted == 1 ? "" : "s");
	for (size_t k = 0; k < 2; k++)
		if (p->unmanaged[k].n) {
			sbuf_addf(out, "%zu %s%s in the cloud not managed by "
			    "ocmsh, left alone: ", p->unmanaged[k].n, words[k],
			    p->unmanaged[k].n == 1 ? "" : "s");
			show_names(&p->unmanaged[k], out);
			sbuf_addc(out, '\n');
		}
	if (p->ncalls)
		sbuf_addf(out, "%zu call%s to send\n", p->ncalls,
		    p->ncalls == 1 ? "" : "s");
	else
		sbuf_adds(out, "nothing to send: the cloud is in line\n");
}

/* Refuses drift and replacements without force. */
int
sync_plan_check(const struct sync_plan *p, int force, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	size_t shown = 0, n = 0;

	if (force || (p->ndrift == 0 && p->nreplace == 0))
		return 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].drift || p->v[i].what == SW_REPLACE;
	sbuf_adds(&sb, "refusing to change the cloud without --force: ");
	for (size_t i = 0; i < p->n; i++) {
		const struct sync_change *ch = &p->v[i];

		if (!ch->drift && ch->what != SW_REPLACE)
			continue;
		if (shown++ == 3) {
			sbuf_addf(&sb, "; and %zu more", n - 3);
			break;
		}
		sbuf_addf(&sb, "%s%s %s %s", shown > 1 ? "; " : "",
		    kind_word(ch->coll), ch->name, ch->drift ? "changed in the "
		    "cloud since the last sync" : "needs replacing (delete + "
		    "create, new id)");
	}
	*cause = sbuf_detach(&sb, NULL);
	return -1;
}
