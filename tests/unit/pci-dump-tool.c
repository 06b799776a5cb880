/*
 * pci-dump-tool.c - runs pci_scan from the command line for the tests
 * (not a test itself).
 *
 *   pci-dump-tool [-r] [-F DUMP]
 *
 * prints one line per device, "ADDRESS CLASS VENDOR:DEVICE" (with -r, then
 * " rev REVISION"), or the error on stderr with exit status 1.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modules/pci.h"

/* Returns a member of a device object as a string ("" if absent). */
static const char *
member(json_t *dev, const char *key)
{
	const char *s = json_string_value(json_object_get(dev, key));

	return s != NULL ? s : "";
}

int
main(int argc, char **argv)
{
	const char *dump = NULL;
	json_t *devices, *dev;
	char *cause;
	size_t i;
	int c, rev = 0;

	while ((c = getopt(argc, argv, "F:r")) != -1) {
		switch (c) {
		case 'F':
			dump = optarg;
			break;
		case 'r':
			rev = 1;
			break;
		default:
			fprintf(stderr, "usage: pci-dump-tool [-r] [-F DUMP]\n");
			return 2;
		}
	}
	if (pci_scan(dump, &devices, &cause) != 0) {
		fprintf(stderr, "pci-dump-tool: %s\n", cause);
		free(cause);
		return 1;
	}
	json_array_foreach(devices, i, dev) {
		printf("%s %s %s:%s", member(dev, "address"),
		    member(dev, "class"), member(dev, "vendor"),
		    member(dev, "device"));
		if (rev)
			printf(" rev %s", member(dev, "revision"));
		printf("\n");
	}
	json_decref(devices);
	return 0;
}
