/* category.c - node categories: settings a group of nodes shares. */
#include "config.h"

#include "modules/modules.h"

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
};
