/*
 * cloud_cmds.c - openstack mode's commands for the cloud a deployment
 * names (its "cloud" property, an entry of clouds.yaml): sync, which
 * brings nova's flavors and host aggregates in line with the committed
 * state, and import, which stages the cloud's flavors, aggregates and
 * hypervisors into the state (new ones in category "hypervisor").
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/sbuf.h"
#include "lib/strv.h"
#include "lib/xalloc.h"
#include "model/view.h"
#include "modules/modules.h"
#include "nova/cloud.h"
#include "nova/compute.h"
#include "nova/sync.h"
#include "shell/cmd.h"
#include "shell/out.h"
#include "state/cloudsync.h"

/* The deployment selected in the mode stack, or NULL. */
static const char *
current_deployment(struct session *s)
{
	for (int i = 1; i <= s->depth; i++)
		if (s->stack[i].type == &openstack_type)
			return s->stack[i].selected;
	return NULL;
}

/* sync [--dry-run] [--force] */
static int
cmd_sync_exec(struct session *s, const struct args *args, const char *body,
    char **cause)
{
	struct cloudsync_opts o = { .dry_run = args_has(args, 'n'),
		.force = args_has(args, 'f'), .show_plan = 1 };
	struct sbuf out = SBUF_INIT;
	json_t *view = json_incref(s->store->disk), *d;
	const char *dep = current_deployment(s), *name;
	int r, any = 0;

	json_object_foreach(view_coll(view, NOVA_DEPLOYMENTS), name, d)
		if ((dep == NULL || strcmp(dep, name) == 0) &&
		    store_cloud_of(s->store, name))
			any = 1;
	if (!any) {
		json_decref(view);
		*cause = xasprintf("%s%s names no cloud (set cloud to an entry "
		    "of clouds.yaml and commit)", dep ? "openstack " : "no "
		    "OpenStack deployment", dep ? dep : "");
		return CMD_ERROR;
	}
	o.deployment = dep;
	o.out = &out;
	if (isatty(STDERR_FILENO))
		o.progress = out_progress;
	r = store_cloud_sync(s->store, view, &o, cause);
	json_decref(view);
	if (out.len)
		out_write(s, out.buf, out.len);
	sbuf_release(&out);
	if (r == STORE_CLOUD_PARTIAL && s->exit_status == 0)
		s->exit_status = 76;
	return r == 0 ? CMD_OK : CMD_ERROR;
}

/* Adds the role openstackcompute and the memory of imp to device dev (a
 * private copy); 1 if anything changed. */
static int
merge_device(json_t *dev, const json_t *imp)
{
	json_t *roles = json_object_get(dev, "roles"), *mem, *e;
	size_t i;
	int changed = 0, has = 0;

	json_array_foreach(roles, i, e)
		has |= strcmp(json_string_value(e), "openstackcompute") == 0;
	if (!has) {
		if (!json_is_array(roles))
			json_object_set_new(dev, "roles", roles = json_array());
		json_array_append_new(roles, json_string("openstackcompute"));
		changed = 1;
	}
	mem = json_object_get(imp, "memory");
	if (mem && !json_equal(mem, json_object_get(dev, "memory"))) {
		json_object_set(dev, "memory", mem);
		changed = 1;
	}
	return changed;
}

/* The category of the hypervisors import adds (nodes need one). */
#define IMPORT_CATEGORY	"hypervisor"

/*
 * Stages the category of imported hypervisors, with the role
 * openstackcompute, unless it exists (or a dry run already listed it).
 * Returns 1 if it was added.
 */
static int
hypervisor_category(struct session *s, int dry_run, struct sbuf *out)
{
	char *line = xasprintf("+ category %s\n", IMPORT_CATEGORY);
	int add = view_get(s->store->staged, "categories",
	    IMPORT_CATEGORY) == NULL && strstr(out->buf ? out->buf : "",
	    line) == NULL;

	if (add) {
		sbuf_adds(out, line);
		if (!dry_run)
			store_add(s->store, "categories", IMPORT_CATEGORY,
			    json_pack("{s:[s]}", "roles", "openstackcompute"));
	}
	free(line);
	return add;
}

/* Stages one imported object; appends "+ TYPE NAME" or "~ TYPE NAME". */
static int
stage_one(struct session *s, const char *coll, const char *name,
    json_t *obj, int dry_run, struct sbuf *out)
{
	const struct obj_type *t = view_coll_type(coll);
	json_t *old = view_get(s->store->staged, coll, name), *w;
	int is_dev = strcmp(coll, "devices") == 0;

	if (old == NULL) {
		json_t *o = json_deep_copy(obj);
		int n = 1;

		if (is_dev) {
			n += hypervisor_category(s, dry_run, out);
			json_object_set_new(o, "category",
			    json_string(IMPORT_CATEGORY));
		}
		sbuf_addf(out, "+ %s %s\n", t->name, name);
		if (!dry_run)
			store_add(s->store, coll, name, o);
		else
			json_decref(o);
		return n;
	}
	if (is_dev) {
		json_t *copy = json_deep_copy(old);
		int changed = merge_device(copy, obj);

		json_decref(copy);
		if (!changed)
			return 0;
		if (!dry_run && (w = store_get_w(s->store, coll, name)) != NULL)
			merge_device(w, obj);
	} else {
		if (sync_same(coll, old, obj))
			return 0;
		if (!dry_run)
			store_put(s->store, coll, name, json_deep_copy(obj));
	}
	sbuf_addf(out, "~ %s %s\n", t->name, name);
	return 1;
}

/* import [--dry-run] */
static int
cmd_import_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *dep = current_deployment(s), *cloud, *coll, *name;
	int dry_run = args_has(args, 'n');
	struct sbuf out = SBUF_INIT;
	struct cloud *c;
	json_t *objs, *m, *o;
	size_t n = 0;

	if (dep == NULL)
		dep = NOVA_DEPLOYMENT;
	cloud = json_string_value(json_object_get(view_get(s->store->staged,
	    NOVA_DEPLOYMENTS, dep), "cloud"));
	if (cloud == NULL || *cloud == '\0') {
		*cause = xasprintf("openstack %s names no cloud (set cloud to "
		    "an entry of clouds.yaml)", dep);
		return CMD_ERROR;
	}
	if ((c = cloud_open(cloud, cause)) == NULL)
		return CMD_ERROR;
	objs = sync_import(c, dep, cause);
	cloud_close(c);
	if (objs == NULL)
		return CMD_ERROR;
	json_object_foreach(objs, coll, m) {
		struct strv names = STRV_INIT;

		json_object_foreach(m, name, o)
			strv_push(&names, name);
		strv_sort(&names);
		for (size_t i = 0; i < names.n; i++)
			n += stage_one(s, coll, names.v[i], json_object_get(m,
			    names.v[i]), dry_run, &out);
		strv_release(&names);
	}
	sbuf_addf(&out, "%zu object%s %s from cloud '%s'%s\n", n, n == 1 ?
	    "" : "s", dry_run ? "would be staged" : "staged", cloud, dry_run ||
	    n == 0 ? "" : " (commit to keep them)");
	out_write(s, out.buf, out.len);
	sbuf_release(&out);
	json_decref(objs);
	return CMD_OK;
}

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.min_args = 0,
	.max_args = 2,		/* the options */
	.opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", OPT_FLAG, OPT_LONGNAME, .help = "print the "
		    "plan, send nothing" },
		{ 'f', "force", OPT_FLAG, OPT_LONGNAME, .help = "replace "
		    "flavors and overwrite changes made in the cloud" },
		{ 0 }
	},
	.usage = "sync [--dry-run] [--force]",
	.help = "Bring the cloud's flavors and host aggregates in line with "
	    "the committed state",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_END },
	.exec = cmd_sync_exec
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.min_args = 0,
	.max_args = 1,		/* the option */
	.opts = (const struct cmd_opt[]){
		{ 'n', "dry-run", OPT_FLAG, OPT_LONGNAME, .help = "list what "
		    "would be staged, stage nothing" },
		{ 0 }
	},
	.usage = "import [--dry-run]",
	.help = "Stage the cloud's flavors, host aggregates and hypervisors",
	.flags = CF_GLOBAL | CF_OPTNAMED,
	.args = (const int[]){ ARG_END },
	.exec = cmd_import_exec
};
