/*
 * softwareimage.c - software images, keyed by name: each has a tree of
 * its own (a clone gets a path of its own; two images never share one).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/view.h"
#include "modules/modules.h"
#include "state/validate.h"

/* clang-format off */
static const struct prop_def softwareimage_props[] = {
	P_KEY  ("name", "Name", "Name of the software image"),
	P_PATH ("path", "Path", "Root folder of the image tree"),
	P_STR  ("kernelparameters", "Kernel parameters", "Kernel command-line parameters of its nodes"),
	P_END
};
/* clang-format on */

/* A path without repeated or trailing slashes ("/" stays). Caller frees. */
static char *
path_canon(const char *path)
{
	char *s = xstrdup(path), *w = s;

	for (const char *r = path; *r; r++)
		if (*r != '/' || w == s || w[-1] != '/')
			*w++ = *r;
	while (w > s + 1 && w[-1] == '/')
		w--;
	*w = '\0';
	return s;
}

/*
 * clone: the copy's tree is its own, the source tree's parent folder and
 * the new name (/cm/images/default-image -> /cm/images/gpu-image).
 */
static void
softwareimage_clone(json_t *view, const char *from, const char *to,
    json_t *copy, char **note)
{
	const char *path = json_string_value(json_object_get(copy, "path"));
	char *canon, *slash;

	(void)view;
	(void)from;
	(void)note;
	if (path == NULL)
		return;
	canon = path_canon(path);
	slash = strrchr(canon, '/');
	if (slash != NULL)
		*slash = '\0';
	json_object_set_new(copy, "path", json_sprintf("%s/%s", canon, to));
	free(canon);
}

/* Two images share a path: commit would write both into one tree. */
static void
check_image_paths(struct validate_ctx *vc)
{
	json_t *imgs = view_coll(vc->colls, "softwareimages"), *o;
	json_t *seen = json_object();
	const char *name;

	json_object_foreach(imgs, name, o) {
		const char *path = json_string_value(json_object_get(o,
		    "path"));
		char *canon, *f;
		json_t *other;

		if (path == NULL)
			continue;
		canon = path_canon(path);
		if ((other = json_object_get(seen, canon)) == NULL) {
			json_object_set_new(seen, canon, json_string(name));
			free(canon);
			continue;
		}
		f = xasprintf("softwareimage %s path", name);
		diag_add(vc->diag, DIAG_ERROR, DC_IMAGE_SHARED, f, "'%s' is the "
		    "path of softwareimage '%s' too: their files would be "
		    "written into one tree (give each image its own)", path,
		    json_string_value(other));
		free(f);
		free(canon);
	}
	json_decref(seen);
}

/* What the check reads (model/schema.h). */
static const char *const image_reads[] = { "softwareimage", NULL };

static const struct type_check softwareimage_checks[] = {
	{ STEP_IMAGES, check_image_paths, 0, image_reads },
	{ 0, NULL, 0, NULL }
};

const struct obj_type softwareimage_type = {
	.name = "softwareimage",
	.plural = "Software images",
	.mode = "softwareimage",
	.layout = OT_COLLECTION,
	.yaml_key = "softwareimages",
	.props = softwareimage_props,
	.validate = softwareimage_checks,
	.clone_hook = softwareimage_clone,
	.list_format = "name:[16-32], path:[20-60], kernelparameters:[18-48]",
	.help = "Enter software image mode",
	.label = "Software image",
};
