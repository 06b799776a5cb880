/*
 * schema.h - the declarative description of every object type.
 *
 * Each object type is one `struct obj_type` with a table of `struct
 * prop_def` rows (ocmsh(1) OBJECTS).  The generic commands (show, list, get,
 * set, append, removefrom, clear), completion, help, the YAML loader and
 * the saver all read these tables; a new property is one row.
 *
 * Values are jansson json_t: strings, integers, reals, booleans, arrays
 * (PS_LIST) and objects (PS_MAP: string -> string).  A property's type
 * lives in its prop_def, never in the value.
 */
#ifndef OCMSH_SCHEMA_H
#define OCMSH_SCHEMA_H

#include <jansson.h>
#include <limits.h>



enum vkind {
	VK_STRING,	/* any text */
	VK_INT,		/* integer within [min, max] */
	VK_FLOAT,	/* real number >= 0 */
	VK_BOOL,	/* yes/no, on/off, true/false, 1/0; shown yes/no */
	VK_ENUM,	/* one of choices */
	VK_REF,		/* the name of an object of type ref (checked at commit) */
	VK_PATH,	/* an absolute path */
	VK_HEX4,	/* four hex digits, stored lower-case */
	VK_JSONOBJ,	/* a JSON object */
	VK_NKINDS
};

enum pshape {
	PS_SCALAR,
	PS_LIST,	/* ordered list of values of kind */
	PS_MAP,		/* string -> string, from JSON or key=value words */
};

#define PROP_KEY	0x01	/* the object's name: not stored, not settable */
#define PROP_RO		0x02	/* read-only (pcidevices, filled by pciscan) */
#define PROP_NODESET	0x04	/* list of device refs: node sets accepted */
#define PROP_UNIQUE	0x08	/* list: duplicates are refused */

struct session;
struct prop_def;

/* Extra per-property rule; returns -1 with *cause set to refuse. */
typedef int (*prop_check_fn)(const struct prop_def *, const json_t *,
    char **cause);

struct prop_def {
	const char		*name;		/* get/set name and YAML key */
	const char		*label;		/* show's Parameter column */
	enum pshape		 shape;
	enum vkind		 kind;		/* of the value or of each element */
	int			 flags;		/* PROP_* */
	long long		 min, max;	/* VK_INT bounds */
	const char *const	*choices;	/* VK_ENUM, NULL-terminated */
	const char		*ref;		/* VK_REF: target type name */
	const char		*def;		/* default as typed; NULL = empty */
	prop_check_fn		 check;		/* optional extra rule */
	const char		*complete;	/* completion provider name */
	const char		*help;		/* one line */
	/* show: a list one element a line, in this form (caller frees) */
	char			*(*show_elem)(const json_t *elem);
};

/* clang-format off */
#define PROP_T_(n, l, s, k, f, h, ...) \
	{ .name = (n), .label = (l), .shape = (s), .kind = (k), .flags = (f), \
	  .help = (h), __VA_ARGS__ }
#define P_KEY(n, l, h)		PROP_T_(n, l, PS_SCALAR, VK_STRING, PROP_KEY, h)
#define P_STR(n, l, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_STRING, 0, h, __VA_ARGS__)
#define P_PATH(n, l, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_PATH, 0, h, __VA_ARGS__)
#define P_INT(n, l, lo, hi, h, ...) \
	PROP_T_(n, l, PS_SCALAR, VK_INT, 0, h, .min = (lo), .max = (hi), __VA_ARGS__)
#define P_FLOAT(n, l, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_FLOAT, 0, h, __VA_ARGS__)
#define P_BOOL(n, l, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_BOOL, 0, h, __VA_ARGS__)
#define P_ENUM(n, l, c, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_ENUM, 0, h, .choices = (c), __VA_ARGS__)
#define P_REF(n, l, t, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_REF, 0, h, .ref = (t), __VA_ARGS__)
#define P_HEX4(n, l, h, ...)	PROP_T_(n, l, PS_SCALAR, VK_HEX4, 0, h, __VA_ARGS__)
#define P_LIST(n, l, k, h, ...)	PROP_T_(n, l, PS_LIST, k, 0, h, __VA_ARGS__)
#define P_LISTF(n, l, k, f, h, ...) PROP_T_(n, l, PS_LIST, k, f, h, __VA_ARGS__)
#define P_MAP(n, l, h, ...)	PROP_T_(n, l, PS_MAP, VK_STRING, 0, h, __VA_ARGS__)
#define P_END			{ .name = NULL }
/* clang-format on */

struct cmd_entry;
struct cluster_view;
struct diag;

/*
 * A selection option of foreach in the type's mode: "-t TYPE" (or
 * "--type TYPE") selects the objects whose property prop holds the word
 * (case-insensitive; a list holds it as an element, an unset property
 * holds its default).  Its values complete as the property's do.
 */
struct selector {
	char		 opt;		/* the short option letter */
	const char	*longopt;	/* the long option, without "--" */
	const char	*prop;		/* the property matched */
	const char	*help;		/* one line, for completion */
};

struct validate_ctx;

/*
 * One whole-state check of a type (state/validate.h).  validate_state()
 * runs every type's checks by step (then in obj_types[] order), which is
 * the order of the problems they report.
 */
struct type_check {
	int	  step;
	void	(*run)(struct validate_ctx *vc);
	/*
	 * A commit that the record of the last one serves (state/checked.h)
	 * runs the checks marked run_fast (the walk of a type with a
	 * gatherer, over the objects changed only, see validate_ctx.only;
	 * the checks that read the summary) and those that read (reads:
	 * type names, NULL-ended) a type it changes; it repeats the
	 * problems every other check found at the last commit.  A check
	 * that reads a gathering type may read only whether its objects
	 * exist and their read_across keys; a commit that must run one
	 * walks the whole state instead.
	 */
	int	  run_fast;
	const char *const *reads;
};

/*
 * What the whole-state checks and the renderer need of the objects of a
 * type that may have very many (devices), gathered into a summary (a
 * JSON object) one object at a time: a commit that changes a few of
 * them takes the last commit's summary, takes back what their old
 * versions gave and adds what the new ones give (state/checked.c), and
 * the type's walk checks only those (validate_ctx.only).
 */
struct gatherer {
	/* What one walk over view needs (freed by end). */
	void	*(*start)(json_t *view);
	/* Adds to sum what obj gives (sign 1), or takes it back (-1). */
	void	 (*add)(void *ctx, const char *name, json_t *obj, int sign,
		    json_t *sum);
	void	 (*end)(void *ctx);
	/* The keys of its objects other checks read directly, NULL-ended. */
	const char *const *read_across;
	/*
	 * The other types add reads (a node's category and image, the PCI
	 * aliases), NULL-ended: a commit that changes one walks the state.
	 */
	const char *const *depends;
};

enum obj_layout {
	OT_COLLECTION,	/* named objects: device, flavor, ... */
	OT_RECORD,	/* one unnamed record that is part of its parent */
};

struct obj_type {
	const char		*name;		/* "flavor": messages, modified */
	const char		*plural;	/* "Flavors": commit messages */
	const char		*mode;		/* "flavors": the mode word */
	const struct obj_type	*parent;	/* NULL: a top-level mode */
	enum obj_layout		 layout;
	const char		*yaml_key;	/* key under the parent (or root) */
	const struct prop_def	*props;		/* P_END-terminated */
	const char *const	*addtypes;	/* add TYPE words -> "type" value, or NULL */
	const char *const	*addvalues;	/* the "type" value for each addtypes word */
	const char		*list_format;	/* default list -f */
	const char		*autoselect;	/* selected on entry ("default") */
	const struct cmd_entry	*const *extra;	/* mode-specific commands */
	const struct selector	*selectors;	/* foreach options, or NULL;
						   ended by opt 0 */
	const char *const	*aliases;	/* NAME, COMMAND pairs, NULL-
						   ended: built-in alias NAME
						   is "MODE COMMAND" ("ds" for
						   "device status"), or NULL */
	const struct type_check	*validate;	/* ended by { 0, NULL }, or NULL */
	const struct gatherer	*gather;	/* or NULL */
	const char		*help;		/* "Enter device mode" */
	const char		*label;		/* "Device": modified, usedby */
	/*
	 * Reference properties, in order, whose objects supply a value the
	 * object leaves unset (inherit_get): a node's category, then its
	 * software image.  NULL-terminated, or NULL.
	 */
	const char *const	*inherit;
	/* add: the word after NAME, for usage ("IP"), or NULL: none */
	const char		*add_arg;
	/*
	 * add: completes a new object obj named name in view before it is
	 * staged; arg is the word after NAME, or NULL.  -1 with *cause set
	 * refuses the add.  NULL: nothing to do.
	 */
	int			(*add_hook)(json_t *view, const char *name,
				    json_t *obj, const char *arg, char **cause);
	/*
	 * clone: adjusts obj, the copy of src named dst, before it is
	 * staged; may set *note to a line to print (caller frees).  NULL:
	 * the copy stays as it is.
	 */
	void			(*clone_hook)(json_t *view, const char *src,
				    const char *dst, json_t *obj, char **note);
};

/* All object types, parents before children; NULL-terminated (modules.c). */
extern const struct obj_type *const obj_types[];

/* The prop_def of the key (name) property of t, or NULL for records. */
const struct prop_def	*type_key(const struct obj_type *t);
const struct obj_type	*type_find(const char *name);	/* by name */
const struct obj_type	*type_find_mode(const char *mode);	/* by mode word */
/* 1 if child is a separate entity under parent (collection), not a part. */
int			 type_is_separate(const struct obj_type *t);
/* The label of t for people ("Device"); its name when it has none. */
const char		*type_label(const struct obj_type *t);

/*
 * The value of property prop of object o (of top-level type t) in view,
 * as inherited: o's own when set (not empty), else the own value of the
 * first object that t's inherit references name which has it (a node's
 * category, then its software image: the image named by the node, or by
 * its category).  Borrowed; NULL when unset everywhere (model/inherit.c).
 */
json_t			*inherit_get(json_t *view, const struct obj_type *t,
			    json_t *o, const char *prop);

/*
 * The rule for the name of a new or loaded object of type t (ocmsh(1)
 * NAMES), as add, clone, the state file's loader and imports apply it:
 * name (len bytes) is text by value_text_check(), not empty, holds no
 * blank and nothing the command language or node sets read ("..", and
 * any of ; ( ) | > " ' \ / [ ] , ^), starts with none of - # ! @, is not
 * "." or "*", and passes the key row's own check.  Returns 0, or -1 with
 * *cause: "invalid device name 'a,b': ',' is not allowed in a name".
 */
int			 type_name_check(const struct obj_type *t,
			    const char *name, size_t len, char **cause);
/*
 * The name in coll (borrowed) that differs from name only in ASCII case,
 * or NULL: such a name is taken ("device 'Hyper01' differs from 'hyper01'
 * only in case").  Linear in coll.
 */
const char		*type_name_clash(const json_t *coll, const char *name);
/*
 * Finds two names of coll that differ only in case, in one pass: 0 when
 * there are none, else -1 with *a and *b (keys of coll, borrowed; *b the
 * one with a capital letter).
 */
int			 type_names_clash(const json_t *coll, const char **a,
			    const char **b);

/*
 * Finds a property by exact name or unique prefix (keys excluded unless
 * with_key).  NULL with *cause: "unknown property 'vcpu' for flavor (did
 * you mean 'vcpus'?)" or "ambiguous property 'e': ephemeral, extraspecs".
 */
const struct prop_def	*prop_find(const struct obj_type *t, const char *word,
			    int with_key, char **cause);
/* Exact name only; NULL if none. */
const struct prop_def	*prop_get(const struct obj_type *t, const char *name);

/* The value operations (value_parse, value_format, kind_ops[], ...). */
#include "model/value.h"

#endif
