/* session.c - the session: set-up, the current frame, the prompt. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/session.h"
#include "shell/mode.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

volatile sig_atomic_t session_interrupted;

/*
 * The aliases cmsh has built in that expand to a command with words:
 * "- goto -", and a mode's commands offered at every level ("ds" for
 * "device status", from the type's aliases).
 */
static void
session_builtin_aliases(struct session *s)
{
	strv_push(&s->alias_names, "-");
	strv_push(&s->alias_values, "goto -");
	for (size_t i = 0; obj_types[i]; i++)
		for (const char *const *a = obj_types[i]->aliases; a && a[0];
		    a += 2) {
			strv_push(&s->alias_names, a[0]);
			strv_pushf(&s->alias_values, "%s %s",
			    obj_types[i]->mode, a[1]);
		}
}

void
session_init(struct session *s, struct store *st)
{
	memset(s, 0, sizeof *s);
	s->store = st;
	s->out = stdout;
	s->source = "-";
	strv_init(&s->alias_names);
	strv_init(&s->alias_values);
	strv_init(&s->bookmark_names);
	strv_init(&s->bookmark_paths);
	strv_init(&s->history);
	session_builtin_aliases(s);
}

void
session_release(struct session *s)
{
	mode_free(s);
	json_decref(s->listprefs);
	strv_release(&s->alias_names);
	strv_release(&s->alias_values);
	strv_release(&s->bookmark_names);
	strv_release(&s->bookmark_paths);
	free(s->previous);
	strv_release(&s->history);
}

struct frame *
session_frame(struct session *s)
{
	return &s->stack[s->depth];
}

/* 1 if the record at frame i differs between base and staged. */
static int
record_modified(const struct session *s, int i)
{
	struct strv keys = STRV_INIT;
	char *cp, *name;
	json_t *b, *st;
	int r;

	if (mode_owner(s, i, &cp, &name) != 0)
		return 0;
	b = view_get(s->store->base, cp, name);
	st = view_get(s->store->staged, cp, name);
	mode_record_keys(s, i, &keys);
	for (size_t k = 0; k < keys.n; k++) {
		b = b ? json_object_get(b, keys.v[k]) : NULL;
		st = st ? json_object_get(st, keys.v[k]) : NULL;
	}
	if (b == NULL || st == NULL)
		r = (b == NULL) != (st == NULL) &&
		    json_object_size(b ? b : st) != 0;
	else
		r = !json_equal(b, st);
	strv_release(&keys);
	free(cp);
	free(name);
	return r;
}

char *
session_prompt(const struct session *s)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_addf(&sb, "[%s", s->store->cluster);
	for (int i = 1; i <= s->depth; i++) {
		const struct frame *f = &s->stack[i];

		sbuf_addf(&sb, "->%s", f->type->mode);
		if (f->type->layout == OT_RECORD) {
			if (record_modified(s, i))
				sbuf_addc(&sb, '*');
			continue;
		}
		{
			char *cp = mode_collpath(s, i);

			if (cp && store_coll_modified(s->store, cp))
				sbuf_addc(&sb, '*');
			if (f->range)
				sbuf_addf(&sb, "{%s}", f->range);
			if (f->selected) {
				sbuf_addf(&sb, "[%s", f->selected);
				if (cp && store_change_of(s->store, cp,
				    f->selected) != CH_NONE)
					sbuf_addc(&sb, '*');
				sbuf_addc(&sb, ']');
			}
			free(cp);
		}
	}
	sbuf_adds(&sb, "]% ");
	return sbuf_detach(&sb, NULL);
}
