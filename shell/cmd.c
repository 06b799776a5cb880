/*
 * cmd.c - the command table, lookup by mode, option parsing from the
 * entries' templates, and running one command (arity, options, exec,
 * navigate).  Mode words and user aliases are the runner's (repl.c).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/mode.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* clang-format off */
extern const struct cmd_entry cmd_help_entry, cmd_exit_entry, cmd_home_entry,
    cmd_quit_entry, cmd_modified_entry, cmd_diff_entry, cmd_commit_entry,
    cmd_refresh_entry, cmd_validate_entry, cmd_run_entry, cmd_alias_entry,
    cmd_unalias_entry, cmd_history_entry, cmd_commits_entry,
    cmd_rollback_entry, cmd_list_entry, cmd_use_entry, cmd_show_entry,
    cmd_get_entry, cmd_set_entry, cmd_append_entry, cmd_removefrom_entry,
    cmd_clear_entry, cmd_add_entry, cmd_clone_entry, cmd_remove_entry,
    cmd_foreach_entry, cmd_time_entry, cmd_watch_entry, cmd_path_entry,
    cmd_bookmark_entry, cmd_goto_entry, cmd_range_entry, cmd_toplist_entry,
    cmd_color_entry, cmd_format_entry, cmd_sort_entry, cmd_usedby_entry,
    cmd_rename_entry, cmd_export_entry, cmd_render_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_help_entry, &cmd_exit_entry, &cmd_home_entry, &cmd_quit_entry,
	&cmd_modified_entry, &cmd_diff_entry, &cmd_commit_entry,
	&cmd_refresh_entry, &cmd_validate_entry, &cmd_run_entry,
	&cmd_alias_entry, &cmd_unalias_entry, &cmd_history_entry,
	&cmd_commits_entry, &cmd_rollback_entry, &cmd_list_entry,
	&cmd_use_entry, &cmd_show_entry, &cmd_get_entry, &cmd_set_entry,
	&cmd_append_entry, &cmd_removefrom_entry, &cmd_clear_entry,
	&cmd_add_entry, &cmd_clone_entry, &cmd_remove_entry,
	&cmd_foreach_entry, &cmd_time_entry, &cmd_watch_entry, &cmd_path_entry,
	&cmd_bookmark_entry, &cmd_goto_entry, &cmd_range_entry,
	&cmd_toplist_entry, &cmd_color_entry, &cmd_format_entry, &cmd_sort_entry,
	&cmd_usedby_entry, &cmd_rename_entry, &cmd_export_entry,
	&cmd_render_entry, NULL
};
/* clang-format on */

int
cmd_applies(const struct session *s, const struct cmd_entry *ce)
{
	const struct obj_type *t = s->stack[s->depth].type;

	if (ce->flags & CF_GLOBAL)
		return 1;
	if (t == NULL)
		return (ce->flags & CF_TOP) != 0;
	if ((ce->flags & CF_COLL) && t->layout == OT_COLLECTION)
		return 1;
	/* a record without properties of its own only leads to submodes */
	if ((ce->flags & CF_RECORD) && t->layout == OT_RECORD &&
	    (t->props[0].name != NULL || (ce->flags & CF_ANYRECORD)))
		return 1;
	return 0;
}

/* Looks word up among a NULL-terminated list of entries. */
static const struct cmd_entry *
find_in(const struct session *s, const struct cmd_entry *const *list,
    const char *word, int check_applies)
{
	for (size_t i = 0; list && list[i]; i++) {
		const struct cmd_entry *ce = list[i];

		if (check_applies && !cmd_applies(s, ce))
			continue;
		if (strcmp(ce->name, word) == 0 ||
		    (ce->alias && strcmp(ce->alias, word) == 0))
			return ce;
	}
	return NULL;
}

const struct cmd_entry *
cmd_find(const struct session *s, const char *word)
{
	const struct obj_type *t = s->stack[s->depth].type;
	const struct cmd_entry *ce;

	if (t && t->extra && (ce = find_in(s, t->extra, word, 0)) != NULL)
		return ce;
	return find_in(s, cmd_table, word, 1);
}

void
cmd_list(const struct session *s, struct strv *out, int with_hidden)
{
	const struct obj_type *t = s->stack[s->depth].type;

	for (size_t i = 0; cmd_table[i]; i++)
		if (cmd_applies(s, cmd_table[i]))
			strv_push(out, cmd_table[i]->name);
	for (size_t i = 0; t && t->extra && t->extra[i]; i++)
		if (with_hidden || !(t->extra[i]->flags & CF_HIDDEN))
			strv_push(out, t->extra[i]->name);
	strv_sort(out);
	strv_uniq(out);
}

/* The selector of t that option word names ("-t", "--type"), or NULL. */
static const struct selector *
selector_find(const struct obj_type *t, const char *word)
{
	if (t == NULL || t->selectors == NULL || word[0] != '-')
		return NULL;
	for (const struct selector *sel = t->selectors; sel->opt; sel++) {
		if (word[1] == sel->opt && word[2] == '\0')
			return sel;
		if (word[1] == '-' && strcmp(word + 2, sel->longopt) == 0)
			return sel;
	}
	return NULL;
}

/* The type that has a selector named word (for messages), or NULL. */
static const struct obj_type *
selector_owner(const char *word)
{
	for (size_t i = 0; obj_types[i]; i++)
		if (selector_find(obj_types[i], word))
			return obj_types[i];
	return NULL;
}

int
args_find(const struct session *s, const struct cmd_entry *ce,
    const char *word, struct args_opt *o)
{
	const struct cmd_opt *r;

	memset(o, 0, sizeof *o);
	o->word = word;
	if (word[0] != '-' || word[1] == '\0')
		return 0;
	for (r = ce->opts; r && (r->ch || r->name); r++)
		if ((r->ch && word[1] == r->ch && word[2] == '\0') ||
		    (r->name && word[1] == '-' && strcmp(word + 2,
		    r->name) == 0)) {
			o->opt = r;
			return 1;
		}
	if (ce->flags & CF_SELECT)
		o->sel = selector_find(s->stack[s->depth].type, word);
	return o->sel != NULL;
}

/* The error for word, which is not an option of ce here. */
static char *
unknown_option(const struct cmd_entry *ce, const char *word)
{
	const struct obj_type *owner;

	if ((ce->flags & CF_SELECT) && (owner = selector_owner(word)) != NULL)
		return xasprintf("option '%s' works in %s mode only", word,
		    owner->mode);
	if (ce->flags & CF_OPTNAMED)
		return xasprintf("unknown %s option '%s'", ce->name, word);
	return xasprintf("unknown option '%s'", word);
}

/* 1 if ce takes options: a word "-x" is one. */
static int
takes_options(const struct cmd_entry *ce)
{
	return ce->opts != NULL || (ce->flags & CF_SELECT);
}

/* 1 if ce has options and no positional arguments. */
static int
options_only(const struct cmd_entry *ce)
{
	return ce->opts && (ce->args == NULL || ce->args[0] == ARG_END);
}

/* 1 if the option of template row r is in a already. */
static int
given(const struct args *a, const struct cmd_opt *r)
{
	for (size_t i = 0; i < a->nopts; i++)
		if (a->opts[i].opt == r)
			return 1;
	return 0;
}

int
args_parse(const struct session *s, const struct cmd_entry *ce, int argc,
    char **argv, struct args *a, char **cause)
{
	size_t cap = 0;

	memset(a, 0, sizeof *a);
	a->argv = xcalloc((size_t)argc + 1, sizeof *a->argv);
	a->argv[a->argc++] = argv[0];
	for (int i = 1; i < argc; i++) {
		struct args_opt o;
		const char *w = argv[i];

		if ((ce->flags & CF_OPTSFIRST) && a->argc > 1) {
			a->argv[a->argc++] = argv[i];
			continue;
		}
		if (!args_find(s, ce, w, &o)) {
			if ((w[0] == '-' && w[1] != '\0' &&
			    takes_options(ce)) || options_only(ce)) {
				*cause = unknown_option(ce, w);
				goto fail;
			}
			a->argv[a->argc++] = argv[i];
			continue;
		}
		if (o.opt && (o.opt->flags & OPT_ONCE) && given(a, o.opt)) {
			*cause = xasprintf("option '%s' given twice", w);
			goto fail;
		}
		if (o.sel || o.opt->kind != OPT_FLAG) {
			if (i + 1 >= argc || (o.opt && o.opt->kind ==
			    OPT_FILE && argv[i + 1][0] == '\0')) {
				*cause = xasprintf("option '%s' needs %s", w,
				    o.opt && o.opt->arg ? o.opt->arg :
				    "a value");
				goto fail;
			}
			o.value = argv[++i];
		}
		xgrow((void **)&a->opts, &cap, a->nopts + 1, sizeof *a->opts);
		a->opts[a->nopts++] = o;
	}
	return 0;
fail:
	args_release(a);
	return -1;
}

void
args_release(struct args *a)
{
	free(a->argv);
	free(a->opts);
	memset(a, 0, sizeof *a);
}

int
args_has(const struct args *a, char ch)
{
	return args_get(a, ch) != NULL;
}

const char *
args_get(const struct args *a, char ch)
{
	const char *v = NULL;

	for (size_t i = 0; i < a->nopts; i++)
		if (a->opts[i].opt && a->opts[i].opt->ch == ch)
			v = a->opts[i].value ? a->opts[i].value :
			    a->opts[i].word;
	return v;
}

char *
cmd_usage(const struct session *s, const struct cmd_entry *ce)
{
	const struct obj_type *t = s->stack[s->depth].type;
	const char *p = ce->usage;
	struct sbuf sb = SBUF_INIT;

	if ((ce->flags & CF_ADDARG) && t && t->add_arg)
		return xasprintf("%s [%s]", ce->usage, t->add_arg);
	if (!(ce->flags & CF_SELECT) || t == NULL || t->selectors == NULL)
		return xstrdup(ce->usage);
	/* after the command's own options: " [-n NODES]" */
	p += strcspn(p, " ");
	while (strncmp(p, " [-", 3) == 0 && strchr(p, ']'))
		p = strchr(p, ']') + 1;
	sbuf_add(&sb, ce->usage, (size_t)(p - ce->usage));
	for (const struct selector *sel = t->selectors; sel->opt; sel++) {
		sbuf_addf(&sb, " [-%c ", sel->opt);
		for (const char *c = sel->longopt; *c; c++)
			sbuf_addc(&sb, (char)toupper((unsigned char)*c));
		sbuf_addc(&sb, ']');
	}
	sbuf_adds(&sb, p);
	return sbuf_detach(&sb, NULL);
}

/* The mode words leading to t from the top, space-separated. */
static char *
mode_path(const struct obj_type *t)
{
	char *up, *p;

	if (t->parent == NULL)
		return xstrdup(t->mode);
	up = mode_path(t->parent);
	p = xasprintf("%s %s", up, t->mode);
	free(up);
	return p;
}

/* The object type whose own commands include word, or NULL. */
static const struct obj_type *
extra_owner(const char *word)
{
	for (size_t i = 0; obj_types[i]; i++)
		for (size_t k = 0; obj_types[i]->extra &&
		    obj_types[i]->extra[k]; k++)
			if (strcmp(obj_types[i]->extra[k]->name, word) == 0)
				return obj_types[i];
	return NULL;
}

/* 1 if ce takes nargs words after its name. */
static int
arity_ok(const struct cmd_entry *ce, int nargs)
{
	return nargs >= ce->min_args && (ce->max_args < 0 ||
	    nargs <= ce->max_args);
}

int
cmd_navigate(struct session *s, const struct cmd_entry *ce, int argc,
    char **argv)
{
	struct args a;
	char *e = NULL;

	if (ce->navigate == NULL || !arity_ok(ce, argc - 1) ||
	    args_parse(s, ce, argc, argv, &a, &e) != 0) {
		free(e);
		return 0;
	}
	ce->navigate(s, &a);
	args_release(&a);
	return 1;
}

/*
 * The error for a shared command that does not work here: in a record
 * without properties of its own, name the submodes that have them.
 */
static char *
not_here(const struct session *s, const char *word)
{
	const struct obj_type *cur = s->stack[s->depth].type;
	struct strv sub = STRV_INIT;
	char *list, *msg;

	for (size_t i = 0; cur && obj_types[i]; i++)
		if (obj_types[i]->parent == cur)
			strv_push(&sub, obj_types[i]->mode);
	if (sub.n == 0)
		msg = xasprintf("'%s' does not work here: enter a mode that "
		    "holds objects first", word);
	else {
		list = strv_join(&sub, "', '");
		msg = xasprintf("'%s' does not work in %s: enter '%s' first",
		    word, cur->mode, list);
		free(list);
	}
	strv_release(&sub);
	return msg;
}

char *
cmd_unknown(const struct session *s, const char *word)
{
	const struct obj_type *t = type_find_mode(word), *owner;
	char *path, *msg;

	if (t && t->parent) {
		path = mode_path(t->parent);
		msg = xasprintf("'%s' is a submode of '%s': type '%s %s'",
		    word, path, path, word);
	} else if ((owner = extra_owner(word)) != NULL) {
		path = mode_path(owner);
		msg = xasprintf("'%s' works in %s mode only: type '%s %s'",
		    word, path, path, word);
	} else if (find_in(s, cmd_table, word, 0))
		return not_here(s, word);
	else
		return xasprintf("unknown command '%s' (try 'help')", word);
	free(path);
	return msg;
}

int
cmd_exec(struct session *s, const struct cmd_entry *ce, int argc,
    char **argv, const char *body, int *navigated, char **cause)
{
	struct args a;
	int r;

	*navigated = 0;
	if (!arity_ok(ce, argc - 1)) {
		char *usage = cmd_usage(s, ce);

		*cause = xasprintf("wrong number of arguments to '%s'; usage: "
		    "%s", ce->name, usage);
		free(usage);
		return CMD_ERROR;
	}
	if (body && !(ce->flags & CF_BODY)) {
		*cause = xasprintf("'%s' takes no '( ... )'", ce->name);
		return CMD_ERROR;
	}
	if (args_parse(s, ce, argc, argv, &a, cause) != 0)
		return CMD_ERROR;
	*navigated = (ce->flags & CF_NAV) != 0;
	r = ce->exec ? ce->exec(s, &a, body, cause) : CMD_OK;
	if (r == CMD_OK && ce->navigate)
		ce->navigate(s, &a);
	args_release(&a);
	return r;
}
