/*
 * inherit.c - values an object takes from the objects it refers to: a
 * node's category, then its software image (see inherit_get).
 */
#include "config.h"

#include <string.h>

#include "model/schema.h"
#include "model/view.h"

/* The most references an inherit list may hold. */
#define INHERIT_MAX 4

/* 1 if v is a value that is set: not missing, not empty. */
static int
is_set(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_object(v))
		return json_object_size(v) > 0;
	return 1;
}

/* The own value of prop of o, when o's type has prop and it is set. */
static json_t *
own(const struct obj_type *t, json_t *o, const char *prop)
{
	json_t *v;

	if (o == NULL || t == NULL || prop_get(t, prop) == NULL)
		return NULL;
	v = json_object_get(o, prop);
	return is_set(v) ? v : NULL;
}

json_t *
inherit_get(json_t *view, const struct obj_type *t, json_t *o,
    const char *prop)
{
	const struct obj_type *rt[INHERIT_MAX] = { NULL };
	json_t *ro[INHERIT_MAX] = { NULL }, *v;
	size_t i, k;

	if ((v = own(t, o, prop)) != NULL || t->inherit == NULL)
		return v;
	for (i = 0; t->inherit[i] && i < INHERIT_MAX; i++) {
		const char *r = t->inherit[i];
		const struct prop_def *rp = prop_get(t, r);
		json_t *name;

		if (rp == NULL || rp->kind != VK_REF ||
		    (rt[i] = type_find(rp->ref)) == NULL ||
		    rt[i]->parent != NULL)
			continue;
		/* the reference itself: o's, else an earlier target's */
		name = own(t, o, r);
		for (k = 0; name == NULL && k < i; k++)
			name = own(rt[k], ro[k], r);
		if (name == NULL || !json_is_string(name))
			continue;
		ro[i] = view_get(view, rt[i]->yaml_key,
		    json_string_value(name));
		if (strcmp(r, prop) == 0)
			continue;	/* a reference inherits only from others */
		if ((v = own(rt[i], ro[i], prop)) != NULL)
			return v;
	}
	return NULL;
}
