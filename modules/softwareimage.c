/* softwareimage.c - software images, keyed by name. */
#include "config.h"

#include "modules/modules.h"

/* clang-format off */
static const struct prop_def softwareimage_props[] = {
	P_KEY  ("name", "Name", "Name of the software image"),
	P_PATH ("path", "Path", "Root folder of the image tree"),
	P_STR  ("kernelparameters", "Kernel parameters", "Kernel command-line parameters of its nodes"),
	P_END
};
/* clang-format on */

const struct obj_type softwareimage_type = {
	.name = "softwareimage",
	.plural = "Software images",
	.mode = "softwareimage",
	.layout = OT_COLLECTION,
	.yaml_key = "softwareimages",
	.props = softwareimage_props,
	.list_format = "name:[16-32], path:[20-60], kernelparameters:[18-48]",
	.help = "Enter software image mode",
	.label = "Software image",
};
