/* device_cmds.c - device mode's own commands: pciscan and lspci. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "shell/cmd.h"
#include "shell/out.h"
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
cmd_pciscan_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *dump = args_get(args, 'F');
	const char *name = args->argc > 1 ? args->argv[1] : NULL;
	json_t *devs = NULL, *o;
	char *dev, *host;

	if (args->argc > 2) {
		*cause = xasprintf("unexpected argument '%s'", args->argv[2]);
		return CMD_ERROR;
	}
	if ((dev = target_device(s, name, cause)) == NULL)
		return CMD_ERROR;
	if (pci_scan(dump, &devs, cause) != 0) {
		free(dev);
		return CMD_ERROR;
	}
	/* the local bus is this machine's, whatever device is selected */
	if (dump == NULL && (host = local_short_hostname()) != NULL) {
		if (!same_host(dev, host))
			out_warn(s, "pciscan read the PCI bus of this machine "
			    "('%s') into device '%s'; use -F with 'lspci -x' "
			    "output taken on '%s'", host, dev, dev);
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
cmd_lspci_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *dev = target_device(s, args->argc > 1 ? args->argv[1] : NULL,
	    cause);
	struct strv lines = STRV_INIT;
	const char *addr;
	json_t *pd, *e;
	size_t i, bad = 0, first_bad = 0;
	int domains = 0;

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

static const struct cmd_entry cmd_pciscan_entry = {
	.name = "pciscan",
	.min_args = 0,
	.max_args = 3,
	.opts = (const struct cmd_opt[]){
		{ 'F', NULL, OPT_FILE, OPT_ONCE,
		    .arg = "a file (lspci -x output)",
		    .help = "read lspci -x output from a file" },
		{ 0 }
	},
	.usage = "pciscan [NAME] [-F DUMP]",
	.help = "Fill pcidevices from the local PCI bus or from lspci -x output",
	.flags = CF_COLL | CF_OPTNAMED,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_pciscan_exec
};

static const struct cmd_entry cmd_lspci_entry = {
	.name = "lspci",
	.min_args = 0,
	.max_args = 1,
	.usage = "lspci [NAME]",
	.help = "List a device's pcidevices as lspci -nn does",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_lspci_exec
};

const struct cmd_entry *const device_cmds[] = {
	&cmd_pciscan_entry, &cmd_lspci_entry, &cmd_status_entry,
	&cmd_power_entry, &cmd_reboot_entry, &cmd_imageupdate_entry,
	&cmd_pexec_entry, &cmd_sysinfo_entry, NULL
};
