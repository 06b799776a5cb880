/* device_cmds.c - device mode's own commands: pciscan and lspci. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "shell/cmd.h"
#include "modules/modules.h"
#include "modules/pci.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

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
	if (view_get(s->store->staged, "devices", n) == NULL) {
		*cause = xasprintf("no such device '%s'", n);
		return NULL;
	}
	return xstrdup(n);
}

/*
 * The local host name up to its first dot, or NULL if it is unknown.
 * Caller frees.
 */
static char *
local_short_hostname(void)
{
	char buf[256];

	if (gethostname(buf, sizeof buf) != 0)
		return NULL;
	buf[sizeof buf - 1] = '\0';
	buf[strcspn(buf, ".")] = '\0';
	return buf[0] != '\0' ? xstrdup(buf) : NULL;
}

/*
 * 1 if the device name dev and the host name host name the same machine:
 * equal up to their first dots, ignoring case.
 */
static int
same_host(const char *dev, const char *host)
{
	size_t n = strcspn(dev, ".");

	return strlen(host) == n && strncasecmp(dev, host, n) == 0;
}

/*
 * pciscan [NAME] [-F DUMP]: fills pcidevices from libpci, from a dump of
 * `lspci -x` taken on the node or from this machine's bus.  On any error
 * nothing is staged.
 */
static int
cmd_pciscan_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	const char *dump = NULL, *name = NULL;
	json_t *devs = NULL, *o;
	char *dev, *host;

	(void)body;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-F") == 0) {
			if (dump != NULL) {
				*cause = xstrdup("option '-F' given twice");
				return CMD_ERROR;
			}
			if (++i >= argc || argv[i][0] == '\0') {
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
	/* the local bus is this machine's, whatever device is selected */
	if (dump == NULL && (host = local_short_hostname()) != NULL) {
		if (!same_host(dev, host)) {
			fflush(s->out);
			fprintf(stderr, "warning: pciscan read the PCI bus of "
			    "this machine ('%s') into device '%s'; use -F "
			    "with 'lspci -x' output taken on '%s'\n", host,
			    dev, dev);
			fflush(stderr);
		}
		free(host);
	}
	o = store_get_w(s->store, "devices", dev);
	json_object_set_new(o, "pcidevices", devs);
	free(dev);
	return CMD_OK;
}

/*
 * lspci [NAME]: the device's pcidevices as `lspci -nn` prints them.  As
 * lspci does, addresses carry their domain on every line once any device
 * is outside domain 0000.  An entry that is not a PCI device (a state file
 * edited by hand) is an error after the valid lines are printed.
 */
static int
cmd_lspci_exec(struct session *s, int argc, char **argv, const char *body,
    char **cause)
{
	char *dev = target_device(s, argc > 1 ? argv[1] : NULL, cause);
	struct strv lines = STRV_INIT;
	const char *addr;
	json_t *pd, *e;
	size_t i, bad = 0, first_bad = 0;
	int domains = 0;

	(void)body;
	if (dev == NULL)
		return CMD_ERROR;
	pd = json_object_get(view_get(s->store->staged, "devices", dev),
	    "pcidevices");
	json_array_foreach(pd, i, e) {
		char *line = pci_format_nn(e);

		addr = json_string_value(json_object_get(e, "address"));
		if (line != NULL && strncmp(addr, "0000:", 5) != 0)
			domains = 1;
		strv_push(&lines, line != NULL ? line : "");
		free(line);
	}
	json_array_foreach(pd, i, e) {
		if (lines.v[i][0] == '\0') {
			if (bad++ == 0)
				first_bad = i + 1;
			continue;
		}
		addr = json_string_value(json_object_get(e, "address"));
		out_printf(s, "%s%s\n", domains && strncmp(addr, "0000:", 5) ==
		    0 ? "0000:" : "", lines.v[i]);
	}
	strv_release(&lines);
	if (bad != 0) {
		*cause = xasprintf("device '%s': pcidevices entry %zu%s is not "
		    "a valid PCI device (run pciscan again)", dev, first_bad,
		    bad > 1 ? " and others" : "");
		free(dev);
		return CMD_ERROR;
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
