/*
 * tok.c - the command-line tokenizer and parser (ocmsh(1) COMMAND LANGUAGE).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shell/tok.h"
#include "lib/xalloc.h"
#include "lib/strv.h"
#include "lib/sbuf.h"

/* Characters that end an unquoted word. */
#define TOK_BREAK	";()|>"

/* 1 if c is whitespace (locale-independent). */
static int
tok_isspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\v' || c == '\f';
}

/* Sets up an empty token vector. */
void
tokv_init(struct tokv *tv)
{
	tv->v = NULL;
	tv->n = tv->cap = 0;
	tv->open_quote = 0;
	tv->trailing_space = 0;
}

/* 1 if c is whitespace within a line: anything tok_isspace() takes but
 * the newline, which separates commands. */
static int
tok_isblank(char c)
{
	return c != '\n' && tok_isspace(c);
}

/* Frees the tokens from index from on. */
static void
tokv_truncate(struct tokv *tv, size_t from)
{
	while (tv->n > from)
		free(tv->v[--tv->n].text);
}

/* Frees every token and the vector. */
void
tokv_release(struct tokv *tv)
{
	tokv_truncate(tv, 0);
	free(tv->v);
	tokv_init(tv);
}

/* Appends a token, taking text. */
static void
tokv_push(struct tokv *tv, enum tok_type type, char *text, size_t start,
    size_t end, int quoted)
{
	struct tok *t;

	xgrow((void **)&tv->v, &tv->cap, tv->n + 1, sizeof *tv->v);
	t = &tv->v[tv->n++];
	t->type = type;
	t->text = text;
	t->start = start;
	t->end = end;
	t->quoted = quoted;
}

/*
 * Reads one word starting at *ip into sb, handling quotes and backslashes,
 * and leaves *ip one past it.  Returns 0, or -1 for an unterminated quote
 * or trailing backslash: with partial set the word so far is kept and
 * *open_quote is set, otherwise *cause is set.
 */
static int
tok_word(const char *line, size_t *ip, struct sbuf *sb, int *quoted,
    int partial, char *open_quote, char **cause)
{
	size_t i = *ip, q;
	char c;

	sbuf_add(sb, "", 0);
	while ((c = line[i]) != '\0' && !tok_isspace(c) &&
	    strchr(TOK_BREAK, c) == NULL) {
		if (c == '\\') {
			*quoted = 1;
			if (line[i + 1] == '\0') {
				if (!partial) {
					*cause = xasprintf("trailing backslash "
					    "at column %zu", i + 1);
					return -1;
				}
				i++;
				break;
			}
			sbuf_addc(sb, line[i + 1]);
			i += 2;
			continue;
		}
		if (c != '"' && c != '\'') {
			sbuf_addc(sb, c);
			i++;
			continue;
		}
		*quoted = 1;
		q = i++;
		while (line[i] != '\0' && line[i] != c) {
			if (c == '"' && line[i] == '\\' && line[i + 1] != '\0')
				i++;
			sbuf_addc(sb, line[i++]);
		}
		if (line[i] == '\0') {
			if (!partial) {
				*cause = xasprintf("unbalanced quote at "
				    "column %zu", q + 1);
				return -1;
			}
			*open_quote = c;
			break;
		}
		i++;
	}
	*ip = i;
	return 0;
}

/*
 * Finds where a '|' or '!' rest-of-line starting at i ends: the end of the
 * line at depth 0, else the ')' closing the enclosing group (quotes and
 * nested parentheses inside the shell text respected).
 */
static size_t
tok_rest_end(const char *line, size_t i, int depth)
{
	int local = 0;
	char q = 0;

	if (depth == 0)
		return i + strcspn(line + i, "\n");
	for (; line[i] != '\0' && line[i] != '\n'; i++) {
		if (q != 0) {
			if (line[i] == '\\' && q == '"' && line[i + 1] != '\0')
				i++;
			else if (line[i] == q)
				q = 0;
			continue;
		}
		switch (line[i]) {
		case '\\':
			if (line[i + 1] != '\0')
				i++;
			break;
		case '"':
		case '\'':
			q = line[i];
			break;
		case '(':
			local++;
			break;
		case ')':
			if (local-- == 0)
				return i;
			break;
		}
	}
	return i;
}

/* Copies line[from, to) without surrounding whitespace. */
static char *
tok_trimmed(const char *line, size_t from, size_t to)
{
	while (from < to && tok_isspace(line[from]))
		from++;
	while (to > from && tok_isspace(line[to - 1]))
		to--;
	return xstrndup(line + from, to - from);
}

/*
 * The '>' or '>>' at line[*i] and the file name after it (may be empty):
 * one token, pushed to out; *i moves past it.  sb is scratch space.
 */
static int
tok_redirect(const char *line, size_t *i, struct tokv *out, struct sbuf *sb,
    int partial, char **cause)
{
	size_t start = *i, end;
	int append = line[*i + 1] == '>', quoted = 0;

	*i += append ? 2 : 1;
	end = *i;
	while (tok_isblank(line[*i]))
		(*i)++;
	if (line[*i] == '\0' && *i > end)
		out->trailing_space = 1;
	sbuf_add(sb, "", 0);
	if (line[*i] != '\0' && line[*i] != '#' &&
	    strchr(TOK_BREAK, line[*i]) == NULL) {
		if (tok_word(line, i, sb, &quoted, partial, &out->open_quote,
		    cause) != 0)
			return -1;
		end = *i;
	}
	tokv_push(out, append ? TOK_REDIR_APPEND : TOK_REDIR,
	    sbuf_detach(sb, NULL), start, end, quoted);
	return 0;
}

/* The tokenizer behind tok_split() and tok_split_partial(). */
static int
tok_run(const char *line, struct tokv *out, int partial, char **cause)
{
	struct sbuf sb = SBUF_INIT;
	size_t i = 0, start, end, first = out->n;
	int depth = 0, cmd_start = 1, quoted;
	enum tok_type type;
	char c;

	out->open_quote = 0;
	out->trailing_space = 0;
	for (;;) {
		start = i;
		while (tok_isblank(line[i]))
			i++;
		if (line[i] == '\0') {
			if (i > start)
				out->trailing_space = 1;
			break;
		}
		start = i;
		c = line[i];
		if (c == '#') {
			/* a comment ends with its line */
			i += strcspn(line + i, "\n");
			continue;
		}
		if (c == ';' || c == '(' || c == ')' || c == '\n') {
			type = c == ';' || c == '\n' ? TOK_SEMI :
			    c == '(' ? TOK_LPAREN : TOK_RPAREN;
			tokv_push(out, type, xstrndup(line + i, 1), i, i + 1,
			    0);
			i++;
			if (c == '(')
				depth++;
			else if (c == ')' && depth > 0)
				depth--;
			cmd_start = c != ')';
			continue;
		}
		if (c == '|' || (c == '!' && cmd_start)) {
			end = tok_rest_end(line, i + 1, depth);
			type = c == '|' ? TOK_PIPE : TOK_SHELL;
			tokv_push(out, type, tok_trimmed(line, i + 1, end),
			    i, end, 0);
			i = end;
			cmd_start = 0;
			continue;
		}
		cmd_start = 0;
		quoted = 0;
		sbuf_reset(&sb);
		if (c == '>') {
			if (tok_redirect(line, &i, out, &sb, partial,
			    cause) != 0)
				goto fail;
			continue;
		}
		if (tok_word(line, &i, &sb, &quoted, partial,
		    &out->open_quote, cause) != 0)
			goto fail;
		tokv_push(out, TOK_WORD, sbuf_detach(&sb, NULL), start, i,
		    quoted);
	}
	sbuf_release(&sb);
	return 0;

fail:
	sbuf_release(&sb);
	tokv_truncate(out, first);
	return -1;
}

/* Splits line into tokens; see tok.h. */
int
tok_split(const char *line, struct tokv *out, char **cause)
{
	return tok_run(line, out, 0, cause);
}

/* Splits an unfinished line for completion; never fails. */
void
tok_split_partial(const char *line, struct tokv *out)
{
	(void)tok_run(line, out, 1, NULL);
}

/* Sets up an empty command list. */
void
cmdlist_init(struct cmdlist *cl)
{
	cl->v = NULL;
	cl->n = cl->cap = 0;
}

/* Frees the parts of one command. */
static void
cmdline_release(struct cmdline *c)
{
	strv_release(&c->argv);
	free(c->cols);
	free(c->body);
	free(c->pipe);
	free(c->redir);
	free(c->shell);
}

/* Frees every command and the list. */
void
cmdlist_release(struct cmdlist *cl)
{
	size_t i;

	for (i = 0; i < cl->n; i++)
		cmdline_release(&cl->v[i]);
	free(cl->v);
	cmdlist_init(cl);
}

/* Appends the command c to cl when it is not empty, else frees it. */
static void
cmdlist_finish(struct cmdlist *cl, struct cmdline *c)
{
	if (c->argv.n == 0 && c->shell == NULL) {
		cmdline_release(c);
	} else {
		xgrow((void **)&cl->v, &cl->cap, cl->n + 1, sizeof *cl->v);
		cl->v[cl->n++] = *c;
	}
	memset(c, 0, sizeof *c);
	strv_init(&c->argv);
}

/*
 * The "( ... )" that opens at token *i (column col) of line: its text
 * becomes c's body and *i moves to its ')'.  -1 with *cause set.
 */
static int
group_body(const char *line, const struct tokv *tv, size_t *i,
    struct cmdline *c, size_t col, char **cause)
{
	const struct tok *t = &tv->v[*i];
	int depth = 1;
	size_t j;

	if (c->body != NULL) {
		*cause = xasprintf("unexpected '(' after ')' at column %zu",
		    col);
		return -1;
	}
	if (c->argv.n == 0) {
		*cause = xasprintf("missing command before '(' at column %zu",
		    col);
		return -1;
	}
	for (j = *i + 1; j < tv->n; j++) {
		if (tv->v[j].type == TOK_LPAREN)
			depth++;
		else if (tv->v[j].type == TOK_RPAREN && --depth == 0)
			break;
	}
	if (j == tv->n) {
		*cause = xasprintf("unbalanced parenthesis at column %zu", col);
		return -1;
	}
	c->body = xstrndup(line + t->end, tv->v[j].start - t->end);
	c->body_col = t->end + 1;
	*i = j;
	return 0;
}

/* Where c's output goes: token t, '|' or '>' or '>>', at column col. */
static int
group_output(const struct tok *t, struct cmdline *c, size_t col,
    char **cause)
{
	const char *op = t->type == TOK_PIPE ? "|" : ">";

	if (c->argv.n == 0) {
		*cause = xasprintf("missing command before '%s' at column %zu",
		    op, col);
		return -1;
	}
	if (t->type != TOK_PIPE && c->redir != NULL) {
		*cause = xasprintf("more than one redirection at column %zu",
		    col);
		return -1;
	}
	if (*t->text == '\0') {
		*cause = t->type == TOK_PIPE ? xasprintf("missing command "
		    "after '|' at column %zu", col) : xasprintf("missing "
		    "file name after '>' at column %zu", col);
		return -1;
	}
	if (t->type == TOK_PIPE)
		c->pipe = xstrdup(t->text);
	else {
		c->redir = xstrdup(t->text);
		c->redir_append = t->type == TOK_REDIR_APPEND;
	}
	return 0;
}

/*
 * Walks the tokens of line and groups them into commands in cl.  Returns
 * 0, or -1 with *cause set.
 */
static int
cmdline_group(const char *line, const struct tokv *tv, struct cmdlist *cl,
    char **cause)
{
	struct cmdline c;
	const struct tok *t;
	size_t i, col;

	memset(&c, 0, sizeof c);
	strv_init(&c.argv);
	for (i = 0; i < tv->n; i++) {
		t = &tv->v[i];
		col = t->start + 1;
		if (c.argv.n == 0 && c.shell == NULL)
			c.col = col;
		switch (t->type) {
		case TOK_WORD:
			if (c.body != NULL) {
				*cause = xasprintf("unexpected '%s' after ')' "
				    "at column %zu", t->text, col);
				goto fail;
			}
			c.cols = xrealloc(c.cols,
			    (c.argv.n + 1) * sizeof *c.cols);
			c.cols[c.argv.n] = col;
			strv_push(&c.argv, t->text);
			break;
		case TOK_SEMI:
			cmdlist_finish(cl, &c);
			break;
		case TOK_LPAREN:
			if (group_body(line, tv, &i, &c, col, cause) != 0)
				goto fail;
			break;
		case TOK_RPAREN:
			*cause = xasprintf("unexpected ')' at column %zu", col);
			goto fail;
		case TOK_PIPE:
		case TOK_REDIR:
		case TOK_REDIR_APPEND:
			if (group_output(t, &c, col, cause) != 0)
				goto fail;
			break;
		case TOK_SHELL:
			c.shell = xstrdup(t->text);
			break;
		}
	}
	cmdlist_finish(cl, &c);
	return 0;

fail:
	cmdline_release(&c);
	return -1;
}

/* Parses a line into commands; see tok.h. */
int
cmdline_parse(const char *line, struct cmdlist *out, char **cause)
{
	struct tokv tv;
	struct cmdlist cl;
	size_t i;
	int rc;

	tokv_init(&tv);
	if (tok_split(line, &tv, cause) != 0) {
		tokv_release(&tv);
		return -1;
	}
	cmdlist_init(&cl);
	rc = cmdline_group(line, &tv, &cl, cause);
	tokv_release(&tv);
	if (rc != 0) {
		cmdlist_release(&cl);
		return -1;
	}
	for (i = 0; i < cl.n; i++) {
		xgrow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v);
		out->v[out->n++] = cl.v[i];
	}
	free(cl.v);
	return 0;
}

/* Quotes word for tok_split(); the caller frees the result. */
char *
tok_quote(const char *word)
{
	struct sbuf sb = SBUF_INIT;
	const char *p;
	int need = *word == '\0' || *word == '#' || *word == '!';

	for (p = word; !need && *p != '\0'; p++) {
		if (tok_isspace(*p) || strchr(TOK_BREAK "\"'\\", *p) != NULL)
			need = 1;
	}
	if (!need)
		return xstrdup(word);
	sbuf_addc(&sb, '"');
	for (p = word; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_addc(&sb, '\\');
		sbuf_addc(&sb, *p);
	}
	sbuf_addc(&sb, '"');
	return sbuf_detach(&sb, NULL);
}
