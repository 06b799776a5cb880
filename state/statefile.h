/*
 * statefile.h - the YAML state file (doc/ocmsh-state.5): loading it into
 * collections by the schema, saving it, and the built-in example cluster.
 *
 * A loaded state is a state_doc.  Its members are owned by it:
 * state_doc_release() frees them; a caller that keeps one sets it to NULL
 * in the doc first.
 */
#ifndef OCMSH_STATEFILE_H
#define OCMSH_STATEFILE_H

#include <jansson.h>

struct sbuf;

/* The format of the state file this ocmsh reads and writes. */
#define STATE_FORMAT 1

/* A state as the file holds it. */
struct state_doc {
	json_t		*colls;		/* collpath -> {name -> object} */
	json_t		*written;	/* may be an empty object */
	long long	 revision;
	char		*cluster;
};

/* Frees what d holds and clears it. */
void	state_doc_release(struct state_doc *d);

/*
 * Loads the state file path into d.  Returns 0; 1 if the file does not
 * exist (d is empty); -1 with *cause ("FILE:LINE:COL: message") if it
 * does not load.
 */
int	state_load(const char *path, struct state_doc *d, char **cause);

/* Fills d with the built-in example cluster (ocmsh --example). */
void	state_example(struct state_doc *d);
/*
 * Fills d with an empty cluster named name: no devices, images, flavors,
 * aggregates or aliases, only the OpenStack deployment "default" with
 * its settings unset (their defaults apply).  What a state that does not
 * exist yet starts as.
 */
void	state_empty(struct state_doc *d, const char *name);

/*
 * Serialises d to YAML, appended to out.  Returns 0, or -1 with *cause
 * set, out as it was.  Nothing the loader would refuse is written: a
 * negative revision, a value that nests deeper than YAML_MAX_DEPTH, a
 * text over YAML_MAX_SIZE bytes are refused ("the state would be N
 * bytes, over the 64 MiB (67108864 bytes) a state file may hold").
 */
int	state_emit(const struct state_doc *d, struct sbuf *out, char **cause);

#endif
