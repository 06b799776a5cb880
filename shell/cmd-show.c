/* cmd-show.c - reading objects: show, get. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* Value of property p of object name/o for display. Caller frees. */
static char *
cell(const struct prop_def *p, const char *name, json_t *o, const char *sep)
{
	if (p->flags & PROP_KEY)
		return xstrdup(name);
	return value_format(p, json_object_get(o, p->name), sep);
}

/* The JSON of an unset property: its default, [] or {}, else null. */
static json_t *
json_unset(const struct prop_def *p)
{
	json_t *v = value_default(p);

	if (v)
		return v;
	if (p->shape == PS_LIST)
		return json_array();
	if (p->shape == PS_MAP)
		return json_object();
	return json_null();
}

/* show -d {}: every property of the target's object o as JSON. */
static void
show_json(struct session *s, const struct target *t, json_t *o)
{
	json_t *j = json_object();
	char *text;

	for (const struct prop_def *p = t->type->props; p->name; p++) {
		json_t *v = (p->flags & PROP_KEY) ? json_string(t->name) :
		    json_incref(json_object_get(o, p->name));

		if (v == NULL)
			v = json_unset(p);
		json_object_set_new(j, p->name, v);
	}
	text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	out_printf(s, "%s\n", text);
	free(text);
	json_decref(j);
}

/* show: the Parameter/Value table of o, then the submodes. */
static void
show_table(struct session *s, const struct target *t, json_t *o)
{
	out_printf(s, "%-32s %s\n", "Parameter", "Value");
	out_printf(s, "-------------------------------- "
	    "------------------------------------------------\n");
	for (const struct prop_def *p = t->type->props; p->name; p++) {
		json_t *l = json_object_get(o, p->name), *e;
		char *v;
		size_t k;

		if (p->show_elem && json_is_array(l) && json_array_size(l)) {
			/* one element a line, under the Value column */
			json_array_foreach(l, k, e) {
				v = p->show_elem(e);
				out_printf(s, "%-32s %s\n", k ? "" : p->label,
				    v);
				free(v);
			}
			continue;
		}
		v = cell(p, t->name, o, ",");
		if (*v)
			out_printf(s, "%-32s %s\n", p->label, v);
		else
			out_printf(s, "%s\n", p->label);
		free(v);
	}
	for (size_t k = 0; obj_types[k]; k++) {
		const struct obj_type *c = obj_types[k];
		char *cp;
		json_t *coll;

		if (c->parent != t->type)
			continue;
		if (c->layout == OT_RECORD) {
			out_printf(s, "%-32s <submode>\n", c->plural);
			continue;
		}
		cp = xasprintf("%s/%s/%s", t->collpath, t->name, c->yaml_key);
		coll = view_coll(s->store->staged, cp);
		out_printf(s, "%-32s <%zu in submode>\n", c->plural,
		    coll ? json_object_size(coll) : 0);
		free(cp);
	}
}

/* show [NAME] [-d {}]: every property of one object. */
static int
cmd_show_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const char *delim = args_get(args, 'd');
	struct target t;
	int used, r = CMD_OK;

	if (target_resolve(s, args->argc - 1, args->argv + 1, &used, &t,
	    cause) != 0)
		return CMD_ERROR;
	if (used < args->argc - 1) {
		*cause = xasprintf("unexpected argument '%s'",
		    args->argv[1 + used]);
		r = CMD_ERROR;
	} else if (delim && strcmp(delim, "{}") == 0)
		show_json(s, &t, target_get(s, &t));
	else if (delim) {
		*cause = xasprintf("show supports only -d {} (JSON)");
		r = CMD_ERROR;
	} else
		show_table(s, &t, target_get(s, &t));
	target_release(&t);
	return r;
}

/* get [NAME] PROP: one value. */
static int
cmd_get_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct prop_def *p;
	struct target t;
	int used;
	char *v;

	if (target_resolve(s, args->argc - 1, args->argv + 1, &used, &t,
	    cause) != 0)
		return CMD_ERROR;
	if (args->argc - 1 - used != 1) {
		*cause = xstrdup(args->argc - 1 - used < 1 ?
		    "missing property name" : "get takes one property name");
		target_release(&t);
		return CMD_ERROR;
	}
	if ((p = prop_find(t.type, args->argv[1 + used], 1, cause)) == NULL) {
		target_release(&t);
		return CMD_ERROR;
	}
	v = cell(p, t.name, target_get(s, &t), " ");
	out_printf(s, "%s\n", v);
	free(v);
	target_release(&t);
	return CMD_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.min_args = 0,
	.max_args = 3,
	.opts = (const struct cmd_opt[]){
		{ 'd', "delimiter", OPT_DELIM, .help = "{} prints JSON" },
		{ 0 }
	},
	.usage = "show [NAME] [-d {}]",
	.help = "Show every property of an object",
	.flags = CF_COLL | CF_RECORD | CF_ANYRECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT, ARG_END },
	.exec = cmd_show_exec
};

const struct cmd_entry cmd_get_entry = {
	.name = "get",
	.min_args = 1,
	.max_args = 2,
	.usage = "get [NAME] PROPERTY",
	.help = "Print one property",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP, ARG_END },
	.exec = cmd_get_exec
};
