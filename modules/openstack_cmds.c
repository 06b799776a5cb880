/*
 * openstack_cmds.c - openstack mode's own command: importnovaconf, which
 * takes the managed options of an image's nova.conf into the state.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "state/adopt.h"
#include "state/rootpath.h"
#include "shell/cmd.h"
#include "nova/filtersrc.h"
#include "nova/compute.h"
#include "nova/import.h"
#include "nova/ini.h"
#include "modules/modules.h"
#include "nova/novaopts.h"
#include "nova/render.h"
#include "lib/xalloc.h"
#include "lib/strv.h"


/*
 * Reads and parses the nova.conf of image: *ini (free with ini_free) and
 * *file, its path for messages (caller frees).  Returns 0, or -1 with
 * *cause.
 */
static int
import_read(struct session *s, const char *image, struct ini **ini,
    char **file, char **cause)
{
	json_t *img = view_get(s->store->staged, "softwareimages", image);
	const char *path;
	char *buf = NULL, *root;
	size_t len;
	int r;

	if (img == NULL) {
		*cause = xasprintf("no such softwareimage '%s'", image);
		return -1;
	}
	if (view_get(s->store->staged, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT) ==
	    NULL) {
		*cause = xstrdup("no OpenStack deployment '" NOVA_DEPLOYMENT
		    "'");
		return -1;
	}
	if ((path = json_string_value(json_object_get(img, "path"))) == NULL) {
		*cause = xasprintf("softwareimage '%s' has no path", image);
		return -1;
	}
	root = strcmp(s->store->root, "/") ? xasprintf("%s%s", s->store->root,
	    path) : xstrdup(path);
	*file = xasprintf("%s/etc/nova/nova.conf", root);
	/* found inside ROOT and the image, as commit writes it */
	r = rootpath_read(s->store->root, path, "/etc/nova/nova.conf", &buf,
	    &len, cause);
	free(root);
	if (r <= 0) {
		if (r == 0)
			*cause = xasprintf("%s: no such file", *file);
		FREE_AND_NULL(*file);
		return -1;
	}
	*ini = ini_parse(buf, len);
	free(buf);
	return 0;
}

/*
 * Stages the aliases: those the file lacks are removed, and one that
 * means the same as the file's stays as it is.
 */
static void
stage_aliases(struct session *s, json_t *aliases)
{
	char *cp = xstrdup(NOVA_DEFAULT_OS "/pcialiases");
	json_t *coll = view_coll(s->store->staged, cp), *a;
	struct strv gone = STRV_INIT;
	const char *k;

	if (coll)
		json_object_foreach(coll, k, a)
			if (json_object_get(aliases, k) == NULL)
				strv_push(&gone, k);
	for (size_t i = 0; i < gone.n; i++) {
		store_remove(s->store, cp, gone.v[i]);
		store_carry(s->store, cp, gone.v[i], NULL);
	}
	coll = view_coll(s->store->staged, cp);
	json_object_foreach(aliases, k, a) {
		json_t *cur = coll ? json_object_get(coll, k) : NULL;

		if (cur == NULL || !import_alias_equiv(cur, a)) {
			store_put(s->store, cp, k, json_deep_copy(a));
			store_carry(s->store, cp, k, NULL);
		}
	}
	strv_release(&gone);
	free(cp);
}

/* The staged compute record of the default deployment, made if missing. */
static json_t *
staged_compute(struct session *s)
{
	json_t *os = store_get_w(s->store, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT);
	json_t *st, *compute;

	if ((st = json_object_get(os, "settings")) == NULL)
		json_object_set_new(os, "settings", st = json_object());
	if ((compute = json_object_get(st, "compute")) == NULL)
		json_object_set_new(st, "compute", compute = json_object());
	return compute;
}

/*
 * Stages the compute record: the whitelist when it differs from the one
 * derived from the aliases, the enabled filters when the file names them,
 * the available filters unless they are what commit derives.
 */
static void
stage_compute(struct session *s, const struct import *im)
{
	static const char *const keys[] = {
		"settings/compute/pcipassthroughwhitelist",
		"settings/compute/schedulerfilters",
		"settings/compute/availablefilters",
	};
	json_t *compute = staged_compute(s);

	if (json_array_size(im->whitelist) &&
	    !json_equal(im->whitelist, im->derived))
		json_object_set(compute, "pcipassthroughwhitelist",
		    im->whitelist);
	else
		json_object_del(compute, "pcipassthroughwhitelist");
	if (im->enabled)
		json_object_set(compute, "schedulerfilters", im->enabled);
	if (import_available_standard(im->available, json_object_get(compute,
	    "schedulerfilters")))
		json_object_del(compute, "availablefilters");
	else
		json_object_set(compute, "availablefilters", im->available);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		store_carry(s->store, NOVA_DEPLOYMENTS, NOVA_DEPLOYMENT,
		    keys[i]);
}

/*
 * importnovaconf IMAGE: reads the file, translates its managed options
 * into state terms (all of it, before anything is staged), then stages.
 */
static int
cmd_importnovaconf_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	char *const *argv = args->argv;
	struct strv conf[NOVA_NOPTS];
	struct import im;
	struct ini *ini;
	char *file;
	int ret = CMD_ERROR;

	if (import_read(s, argv[1], &ini, &file, cause) != 0)
		return CMD_ERROR;
	render_conf_values(ini, nova_compute_release(s->store->staged, NULL),
	    conf, NULL);
	if (import_values(file, ini, conf, &im, cause) == 0) {
		stage_aliases(s, im.aliases);
		stage_compute(s, &im);
		import_release(&im);
		ret = CMD_OK;
	}
	for (int o = 0; o < NOVA_NOPTS; o++)
		strv_release(&conf[o]);
	ini_free(ini);
	free(file);
	return ret;
}

static const struct cmd_entry cmd_importnovaconf_entry = {
	.name = "importnovaconf",
	.min_args = 1,
	.max_args = 1,
	.usage = "importnovaconf IMAGE",
	.help = "Stage the PCI aliases, whitelist and filters of an image's "
	    "nova.conf",
	.flags = CF_GLOBAL,
	.args = (const int[]){ ARG_REF, ARG_END },
	.ref = "softwareimage",
	.exec = cmd_importnovaconf_exec
};

const struct cmd_entry *const openstack_cmds[] = {
	&cmd_importnovaconf_entry, &cmd_simulate_entry, &cmd_sync_entry,
	&cmd_import_entry, NULL
};
