/*
 * pci.h - PCI discovery through libpci (SPEC section 7).
 */
#ifndef OCMSH_PCI_H
#define OCMSH_PCI_H

#include <jansson.h>

/*
 * Scans PCI devices: with dump == NULL the local machine's bus, else the
 * file dump, which holds `lspci -x` (or -xxx, -xxxx) output taken on a
 * node (libpci's dump access method).  On success returns 0 and sets
 * *devices to a new JSON array, one object per device in bus order:
 *
 *   {"address": "0000:86:00.0", "class": "0302", "vendor": "10de",
 *    "device": "1024", "subvendor": "10de", "subdevice": "097e",
 *    "revision": "a1", "name": "NVIDIA Corporation GK110BGL [Tesla K40c]"}
 *
 * (all strings; IDs lower-case hex, 4 digits; revision 2 digits;
 * subvendor/subdevice omitted when the header has none; name is
 * "VENDOR DEVICE" from pci.ids through libpci, or "Device 10de:1024"
 * style text when pci.ids does not know it).  Returns -1 with *cause
 * set for a missing, unreadable, empty or malformed dump ("FILE: ..."),
 * or when the bus cannot be read; *devices is then untouched.
 */
int	 pci_scan(const char *dump, json_t **devices, char **cause);

/*
 * One line as `lspci -nn` prints it for a device object above:
 * "86:00.0 3D controller [0302]: NVIDIA Corporation GK110BGL [Tesla K40c]
 * [10de:1024] (rev a1)" (the domain is left out when it is 0000).  The
 * class name comes from pci.ids.  Caller frees.
 */
char	*pci_format_nn(const json_t *dev);

/* "NVIDIA Corporation" for vendor "10de", from pci.ids; NULL if unknown. Caller frees. */
char	*pci_vendor_name(const char *vendor);
/* Device name for vendor:device from pci.ids; NULL if unknown. Caller frees. */
char	*pci_device_name(const char *vendor, const char *device);

#endif
