/*
 * diagcodes.h - the codes of the problems that validate and commit
 * report (the Code column of their table), one table for all of them:
 * scripts read these numbers, so they never change.  1xx are errors
 * that refuse a commit (except 102, a warning since cmsh commits it),
 * 2xx warnings, 900 a failure to render the derived files.
 */
#ifndef OCMSH_DIAGCODES_H
#define OCMSH_DIAGCODES_H

enum diag_code {
	DC_REF = 101,		/* reference to a missing object */
	DC_ALIAS_UNDEFINED,	/* 102 flavor names an undefined alias */
	DC_ALIAS_COUNT,		/* 103 count not a positive integer */
	DC_ALIAS_UNCOVERED,	/* 104 no whitelist entry covers an alias */
	DC_FILTER,		/* 105 filter missing from the release */
	DC_RESERVE,		/* 106 reserve_ram_filter_mb not an integer */
	DC_ALIAS_IDS,		/* 107 alias without vendor or product */
	DC_RELEASE,		/* 108 unknown release */
	DC_CATEGORY,		/* 109 a physical node without a category */
	DC_ALIAS_NUMA,		/* 110 numa_policy the release does not take */
	DC_WHITELIST,		/* 111 whitelist entry nova refuses */
	DC_IMAGE_SHARED,	/* 112 two images share one path */
	DC_HAND_EDIT = 120,	/* a commit would rewrite a hand edit */
	DC_IMAGE_PATH,		/* 121 an image path holding ".." */
	DC_CONF_PARSE,		/* 122 nova.conf that nova cannot parse */
	DC_NO_PCI_FILTER = 201,	/* GPU flavors without PciPassthroughFilter */
	DC_NO_IOMMU,		/* 202 GPU host without intel/amd_iommu=on */
	DC_NO_DEVICE,		/* 203 no device has what an alias asks for */
	DC_UNSCOPED_SPEC,	/* 204 AggregateInstanceExtraSpecsFilter and an
				   unscoped extra spec */
	DC_HAND_EDIT_KEPT,	/* 205 a hand edit left in nova.conf */
	DC_CONF_RESTORED,	/* 206 managed option missing, written again */
	DC_FILTER_DEPRECATED,	/* 207 filter deprecated in the release */
	DC_RESERVE_SPEC,	/* 208 GPU flavor without the reserve spec */
	DC_RESERVE_MEMORY,	/* 209 reserve at or above a node's memory */
	DC_MODULE_PATH,		/* 210 no nova package for the filter module */
	DC_COMMIT_LOG = 220,	/* the commit log line cannot be written */
	DC_FILES = 900,		/* the derived files cannot be rendered */
};

#endif
