/* modules.h - the object types of ocmsh, one file each. */
#ifndef OCMSH_MODULES_H
#define OCMSH_MODULES_H

#include "model/schema.h"

extern const struct obj_type device_type;
extern const struct obj_type softwareimage_type;
extern const struct obj_type openstack_type;
extern const struct obj_type settings_type;
extern const struct obj_type compute_type;
extern const struct obj_type flavor_type;
extern const struct obj_type hostaggregate_type;
extern const struct obj_type pcialias_type;

/* Extra commands of device mode (modules/device.c). */
extern const struct cmd_entry *const device_cmds[];
/* Extra commands of openstack mode (modules/openstack.c). */
extern const struct cmd_entry *const openstack_cmds[];

/* nova release names, for compute's release enum (nova/novaopts.c). */
extern const char *const nova_release_names[];

/* The completion providers of the modules (in providers[], modules.c). */
struct compl_provider;
extern const struct compl_provider pci_vendors_provider;	/* pci.c */
extern const struct compl_provider pci_products_provider;	/* pci.c */
extern const struct compl_provider filters_provider;	/* openstack.c */
extern const struct compl_provider extraspec_provider;	/* flavors.c */
extern const struct compl_provider metadata_provider;	/* hostaggregates.c */

struct compl_ctx;
struct compl_out;

/*
 * The OpenStack deployment completion is about (openstack.c): the one
 * selected on the mode stack, else "default", else the first; NULL when
 * there is none.  Borrowed.
 */
const char	*openstack_deployment(const struct compl_ctx *c);
/* Its collection key ("flavors"), or NULL.  Borrowed from c->view. */
json_t		*openstack_coll(const struct compl_ctx *c, const char *key);
/*
 * Calls fn for every string entry (k, v) of the map property prop of each
 * object (named obj) of the deployment's collection key.
 */
void	openstack_each_entry(const struct compl_ctx *c, const char *key,
	    const char *prop, void (*fn)(void *arg, const char *obj,
	    const char *k, const char *v), void *arg);

/*
 * What one module offers the other's completion (flavors.c): the metadata
 * keys flavors ask aggregates for, their unscoped extra spec keys, and the
 * values they ask the aggregates' metadata key to hold.
 */
void	flavors_offer_aggregate_keys(const struct compl_ctx *c,
	    struct compl_out *out);
void	flavors_offer_unscoped_keys(const struct compl_ctx *c,
	    struct compl_out *out);
void	flavors_offer_aggregate_values(const struct compl_ctx *c,
	    const char *key, struct compl_out *out);
/*
 * (hostaggregates.c) The aggregates' metadata keys that are no scheduler
 * setting, the extra specs that mark GPU flavors for the reserve filter,
 * and the values they give a metadata key.
 */
void	aggregates_offer_plain_keys(const struct compl_ctx *c,
	    struct compl_out *out);
void	aggregates_offer_reserve_specs(const struct compl_ctx *c,
	    struct compl_out *out);
void	aggregates_offer_values(const struct compl_ctx *c, const char *key,
	    struct compl_out *out);

#endif
