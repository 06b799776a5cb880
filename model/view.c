/* view.c - reading a view of the cluster (see view.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "model/schema.h"
#include "model/view.h"

/* Where objects not read yet come from, or NULL (see view.h). */
static const struct view_source *source;

void
view_set_source(const struct view_source *src)
{
	source = src;
}

json_t *
view_coll(json_t *view, const char *collpath)
{
	if (source)
		source->fault(source->arg, view, collpath, NULL);
	return json_object_get(view, collpath);
}

json_t *
view_coll_held(json_t *view, const char *collpath)
{
	return json_object_get(view, collpath);
}

json_t *
view_get(json_t *view, const char *collpath, const char *name)
{
	json_t *c = json_object_get(view, collpath), *o;

	o = c ? json_object_get(c, name) : NULL;
	if (o == NULL && source) {
		source->fault(source->arg, view, collpath, name);
		c = json_object_get(view, collpath);
		o = c ? json_object_get(c, name) : NULL;
	}
	return o;
}

void
view_add_owned(json_t *view, const char *collpath, const char *name)
{
	const struct obj_type *t = view_coll_type(collpath);

	for (size_t i = 0; t && obj_types[i]; i++) {
		char *cp;

		if (obj_types[i]->parent != t ||
		    obj_types[i]->layout != OT_COLLECTION)
			continue;
		cp = xasprintf("%s/%s/%s", collpath, name,
		    obj_types[i]->yaml_key);
		if (json_object_get(view, cp) == NULL)
			json_object_set_new(view, cp, json_object());
		free(cp);
	}
}

char *
view_collpath(const struct obj_type *t, const char *parent_path)
{
	if (parent_path == NULL)
		return xstrdup(t->yaml_key);
	return xasprintf("%s/%s", parent_path, t->yaml_key);
}

const struct obj_type *
view_coll_type(const char *collpath)
{
	const char *last = strrchr(collpath, '/');

	last = last ? last + 1 : collpath;
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->layout == OT_COLLECTION &&
		    strcmp(obj_types[i]->yaml_key, last) == 0)
			return obj_types[i];
	return NULL;
}
