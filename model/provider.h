/*
 * provider.h - what completion asks of the tables: the values a word may
 * take.  A kind offers its own (kind_ops[].complete in model/value.h:
 * enum choices, booleans, object names); a property row may name a
 * provider instead (prop_def.complete), which lives with its module.
 *
 * The engine (shell/complete.c) fills a struct compl_ctx and implements
 * struct compl_out; providers read the one and add to the other, and know
 * nothing else of the engine.  Candidates need not match the word typed
 * so far, nor be unique: the engine keeps those that fit (the first help
 * of a word wins).
 */
#ifndef OCMSH_PROVIDER_H
#define OCMSH_PROVIDER_H

#include <jansson.h>

#include "lib/strv.h"

struct obj_type;

/* What is being completed.  Everything is borrowed. */
struct compl_ctx {
	json_t		*view;		/* the staged view (model/view.h) */
	const json_t	*obj;		/* the object or record being set, or
					   NULL when it does not exist yet */
	const char	*key;		/* a map property: NULL asks for its
					   keys, else for the values of key */
	const char	*partial;	/* with key: the value typed so far */
	int		 want_helps;	/* helps are shown: worth their cost */
	/*
	 * The name of the object of type t selected on the mode stack (the
	 * innermost such frame), or NULL when none is.
	 */
	const char	*(*selected)(const struct compl_ctx *c,
			    const struct obj_type *t);
};

/* Where candidates go; the engine implements add. */
struct compl_out {
	/* Offers word (copied) with a one-line help (may be NULL). */
	void	(*add)(struct compl_out *out, const char *word,
		    const char *help);
};

/* Offers word with help to out. */
static inline void
compl_out_add(struct compl_out *out, const char *word, const char *help)
{
	out->add(out, word, help);
}

/*
 * A compl_out that keeps what it is offered, in order, for code that
 * reads what a provider offers (the engine's map completion, or one
 * provider asking another).  Set up with compl_keep_init(), free with
 * compl_keep_release().
 */
struct compl_keep {
	struct compl_out	 out;
	struct strv		 words;
	struct strv		 helps;		/* "" for none */
};

void	compl_keep_init(struct compl_keep *k);
void	compl_keep_release(struct compl_keep *k);

/*
 * A named provider of values (FRR's cmd_variable_handler): a prop_def
 * names it in .complete ("pci-vendors"); list offers what fits c.  For a
 * map property it is asked for the keys (c->key NULL) and for the values
 * of one key.
 */
struct compl_provider {
	const char	*name;
	void		(*list)(const struct compl_ctx *c, struct compl_out *out);
};

/* Every provider, NULL-terminated (defined in modules/modules.c). */
extern const struct compl_provider *const providers[];

/* The provider called name, or NULL (also for a NULL name). */
const struct compl_provider *provider_find(const char *name);

#endif
