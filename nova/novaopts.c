/*
 * novaopts.c - nova releases, managed option names per release and the
 * in-tree scheduler filters per release, as const tables (doc/nova.md
 * sections 1-3).  Each fact is written once: release-dependent values are
 * rows ordered newest first, and the first row whose release is not newer
 * than the one asked for wins (psql's VersionedQuery).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "nova/novaopts.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

/* clang-format off */
const char *const nova_release_names[] = {
	"newton", "ocata", "pike", "queens", "rocky", "stein", "train",
	"ussuri", "victoria", "wallaby", "xena", "yoga", "zed",
	"2023.1", "2023.2", "2024.1", "2024.2", "2025.1", "2025.2", "2026.1",
	NULL
};

/* Per release: the name in messages and the code name of 2023+ releases. */
static const struct {
	const char	*title;
	const char	*code;
} nova_releases[] = {
	{ "Newton", NULL },	{ "Ocata", NULL },	{ "Pike", NULL },
	{ "Queens", NULL },	{ "Rocky", NULL },	{ "Stein", NULL },
	{ "Train", NULL },	{ "Ussuri", NULL },	{ "Victoria", NULL },
	{ "Wallaby", NULL },	{ "Xena", NULL },	{ "Yoga", NULL },
	{ "Zed", NULL },
	{ "2023.1", "antelope" },	{ "2023.2", "bobcat" },
	{ "2024.1", "caracal" },	{ "2024.2", "dalmatian" },
	{ "2025.1", "epoxy" },		{ "2025.2", "flamingo" },
	{ "2026.1", "gazpacho" },
};
/* clang-format on */

_Static_assert(ARRAY_SIZE(nova_release_names) == NOVA_NRELEASES + 1,
    "one name per release");
_Static_assert(ARRAY_SIZE(nova_releases) == NOVA_NRELEASES,
    "one title per release");

/* Whether release is a valid index. */
static int
nova_release_ok(int release)
{
	return release >= 0 && release < NOVA_NRELEASES;
}

/* Display name of release, or NULL if it is out of range. */
const char *
nova_release_title(int release)
{
	return nova_release_ok(release) ? nova_releases[release].title : NULL;
}

/* Index of a release name or code name, case-insensitively; -1 if none. */
int
nova_release_find(const char *name)
{
	int	i;

	if (name == NULL)
		return -1;
	for (i = 0; i < NOVA_NRELEASES; i++) {
		if (strcasecmp(name, nova_release_names[i]) == 0)
			return i;
		if (nova_releases[i].code != NULL &&
		    strcasecmp(name, nova_releases[i].code) == 0)
			return i;
	}
	return -1;
}

/*
 * The names of each managed option, newest first; since[i] is the first
 * release that reads names[i] as the option's own (non-deprecated) name.
 */
/* clang-format off */
static const struct ini_name alias_names[] = {
	{ "pci", "alias" },
	{ "DEFAULT", "pci_alias" },
};
static const int alias_since[] = { NOVA_OCATA, NOVA_NEWTON };

static const struct ini_name whitelist_names[] = {
	{ "pci", "device_spec" },
	{ "pci", "passthrough_whitelist" },
	{ "DEFAULT", "pci_passthrough_whitelist" },
};
static const int whitelist_since[] = { NOVA_ZED, NOVA_OCATA, NOVA_NEWTON };

static const struct ini_name enabled_names[] = {
	{ "filter_scheduler", "enabled_filters" },
	{ "DEFAULT", "scheduler_default_filters" },
};
static const int enabled_since[] = { NOVA_OCATA, NOVA_NEWTON };

static const struct ini_name available_names[] = {
	{ "filter_scheduler", "available_filters" },
	{ "DEFAULT", "scheduler_available_filters" },
};
static const int available_since[] = { NOVA_OCATA, NOVA_NEWTON };
/* clang-format on */

_Static_assert(ARRAY_SIZE(alias_names) == ARRAY_SIZE(alias_since), "alias");
_Static_assert(ARRAY_SIZE(whitelist_names) == ARRAY_SIZE(whitelist_since),
    "whitelist");
_Static_assert(ARRAY_SIZE(enabled_names) == ARRAY_SIZE(enabled_since),
    "enabled");
_Static_assert(ARRAY_SIZE(available_names) == ARRAY_SIZE(available_since),
    "available");

/* One managed option. */
struct nova_opt_def {
	const struct ini_name	*names;		/* newest first */
	const int		*since;		/* parallel to names */
	size_t			 n;		/* how many names */
	int			 multi;		/* 1 MultiStrOpt, 0 ListOpt */
};

/* clang-format off */
#define NOVA_OPT_DEF(names, since, multi) \
	{ names, since, ARRAY_SIZE(names), multi }
static const struct nova_opt_def nova_opts[] = {
	[NOVA_OPT_ALIAS] =
	    NOVA_OPT_DEF(alias_names, alias_since, 1),
	[NOVA_OPT_WHITELIST] =
	    NOVA_OPT_DEF(whitelist_names, whitelist_since, 1),
	[NOVA_OPT_ENABLED_FILTERS] =
	    NOVA_OPT_DEF(enabled_names, enabled_since, 0),
	[NOVA_OPT_AVAILABLE_FILTERS] =
	    NOVA_OPT_DEF(available_names, available_since, 1),
};
/* clang-format on */

_Static_assert(ARRAY_SIZE(nova_opts) == NOVA_NOPTS, "one row per option");

/* Whether opt is a valid option. */
static int
nova_opt_ok(enum nova_opt opt)
{
	return (int)opt >= 0 && opt < NOVA_NOPTS;
}

/* The name written for opt in release; NULL if either is out of range. */
const struct ini_name *
nova_opt_name(enum nova_opt opt, int release)
{
	const struct nova_opt_def	*d;
	size_t				 i;

	if (!nova_opt_ok(opt) || !nova_release_ok(release))
		return NULL;
	d = &nova_opts[opt];
	for (i = 0; i < d->n; i++) {
		if (d->since[i] <= release)
			return &d->names[i];
	}
	return NULL;
}

/* Every name opt has had; 0 and NULL if opt is out of range. */
size_t
nova_opt_all_names(enum nova_opt opt, const struct ini_name **names)
{
	if (!nova_opt_ok(opt)) {
		*names = NULL;
		return 0;
	}
	*names = nova_opts[opt].names;
	return nova_opts[opt].n;
}

/* 1 for a MultiStrOpt, 0 for a ListOpt (or an unknown option). */
int
nova_opt_multi(enum nova_opt opt)
{
	return nova_opt_ok(opt) ? nova_opts[opt].multi : 0;
}

/*
 * The in-tree filters, sorted by name: the release that has them first,
 * the release that deprecates them and the first release without them
 * (NOVA_NRELEASES: never).  The abstract BaseRamFilter and BaseCoreFilter
 * are left out on purpose.  doc/nova.md section 3.
 */
#define KEPT NOVA_NRELEASES
/* clang-format off */
static const struct {
	const char	*name;
	int		 since;
	int		 deprecated;
	int		 removed;
} nova_filter_table[] = {
	{ "AggregateCoreFilter",		NOVA_NEWTON, NOVA_TRAIN, NOVA_VICTORIA },
	{ "AggregateDiskFilter",		NOVA_NEWTON, NOVA_TRAIN, NOVA_VICTORIA },
	{ "AggregateImagePropertiesIsolation",	NOVA_NEWTON, KEPT, KEPT },
	{ "AggregateInstanceExtraSpecsFilter",	NOVA_NEWTON, KEPT, KEPT },
	{ "AggregateIoOpsFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "AggregateMultiTenancyIsolation",	NOVA_NEWTON, KEPT, KEPT },
	{ "AggregateNumInstancesFilter",	NOVA_NEWTON, KEPT, KEPT },
	{ "AggregateRamFilter",			NOVA_NEWTON, NOVA_TRAIN, NOVA_VICTORIA },
	{ "AggregateTypeAffinityFilter",	NOVA_NEWTON, KEPT, KEPT },
	{ "AllHostsFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "AvailabilityZoneFilter",		NOVA_NEWTON, NOVA_XENA, NOVA_2023_2 },
	{ "ComputeCapabilitiesFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "ComputeFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "CoreFilter",				NOVA_NEWTON, NOVA_STEIN, NOVA_TRAIN },
	{ "DifferentHostFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "DiskFilter",				NOVA_NEWTON, NOVA_STEIN, NOVA_TRAIN },
	{ "ExactCoreFilter",			NOVA_NEWTON, NOVA_PIKE, NOVA_ROCKY },
	{ "ExactDiskFilter",			NOVA_NEWTON, NOVA_PIKE, NOVA_ROCKY },
	{ "ExactRamFilter",			NOVA_NEWTON, NOVA_PIKE, NOVA_ROCKY },
	{ "ImagePropertiesFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "IoOpsFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "IsolatedHostsFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "JsonFilter",				NOVA_NEWTON, KEPT, KEPT },
	{ "MetricsFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "NUMATopologyFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "NumInstancesFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "PciPassthroughFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "RamFilter",				NOVA_NEWTON, NOVA_STEIN, NOVA_TRAIN },
	{ "RetryFilter",			NOVA_NEWTON, NOVA_TRAIN, NOVA_VICTORIA },
	{ "SameHostFilter",			NOVA_NEWTON, KEPT, KEPT },
	{ "ServerGroupAffinityFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "ServerGroupAntiAffinityFilter",	NOVA_NEWTON, KEPT, KEPT },
	{ "SimpleCIDRAffinityFilter",		NOVA_NEWTON, KEPT, KEPT },
	{ "TrustedFilter",			NOVA_NEWTON, NOVA_PIKE, NOVA_QUEENS },
	{ "TypeAffinityFilter",			NOVA_NEWTON, NOVA_PIKE, NOVA_QUEENS },
};

/* Default enabled filters, newest first; the first row not newer wins. */
static const char *const defaults_xena[] = {
	"ComputeFilter", "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
	"ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter", NULL
};
static const char *const defaults_train[] = {
	"AvailabilityZoneFilter", "ComputeFilter", "ComputeCapabilitiesFilter",
	"ImagePropertiesFilter", "ServerGroupAntiAffinityFilter",
	"ServerGroupAffinityFilter", NULL
};
static const char *const defaults_pike[] = {
	"RetryFilter", "AvailabilityZoneFilter", "ComputeFilter",
	"ComputeCapabilitiesFilter", "ImagePropertiesFilter",
	"ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter", NULL
};
static const char *const defaults_newton[] = {
	"RetryFilter", "AvailabilityZoneFilter", "RamFilter", "DiskFilter",
	"ComputeFilter", "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
	"ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter", NULL
};
static const struct {
	int			 since;
	const char *const	*filters;
} nova_defaults[] = {
	{ NOVA_XENA,	defaults_xena },
	{ NOVA_TRAIN,	defaults_train },
	{ NOVA_PIKE,	defaults_pike },
	{ NOVA_NEWTON,	defaults_newton },
};
/* clang-format on */

/* Appends the in-tree filter names of release, sorted, to out. */
void
nova_filters(int release, struct strv *out)
{
	size_t	i;

	if (!nova_release_ok(release))
		return;
	for (i = 0; i < ARRAY_SIZE(nova_filter_table); i++) {
		if (nova_filter_table[i].since <= release &&
		    release < nova_filter_table[i].removed)
			strv_push(out, nova_filter_table[i].name);
	}
}

/* Appends the default enabled filters of release, in nova's order. */
void
nova_default_filters(int release, struct strv *out)
{
	const char *const	*f;
	size_t			 i;

	if (!nova_release_ok(release))
		return;
	for (i = 0; i < ARRAY_SIZE(nova_defaults); i++) {
		if (nova_defaults[i].since > release)
			continue;
		for (f = nova_defaults[i].filters; *f != NULL; f++)
			strv_push(out, *f);
		return;
	}
}

/* Whether filter name exists in release; see novaopts.h. */
int
nova_filter_exists(const char *name, int release, int *removed_in)
{
	size_t	i;
	int	removed = -1;

	for (i = 0; name != NULL && i < ARRAY_SIZE(nova_filter_table); i++) {
		if (strcmp(name, nova_filter_table[i].name) != 0)
			continue;
		if (!nova_release_ok(release) ||
		    release < nova_filter_table[i].since)
			break;
		if (release < nova_filter_table[i].removed)
			return 1;
		removed = nova_filter_table[i].removed;
		break;
	}
	if (removed_in != NULL)
		*removed_in = removed;
	return 0;
}

/* The release that deprecated filter name, if it is deprecated in release. */
int
nova_filter_deprecated(const char *name, int release, int *removed_in)
{
	size_t	i;

	for (i = 0; name != NULL && i < ARRAY_SIZE(nova_filter_table); i++) {
		if (strcmp(name, nova_filter_table[i].name) != 0)
			continue;
		if (!nova_release_ok(release) ||
		    release < nova_filter_table[i].deprecated ||
		    release >= nova_filter_table[i].removed)
			return -1;
		if (removed_in != NULL)
			*removed_in = nova_filter_table[i].removed;
		return nova_filter_table[i].deprecated;
	}
	return -1;
}
