/* category.c - node categories: settings a group of nodes shares. */
#include "config.h"

#include <stdlib.h>

#include "lib/diag.h"
#include "lib/xalloc.h"
#include "model/diagcodes.h"
#include "model/view.h"
#include "modules/modules.h"
#include "state/validate.h"

/* a category takes what it leaves unset from its software image */
static const char *const category_inherit[] = { "softwareimage", NULL };

/* clang-format off */
static const struct prop_def category_props[] = {
	P_KEY  ("name", "Name", "Name of the category"),
	P_REF  ("softwareimage", "Software image", "softwareimage", "Software image of its nodes"),
	P_STR  ("kernelparameters", "Kernel parameters", "Kernel command-line parameters of its nodes"),
	P_LISTF("roles", "Roles", VK_ENUM, PROP_UNIQUE, "OpenStack roles of its nodes", .choices = device_role_names),
	P_END
};
/* clang-format on */

/* References of categories to software images. */
static void
check_category_refs(struct validate_ctx *vc)
{
	json_t *cats = view_coll(vc->colls, "categories");
	json_t *imgs = view_coll(vc->colls, "softwareimages");
	const char *name;
	json_t *o;

	json_object_foreach(cats, name, o) {
		const char *img = json_string_value(json_object_get(o,
		    "softwareimage"));
		char *f;

		if (img == NULL || *img == '\0' ||
		    (imgs && json_object_get(imgs, img)))
			continue;
		f = xasprintf("category %s softwareimage", name);
		diag_add(vc->diag, DIAG_ERROR, DC_REF, f,
		    "no such softwareimage '%s'", img);
		free(f);
	}
}

/* What the check reads (model/schema.h). */
static const char *const reads_refs[] = { "category", "softwareimage",
    NULL };

static const struct type_check category_checks[] = {
	{ STEP_CATEGORIES, check_category_refs, 0, reads_refs },
	{ 0, NULL, 0, NULL }
};

const struct obj_type category_type = {
	.name = "category",
	.plural = "Categories",
	.mode = "category",
	.layout = OT_COLLECTION,
	.yaml_key = "categories",
	.props = category_props,
	.list_format = "name:[16-32], softwareimage:[16-32], "
	    "kernelparameters:[18-48], roles:[12-40]",
	.help = "Enter category mode",
	.label = "Category",
	.inherit = category_inherit,
	.validate = category_checks,
};
