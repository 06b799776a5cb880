/*
 * backend.h - where the state lives: the YAML file (backend_file.c) or
 * etcd (backend_etcd.c).  The store and the commit (store.c, commit.c)
 * call these operations and nothing else of either; nothing outside
 * state/ knows which one is in use.
 *
 * Every operation returns 0, or -1 with *cause (one line); commit_write
 * also STORE_CONFLICT.  A backend's own data hangs off st->bed.
 */
#ifndef OCMSH_BACKEND_H
#define OCMSH_BACKEND_H

#include <jansson.h>

#include "state/store.h"

struct render_plan;
struct sbuf;
struct state_doc;
struct diag;

/* What a commit hands its backend to write. */
struct backend_write {
	const struct render_plan	*plan;	/* the derived files */
	const struct state_doc		*doc;	/* the next state */
	const struct sbuf		*yaml;	/* doc serialised, or empty
						 * when the backend does not
						 * want it (whole_text 0) */
	const struct store_items	*items;	/* the objects committed */
	const json_t			*patched; /* objects some carried
						 * keys of which it commits:
						 * collpath -> {name -> true} */
	struct diag			*diag;	/* for warnings */
	const json_t			*checked; /* the record of its
						 * checks (state/checked.h),
						 * or NULL: keep none */
};

/* What load_obj and load_coll return for a key that does not load. */
#define BACKEND_BAD	(-2)

/* What a backend's write returns when the commit must start again. */
#define BACKEND_RETRY	(-90)

struct backend_ops {
	const char	*name;
	int		 whole_text;	/* a commit serialises the whole state */
	/* Loads the whole state into d: 0, 1 when there is none yet. */
	int	(*open)(struct store *st, struct state_doc *d, char **cause);
	/* Brings st->disk up to date with what other sessions wrote. */
	int	(*sync)(struct store *st, char **cause);
	/*
	 * Starts a commit: locks (unless dry_run; *lockfd, else -1),
	 * syncs, and hands over what a killed commit left (*intent, a new
	 * reference, or NULL).
	 */
	int	(*begin)(struct store *st, int dry_run, int *lockfd,
		    json_t **intent, char **cause);
	/* The state as it is now, as the state file would hold it. */
	int	(*old_text)(struct store *st, struct sbuf *out, char **cause);
	/* Writes the derived files and the next state. */
	int	(*write)(struct store *st, const struct backend_write *w,
		    char **cause);
	/* The commit log, "REV\tTIME\tUSER\tSUMMARY\n" lines, or NULL. */
	char	*(*log)(struct store *st);
	/* Loads revision rev into d: 0, 1 when it is not kept. */
	int	(*load_rev)(struct store *st, long long rev,
		    struct state_doc *d, char **cause);
	/* Edits the written map of the state as it is now, in place. */
	int	(*save_written)(struct store *st,
		    void (*edit)(json_t *written, void *arg), void *arg,
		    char **cause);
	/* Writes the whole state d into an st that holds none yet. */
	int	(*import)(struct store *st, const struct state_doc *d,
		    char **cause);
	/*
	 * Waits until the state may have changed since it was last read
	 * (a commit elsewhere).  Returns 0, or -1 with *cause when the
	 * state cannot be reached.
	 */
	int	(*wait)(struct store *st, char **cause);
	/*
	 * For a state read as needed (state/lazy.c), NULL otherwise: open
	 * then reads the revision, cluster and written map only.
	 * load_obj reads one object into *obj (NULL when it does not
	 * exist); load_coll reads the objects of the collection collpath
	 * (not what they own) into out (collpath -> {name -> object}).  Both read the state as it was at the last sync, and
	 * return 0, -1 with *cause when the server does not answer, or
	 * BACKEND_BAD with *cause when a key does not load.
	 */
	int	(*load_obj)(struct store *st, const char *collpath,
		    const char *name, json_t **obj, char **cause);
	int	(*load_coll)(struct store *st, const char *collpath,
		    json_t *out, char **cause);
	/*
	 * The record of the last commit's checks (state/checked.h) into
	 * *rec (NULL: none kept): 0, or -1 with *cause.  NULL: the backend
	 * keeps none.
	 */
	int	(*load_checked)(struct store *st, json_t **rec, char **cause);
	/* Frees st->bed. */
	void	(*close)(struct store *st);
};

extern const struct backend_ops backend_file_ops;
extern const struct backend_ops backend_etcd_ops;

/* The backend a state name selects: etcd:// URLs, else the file. */
const struct backend_ops *backend_for(const char *name);

/*
 * Opens a second store on the state name for writing a whole state
 * into it (export): it must not hold a state yet.  Returns 0, or -1 with
 * *cause.  Writes d as it is: revision, cluster, written and objects.
 */
int	backend_export(const char *name, const struct state_doc *d,
	    char **cause);

#endif
