/*
 * test-novaopts.c - nova releases, option names per release and the
 * scheduler filter tables (doc/nova.md sections 1-3).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nova/ini.h"
#include "nova/novaopts.h"
#include "tests/unit/tap.h"
#include "lib/xalloc.h"
#include "lib/strv.h"

/* The title of release for test names, "?" if out of range. */
static const char *
rel(int release)
{
	const char	*t = nova_release_title(release);

	return t != NULL ? t : "?";
}

/* "section key" of opt in release, or "(null)". */
static char *
name_of(enum nova_opt opt, int release)
{
	const struct ini_name	*n = nova_opt_name(opt, release);

	if (n == NULL)
		return xstrdup("(null)");
	return xasprintf("%s %s", n->section, n->key);
}

/* Checks the name of opt in release. */
static void
is_name(enum nova_opt opt, int release, const char *want)
{
	char	*got = name_of(opt, release);

	is_str(got, want, "option %d in %s", (int)opt, rel(release));
	free(got);
}

/* Release names, titles and code names. */
static void
test_releases(void)
{
	int	i;

	is_str(nova_release_names[NOVA_NEWTON], "newton", "first name");
	is_str(nova_release_names[NOVA_ZED], "zed", "zed");
	is_str(nova_release_names[NOVA_2023_1], "2023.1", "2023.1");
	is_str(nova_release_names[NOVA_2026_1], "2026.1", "last name");
	ok(nova_release_names[NOVA_NRELEASES] == NULL, "NULL-terminated");
	is_str(nova_release_title(NOVA_NEWTON), "Newton", "title newton");
	is_str(nova_release_title(NOVA_TRAIN), "Train", "title train");
	is_str(nova_release_title(NOVA_ZED), "Zed", "title zed");
	is_str(nova_release_title(NOVA_2023_2), "2023.2", "title 2023.2");
	ok(nova_release_title(-1) == NULL, "title of -1");
	ok(nova_release_title(NOVA_NRELEASES) == NULL, "title past the end");

	for (i = 0; i < NOVA_NRELEASES; i++) {
		if (nova_release_find(nova_release_names[i]) != i)
			break;
		if (nova_release_find(nova_release_title(i)) != i)
			break;
	}
	is_int(i, NOVA_NRELEASES, "every name and title finds its release");
	is_int(nova_release_find("antelope"), NOVA_2023_1, "antelope");
	is_int(nova_release_find("Bobcat"), NOVA_2023_2, "Bobcat");
	is_int(nova_release_find("CARACAL"), NOVA_2024_1, "CARACAL");
	is_int(nova_release_find("dalmatian"), NOVA_2024_2, "dalmatian");
	is_int(nova_release_find("epoxy"), NOVA_2025_1, "epoxy");
	is_int(nova_release_find("flamingo"), NOVA_2025_2, "flamingo");
	is_int(nova_release_find("gazpacho"), NOVA_2026_1, "gazpacho");
	is_int(nova_release_find("ZED"), NOVA_ZED, "ZED");
	is_int(nova_release_find("liberty"), -1, "liberty is unknown");
	is_int(nova_release_find("2023"), -1, "a prefix is unknown");
	is_int(nova_release_find(""), -1, "empty");
	is_int(nova_release_find(NULL), -1, "NULL");
}

/* Option names at each boundary. */
static void
test_names(void)
{
	const struct ini_name	*all;
	size_t			 n, i;
	int			 r, k, found;

	is_name(NOVA_OPT_ALIAS, NOVA_NEWTON, "DEFAULT pci_alias");
	is_name(NOVA_OPT_WHITELIST, NOVA_NEWTON,
	    "DEFAULT pci_passthrough_whitelist");
	is_name(NOVA_OPT_ENABLED_FILTERS, NOVA_NEWTON,
	    "DEFAULT scheduler_default_filters");
	is_name(NOVA_OPT_AVAILABLE_FILTERS, NOVA_NEWTON,
	    "DEFAULT scheduler_available_filters");

	is_name(NOVA_OPT_ALIAS, NOVA_OCATA, "pci alias");
	is_name(NOVA_OPT_WHITELIST, NOVA_OCATA, "pci passthrough_whitelist");
	is_name(NOVA_OPT_ENABLED_FILTERS, NOVA_OCATA,
	    "filter_scheduler enabled_filters");
	is_name(NOVA_OPT_AVAILABLE_FILTERS, NOVA_OCATA,
	    "filter_scheduler available_filters");

	is_name(NOVA_OPT_ALIAS, NOVA_YOGA, "pci alias");
	is_name(NOVA_OPT_WHITELIST, NOVA_YOGA, "pci passthrough_whitelist");
	is_name(NOVA_OPT_ENABLED_FILTERS, NOVA_YOGA,
	    "filter_scheduler enabled_filters");
	is_name(NOVA_OPT_AVAILABLE_FILTERS, NOVA_YOGA,
	    "filter_scheduler available_filters");

	is_name(NOVA_OPT_ALIAS, NOVA_ZED, "pci alias");
	is_name(NOVA_OPT_WHITELIST, NOVA_ZED, "pci device_spec");
	is_name(NOVA_OPT_ENABLED_FILTERS, NOVA_ZED,
	    "filter_scheduler enabled_filters");
	is_name(NOVA_OPT_AVAILABLE_FILTERS, NOVA_ZED,
	    "filter_scheduler available_filters");

	is_name(NOVA_OPT_WHITELIST, NOVA_2026_1, "pci device_spec");
	is_name(NOVA_OPT_ALIAS, NOVA_2026_1, "pci alias");
	is_name(NOVA_OPT_ALIAS, -1, "(null)");
	is_name(NOVA_OPT_ALIAS, NOVA_NRELEASES, "(null)");
	is_name(NOVA_NOPTS, NOVA_ZED, "(null)");

	n = nova_opt_all_names(NOVA_OPT_WHITELIST, &all);
	is_int(n, 3, "whitelist has had 3 names");
	for (i = 0, found = 0; i < n; i++) {
		if (strcmp(all[i].section, "DEFAULT") == 0 &&
		    strcmp(all[i].key, "pci_passthrough_whitelist") == 0)
			found++;
	}
	is_int(found, 1, "all names include the newton whitelist");
	is_int(nova_opt_all_names(NOVA_OPT_ALIAS, &all), 2, "alias: 2 names");
	is_int(nova_opt_all_names(NOVA_OPT_ENABLED_FILTERS, &all), 2,
	    "enabled filters: 2 names");
	is_int(nova_opt_all_names(NOVA_OPT_AVAILABLE_FILTERS, &all), 2,
	    "available filters: 2 names");
	is_int(nova_opt_all_names(NOVA_NOPTS, &all), 0, "unknown option");

	/* The name of every release is among all names. */
	for (k = 0, found = 1; k < NOVA_NOPTS; k++) {
		n = nova_opt_all_names(k, &all);
		for (r = 0; r < NOVA_NRELEASES; r++) {
			const struct ini_name *w = nova_opt_name(k, r);

			for (i = 0; i < n && &all[i] != w; i++)
				;
			if (i == n)
				found = 0;
		}
	}
	ok(found, "each release's name is one of all names");

	is_int(nova_opt_multi(NOVA_OPT_ALIAS), 1, "alias is multi");
	is_int(nova_opt_multi(NOVA_OPT_WHITELIST), 1, "whitelist is multi");
	is_int(nova_opt_multi(NOVA_OPT_ENABLED_FILTERS), 0,
	    "enabled filters is a list");
	is_int(nova_opt_multi(NOVA_OPT_AVAILABLE_FILTERS), 1,
	    "available filters is multi");
}

/* Checks the joined filter list of release. */
static void
is_filters(int release, size_t wcount, const char *want)
{
	struct strv	 sv = STRV_INIT;
	char		*got;

	nova_filters(release, &sv);
	is_int(sv.n, wcount, "%s has %zu filters", rel(release), wcount);
	if (want != NULL) {
		got = strv_join(&sv, " ");
		is_str(got, want, "%s filters", rel(release));
		free(got);
	}
	strv_release(&sv);
}

/* Checks removed_in for name in release. */
static void
is_exists(const char *name, int release, int want, int wremoved)
{
	int	removed = 12345;

	is_int(nova_filter_exists(name, release, &removed), want,
	    "%s in %s", name, rel(release));
	if (!want)
		is_int(removed, wremoved, "%s: removed in", name);
}

/* The filter tables. */
static void
test_filters(void)
{
	struct strv	 sv = STRV_INIT, sorted = STRV_INIT;
	char		*got;
	size_t		 i;
	int		 r, removed;

	is_filters(NOVA_NEWTON, 35, NULL);
	is_filters(NOVA_ZED, 23,
	    "AggregateImagePropertiesIsolation "
	    "AggregateInstanceExtraSpecsFilter AggregateIoOpsFilter "
	    "AggregateMultiTenancyIsolation AggregateNumInstancesFilter "
	    "AggregateTypeAffinityFilter AllHostsFilter "
	    "AvailabilityZoneFilter ComputeCapabilitiesFilter ComputeFilter "
	    "DifferentHostFilter ImagePropertiesFilter IoOpsFilter "
	    "IsolatedHostsFilter JsonFilter MetricsFilter NUMATopologyFilter "
	    "NumInstancesFilter PciPassthroughFilter SameHostFilter "
	    "ServerGroupAffinityFilter ServerGroupAntiAffinityFilter "
	    "SimpleCIDRAffinityFilter");
	is_filters(NOVA_2023_1, 23, NULL);
	is_filters(NOVA_2023_2, 22, NULL);
	is_filters(NOVA_2026_1, 22, NULL);
	is_filters(NOVA_PIKE, 35, NULL);
	is_filters(NOVA_QUEENS, 33, NULL);
	is_filters(NOVA_ROCKY, 30, NULL);
	is_filters(NOVA_TRAIN, 27, NULL);
	is_filters(NOVA_VICTORIA, 23, NULL);

	for (r = 0; r < NOVA_NRELEASES; r++) {
		strv_clear(&sv);
		strv_clear(&sorted);
		nova_filters(r, &sv);
		for (i = 0; i < sv.n; i++)
			strv_push(&sorted, sv.v[i]);
		strv_sort(&sorted);
		strv_uniq(&sorted);
		if (sorted.n != sv.n)
			break;
		for (i = 0; i < sv.n && strcmp(sv.v[i], sorted.v[i]) == 0; i++)
			;
		if (i != sv.n)
			break;
		if (strv_find(&sv, "BaseRamFilter") >= 0 ||
		    strv_find(&sv, "BaseCoreFilter") >= 0)
			break;
	}
	is_int(r, NOVA_NRELEASES, "sorted, unique, no Base* in every release");

	strv_clear(&sv);
	nova_filters(-1, &sv);
	is_int(sv.n, 0, "no filters for an unknown release");

	is_exists("RamFilter", NOVA_STEIN, 1, 0);
	is_exists("RamFilter", NOVA_TRAIN, 0, NOVA_TRAIN);
	is_exists("RamFilter", NOVA_ZED, 0, NOVA_TRAIN);
	is_exists("AggregateRamFilter", NOVA_USSURI, 1, 0);
	is_exists("AggregateRamFilter", NOVA_VICTORIA, 0, NOVA_VICTORIA);
	is_exists("AvailabilityZoneFilter", NOVA_2023_1, 1, 0);
	is_exists("AvailabilityZoneFilter", NOVA_2023_2, 0, NOVA_2023_2);
	is_exists("TrustedFilter", NOVA_PIKE, 1, 0);
	is_exists("TrustedFilter", NOVA_QUEENS, 0, NOVA_QUEENS);
	is_exists("TypeAffinityFilter", NOVA_QUEENS, 0, NOVA_QUEENS);
	is_exists("ExactRamFilter", NOVA_QUEENS, 1, 0);
	is_exists("ExactRamFilter", NOVA_ROCKY, 0, NOVA_ROCKY);
	is_exists("RetryFilter", NOVA_VICTORIA, 0, NOVA_VICTORIA);
	is_exists("PciPassthroughFilter", NOVA_NEWTON, 1, 0);
	is_exists("PciPassthroughFilter", NOVA_2026_1, 1, 0);
	is_exists("BaseRamFilter", NOVA_NEWTON, 0, -1);
	is_exists("ReserveRamFilter", NOVA_ZED, 0, -1);
	is_exists("ramfilter", NOVA_NEWTON, 0, -1);
	is_exists("RamFilter", -1, 0, -1);
	ok(nova_filter_exists("ComputeFilter", NOVA_ZED, NULL) == 1,
	    "removed_in may be NULL");
	ok(nova_filter_exists("RamFilter", NOVA_ZED, NULL) == 0,
	    "removed_in may be NULL when absent");

	/* The removal release and its title make the validation message. */
	nova_filter_exists("RamFilter", NOVA_ZED, &removed);
	got = xasprintf("RamFilter was removed in %s",
	    nova_release_title(removed));
	is_str(got, "RamFilter was removed in Train", "message");
	free(got);

	/* Every default filter exists in its release. */
	for (r = 0; r < NOVA_NRELEASES; r++) {
		strv_clear(&sv);
		nova_default_filters(r, &sv);
		for (i = 0; i < sv.n; i++) {
			if (!nova_filter_exists(sv.v[i], r, NULL))
				break;
		}
		if (i != sv.n || sv.n == 0)
			break;
	}
	is_int(r, NOVA_NRELEASES, "every default filter exists");

	strv_release(&sv);
	strv_release(&sorted);
}

/* Checks the default filters of release. */
static void
is_defaults(int release, const char *want)
{
	struct strv	 sv = STRV_INIT;
	char		*got;

	nova_default_filters(release, &sv);
	got = strv_join(&sv, ",");
	is_str(got, want, "defaults of %s", rel(release));
	free(got);
	strv_release(&sv);
}

/* The default enabled filters per release. */
static void
test_defaults(void)
{
	const char	*newton = "RetryFilter,AvailabilityZoneFilter,"
	    "RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,"
	    "ImagePropertiesFilter,ServerGroupAntiAffinityFilter,"
	    "ServerGroupAffinityFilter";
	const char	*pike = "RetryFilter,AvailabilityZoneFilter,"
	    "ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,"
	    "ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter";
	const char	*train = "AvailabilityZoneFilter,ComputeFilter,"
	    "ComputeCapabilitiesFilter,ImagePropertiesFilter,"
	    "ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter";
	const char	*xena = "ComputeFilter,ComputeCapabilitiesFilter,"
	    "ImagePropertiesFilter,ServerGroupAntiAffinityFilter,"
	    "ServerGroupAffinityFilter";

	is_defaults(NOVA_NEWTON, newton);
	is_defaults(NOVA_OCATA, newton);
	is_defaults(NOVA_PIKE, pike);
	is_defaults(NOVA_STEIN, pike);
	is_defaults(NOVA_TRAIN, train);
	is_defaults(NOVA_WALLABY, train);
	is_defaults(NOVA_XENA, xena);
	is_defaults(NOVA_ZED, xena);
	is_defaults(NOVA_2026_1, xena);
	is_defaults(-1, "");
}

/* A writer for zed on a Newton-era file: the old names go. */
static void
test_writer(void)
{
	const char	*conf =
	    "[DEFAULT]\n"
	    "pci_alias = {\"name\": \"old\"}\n"
	    "pci_passthrough_whitelist = [{\"vendor_id\": \"10de\"}]\n"
	    "scheduler_default_filters = RamFilter\n"
	    "debug = true\n"
	    "[pci]\n"
	    "alias = {\"name\": \"new\"}\n"
	    "passthrough_whitelist = {\"vendor_id\": \"10de\"}\n";
	const char	*want =
	    "[DEFAULT]\n"
	    "debug = true\n"
	    "[pci]\n"
	    "alias = {\"name\": \"gpu\"}\n"
	    "device_spec = {\"vendor_id\": \"10de\"}\n"
	    "\n"
	    "[filter_scheduler]\n"
	    "enabled_filters = ComputeFilter,PciPassthroughFilter\n";
	const char	*alias[] = { "{\"name\": \"gpu\"}" };
	const char	*spec[] = { "{\"vendor_id\": \"10de\"}" };
	const char	*filters[] = { "ComputeFilter,PciPassthroughFilter" };
	const char *const *values[] = { alias, spec, filters };
	enum nova_opt	 opts[] = { NOVA_OPT_ALIAS, NOVA_OPT_WHITELIST,
	    NOVA_OPT_ENABLED_FILTERS };
	struct ini	*ini = ini_parse(conf, strlen(conf));
	const struct ini_name *all;
	size_t		 i, n, len;
	char		*got;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		n = nova_opt_all_names(opts[i], &all);
		ini_set(ini, nova_opt_name(opts[i], NOVA_ZED), values[i], 1,
		    all, n);
	}
	got = ini_render(ini, &len);
	is_str(got, want, "zed names replace the newton and ocata ones");
	free(got);
	ini_free(ini);
}

int
main(void)
{
	test_releases();
	test_names();
	test_filters();
	test_defaults();
	test_writer();
	return done_testing();
}
