/*
 * complete.c - the completion engine: commands, mode words, options and
 * their arguments, on a scratch copy of the session's mode stack that the
 * commands before the cursor move; what the words complete to comes from
 * compl-value.c (object names, properties, values, node sets, file names)
 * and lands in the result of compl-result.c.
 *
 * It only reads the staged view of the store.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell/cmd.h"
#include "shell/compl-int.h"
#include "shell/complete.h"
#include "shell/mode.h"
#include "shell/repl.h"
#include "lib/nodeset.h"
#include "state/store.h"
#include "shell/tok.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* ---- commands ---- */

/* Commands, mode words and aliases usable in the current mode. */
static void
add_commands(struct ctx *x)
{
	struct session *s = x->s;
	struct strv sv = STRV_INIT;

	cmd_list(s, &sv, 0);
	for (size_t j = 0; j < sv.n; j++) {
		const struct cmd_entry *ce = cmd_find(s, sv.v[j]);

		compl_add(x, sv.v[j], ce ? ce->help : NULL);
	}
	strv_clear(&sv);
	mode_words(s, &sv);
	for (size_t j = 0; j < sv.n; j++)
		compl_add(x, sv.v[j], mode_word(s, sv.v[j])->help);
	strv_release(&sv);
	for (size_t j = 0; j < s->alias_names.n; j++) {
		char *h = xasprintf("alias for: %s", s->alias_values.v[j]);

		compl_add(x, s->alias_names.v[j], h);
		free(h);
	}
}

/* Property names after the last comma of a list format or field list. */
static void
add_columns(struct ctx *x, const struct obj_type *t)
{
	const char *comma = strrchr(x->pre, ',');
	char *head = xstrndup(x->pre, comma ? (size_t)(comma - x->pre + 1) :
	    0);

	for (const struct prop_def *q = t ? t->props : NULL; q && q->name;
	    q++)
		compl_add2(x, head, q->name, NULL, q->help);
	free(head);
}

/* The argument of an option of the command's template. */
static void
complete_optarg(struct ctx *x, const struct cmd_opt *o)
{
	const struct obj_type *t = x->s->stack[x->s->depth].type;
	char *cp;

	switch (o->kind) {
	case OPT_FILE:
		compl_files(x, "");
		break;
	case OPT_NODES:
		cp = mode_collpath(x->s, x->s->depth);
		compl_nodeset(x, cp, NULL, t ? t->name : NULL);
		free(cp);
		break;
	case OPT_COLUMNS:
		add_columns(x, t);
		break;
	case OPT_OBJECT:
		cp = mode_collpath(x->s, x->s->depth);
		compl_objects(x, cp, t ? t->name : NULL);
		free(cp);
		break;
	case OPT_ADDTYPE:
		for (size_t j = 0; t && t->addtypes && t->addtypes[j]; j++)
			compl_add(x, t->addtypes[j], NULL);
		if (t && t->addtypes == NULL)
			compl_add(x, t->name, NULL);
		break;
	case OPT_DELIM:
		compl_add(x, "{}", "print JSON");
		break;
	default:
		break;
	}
}

/*
 * The value of a selector: what the property's row completes to, and the
 * values the objects of the mode hold (of a text property, say).
 */
static void
complete_selector(struct ctx *x, const struct selector *sel)
{
	struct session *s = x->s;
	const struct obj_type *t = s->stack[s->depth].type;
	const struct prop_def *p = prop_get(t, sel->prop);
	char *cp = mode_collpath(s, s->depth);
	json_t *c = compl_coll(x, cp), *o, *v, *e;
	const char *k;
	size_t i;

	if (p && x->pre[0] != '@')
		compl_values(x, p, NULL, "set", NULL, 0);
	json_object_foreach(c, k, o) {
		v = json_object_get(o, sel->prop);
		if (json_is_string(v) && *json_string_value(v))
			compl_add(x, json_string_value(v), NULL);
		json_array_foreach(v, i, e)
			if (json_is_string(e) && *json_string_value(e))
				compl_add(x, json_string_value(e), NULL);
	}
	free(cp);
}

/* The positional argument kind k of ce (ARG_END when there is none). */
static int
arg_kind(const struct cmd_entry *ce, size_t k)
{
	size_t i;

	if (ce->args == NULL)
		return ARG_END;
	for (i = 0; ce->args[i] != ARG_END; i++)
		if (i == k)
			return ce->args[i] & ~ARG_REPEAT;
	if (i > 0 && (ce->args[i - 1] & ARG_REPEAT))
		return ce->args[i - 1] & ~ARG_REPEAT;
	return ARG_END;
}

/* The options of ce here (the template's and the mode's selectors). */
static void
add_options(struct ctx *x, const struct cmd_entry *ce)
{
	const struct obj_type *t = x->s->stack[x->s->depth].type;
	const struct selector *sel;

	for (const struct cmd_opt *o = ce->opts; o && (o->ch || o->name);
	    o++) {
		char w[3] = { '-', o->ch, '\0' };

		if (o->help == NULL)
			continue;
		if (o->ch == 0 || (o->flags & OPT_LONGNAME))
			compl_add2(x, "--", o->name, NULL, o->help);
		else
			compl_add(x, w, o->help);
	}
	for (sel = (ce->flags & CF_SELECT) && t ? t->selectors : NULL;
	    sel && sel->opt; sel++) {
		char w[3] = { '-', sel->opt, '\0' };

		compl_add(x, w, sel->help);
	}
}

/*
 * The objects of type rt: a top-level collection, or the collection rt
 * is under the object selected in the mode of rt's parent on the stack
 * (the flavors of the deployment in use).
 */
static void
complete_ref(struct ctx *x, const struct obj_type *rt)
{
	const struct session *s = x->s;
	char *op, *cp;

	if (rt->parent == NULL) {
		compl_objects(x, rt->yaml_key, rt->name);
		return;
	}
	for (int i = s->depth; i > 0; i--) {
		if (s->stack[i].type != rt->parent ||
		    (op = mode_objpath(s, i)) == NULL)
			continue;
		cp = view_collpath(rt, op);
		compl_objects(x, cp, rt->name);
		free(cp);
		free(op);
		return;
	}
}

/* Positional argument number k (of kind kind) of command ce. */
static void
complete_positional(struct ctx *x, const struct cmd_entry *ce, int kind,
    size_t k)
{
	struct session *s = x->s;
	const struct obj_type *t = s->stack[s->depth].type, *rt;
	char *cp = mode_collpath(s, s->depth);

	switch (kind) {
	case ARG_OBJECT:
	case ARG_OBJECT_OR_ALL:
		compl_objects(x, cp, t ? t->name : NULL);
		if (kind == ARG_OBJECT_OR_ALL)
			compl_add(x, "*", "every object");
		break;
	case ARG_REF:
		if ((rt = type_find(ce->ref)) != NULL)
			complete_ref(x, rt);
		break;
	case ARG_ADDTYPE:
		for (size_t j = 0; k == 0 && t && t->addtypes &&
		    t->addtypes[j]; j++) {
			char *h = xasprintf("add a %s", t->addvalues ?
			    t->addvalues[j] : t->addtypes[j]);

			compl_add(x, t->addtypes[j], h);
			free(h);
		}
		break;
	case ARG_FILE:
		compl_files(x, "");
		break;
	case ARG_COMMAND:
		add_commands(x);
		for (const struct prop_def *p = t ? t->props : NULL; p &&
		    p->name; p++)
			compl_add(x, p->name, p->help);
		break;
	case ARG_COLUMNS:
		add_columns(x, t);
		break;
	case ARG_FIELD:
		for (const struct prop_def *p = t ? t->props : NULL; p &&
		    p->name; p++)
			compl_add(x, p->name, p->help);
		break;
	case ARG_ALIAS:
		for (size_t j = 0; j < s->alias_names.n; j++)
			compl_add(x, s->alias_names.v[j], s->alias_values.v[j]);
		break;
	case ARG_ONOFF:
		compl_add(x, "on", NULL);
		compl_add(x, "off", NULL);
		break;
	case ARG_BOOKMARK:
		for (size_t j = 0; j < s->bookmark_names.n; j++)
			if (*s->bookmark_names.v[j])
				compl_add(x, s->bookmark_names.v[j],
				    s->bookmark_paths.v[j]);
		if (s->previous)
			compl_add(x, "-", s->previous);
		break;
	default:
		break;
	}
	free(cp);
}

/* The arguments of command ce; a holds the na complete words after it. */
static void
complete_args(struct ctx *x, const struct cmd_entry *ce, char **a, size_t na)
{
	struct session *s = x->s;
	struct args_opt o, pending = { 0 };
	char **pos = xcalloc(na + 1, sizeof *pos);
	size_t npos = 0;

	for (size_t j = 0; j < na; j++) {
		if (pending.word) {
			pending.word = NULL;
			continue;
		}
		if (!(npos && (ce->flags & CF_OPTSFIRST)) &&
		    args_find(s, ce, a[j], &o)) {
			if (o.sel || o.opt->kind != OPT_FLAG)
				pending = o;
			continue;
		}
		pos[npos++] = a[j];
	}
	if (pending.word) {
		if (pending.sel)
			complete_selector(x, pending.sel);
		else
			complete_optarg(x, pending.opt);
		free(pos);
		return;
	}
	if (x->pre[0] == '-' && !(npos && (ce->flags & CF_OPTSFIRST)))
		add_options(x, ce);
	if (ce->args && ce->args[0] == ARG_OBJECT_OR_PROP) {
		compl_setlike(x, ce->name, pos, npos);
		free(pos);
		return;
	}
	complete_positional(x, ce, arg_kind(ce, npos), npos);
	free(pos);
}

/* ---- the scratch mode stack ---- */

/* Leading mode words of w navigate the scratch copy; returns how many. */
static size_t
enter_modes(struct session *s, char **w, size_t n)
{
	const struct obj_type *mt;
	size_t i = 0;

	while (i < n && (mt = mode_word(s, w[i])) != NULL &&
	    cmd_find(s, w[i]) == NULL) {
		char *e = NULL;

		if (mode_enter(s, mt, &e) != 0) {
			free(e);
			break;
		}
		i++;
	}
	return i;
}

/*
 * Moves the scratch copy as a finished command would, without running
 * it: its mode words, then the command's navigate hook (use, add, clone,
 * exit, home).  After mode words, the stack stays only where a
 * navigating command (CF_NAV) leaves it, as when the line runs.
 */
static void
simulate(struct session *s, char **w, size_t n)
{
	struct session save;
	const struct cmd_entry *ce;
	size_t i;
	int moved = 0;

	mode_copy(&save, s);
	i = enter_modes(s, w, n);
	if (i < n && (ce = cmd_find(s, w[i])) != NULL)
		moved = cmd_navigate(s, ce, (int)(n - i), w + i) &&
		    (ce->flags & CF_NAV);
	if (i == n || i == 0 || moved) {
		mode_free(&save);
		return;
	}
	/* a mode word and a command that does not navigate: stay put */
	mode_free(s);
	*s = save;
}

/*
 * The context of a "( ... )" body: the mode of the command before it,
 * with one of the objects it names (or the first object) selected.
 */
static void
body_context(struct session *s, char **w, size_t n)
{
	struct frame *f;
	const struct cmd_entry *ce;
	size_t i = enter_modes(s, w, n);
	char *cp, *pick = NULL;
	json_t *c;

	f = &s->stack[s->depth];
	if (i >= n || (ce = cmd_find(s, w[i])) == NULL ||
	    f->type == NULL || f->type->layout != OT_COLLECTION)
		return;
	cp = mode_collpath(s, s->depth);
	c = cp ? view_coll(s->store->staged, cp) : NULL;
	for (size_t j = i + 1; j < n && c && pick == NULL; j++) {
		struct strv names = STRV_INIT;
		struct args_opt o;
		char *e = NULL;

		if (!args_find(s, ce, w[j], &o)) {
			if (json_object_get(c, w[j]))
				pick = xstrdup(w[j]);
			continue;
		}
		if ((o.sel == NULL && o.opt->kind == OPT_FLAG) || ++j >= n)
			continue;
		if (o.opt && o.opt->kind == OPT_NODES &&
		    nodeset_expand(w[j], &names, &e) == 0 && names.n &&
		    json_object_get(c, names.v[0]))
			pick = xstrdup(names.v[0]);
		free(e);
		strv_release(&names);
	}
	if (pick == NULL && c && f->selected == NULL) {
		const char *k, *min = NULL;
		json_t *v;

		json_object_foreach(c, k, v)
			if (min == NULL || strcmp(k, min) < 0)
				min = k;
		pick = min ? xstrdup(min) : NULL;
	}
	if (pick)
		mode_select(s, pick);
	free(pick);
	free(cp);
}

static void complete_words(struct ctx *, char **, size_t);

/*
 * In a range a command runs for each object, selected in turn: complete
 * it as with the first one selected (on the scratch copy).
 */
static void
range_context(struct session *s)
{
	struct strv names = STRV_INIT;
	char *e = NULL;

	if (range_objects(s, &names, &e) == 0 && names.n)
		mode_select(s, names.v[0]);
	free(e);
	strv_release(&names);
}

/*
 * The words after a command that runs another (time, watch): its
 * options, then a command of its own, completed as at the start.
 */
static void
complete_cmdline(struct ctx *x, const struct cmd_entry *ce, char **w,
    size_t n)
{
	struct args_opt o;
	size_t j = 0;

	while (j < n && args_find(x->s, ce, w[j], &o))
		j += o.sel || o.opt->kind != OPT_FLAG ? 2 : 1;
	if (j > n) {
		if (o.opt)
			complete_optarg(x, o.opt);
		return;
	}
	if (j < n) {
		complete_words(x, w + j, n - j);
		return;
	}
	if (x->pre[0] == '-')
		add_options(x, ce);
	add_commands(x);
}

/* Completes in the scratch session; w are the complete words. */
static void
complete_words(struct ctx *x, char **w, size_t n)
{
	const struct cmd_entry *ce;
	size_t i = enter_modes(x->s, w, n);

	if (i == n) {
		add_commands(x);
		return;
	}
	if ((ce = cmd_find(x->s, w[i])) == NULL)
		return;
	if ((ce->flags & CF_RANGE) && x->s->stack[x->s->depth].range)
		range_context(x->s);
	if (ce->args && ce->args[0] == ARG_CMDLINE)
		complete_cmdline(x, ce, w + i + 1, n - i - 1);
	else
		complete_args(x, ce, w + i + 1, n - i - 1);
}

/* ---- walking the line ---- */

/* 1 if text ends in a backslash that escapes nothing yet (outside '...'). */
static int
ends_in_escape(const char *text, char quote)
{
	size_t n = strlen(text), k = 0;

	if (quote == '\'')
		return 0;
	while (k < n && text[n - 1 - k] == '\\')
		k++;
	return k % 2 == 1;
}

/*
 * The line up to the cursor, read token by token: the scratch session
 * follows the commands before the last one, and the words of the last
 * command so far are collected.
 */
struct walk {
	struct session	 cur;			/* the scratch session */
	struct session	 saved[MODE_MAX_DEPTH];	/* outside each open '(' */
	int		 nsaved;
	int		 dead;		/* in '!' or '|' text: nothing */
	int		 after_body;	/* after ')': nothing */
	char		**words;	/* of the last command (borrowed) */
	size_t		 nw;
};

/* Walks the tokens of tv; returns where the last one ends. */
static size_t
walk_tokens(struct walk *w, struct tokv *tv)
{
	size_t lastend = 0;

	for (size_t i = 0; i < tv->n; i++) {
		struct tok *t = &tv->v[i];
		int live = !w->after_body && !w->dead;

		lastend = t->end;
		switch (t->type) {
		case TOK_WORD:
			if (live)
				w->words[w->nw++] = t->text;
			break;
		case TOK_SEMI:
			if (live)
				simulate(&w->cur, w->words, w->nw);
			w->nw = 0;
			w->after_body = w->dead = 0;
			break;
		case TOK_LPAREN:
			if (w->nsaved == MODE_MAX_DEPTH || !live) {
				w->dead = 1;
				break;
			}
			mode_copy(&w->saved[w->nsaved++], &w->cur);
			body_context(&w->cur, w->words, w->nw);
			w->nw = 0;
			break;
		case TOK_RPAREN:
			if (w->nsaved > 0) {
				mode_free(&w->cur);
				w->cur = w->saved[--w->nsaved];
			}
			w->nw = 0;
			w->dead = 0;
			w->after_body = 1;
			break;
		case TOK_PIPE:
		case TOK_SHELL:
			w->dead = 1;
			break;
		default:
			break;
		}
	}
	return lastend;
}

/* The file name after '>' or '>>' (the last token, tok) of text. */
static void
complete_redirect(struct ctx *x, const char *text, const struct tok *tok)
{
	size_t ws = tok->start + (tok->type == TOK_REDIR ? 1 : 2);

	while (text[ws] == ' ' || text[ws] == '\t')
		ws++;
	x->res->start = ws;
	x->pre = tok->text;
	x->plen = strlen(x->pre);
	compl_files(x, "");
}

/* Completes the word that ends at point in line (complete.h). */
void
compl_line(struct session *s, const char *line, size_t point,
    struct compl *res)
{
	char *text = xstrndup(line, point);
	struct walk w = { .nsaved = 0 };
	struct tokv tv;
	struct ctx x = { .res = res, .pre = "" };
	struct tok *last;
	const char *rest;
	int comment, escape;

	compl_reset(res, strlen(text));
	tokv_init(&tv);
	tok_split_partial(text, &tv);
	w.words = xcalloc(tv.n + 1, sizeof *w.words);
	mode_copy(&w.cur, s);
	rest = text + walk_tokens(&w, &tv);
	last = tv.n ? &tv.v[tv.n - 1] : NULL;
	/* a comment runs to the end of the line */
	rest += strspn(rest, " \t");
	comment = *rest == '#';
	escape = ends_in_escape(text, tv.open_quote);
	res->quote = tv.open_quote;
	res->literal = tv.open_quote || comment || escape || (last &&
	    (last->type == TOK_PIPE || last->type == TOK_SHELL) &&
	    last->end == strlen(text));
	x.s = &w.cur;
	if (comment || escape)
		goto done;
	if (last && (last->type == TOK_REDIR ||
	    last->type == TOK_REDIR_APPEND) && !(tv.trailing_space &&
	    *last->text)) {
		complete_redirect(&x, text, last);
		goto done;
	}
	if (last && last->type == TOK_WORD && !tv.trailing_space) {
		x.pre = last->text;
		res->start = last->start;
		if (w.nw > 0 && w.words[w.nw - 1] == last->text)
			w.nw--;
	}
	x.plen = strlen(x.pre);
	if (!w.dead && !w.after_body)
		complete_words(&x, w.words, w.nw);
done:
	res->typed = xstrdup(x.pre);
	mode_free(&w.cur);
	while (w.nsaved > 0)
		mode_free(&w.saved[--w.nsaved]);
	free(w.words);
	tokv_release(&tv);
	free(text);
	compl_sort(res);
}

/* ---- for the front ends ---- */

/* 1 if a lone candidate ends its word (complete.h). */
int
compl_word_ends(const char *cand)
{
	size_t n = strlen(cand);

	return n == 0 || strchr("=/,:\"", cand[n - 1]) == NULL;
}

/* Quotes text to read back as itself after the word so far. */
char *
compl_quote(const char *text, char q, int at_word_start)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_add(&sb, "", 0);
	for (size_t i = 0; text[i]; i++) {
		char c = text[i];

		if (q == '\'') {
			if (c == '\'')
				sbuf_adds(&sb, "'\\''");
			else
				sbuf_addc(&sb, c);
		} else if (q == '"') {
			if (c == '"' || c == '\\')
				sbuf_addc(&sb, '\\');
			sbuf_addc(&sb, c);
		} else {
			if (isspace((unsigned char)c) ||
			    strchr(";()|>\"'\\", c) ||
			    (i == 0 && at_word_start && (c == '#' || c == '!')))
				sbuf_addc(&sb, '\\');
			sbuf_addc(&sb, c);
		}
	}
	return sbuf_detach(&sb, NULL);
}

/* --complete ARG: runs the setup lines, prints the candidates. */
int
complete_print(struct session *s, const char *arg)
{
	const char *nl = strrchr(arg, '\n');
	const char *line = nl ? nl + 1 : arg;
	struct compl c;

	if (nl) {
		char *setup = xstrndup(arg, (size_t)(nl - arg)), *p, *next;
		FILE *null = fopen("/dev/null", "w"), *saved = s->out;
		long n = 0;
		int r = 0;

		if (null)
			s->out = null;
		s->source = "--complete";
		for (p = setup; p && r == 0; p = next) {
			char *e = NULL;

			if ((next = strchr(p, '\n')) != NULL)
				*next++ = '\0';
			s->line = ++n;
			if (session_run_line(s, p, &e) != CMD_OK) {
				fprintf(stderr, "ocmsh: --complete:%ld: %s\n",
				    n, e ? e : "command failed");
				r = 1;
			}
			free(e);
		}
		s->out = saved;
		if (null)
			fclose(null);
		free(setup);
		if (r)
			return 1;
	}
	compl_init(&c);
	compl_line(s, line, strlen(line), &c);
	for (size_t i = 0; i < c.words.n; i++)
		printf("%s\n", c.words.v[i]);
	compl_release(&c);
	return 0;
}
