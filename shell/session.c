/* session.c - the session: mode stack paths, the prompt, output. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "shell/session.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

void
session_init(struct session *s, struct store *st)
{
	memset(s, 0, sizeof *s);
	s->store = st;
	s->out = stdout;
	s->source = "-";
	strv_init(&s->alias_names);
	strv_init(&s->alias_values);
	strv_init(&s->history);
}

void
session_release(struct session *s)
{
	for (int i = 0; i <= s->depth; i++)
		FREE_AND_NULL(s->stack[i].selected);
	strv_release(&s->alias_names);
	strv_release(&s->alias_values);
	strv_release(&s->history);
}

struct frame *
session_frame(struct session *s)
{
	return &s->stack[s->depth];
}

char *
session_collpath(const struct session *s, int i)
{
	const struct obj_type *t = s->stack[i].type;
	char *parent, *p;

	if (t == NULL || t->layout != OT_COLLECTION)
		return NULL;
	if (t->parent == NULL)
		return xstrdup(t->yaml_key);
	parent = session_objpath(s, i - 1);
	if (parent == NULL)
		return NULL;
	p = xasprintf("%s/%s", parent, t->yaml_key);
	free(parent);
	return p;
}

char *
session_objpath(const struct session *s, int i)
{
	const struct frame *f = &s->stack[i];
	char *cp, *p;

	if (i <= 0 || f->type == NULL)
		return NULL;
	if (f->type->layout == OT_RECORD)
		return session_objpath(s, i - 1);
	if (f->selected == NULL)
		return NULL;
	cp = session_collpath(s, i);
	if (cp == NULL)
		return NULL;
	p = xasprintf("%s/%s", cp, f->selected);
	free(cp);
	return p;
}

void
session_record_keys(const struct session *s, int i, struct strv *out)
{
	int j = i;

	while (j > 0 && s->stack[j].type->layout == OT_RECORD)
		j--;
	for (j = j + 1; j <= i; j++)
		strv_push(out, s->stack[j].type->yaml_key);
}

/* Splits an object path into collection path and name (both owned). */
static void
split_objpath(const char *path, char **collpath, char **name)
{
	const char *slash = strrchr(path, '/');

	*collpath = xstrndup(path, (size_t)(slash - path));
	*name = xstrdup(slash + 1);
}

/* 1 if the record at frame i differs between base and staged. */
static int
record_modified(const struct session *s, int i)
{
	struct strv keys = STRV_INIT;
	char *op = session_objpath(s, i), *cp, *name;
	json_t *b, *st;
	int r;

	if (op == NULL)
		return 0;
	split_objpath(op, &cp, &name);
	b = view_get(s->store->base, cp, name);
	st = view_get(s->store->staged, cp, name);
	session_record_keys(s, i, &keys);
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
	free(op);
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
			char *cp = session_collpath(s, i);

			if (cp && store_coll_modified(s->store, cp))
				sbuf_addc(&sb, '*');
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

void
out_write(struct session *s, const char *buf, size_t len)
{
	fwrite(buf, 1, len, s->out);
}

void
out_printf(struct session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(s->out, fmt, ap);
	va_end(ap);
}
