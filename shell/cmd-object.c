/* cmd-object.c - objects: add, clone, remove. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/strv.h"
#include "lib/xalloc.h"

extern const struct cmd_entry cmd_add_entry;

/* -1 with *cause when the collection cp holds a name that differs from
 * name only in case (a name remove could not tell apart). */
static int
object_check_clash(struct session *s, const struct obj_type *t,
    const char *cp, const char *name, char **cause)
{
	const char *other = type_name_clash(view_coll(s->store->staged, cp),
	    name);

	if (other == NULL || strcmp(other, name) == 0)
		return 0;
	*cause = xasprintf("%s '%s' differs from '%s' only in case", t->name,
	    name, other);
	return -1;
}

/*
 * Checks a new object name: the type's name rule (model/name.c), which
 * add, clone, rename, import and the loader share.
 */
int
object_check_name(const struct obj_type *t, const char *name, char **cause)
{
	return type_name_check(t, name, strlen(name), cause);
}


const char *
object_type_value(const struct obj_type *t, const char *word, char **cause)
{
	struct strv sv = STRV_INIT;
	char *list;

	for (size_t i = 0; t->addtypes && t->addtypes[i]; i++)
		if (strcasecmp(t->addtypes[i], word) == 0)
			return t->addvalues[i];
	if (t->addtypes == NULL) {
		*cause = xasprintf("%s objects have no types (got '%s')",
		    t->name, word);
		return NULL;
	}
	for (size_t i = 0; t->addtypes[i]; i++)
		strv_push(&sv, t->addtypes[i]);
	list = strv_join(&sv, ", ");
	*cause = xasprintf("unknown %s type '%s': one of %s", t->name, word,
	    list);
	free(list);
	strv_release(&sv);
	return NULL;
}

int
object_add(struct session *s, const struct obj_type *t, const char *cp,
    const char *name, const char *typeval, const char *arg, char **cause)
{
	json_t *o;

	if (object_check_name(t, name, cause) != 0 ||
	    object_check_clash(s, t, cp, name, cause) != 0)
		return -1;
	if (view_get(s->store->staged, cp, name)) {
		*cause = xasprintf("%s '%s' already exists", t->name, name);
		return -1;
	}
	o = json_object();
	if (typeval)
		json_object_set_new(o, "type", json_string(typeval));
	else if (t->addvalues)
		json_object_set_new(o, "type", json_string(t->addvalues[0]));
	if (t->add_hook && t->add_hook(s->store->staged, name, o, arg,
	    cause) != 0) {
		json_decref(o);
		return -1;
	}
	store_add(s->store, cp, name, o);
	/* owned collections start empty */
	view_add_owned(s->store->staged, cp, name);
	return 0;
}

/* add [TYPE] NAME [ARG] */
static int
cmd_add_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	const char *name, *typeval = NULL, *arg = NULL;
	char *cp;
	int r;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	if (args->argc == 4 && t->add_arg == NULL) {
		char *usage = cmd_usage(s, &cmd_add_entry);

		*cause = xasprintf("wrong number of arguments to 'add'; "
		    "usage: %s", usage);
		free(usage);
		free(cp);
		return CMD_ERROR;
	}
	if (args->argc >= 3) {
		if (t->addtypes == NULL) {
			*cause = xasprintf("add takes one name in %s mode",
			    t->mode);
			free(cp);
			return CMD_ERROR;
		}
		if ((typeval = object_type_value(t, args->argv[1],
		    cause)) == NULL) {
			free(cp);
			return CMD_ERROR;
		}
		name = args->argv[2];
		arg = args->argc == 4 ? args->argv[3] : NULL;
	} else
		name = args->argv[1];
	r = object_add(s, t, cp, name, typeval, arg, cause);
	free(cp);
	return r == 0 ? CMD_OK : CMD_ERROR;
}

int
object_clone(struct session *s, const struct obj_type *t, const char *cp,
    const char *src, const char *dst, char **cause)
{
	json_t *o;
	char *note = NULL;

	if ((o = target_object(s, t, cp, src, cause)) == NULL ||
	    object_check_name(t, dst, cause) != 0 ||
	    object_check_clash(s, t, cp, dst, cause) != 0)
		return -1;
	if (view_get(s->store->staged, cp, dst)) {
		*cause = xasprintf("%s '%s' already exists", t->name, dst);
		return -1;
	}
	o = json_deep_copy(o);
	/* read-only facts (found by a scan) belong to the source only */
	for (const struct prop_def *p = t->props; p->name; p++)
		if (p->flags & PROP_RO)
			json_object_del(o, p->name);
	if (t->clone_hook)
		t->clone_hook(s->store->staged, src, dst, o, &note);
	store_add(s->store, cp, dst, o);
	if (note) {
		out_printf(s, "%s\n", note);
		free(note);
	}
	return 0;
}

/* clone SRC NEW */
static int
cmd_clone_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	const struct obj_type *t;
	char *cp;
	int r;

	if (target_coll(s, &t, &cp, cause) != 0)
		return CMD_ERROR;
	r = object_clone(s, t, cp, args->argv[1], args->argv[2], cause);
	free(cp);
	return r == 0 ? CMD_OK : CMD_ERROR;
}

/* add [TYPE] NAME [ARG]: selects the new object. */
static void
cmd_add_navigate(struct session *s, const struct args *args)
{
	mode_select(s, args->argv[args->argc >= 3 ? 2 : 1]);
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
	.max_args = 3,
	.usage = "add [TYPE] NAME",
	.help = "Add an object and select it",
	.flags = CF_COLL | CF_NAV | CF_ADDARG,
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
