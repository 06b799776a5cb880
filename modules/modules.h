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
/* Device mode's commands that need a live cluster (live_cmds.c). */
extern const struct cmd_entry cmd_status_entry, cmd_power_entry,
    cmd_reboot_entry, cmd_imageupdate_entry, cmd_pexec_entry,
    cmd_sysinfo_entry;
/* Extra commands of openstack mode (modules/openstack.c). */
extern const struct cmd_entry *const openstack_cmds[];

/* nova release names, for compute's release enum (nova/novaopts.c). */
extern const char *const nova_release_names[];

#endif
