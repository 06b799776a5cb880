/*
 * store.h - the cluster state in memory: what is on disk, the baseline of
 * each object, and the staged changes.
 *
 * Objects live in collections addressed by a collection path:
 * "devices", "softwareimages", "openstack", and for collections owned by
 * an object "openstack/default/flavors".  An object's path is its
 * collection path, "/", its name.  An object's JSON holds its own
 * properties and its records (openstack's "settings": {"compute": ...}),
 * never the collections it owns.
 *
 * Three views share unchanged objects by reference (copy on write):
 *   disk    the state as last read from or written to the file;
 *   base    the baseline each staged change is compared against (equal to
 *           disk except for objects whose staged change predates another
 *           session's commit of the same object: those keep their old
 *           baseline so that committing them is refused with exit 75);
 *   staged  base plus this session's changes.
 */
#ifndef OCMSH_STORE_H
#define OCMSH_STORE_H

#include <jansson.h>
#include <sys/types.h>

#include "model/schema.h"
#include "model/view.h"

struct backend_ops;
struct state_doc;

struct store {
	char		*path;		/* the state, as it was named: a file
					 * or an etcd:// URL */
	/*
	 * The state file with every symbolic link followed
	 * (atomic_real_path(); path itself when it cannot be resolved
	 * yet), taken again by each commit: the file it reads and writes,
	 * and what its lock, temporary file, intent record and history are
	 * named after, whatever the spelling of path.
	 */
	char		*real;
	char		*root;		/* prefix of derived files (-r) */
	json_t		*disk;		/* collpath -> {name -> object} */
	json_t		*base;		/* same shape */
	json_t		*staged;	/* same shape */
	json_t		*written;	/* derived file -> {digest} (disk) */
	long long	 revision;	/* revision of disk */
	char		*cluster;	/* cluster name */
	int		 exists;	/* the file existed or was written */
	dev_t		 st_dev;	/* identity of the file as last seen */
	ino_t		 st_ino;
	off_t		 st_size;
	long long	 st_mtime_ns;
	/*
	 * The views the last commit replaced, or NULL.  Freeing them
	 * (every object the commit changed, in its old version) costs
	 * about as much as the rest of a large commit, and a batch run
	 * that ends with the commit never needs the memory back: they are
	 * freed at the next commit or by store_free.
	 */
	json_t		*retired;
	const struct backend_ops *be;	/* where the state lives (backend.h) */
	void		*bed;		/* the backend's own data */
	/*
	 * Staged changes that join every commit, wherever it is typed
	 * (state/adopt.h): collpath -> {name -> mark}, or NULL.
	 */
	json_t		*carried;
	/*
	 * What has been read of a state that is read as commands need it
	 * (etcd: state/lazy.c), or NULL when it was read whole at open.
	 */
	struct store_lazy *lazy;
};

/* How an object differs between base and staged. */
enum store_change {
	CH_NONE = 0,
	CH_CHANGED,
	CH_ADDED,
	CH_REMOVED,
};

/* One changed object. */
struct store_item {
	char			*collpath;
	char			*name;
	const struct obj_type	*type;
	enum store_change	 change;
};

struct store_items {
	struct store_item	*v;
	size_t			 n, cap;
};
void	store_items_release(struct store_items *it);

/* How a state that does not exist yet starts (store_open()). */
enum store_start {
	STORE_START_EMPTY,	/* an empty cluster named after the host */
	STORE_START_EXAMPLE,	/* the built-in example cluster */
};

/*
 * Opens the state: loads path (a file, or etcd://HOST:PORT[,...]/PREFIX,
 * see backend.h), or, when path does not exist, starts as
 * start says (nothing is written before the first commit).  Returns NULL
 * with *cause ("FILE:LINE:COL: message") when the file exists but does
 * not load.
 */
struct store	*store_open(const char *path, const char *root,
		    enum store_start start, char **cause);
void		 store_free(struct store *st);


/*
 * The staged object for writing: made private to staged first (copy on
 * write), together with every object and array inside it, so the caller
 * may change anything in it in place.  NULL if it does not exist.
 */
json_t	*store_get_w(struct store *st, const char *collpath, const char *name);
/*
 * The same, cheaper, for a caller that changes the object's own keys only
 * (json_object_set/del on it): the object is private, but the values it
 * holds (records, lists, maps) may still be shared with base, disk and
 * undo snapshots and must not be changed in place; take a nested value
 * through store_child_w() before changing it.  NULL if it does not exist.
 */
json_t	*store_get_w_top(struct store *st, const char *collpath,
	    const char *name);
/*
 * The value under key of a private object obj (from store_get_w_top() or
 * an earlier store_child_w()), made private to obj in the same way (a
 * shared object or array is replaced in obj by a shallow copy), so the
 * caller may change its own keys or elements.  When key is missing:
 * with create, a new empty object is set under it and returned; else
 * NULL.  Borrowed.
 */
json_t	*store_child_w(json_t *obj, const char *key, int create);
/* Stages a new object (steals obj); replaces nothing: -1 if it exists. */
int	 store_add(struct store *st, const char *collpath, const char *name,
	    json_t *obj);
/* Stages the removal of an object and of the collections it owns. */
void	 store_remove(struct store *st, const char *collpath, const char *name);
/* Replaces a staged object by a new value (steals obj). */
void	 store_put(struct store *st, const char *collpath, const char *name,
	    json_t *obj);

/* How the object differs between base and staged. */
enum store_change store_change_of(const struct store *st, const char *collpath,
	    const char *name);
/* 1 if any object of the collection is changed, added or removed. */
int	 store_coll_modified(const struct store *st, const char *collpath);
/*
 * Lists changed objects whose path is within scope: scope "" = all; a
 * collection path = all objects of it and of collections below it; an
 * object path with exact = 1 = that object only.  Sorted by path.
 */
void	 store_changes(const struct store *st, const char *scope, int exact,
	    struct store_items *out);

/*
 * Drops the staged changes within scope, taking the newest state from disk
 * for those objects.  Returns 0, or -1 with *cause if the file no longer
 * loads.
 */
int	 store_refresh(struct store *st, const char *scope, int exact,
	    char **cause);

/*
 * A state kept on a server (etcd) is read as commands need it: an object
 * when it is first looked up (view_get), a collection when it is first
 * walked (view_coll), in the store's views and in the views a caller
 * holds besides them (store_hold_view).  For a state read whole at open
 * these do nothing and return 0.
 *
 * store_load_all reads everything not read yet (for walks over every
 * collection of a view).  Returns 0, or -1 with *cause (with cause NULL,
 * the error is left for store_read_error()).
 */
int	 store_load_all(struct store *st, char **cause);
/* Makes a copy of a view (json_copy of staged or base) follow the reads. */
void	 store_hold_view(struct store *st, json_t *view);
void	 store_drop_view(struct store *st, json_t *view);
/*
 * The first read that failed since the last call (caller frees), or
 * NULL: what was looked up then read as missing, so the command that
 * read it must fail with this.  *bad (unless NULL): 1 when a key of the
 * state does not load, which no retry mends; 0 when the server did not
 * answer.
 */
char	*store_read_error(struct store *st, int *bad);
/* 1 if a read failed since the last store_read_error(). */
int	 store_read_failed(const struct store *st);
/*
 * Has fn(cause) called, instead, when a key of the state does not load
 * (batch input: it ends the run, as when the state does not load at
 * start, before the command prints what it would make of the rest).
 * fn does not return.  NULL: store_read_error() reports it.
 */
void	 store_on_bad_key(struct store *st, void (*fn)(const char *cause));

/*
 * How to reach a state kept on a server (etcd, see backend.h): each
 * setting NULL unless the command line gave it; they override the
 * configuration file's.  The strings are borrowed until the program ends.
 */
struct store_access {
	const char	*cacert, *cert, *key;	/* TLS files */
	const char	*user, *password_file;	/* login */
};
void	 store_set_access(const struct store_access *a);

/*
 * The commit log, "REV\tTIME\tUSER\tSUMMARY\n" lines (caller frees),
 * or NULL when there is none.
 */
char	*store_commit_log(struct store *st);
/*
 * Loads revision rev of the state into d (state_doc_release() frees it).
 * Returns 0, or -1 with *cause (also when the revision is not kept).
 */
int	 store_load_revision(struct store *st, long long rev,
	    struct state_doc *d, char **cause);
/*
 * Edits, with edit(written, arg), the map of derived file digests of the
 * newest state and saves it at the same revision.  Returns 0, or -1 with
 * *cause.
 */
int	 store_save_written(struct store *st, void (*edit)(json_t *, void *),
	    void *arg, char **cause);
/*
 * Writes the state as last read or committed (not the staged changes)
 * into target, a file name or etcd:// URL that holds no state yet.
 * Returns 0, or -1 with *cause.
 */
int	 store_export(struct store *st, const char *target, char **cause);

#endif
