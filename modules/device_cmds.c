/* device_cmds.c - device mode's own commands: pciscan and lspci. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "modules.h"
#include "pci.h"

/* The device a command works on: NAME, else the selected one. */
static char *
target_device(struct session *s, const char *name, char **cause)
{
	struct frame *f = session_frame(s);
	const char *n = name ? name : f->selected;

	if (n == NULL) {
		*cause = xstrdup("no device selected: 'use' one or give its "
		    "name");
		return NULL;
	}
	if (store_get(s->store->staged, "devices", n) == NULL) {
		*cause = xasprintf("no such device '%s'", n);
		return NULL;
	}
	return xstrdup(n);
}

/* pciscan [NAME] [-F DUMP]: fills pcidevices from libpci. */
static int
cmd_pciscan_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const char *dump = NULL, *name = NULL;
	json_t *devs = NULL, *o;
	char *dev;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-F") == 0) {
			if (++i >= argc) {
				*cause = xstrdup("option '-F' needs a file "
				    "(lspci -x output)");
				return CMD_ERROR;
			}
			dump = argv[i];
		} else if (argv[i][0] == '-') {
			*cause = xasprintf("unknown pciscan option '%s'",
			    argv[i]);
			return CMD_ERROR;
		} else if (name == NULL)
			name = argv[i];
		else {
			*cause = xasprintf("unexpected argument '%s'", argv[i]);
			return CMD_ERROR;
		}
	}
	if ((dev = target_device(s, name, cause)) == NULL)
		return CMD_ERROR;
	if (pci_scan(dump, &devs, cause) != 0) {
		free(dev);
		return CMD_ERROR;
	}
	o = store_get_w(s->store, "devices", dev);
	json_object_set_new(o, "pcidevices", devs);
	free(dev);
	return CMD_OK;
}

/* lspci [NAME]: the device's pcidevices as lspci -nn prints them. */
static int
cmd_lspci_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	char *dev = target_device(s, argc > 1 ? argv[1] : NULL, cause);
	json_t *pd, *e;
	size_t i;

	if (dev == NULL)
		return CMD_ERROR;
	pd = json_object_get(store_get(s->store->staged, "devices", dev),
	    "pcidevices");
	json_array_foreach(pd, i, e) {
		char *line = pci_format_nn(e);

		out_printf(s, "%s\n", line);
		free(line);
	}
	free(dev);
	return CMD_OK;
}

static const int pciscan_args[] = { ARG_OBJECT, ARG_END };
static const struct cmd_entry pciscan_entry = {
	"pciscan", NULL, 0, 3, "pciscan [NAME] [-F DUMP]",
	"Fill pcidevices from the local PCI bus or from lspci -x output",
	CF_COLL, pciscan_args, cmd_pciscan_exec
};
static const int lspci_args[] = { ARG_OBJECT, ARG_END };
static const struct cmd_entry lspci_entry = {
	"lspci", NULL, 0, 1, "lspci [NAME]",
	"List a device's pcidevices as lspci -nn does", CF_COLL, lspci_args,
	cmd_lspci_exec
};

const struct cmd_entry *const device_cmds[] = {
	&pciscan_entry, &lspci_entry, NULL
};
