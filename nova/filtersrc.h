/*
 * filtersrc.h - the text of ocmsh's nova scheduler filter module
 * (nova/ocmsh_filters/reserve_ram_filter.py), compiled into the binary so
 * that commit can install it into software images (ocmsh(1) THE RESERVE RAM
 * FILTER, doc/nova.md section 8).
 *
 * The data is generated at build time by nova/embed.sh into filtersrc.c.
 * Both objects are static and read-only; nothing is to be freed.
 */
#ifndef OCMSH_FILTERSRC_H
#define OCMSH_FILTERSRC_H

#include <stddef.h>

/* Python package folder the module goes into, below filtermodulepath. */
#define OCMSH_FILTER_PACKAGE	"ocmsh_filters"

/* File names inside the package: the module and the empty __init__.py. */
#define OCMSH_FILTER_MODULE	"reserve_ram_filter.py"
#define OCMSH_FILTER_INIT	"__init__.py"

/* Dotted class paths for nova.conf's available filters. */
#define OCMSH_FILTER_CLASS_RESERVE \
	"ocmsh_filters.reserve_ram_filter.ReserveRamFilter"
#define OCMSH_FILTER_CLASS_RESERVE_AGGREGATE \
	"ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter"

/*
 * The module's bytes, followed by a NUL that is not part of the text;
 * write exactly ocmsh_filter_py_len bytes.
 */
extern const char	ocmsh_filter_py[];
extern const size_t	ocmsh_filter_py_len;

#endif
