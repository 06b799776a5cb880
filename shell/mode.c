/* mode.c - the mode stack: entering, leaving, selecting, saving, paths. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/mode.h"
#include "shell/tok.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

const struct obj_type *
mode_word(const struct session *s, const char *word)
{
	const struct frame *f = &s->stack[s->depth];

	for (size_t i = 0; obj_types[i]; i++) {
		const struct obj_type *t = obj_types[i];

		if (strcmp(t->mode, word) != 0)
			continue;
		if (t->parent == NULL)
			return t;
		if (f->type == t->parent && (f->type->layout == OT_RECORD ||
		    f->selected != NULL))
			return t;
	}
	return NULL;
}

void
mode_words(const struct session *s, struct strv *out)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (mode_word(s, obj_types[i]->mode) == obj_types[i])
			strv_push(out, obj_types[i]->mode);
}

int
mode_push(struct session *s, const struct obj_type *t, const char *sel,
    char **cause)
{
	if (s->depth + 1 >= MODE_MAX_DEPTH) {
		*cause = xstrdup("modes nested too deeply");
		return -1;
	}
	s->depth++;
	s->stack[s->depth].type = t;
	s->stack[s->depth].selected = sel ? xstrdup(sel) : NULL;
	s->stack[s->depth].range = NULL;
	return 0;
}

void
mode_pop_to(struct session *s, int d)
{
	while (s->depth > d) {
		FREE_AND_NULL(s->stack[s->depth].selected);
		FREE_AND_NULL(s->stack[s->depth].range);
		s->stack[s->depth].type = NULL;
		s->depth--;
	}
}

int
mode_enter(struct session *s, const struct obj_type *t, char **cause)
{
	const char *sel = NULL;
	char *cp;
	json_t *c;

	if (t->parent == NULL)
		mode_pop_to(s, 0);
	if (mode_push(s, t, NULL, cause) != 0)
		return -1;
	if (t->autoselect == NULL)
		return 0;
	cp = mode_collpath(s, s->depth);
	c = cp ? view_coll(s->store->staged, cp) : NULL;
	if (c && json_object_get(c, t->autoselect))
		sel = t->autoselect;
	else if (c && json_object_size(c) == 1)
		sel = json_object_iter_key(json_object_iter(c));
	if (sel)
		s->stack[s->depth].selected = xstrdup(sel);
	free(cp);
	return 0;
}

void
mode_up(struct session *s)
{
	struct frame *f = &s->stack[s->depth];

	if (s->depth == 0)
		return;
	if (f->range) {
		FREE_AND_NULL(f->range);
		return;
	}
	if (f->type->layout == OT_COLLECTION && f->selected &&
	    !(f->type->autoselect && strcmp(f->selected,
	    f->type->autoselect) == 0)) {
		FREE_AND_NULL(f->selected);
		return;
	}
	mode_pop_to(s, s->depth - 1);
}

void
mode_select(struct session *s, const char *name)
{
	struct frame *f = &s->stack[s->depth];

	if (f->type == NULL || f->type->layout != OT_COLLECTION)
		return;
	free(f->selected);
	f->selected = name ? xstrdup(name) : NULL;
	if (name)
		FREE_AND_NULL(f->range);
}

void
mode_range(struct session *s, const char *words)
{
	struct frame *f = &s->stack[s->depth];

	if (f->type == NULL || f->type->layout != OT_COLLECTION)
		return;
	FREE_AND_NULL(f->range);
	if (words == NULL)
		return;
	FREE_AND_NULL(f->selected);
	f->range = xstrdup(words);
}

int
mode_drop_missing(struct session *s, char **name)
{
	for (int i = 1; i <= s->depth; i++) {
		struct frame *f = &s->stack[i];
		char *cp;
		int gone;

		if (f->type->layout != OT_COLLECTION || f->selected == NULL)
			continue;
		cp = mode_collpath(s, i);
		gone = cp == NULL || view_get(s->store->staged, cp,
		    f->selected) == NULL;
		free(cp);
		if (!gone)
			continue;
		mode_pop_to(s, i);
		if (name)
			*name = f->selected;
		else
			free(f->selected);
		f->selected = NULL;
		return i;
	}
	return 0;
}

/* A name as path prints it: in double quotes when it has a '-'. */
static void
location_name(struct sbuf *sb, const char *name)
{
	char *q = tok_quote(name);

	if (strchr(name, '-') && q[0] != '"') {
		sbuf_addc(sb, '"');
		sbuf_adds(sb, q);
		sbuf_addc(sb, '"');
	} else
		sbuf_adds(sb, q);
	free(q);
}

char *
mode_location(const struct session *s)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_adds(&sb, "home;");
	for (int i = 1; i <= s->depth; i++) {
		const struct frame *f = &s->stack[i];

		sbuf_addf(&sb, "%s;", f->type->mode);
		if (f->range)
			sbuf_addf(&sb, "range %s;", f->range);
		if (f->type->layout != OT_COLLECTION || f->selected == NULL ||
		    (f->type->autoselect && strcmp(f->selected,
		    f->type->autoselect) == 0))
			continue;
		sbuf_adds(&sb, "use ");
		location_name(&sb, f->selected);
		sbuf_addc(&sb, ';');
	}
	return sbuf_detach(&sb, NULL);
}

void
mode_save(const struct session *s, struct mode_saved *m)
{
	m->depth = s->depth;
	for (int i = 0; i <= s->depth; i++) {
		m->frames[i].type = s->stack[i].type;
		m->frames[i].selected = s->stack[i].selected ?
		    xstrdup(s->stack[i].selected) : NULL;
		m->frames[i].range = s->stack[i].range ?
		    xstrdup(s->stack[i].range) : NULL;
	}
}

void
mode_restore(struct session *s, struct mode_saved *m)
{
	mode_free(s);
	for (int i = 0; i <= m->depth; i++)
		s->stack[i] = m->frames[i];
	for (int i = m->depth + 1; i < MODE_MAX_DEPTH; i++)
		s->stack[i].type = NULL;
	s->depth = m->depth;
	m->depth = -1;
}

void
mode_drop(struct mode_saved *m)
{
	for (int i = 0; i <= m->depth; i++) {
		free(m->frames[i].selected);
		free(m->frames[i].range);
	}
	m->depth = -1;
}

void
mode_copy(struct session *dst, const struct session *src)
{
	*dst = *src;
	for (int i = 0; i < MODE_MAX_DEPTH; i++) {
		dst->stack[i].selected = i <= src->depth &&
		    src->stack[i].selected ? xstrdup(src->stack[i].selected) :
		    NULL;
		dst->stack[i].range = i <= src->depth && src->stack[i].range ?
		    xstrdup(src->stack[i].range) : NULL;
	}
}

void
mode_free(struct session *s)
{
	for (int i = 0; i <= s->depth; i++) {
		FREE_AND_NULL(s->stack[i].selected);
		FREE_AND_NULL(s->stack[i].range);
	}
}

char *
mode_collpath(const struct session *s, int i)
{
	const struct obj_type *t = s->stack[i].type;
	char *parent, *p;

	if (t == NULL || t->layout != OT_COLLECTION)
		return NULL;
	if (t->parent == NULL)
		return xstrdup(t->yaml_key);
	parent = mode_objpath(s, i - 1);
	if (parent == NULL)
		return NULL;
	p = xasprintf("%s/%s", parent, t->yaml_key);
	free(parent);
	return p;
}

char *
mode_objpath(const struct session *s, int i)
{
	const struct frame *f = &s->stack[i];
	char *cp, *p;

	if (i <= 0 || f->type == NULL)
		return NULL;
	if (f->type->layout == OT_RECORD)
		return mode_objpath(s, i - 1);
	if (f->selected == NULL)
		return NULL;
	cp = mode_collpath(s, i);
	if (cp == NULL)
		return NULL;
	p = xasprintf("%s/%s", cp, f->selected);
	free(cp);
	return p;
}

int
mode_owner(const struct session *s, int i, char **collpath, char **name)
{
	char *op = mode_objpath(s, i), *slash;

	if (op == NULL || (slash = strrchr(op, '/')) == NULL) {
		free(op);
		return -1;
	}
	*collpath = xstrndup(op, (size_t)(slash - op));
	*name = xstrdup(slash + 1);
	free(op);
	return 0;
}

void
mode_record_keys(const struct session *s, int i, struct strv *out)
{
	int j = i;

	while (j > 0 && s->stack[j].type->layout == OT_RECORD)
		j--;
	for (j = j + 1; j <= i; j++)
		strv_push(out, s->stack[j].type->yaml_key);
}
