/*
 * novaopts.h - nova releases, the names of the options ocmsh manages in
 * each release, and the scheduler filter classes of each release
 * (doc/nova.md sections 1-3).  Everything here is a const table.
 */
#ifndef OCMSH_NOVAOPTS_H
#define OCMSH_NOVAOPTS_H

#include "nova/ini.h"
#include "lib/strv.h"

/* Release indexes, oldest first. */
enum nova_release {
	NOVA_NEWTON, NOVA_OCATA, NOVA_PIKE, NOVA_QUEENS, NOVA_ROCKY,
	NOVA_STEIN, NOVA_TRAIN, NOVA_USSURI, NOVA_VICTORIA, NOVA_WALLABY,
	NOVA_XENA, NOVA_YOGA, NOVA_ZED, NOVA_2023_1, NOVA_2023_2,
	NOVA_2024_1, NOVA_2024_2, NOVA_2025_1, NOVA_2025_2, NOVA_2026_1,
	NOVA_NRELEASES
};

/* "newton", "ocata", ..., "zed", "2023.1", ..., "2026.1"; NULL-terminated. */
extern const char *const nova_release_names[];

/*
 * Display name for messages: "Newton", ..., "Zed", "2023.1".  NULL if
 * release is out of range.
 */
const char	*nova_release_title(int release);

/*
 * Index of a release name: the lowercase name above, also the 2023+
 * code names (antelope, bobcat, caracal, dalmatian, epoxy, flamingo,
 * gazpacho), case-insensitively; the titles work too.  -1 if unknown.
 */
int		 nova_release_find(const char *name);

/* The options ocmsh manages. */
enum nova_opt {
	NOVA_OPT_ALIAS,			/* pci_alias / [pci] alias */
	NOVA_OPT_WHITELIST,		/* pci_passthrough_whitelist / device_spec */
	NOVA_OPT_ENABLED_FILTERS,	/* scheduler_default_filters / enabled_filters */
	NOVA_OPT_AVAILABLE_FILTERS,	/* scheduler_available_filters / available_filters */
	NOVA_NOPTS
};

/*
 * The name ocmsh writes for opt in release (a static row); NULL if opt or
 * release is out of range.
 */
const struct ini_name	*nova_opt_name(enum nova_opt opt, int release);

/*
 * Every name opt has had in any release (including the one for release),
 * newest first, so a writer can delete the others.  Returns the count;
 * *names points to a static table (NULL and 0 for an unknown opt).
 */
size_t			 nova_opt_all_names(enum nova_opt opt,
			    const struct ini_name **names);

/* 1 if the option holds one value per line (MultiStrOpt), 0 for ListOpt. */
int			 nova_opt_multi(enum nova_opt opt);

/*
 * Filter class names that nova.scheduler.filters.all_filters gives in
 * release (abstract Base* classes left out), sorted (strcmp order);
 * appended to out.  Nothing for an unknown release.
 */
void	nova_filters(int release, struct strv *out);

/*
 * Default enabled filters of release, in nova's order; appended to out.
 * Nothing for an unknown release.
 */
void	nova_default_filters(int release, struct strv *out);

/*
 * Whether filter class name exists in release: 1 yes; 0 no.  When 0,
 * *removed_in is the first release without it if it existed earlier,
 * else -1 (never an in-tree filter, e.g. BaseRamFilter or a custom class,
 * or an unknown release).  Names are case-sensitive.  removed_in may be
 * NULL.
 */
int	nova_filter_exists(const char *name, int release, int *removed_in);

/*
 * Whether in-tree filter name is deprecated in release: the release that
 * deprecated it (which is not newer than release), with *removed_in (if
 * not NULL) the first release without it (NOVA_NRELEASES: none yet); -1
 * when it is not deprecated there, or not a filter of release.
 */
int	nova_filter_deprecated(const char *name, int release, int *removed_in);

#endif
