/*
 * view.h - reading a view of the cluster.
 *
 * A view is a JSON object that maps a collection path to a collection
 * (name -> object).  Collection paths are "devices", "softwareimages",
 * "openstack", and for collections owned by an object
 * "openstack/default/flavors".  An object's path is its collection path,
 * "/", its name.  The store keeps three views (disk, base, staged); the
 * validation, the nova.conf renderer and completion read them through
 * these functions only.  Everything returned is borrowed from the view.
 */
#ifndef OCMSH_VIEW_H
#define OCMSH_VIEW_H

#include <jansson.h>

struct obj_type;

/*
 * Where the objects of a view not read yet come from (the etcd backend
 * reads them when first needed, see state/store.h): before view_coll()
 * returns a collection, fault(arg, view, collpath, NULL) is called; when
 * view_get() does not find an object, fault(arg, view, collpath, name),
 * and the view is looked at again.  fault does nothing for views it does
 * not know.  NULL (the default): every view is whole.
 */
struct view_source {
	void	(*fault)(void *arg, json_t *view, const char *collpath,
		    const char *name);
	void	*arg;
};
void	view_set_source(const struct view_source *src);

/* The collection (name -> object) at collpath, or NULL if none. */
json_t	*view_coll(json_t *view, const char *collpath);
/* The object name of collection collpath, or NULL. */
json_t	*view_get(json_t *view, const char *collpath, const char *name);
/*
 * The same without reading what has not been read yet: for the store's
 * own walks over what a session holds (changes can only be there).
 */
json_t	*view_coll_held(json_t *view, const char *collpath);
/*
 * Adds to view, where missing, the empty collections the object
 * collpath/name owns ("openstack/default/flavors", ...).
 */
void	view_add_owned(json_t *view, const char *collpath, const char *name);
/* The collection path of type t under the object at parent_path (NULL for
 * top-level types).  Caller frees. */
char	*view_collpath(const struct obj_type *t, const char *parent_path);
/* The object type of a collection path, or NULL. */
const struct obj_type *view_coll_type(const char *collpath);

#endif
