/*
 * devspec.h - the rules nova's PCI device spec parser applies to each
 * entry of the passthrough whitelist / [pci] device_spec, per release
 * (doc/nova.md section 5: nova/pci/devspec.py).  nova-compute does not
 * start, and nova-scheduler fails every host update, on an entry it
 * refuses.
 */
#ifndef OCMSH_NOVA_DEVSPEC_H
#define OCMSH_NOVA_DEVSPEC_H

#include <jansson.h>

/*
 * Why nova of release refuses the whitelist entry (a JSON object), or
 * NULL when it takes it: vendor_id and product_id hex at most FFFF or
 * "*"; address a string whose domain, bus, slot and function are hex
 * within FFFF, FF, 1F and 7 or "*", or (from Ocata) a mapping; devname
 * and address not both.  Caller frees.
 */
char	*devspec_refused(json_t *entry, int release);

#endif
