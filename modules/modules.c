/* modules.c - the registry of object types: parents before children. */
#include "config.h"

#include "modules/modules.h"

const struct obj_type *const obj_types[] = {
	&device_type,
	&category_type,
	&softwareimage_type,
	&openstack_type,
	&settings_type,
	&compute_type,
	&flavor_type,
	&hostaggregate_type,
	&pcialias_type,
	NULL
};
