/*
 * value.h - how the values of each kind behave: parsed from the words
 * typed, checked when read back from the state file, formatted for show
 * and get, and offered by completion.  kind_ops[] holds one row per enum
 * vkind (model/schema.h), so that each kind's rule lives in one place;
 * the value_* functions apply a property's shape (scalar, list, map) and
 * its own check (prop_def.check) around them.
 */
#ifndef OCMSH_VALUE_H
#define OCMSH_VALUE_H

#include <jansson.h>
#include <stddef.h>

struct prop_def;
struct compl_ctx;
struct compl_out;

struct kind_ops {
	const char	*name;		/* "integer", for messages and tests */
	int		 mapping;	/* values are JSON objects, not scalars */
	/*
	 * One word (a scalar, or an element of a list) as a new value, or
	 * NULL with *cause: "invalid value 'x' for property 'vcpus': not an
	 * integer".
	 */
	json_t	*(*parse)(const struct prop_def *p, const char *word,
		    char **cause);
	/*
	 * A value read from the state file, by the rules of parse: y is a
	 * scalar (a string, or the integer, real or boolean the reader
	 * typed; never null), or an object for a mapping kind.  Returns a
	 * new reference (y itself when it is already the value), or NULL
	 * with *cause and *at set to the node to blame (y or one inside it,
	 * borrowed).
	 */
	json_t	*(*load)(const struct prop_def *p, json_t *y,
		    const json_t **at, char **cause);
	/* The text of one value for show and get.  Caller frees. */
	char	*(*format)(const struct prop_def *p, const json_t *v);
	/* Offers the values a word may take; NULL: the kind has none. */
	void	 (*complete)(const struct prop_def *p,
		    const struct compl_ctx *c, struct compl_out *out);
};

/* Indexed by enum vkind. */
extern const struct kind_ops kind_ops[];

/*
 * The rule every text obeys: each string of a value (a scalar, a list
 * element, a map's keys and values, the keys and strings inside a JSON
 * object) and each object name.  s (len bytes, NUL bytes included) must
 * be UTF-8 and hold no control character (U+0000 to U+001F, U+007F to
 * U+009F: a line break, a tab, a NUL) nor a line or paragraph separator
 * (U+2028, U+2029): nova.conf, the state file and the terminal would each
 * read those differently.  Returns 0, or -1 with *why (caller frees; why
 * may be NULL): "not valid UTF-8 at byte 4", "control character U+000A
 * at byte 6", "line separator U+2028 at byte 3" (bytes count from 1).
 */
int	 value_text_check(const char *s, size_t len, char **why);

/*
 * s (len bytes) for a message: each byte of a control character, a
 * separator or a sequence that is not UTF-8 as \xNN.  Caller frees.
 */
char	*value_text_shown(const char *s, size_t len);

/*
 * s (len bytes) made to obey the text rule, for text ocmsh takes from
 * the system rather than from the user (a device name from pci.ids): each
 * sequence that breaks it becomes U+FFFD.  Caller frees.
 */
char	*value_text_clean(const char *s, size_t len);

/*
 * Parses words into a value for p (ocmsh(1) VALUES): a scalar
 * takes one word (a string joins several with spaces), a list every word,
 * a map one JSON object or key=value words.  "@FILE" reads a word from a
 * file.  Returns a new reference, or NULL with *cause naming the property,
 * the value and the reason; nothing else changes.
 */
json_t	*value_parse(const struct prop_def *p, char *const *words, int n,
	    char **cause);
/* Parses one element (scalar or list element) of p's kind. */
json_t	*value_parse_one(const struct prop_def *p, const char *word,
	    char **cause);
/* Parses map entries (JSON object or key=value words) into a new object. */
json_t	*value_parse_map(const struct prop_def *p, char *const *words, int n,
	    char **cause);

/*
 * Where a value read from the state file is wrong: the node, and for the
 * nodes jansson shares (true, false, null), which have no position of
 * their own, its place: the mapping or list holding it (in) and its key
 * or (key NULL) index.  in is NULL when the node is the value itself.
 */
struct value_at {
	const json_t	*node;
	const json_t	*in;
	const char	*key;
	size_t		 index;
};

struct obj_type;

/*
 * Loads the value of property p (of an object of type t) from the node y
 * read from the state file (not null), by the rules of value_parse: the
 * shape, each scalar or element by its kind's load, then p->check.
 * Returns a new reference (y itself where it already is the value), or
 * NULL with *cause ("device property 'memory' must be a single value")
 * and *at.
 */
json_t	*value_load(const struct obj_type *t, const struct prop_def *p,
	    json_t *y, struct value_at *at, char **cause);

/*
 * Formats v for show (sep ",") or get (sep " "); NULL v means unset, which
 * shows the default or "".  Caller frees.
 */
char	*value_format(const struct prop_def *p, const json_t *v,
	    const char *sep);
/* The default value of p as a new reference, or NULL when it has none. */
json_t	*value_default(const struct prop_def *p);

#endif
