/*
 * modules.c - the registries: object types (parents before children) and
 * completion providers.
 */
#include "config.h"

#include "model/provider.h"
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

const struct compl_provider *const providers[] = {
	&pci_vendors_provider,
	&pci_products_provider,
	&filters_provider,
	&clouds_provider,
	&extraspec_provider,
	&metadata_provider,
	NULL
};
