/*
 * pci.h - PCI discovery through libpci (ocmsh(1) COMMANDS, pciscan).
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
 *    "revision": "a1", "name": "NVIDIA Corporation GK180GL [Tesla K40c]"}
 *
 * (all strings; IDs lower-case hex, 4 digits; revision 2 digits;
 * subvendor/subdevice omitted when the header has none, as for bridges,
 * or when the subsystem vendor is 0000 or ffff, which lspci -v does not
 * show either; name is "VENDOR DEVICE" from pci.ids through libpci, so it
 * follows the installed pci.ids: older ones call the K40c "GK110BGL"; for
 * IDs pci.ids does not know it is libpci's "NVIDIA Corporation Device
 * fff1" or "Device fff3:0001").  A local bus without devices gives an
 * empty array.
 *
 * A dump is checked more strictly than libpci does before libpci reads
 * it: every line must be a device line, a config space line continuing
 * the current device's config space, an indented `lspci -v` detail line
 * or blank, and every device needs its 64-byte standard header.  Returns
 * -1 with *cause set for a missing, unreadable, empty or malformed dump
 * ("FILE: no PCI devices found", "FILE:LINE: malformed line '...'",
 * "FILE:LINE: config space of '0000:86:00.0' truncated at 32 bytes (need
 * 64)", "FILE: libpci: ..."), or when the bus cannot be read ("local PCI
 * bus: libpci: ..."); *devices is then untouched.  libpci's fatal errors
 * come back as errors, never end the process.  Not thread-safe.
 */
int	 pci_scan(const char *dump, json_t **devices, char **cause);

/*
 * One line as `lspci -nn` prints it for a device object above:
 * "86:00.0 3D controller [0302]: NVIDIA Corporation GK110BGL [Tesla K40c]
 * [10de:1024] (rev a1)" (the domain is left out when it is 0000, and the
 * revision when it is 00, as lspci does).  The device is named as show
 * names it: by the name pciscan recorded (from the pci.ids where it ran),
 * and by this machine's pci.ids only when none was recorded; the class
 * name comes from pci.ids.  Returns NULL if dev lacks a valid address,
 * class, vendor or device.  Caller frees.
 */
char	*pci_format_nn(const json_t *dev);

/*
 * "NVIDIA Corporation" for vendor "10de" (4 hex digits, either case), from
 * pci.ids; NULL if unknown or not an ID.  pci.ids is parsed once per
 * process.  Caller frees.
 */
char	*pci_vendor_name(const char *vendor);
/* Device name for vendor:device from pci.ids; NULL if unknown. Caller frees. */
char	*pci_device_name(const char *vendor, const char *device);

#endif
