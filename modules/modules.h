/* modules.h - the object types of ocmsh, one file each. */
#ifndef OCMSH_MODULES_H
#define OCMSH_MODULES_H

#include "model/schema.h"

extern const struct obj_type device_type;
extern const struct obj_type category_type;
extern const struct obj_type softwareimage_type;
extern const struct obj_type openstack_type;
extern const struct obj_type settings_type;
extern const struct obj_type compute_type;
extern const struct obj_type flavor_type;
extern const struct obj_type hostaggregate_type;
extern const struct obj_type pcialias_type;

/* The OpenStack roles of devices and categories (modules/device.c). */
extern const char *const device_role_names[];

/* Extra commands of device mode (modules/device.c). */
extern const struct cmd_entry *const device_cmds[];
/* Device mode's commands that need a live cluster (live_cmds.c). */
extern const struct cmd_entry cmd_status_entry, cmd_power_entry,
    cmd_reboot_entry, cmd_imageupdate_entry, cmd_pexec_entry,
    cmd_sysinfo_entry;
/* Extra commands of openstack mode (modules/openstack.c). */
extern const struct cmd_entry *const openstack_cmds[];
/* openstack mode's scheduler dry run (simulate_cmds.c). */
extern const struct cmd_entry cmd_simulate_entry;
/* openstack mode's cloud commands (modules/cloud_cmds.c). */
extern const struct cmd_entry cmd_sync_entry, cmd_import_entry;

/* nova release names, for compute's release enum (nova/novaopts.c). */
extern const char *const nova_release_names[];

/*
 * The steps of the types' checks (obj_type.validate): the order in which
 * validate lists the problems.
 */
enum check_step {
	STEP_RELEASE = 10,		/* compute: the release is known */
	STEP_IMAGES = 15,		/* softwareimage: a tree each */
	STEP_DEVICES = 20,		/* device: images; the alias scan */
	STEP_CATEGORIES = 25,		/* category: images exist */
	STEP_AGGREGATE_NODES = 30,	/* hostaggregate: nodes exist */
	STEP_FLAVORS = 40,		/* flavor: the PCI aliases asked for */
	STEP_ALIASES = 50,		/* pcialias: IDs, whitelist, devices */
	STEP_WHITELIST = 55,		/* compute: whitelist entries */
	STEP_FILTERS = 60,		/* compute: the enabled filters */
	STEP_AGGREGATE_METADATA = 70,	/* hostaggregate: reserve metadata,
					   the nodes it fills */
	STEP_AGGREGATE_FLAVORS = 72,	/* hostaggregate: the GPU flavors a
					   reserve is kept from */
};

/*
 * The device gatherer (model/schema.h) scans each device for the PCI
 * aliases of the default deployment (pcialiases.c) into the summary,
 * which the alias check reads.
 */
struct alias_scan;
struct alias_scan *alias_scan_new(json_t *colls);
void	alias_scan_device(struct alias_scan *as, const char *name,
	    json_t *dev, int sign, json_t *sum);
/* Writes the counts of the scan into the summary, and frees it. */
void	alias_scan_free(void *as);
/* Whether a device's kernel parameters enable an IOMMU (device.c). */
int	device_has_iommu(json_t *colls, json_t *dev);

struct strv;
/* Appends the enabled scheduler filters of the default deployment. */
void	openstack_enabled_filters(json_t *colls, struct strv *out);

/* The completion providers of the modules (in providers[], modules.c). */
struct compl_provider;
extern const struct compl_provider pci_vendors_provider;	/* pci.c */
extern const struct compl_provider pci_products_provider;	/* pci.c */
extern const struct compl_provider filters_provider;	/* openstack.c */
extern const struct compl_provider clouds_provider;	/* openstack.c */
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
