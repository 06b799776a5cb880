/* cmd-object.c - objects: add, clone, remove. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/target.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

/* Checks a new object name against the key's rules. */
static int
check_new_name(const struct obj_type *t, const char *name, char **cause)
{
	const struct prop_def *key = type_key(t);
	json_t *v;
	int r = 0;

	if (*name == '\0' || strchr(name, '/') || strpbrk(name, " \t\n")) {
		*cause = xasprintf("invalid %s name '%s'", t->name, name);
		return -1;
	}
	if (key && key->check) {
		v = json_string(name);
		r = key->check(key, v, cause);
		json_decref(v);
	}
	return r;
}

/* add [TYPE] NAME */
static int
cmd_add_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	const char *name, *typeval = NULL;
	char *cp;
	json_t *o;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc == 3) {
		if (t->addtypes == NULL) {
			*cause = xasprintf("add takes one name in %s mode",
			    t->mode);
			goto fail;
		}
		for (size_t i = 0; t->addtypes[i]; i++)
			if (strcasecmp(t->addtypes[i], args->argv[1]) == 0)
				typeval = t->addvalues[i];
		if (typeval == NULL) {
			struct strv sv = STRV_INIT;
			char *list;

			for (size_t i = 0; t->addtypes[i]; i++)
				strv_push(&sv, t->addtypes[i]);
			list = strv_join(&sv, ", ");
			*cause = xasprintf("unknown %s type '%s': one of %s",
			    t->name, args->argv[1], list);
			free(list);
			strv_release(&sv);
			goto fail;
		}
		name = args->argv[2];
	} else
		name = args->argv[1];
	if (check_new_name(t, name, cause) != 0)
		goto fail;
	if (view_get(s->store->staged, cp, name)) {
		*cause = xasprintf("%s '%s' already exists", t->name, name);
		goto fail;
	}
	o = json_object();
	if (typeval)
		json_object_set_new(o, "type", json_string(typeval));
	else if (t->addvalues)
		json_object_set_new(o, "type", json_string(t->addvalues[0]));
	store_add(s->store, cp, name, o);
	/* owned collections start empty */
	for (size_t i = 0; obj_types[i]; i++)
		if (obj_types[i]->parent == t &&
		    obj_types[i]->layout == OT_COLLECTION) {
			char *ccp = xasprintf("%s/%s/%s", cp, name,
			    obj_types[i]->yaml_key);

			if (view_coll(s->store->staged, ccp) == NULL)
				json_object_set_new(s->store->staged, ccp,
				    json_object());
			free(ccp);
		}
	free(cp);
	return CMD_OK;
fail:
	free(cp);
	return CMD_ERROR;
}

/* clone SRC NEW */
static int
cmd_clone_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	json_t *src;
	char *cp;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if ((src = target_object(s, t, cp, args->argv[1], cause)) == NULL ||
	    check_new_name(t, args->argv[2], cause) != 0) {
		free(cp);
		return CMD_ERROR;
	}
	if (view_get(s->store->staged, cp, args->argv[2])) {
		*cause = xasprintf("%s '%s' already exists", t->name,
		    args->argv[2]);
		free(cp);
		return CMD_ERROR;
	}
	src = json_deep_copy(src);
	/* read-only facts (found by a scan) belong to the source only */
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_RO)
			json_object_del(src, p->name);
	if (t->cloned)
		t->cloned(src, args->argv[1], args->argv[2]);
	store_add(s->store, cp, args->argv[2], src);
	free(cp);
	return CMD_OK;
}

/* add [TYPE] NAME: selects the new object. */
static void
cmd_add_navigate(struct session *s, const struct args *args)
{
	mode_select(s, args->argv[args->argc - 1]);
}

/* clone SRC NEW: selects the copy. */
static void
cmd_clone_navigate(struct session *s, const struct args *args)
{
	mode_select(s, args->argv[2]);
}

/* remove NAME... */
static int
cmd_remove_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	struct strv names = STRV_INIT;
	struct frame *f;
	char *cp;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	f = session_frame(s);
	if (args->argc == 1 && f->selected)
		strv_push(&names, f->selected);
	else if (args->argc == 1) {
		*cause = xasprintf("remove needs a %s name", t->name);
		goto fail;
	} else if (target_names(s, t, cp, args->argc - 1, args->argv + 1,
	    &names, cause) != 0)
		goto fail;
	for (size_t i = 0; i < names.n; i++) {
		store_remove(s->store, cp, names.v[i]);
		if (f->selected && strcmp(f->selected, names.v[i]) == 0)
			mode_select(s, NULL);
	}
	strv_release(&names);
	free(cp);
	return CMD_OK;
fail:
	strv_release(&names);
	free(cp);
	return CMD_ERROR;
}

const struct cmd_entry cmd_add_entry = {
	.name = "add",
	.min_args = 1,
	.max_args = 2,
	.usage = "add [TYPE] NAME",
	.help = "Add an object and select it",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_ADDTYPE, ARG_END },
	.exec = cmd_add_exec,
	.navigate = cmd_add_navigate
};

const struct cmd_entry cmd_clone_entry = {
	.name = "clone",
	.min_args = 2,
	.max_args = 2,
	.usage = "clone SOURCE NEW",
	.help = "Copy an object under a new name and select it",
	.flags = CF_COLL | CF_NAV,
	.args = (const int[]){ ARG_OBJECT, ARG_NONE, ARG_END },
	.exec = cmd_clone_exec,
	.navigate = cmd_clone_navigate
};

const struct cmd_entry cmd_remove_entry = {
	.name = "remove",
	.min_args = 0,
	.max_args = -1,
	.usage = "remove NAME...",
	.help = "Stage the removal of objects",
	.flags = CF_COLL,
	.args = (const int[]){ ARG_OBJECT | ARG_REPEAT, ARG_END },
	.exec = cmd_remove_exec
};
