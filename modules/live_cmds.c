/*
 * live_cmds.c - device mode's commands that act on the running nodes
 * (status, power, reboot, imageupdate, pexec, sysinfo).  cmsh reaches the
 * nodes through CMDaemon; ocmsh has no agent on them.  Each command
 * exists, completes and is listed by help, and fails with one line, so
 * that a cmsh script that uses one runs the rest and commits.
 */
#include "config.h"

#include "shell/cmd.h"
#include "modules/modules.h"
#include "lib/xalloc.h"

#define NEEDS	" (needs a connection to the nodes)"

/* Any of them: one line, and the command fails. */
static int
cmd_live_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	*cause = xasprintf("%s: ocmsh has no connection to the nodes",
	    args->argv[0]);
	return CMD_ERROR;
}

/* clang-format off */
#define LIVE_CMD(n, u, h, a) { \
	.name = (n), .min_args = 0, .max_args = -1, .usage = (u), \
	.help = h NEEDS, .flags = CF_COLL | CF_RANGE, .args = (a), \
	.exec = cmd_live_exec }

static const int objects[] = { ARG_OBJECT | ARG_REPEAT, ARG_END };
static const int word_objects[] = { ARG_NONE, ARG_OBJECT | ARG_REPEAT,
    ARG_END };
static const int words[] = { ARG_NONE | ARG_REPEAT, ARG_END };

const struct cmd_entry cmd_status_entry = LIVE_CMD("status",
    "status [OPTIONS] [NAME...]", "Display the status of devices", objects);
const struct cmd_entry cmd_power_entry = LIVE_CMD("power",
    "power [OPTIONS] on|off|reset|status [NAME...]",
    "Manage the power of devices", word_objects);
const struct cmd_entry cmd_reboot_entry = LIVE_CMD("reboot",
    "reboot [OPTIONS] [NAME...]", "Reboot nodes", objects);
const struct cmd_entry cmd_imageupdate_entry = LIVE_CMD("imageupdate",
    "imageupdate [OPTIONS] [NAME...]",
    "Update the nodes' file systems from their software image", objects);
const struct cmd_entry cmd_pexec_entry = LIVE_CMD("pexec",
    "pexec [OPTIONS] COMMAND", "Run a command on nodes in parallel",
    words);
const struct cmd_entry cmd_sysinfo_entry = LIVE_CMD("sysinfo",
    "sysinfo [OPTIONS] [NAME...]", "Display the system information of "
    "nodes", objects);
/* clang-format on */
