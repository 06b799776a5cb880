/*
 * tok.h - the command-line tokenizer and parser (ocmsh(1) COMMAND LANGUAGE).
 *
 * tok_split() turns one input line into tokens; cmdline_parse() groups the
 * tokens into commands.  Columns are 1-based byte columns of the line, for
 * error messages ("unbalanced quote at column 17").
 *
 * Rules:
 *  - whitespace separates words, ';' separates commands, and so does a
 *    newline (the reader joins the lines of an unclosed '(' with one);
 *  - '#' at the start of a word begins a comment to the end of the line;
 *  - "..." groups a word; inside it a backslash escapes the next character
 *    (so \" and \\ work); the quotes are removed;
 *  - outside quotes a backslash makes the next character literal, so
 *    {\"a\":\"b\"} is the word {"a":"b"};
 *  - '...' is a literal word: no escapes inside;
 *  - quoted and unquoted parts join into one word: a"b c"d is "ab cd";
 *  - '(' and ')' outside quotes are tokens of their own (foreach bodies);
 *  - '|' outside quotes: the rest of the line, verbatim and trimmed, is a
 *    shell pipeline that receives the command's output (TOK_PIPE);
 *  - '>' or '>>' outside quotes: the next word is a file that receives the
 *    output (TOK_REDIR / TOK_REDIR_APPEND; the token's text is the file,
 *    "" when no word follows);
 *  - '!' as the first character of a command (start of line, or after ';'
 *    or '('): the rest of the line, verbatim and trimmed, is a shell
 *    command (TOK_SHELL); elsewhere '!' is an ordinary character;
 *  - ';', '(', ')', '|' and '>' outside quotes end a word (a#b, a!b and
 *    a[1-2]{x}:y,z=w*v-u.t are single words);
 *  - inside parentheses, the "rest of the line" of '|' and '!' stops at the
 *    ')' that closes the group (parentheses and quotes inside the shell
 *    text are respected), so "foreach a (list | grep x); b" works.
 */
#ifndef OCMSH_TOK_H
#define OCMSH_TOK_H

#include <stddef.h>

#include "lib/strv.h"

enum tok_type {
	TOK_WORD,
	TOK_SEMI,		/* ; */
	TOK_LPAREN,		/* ( */
	TOK_RPAREN,		/* ) */
	TOK_PIPE,		/* | rest-of-line; text = the pipeline */
	TOK_REDIR,		/* > word; text = the file name */
	TOK_REDIR_APPEND,	/* >> word; text = the file name */
	TOK_SHELL,		/* !rest-of-line; text = the command */
};

struct tok {
	enum tok_type	 type;
	char		*text;		/* owned; the word with quotes removed */
	size_t		 start;		/* byte offset of the first character */
	size_t		 end;		/* byte offset one past the last */
	int		 quoted;	/* the word had quotes or backslashes */
};

struct tokv {
	struct tok	*v;
	size_t		 n, cap;
	/*
	 * Set by tok_split_partial() when the line ends inside an open
	 * construct: the quote character ('"' or '\''), or 0.
	 */
	char		 open_quote;
	int		 trailing_space;	/* line ends in unquoted space */
};

void	tokv_init(struct tokv *tv);
void	tokv_release(struct tokv *tv);

/*
 * Splits line into tokens, appending them to out (set up with
 * tokv_init()).  Returns 0, or -1 with *cause set (caller frees) and no
 * tokens added: "unbalanced quote at column N" (N is where the quote
 * opened) or "trailing backslash at column N".  Parentheses are not
 * checked here.
 */
int	tok_split(const char *line, struct tokv *out, char **cause);

/*
 * The same for completion: never fails.  An unterminated quote leaves the
 * partial last word as the last token and sets out->open_quote; a trailing
 * backslash is dropped.  Sets out->trailing_space when the line ends in
 * whitespace outside any word (a new word is being started).
 */
void	tok_split_partial(const char *line, struct tokv *out);

/* One parsed command. */
struct cmdline {
	struct strv	 argv;		/* the words */
	size_t		*cols;		/* 1-based column of each word */
	char		*body;		/* text between ( and ), verbatim and
					   untrimmed; or NULL */
	size_t		 body_col;	/* column of the first byte of body */
	char		*pipe;		/* | pipeline, or NULL */
	char		*redir;		/* > or >> file, or NULL */
	int		 redir_append;	/* 1 for >> */
	char		*shell;		/* !command ("" for a bare !), or NULL;
					   when set, argv is empty */
	size_t		 col;		/* column where the command starts */
};

struct cmdlist {
	struct cmdline	*v;
	size_t		 n, cap;
};

void	cmdlist_init(struct cmdlist *cl);
void	cmdlist_release(struct cmdlist *cl);

/*
 * Parses a line (which may hold several ';'-separated commands) into
 * commands, appending them to out (set up with cmdlist_init()).  A
 * parenthesised group, which may itself hold ';' and nested parentheses,
 * becomes the body of the command it ends; words after the closing
 * parenthesis (other than | or >) are an error.  Words may follow a
 * redirection ("list > f -d x").  Empty commands (";;", a comment line)
 * are dropped.  Returns 0, or -1 with *cause set and out unchanged:
 * "unbalanced quote at column N", "trailing backslash at column N",
 * "unbalanced parenthesis at column N" (N is the '('),
 * "unexpected ')' at column N", "unexpected 'x' after ')' at column N",
 * "unexpected '(' after ')' at column N",
 * "missing command before '(' at column N" (also '|' and '>'),
 * "missing command after '|' at column N",
 * "missing file name after '>' at column N",
 * "more than one redirection at column N".
 */
int	cmdline_parse(const char *line, struct cmdlist *out, char **cause);

/*
 * Quotes a word so that tok_split() gives it back unchanged: returned as
 * is when it needs no quoting, else in double quotes with \ and " escaped.
 * Quoting is needed for the empty word, whitespace, any of ;()|>"'\, and a
 * leading # or !.  The caller frees the result.
 */
char	*tok_quote(const char *word);

#endif
