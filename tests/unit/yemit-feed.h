/*
 * yemit-feed.h - for the YAML writer and reader tests: feeds a JSON object
 * to an emitter (yemit_open or yemit_open_fast) as nested block mappings,
 * the way the state saver does.
 */
#ifndef OCMSH_YEMIT_FEED_H
#define OCMSH_YEMIT_FEED_H

#include <string.h>

#include "state/yaml_emit.h"

/* Feeds obj to e: non-empty objects as block mappings, the rest as values. */
static void
feed(struct yemitter *e, const json_t *obj)
{
	const char *k;
	json_t *v;

	yemit_map_start(e);
	json_object_foreach((json_t *)obj, k, v) {
		yemit_key(e, k, strlen(k));
		if (json_is_object(v) && json_object_size(v))
			feed(e, v);
		else
			yemit_value(e, v);
	}
	yemit_map_end(e);
}

#endif
