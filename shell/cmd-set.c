/* cmd-set.c - changing properties: set, append, removefrom, clear. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/out.h"
#include "shell/target.h"
#include "lib/sbuf.h"
#include "lib/xalloc.h"

/* Operations of the property-changing commands. */
enum setop { OP_SET, OP_APPEND, OP_REMOVEFROM, OP_CLEAR };

/* Appends list elements to cur, refusing duplicates where unique. */
static int
list_append(const struct prop_def *p, json_t *cur, json_t *add, char **cause)
{
	size_t i, j;
	json_t *e, *x;

	json_array_foreach(add, i, e) {
		if (p->flags & PROP_UNIQUE)
			json_array_foreach(cur, j, x)
				if (json_equal(x, e)) {
					char *f = value_format(p, NULL, "");
					json_t *one = json_pack("[O]", e);
					char *v = value_format(p, one, "");

					*cause = xasprintf("'%s' is already in "
					    "'%s' (it may appear only once)", v,
					    p->name);
					free(f);
					free(v);
					json_decref(one);
					return -1;
				}
		json_array_append(cur, e);
	}
	return 0;
}

/* set PROP VALUE...: the new value of p (value_parse refuses repeats). */
static int
apply_set(const struct prop_def *p, int n, char **words, json_t **result,
    char **cause)
{
	if (n == 0 && p->shape != PS_SCALAR) {
		*result = p->shape == PS_LIST ? json_array() : json_object();
		return 0;
	}
	if ((*result = value_parse(p, words, n, cause)) == NULL)
		return -1;
	return 0;
}

/* removefrom PROP VALUE...: takes each value out of the list out. */
static int
list_remove(const struct prop_def *p, json_t *out, int n, char **words,
    char **cause)
{
	for (int i = 0; i < n; i++) {
		size_t j, found = 0;
		json_t *want = value_parse_one(p, words[i], cause);

		if (want == NULL)
			return -1;
		for (j = 0; j < json_array_size(out);) {
			if (json_equal(json_array_get(out, j), want)) {
				json_array_remove(out, j);
				found = 1;
			} else
				j++;
		}
		json_decref(want);
		if (!found) {
			*cause = xasprintf("'%s' is not in '%s'", words[i],
			    p->name);
			return -1;
		}
	}
	return 0;
}

/* append/removefrom on a list: the new list, from a copy of cur. */
static int
apply_list(enum setop op, const struct prop_def *p, const json_t *cur, int n,
    char **words, json_t **result, char **cause)
{
	json_t *out = cur ? json_copy((json_t *)cur) : json_array(), *v = NULL;
	int r;

	if (op == OP_APPEND)
		r = (v = value_parse(p, words, n, cause)) == NULL ||
		    list_append(p, out, v, cause) != 0 ? -1 : 0;
	else
		r = list_remove(p, out, n, words, cause);
	json_decref(v);
	if (r != 0) {
		json_decref(out);
		return -1;
	}
	*result = out;
	return 0;
}

/* append/removefrom on a map: the new map, from a copy of cur. */
static int
apply_map(enum setop op, const struct prop_def *p, const json_t *cur, int n,
    char **words, json_t **result, char **cause)
{
	json_t *out = cur ? json_copy((json_t *)cur) : json_object(), *v;

	if (op == OP_APPEND) {
		if ((v = value_parse_map(p, words, n, cause)) == NULL) {
			json_decref(out);
			return -1;
		}
		json_object_update(out, v);
		json_decref(v);
	} else
		for (int i = 0; i < n; i++) {
			if (json_object_get(out, words[i]) == NULL) {
				char *k = value_text_shown(words[i],
				    strlen(words[i]));

				*cause = xasprintf("key '%s' is not in '%s'", k,
				    p->name);
				free(k);
				json_decref(out);
				return -1;
			}
			json_object_del(out, words[i]);
		}
	*result = out;
	return 0;
}

/*
 * append on a text: the words (joined by blanks) added to the end of the
 * current text as they are, a leading blank included, as cmsh does
 * (append kernelparameters " intel_iommu=on").
 */
static int
text_append(const struct prop_def *p, const json_t *cur, int n,
    char **words, json_t **result, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	char *text;

	if (json_is_string(cur))
		sbuf_adds(&sb, json_string_value(cur));
	for (int i = 0; i < n; i++) {
		if (i)
			sbuf_addc(&sb, ' ');
		sbuf_adds(&sb, words[i]);
	}
	text = sbuf_detach(&sb, NULL);
	*result = value_parse(p, &text, 1, cause);
	free(text);
	return *result ? 0 : -1;
}

/*
 * Applies one change to a copy of the current value of p in obj: the new
 * value in *result (NULL: unset).
 */
static int
apply_op(enum setop op, const struct prop_def *p, json_t *obj, int n,
    char **words, json_t **result, char **cause)
{
	json_t *cur = json_object_get(obj, p->name);

	*result = NULL;
	if (p->flags & (PROP_KEY | PROP_RO)) {
		*cause = xasprintf("property '%s' is read-only", p->name);
		return -1;
	}
	if (op == OP_CLEAR)
		return 0;
	if (op == OP_SET)
		return apply_set(p, n, words, result, cause);
	if (n == 0) {
		*cause = xasprintf("missing value for '%s'", p->name);
		return -1;
	}
	if (op == OP_APPEND && p->shape == PS_SCALAR &&
	    p->kind == VK_STRING)
		return text_append(p, cur, n, words, result, cause);
	if (p->shape == PS_SCALAR) {
		*cause = xasprintf("property '%s' is not a list or a map, use "
		    "'set'", p->name);
		return -1;
	}
	if (p->shape == PS_LIST)
		return apply_list(op, p, cur, n, words, result, cause);
	return apply_map(op, p, cur, n, words, result, cause);
}

/* set/append/removefrom/clear [NAME] PROP VALUE... */
static int
setlike(struct session *s, enum setop op, int argc, char **argv,
    char **cause)
{
	const struct prop_def *p;
	struct target t;
	json_t *obj, *result = NULL;
	int used, n;
	char **words;

	if (target_resolve(s, argc - 1, argv + 1, &used, &t, cause) != 0)
		return CMD_ERROR;
	if (argc - 1 - used < 1) {
		*cause = xstrdup("missing property name");
		target_release(&t);
		return CMD_ERROR;
	}
	if ((p = prop_find(t.type, argv[1 + used], 1, cause)) == NULL) {
		target_release(&t);
		return CMD_ERROR;
	}
	words = argv + 2 + used;
	n = argc - 2 - used;
	if (op == OP_CLEAR && n > 0) {
		*cause = xasprintf("clear takes no value (got '%s')", words[0]);
		target_release(&t);
		return CMD_ERROR;
	}
	if (op == OP_SET && n == 0 && p->shape == PS_SCALAR) {
		*cause = xasprintf("missing value for '%s' (use 'clear' to "
		    "reset it)", p->name);
		target_release(&t);
		return CMD_ERROR;
	}
	obj = target_get(s, &t);
	if (apply_op(op, p, obj, n, words, &result, cause) != 0) {
		target_release(&t);
		return CMD_ERROR;
	}
	/* an empty list or map is the same as unset: store nothing */
	if ((json_is_array(result) && json_array_size(result) == 0) ||
	    (json_is_object(result) && json_object_size(result) == 0))
		FREE_AND_NULL_JSON(result);
	obj = target_get_w(s, &t);
	if (result == NULL)
		json_object_del(obj, p->name);
	else
		json_object_set_new(obj, p->name, result);
	target_release(&t);
	return CMD_OK;
}

/*
 * set [NAME] PROP VALUE...: replaces a value.  A bare 'set' prints its
 * usage and the properties it sets here, as cmsh does.
 */
static int
cmd_set_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	extern const struct cmd_entry cmd_set_entry;

	if (args->argc == 1) {
		char *usage = cmd_usage(s, &cmd_set_entry);

		out_printf(s, "Usage: %s\n", usage);
		free(usage);
		cmd_help_params(s);
		return CMD_OK;
	}
	return setlike(s, OP_SET, args->argc, args->argv, cause);
}

/* append [NAME] PROP VALUE...: adds to a list or a map. */
static int
cmd_append_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_APPEND, args->argc, args->argv, cause);
}

/* removefrom [NAME] PROP VALUE...: takes out of a list or a map. */
static int
cmd_removefrom_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_REMOVEFROM, args->argc, args->argv, cause);
}

/* clear [NAME] PROP: back to empty or the default. */
static int
cmd_clear_exec(struct session *s, const struct args *args,
    const char *body, char **cause)
{
	return setlike(s, OP_CLEAR, args->argc, args->argv, cause);
}

const struct cmd_entry cmd_set_entry = {
	.name = "set",
	.min_args = 0,
	.max_args = -1,
	.usage = "set [NAME] PROPERTY VALUE...",
	.help = "Set a property (several values set a list)",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_set_exec
};

const struct cmd_entry cmd_append_entry = {
	.name = "append",
	.min_args = 2,
	.max_args = -1,
	.usage = "append [NAME] PROPERTY VALUE...",
	.help = "Add to a list, to a map (key=value) or to a text",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_append_exec
};

const struct cmd_entry cmd_removefrom_entry = {
	.name = "removefrom",
	.min_args = 2,
	.max_args = -1,
	.usage = "removefrom [NAME] PROPERTY VALUE...",
	.help = "Remove list items or map keys",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP,
	    ARG_VALUE | ARG_REPEAT, ARG_END },
	.exec = cmd_removefrom_exec
};

const struct cmd_entry cmd_clear_entry = {
	.name = "clear",
	.min_args = 1,
	.max_args = 2,
	.usage = "clear [NAME] PROPERTY",
	.help = "Reset a property to empty or its default",
	.flags = CF_COLL | CF_RECORD | CF_RANGE,
	.args = (const int[]){ ARG_OBJECT_OR_PROP, ARG_PROP, ARG_END },
	.exec = cmd_clear_exec
};
