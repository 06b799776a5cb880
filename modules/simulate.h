/*
 * simulate.h - a scheduler dry run: will a flavor land, and where?
 *
 * sim_run() places instances one by one, each as its own request (as if
 * booted one after another, each build finished before the next), on the
 * hypervisors of a view: the devices with the role openstackcompute, with
 * their memory (MiB), their pcidevices and the host aggregates they are
 * in.  It runs the enabled filters of the configured nova release (the
 * compute settings' schedulerfilters, else that release's default list)
 * in their order, then the release's weighers, as nova-scheduler does:
 *
 *   placement	from Ocata on, placement's MEMORY_MB check runs first:
 *		used + ram <= (memory - reserved) * ratio, ram <= memory.
 *   modelled	RamFilter, AggregateRamFilter, ExactRamFilter,
 *		ReserveRamFilter, ReserveAggregateRamFilter (ocmsh's),
 *		PciPassthroughFilter (aliases, whitelist or the one derived
 *		from the aliases, devices claimed by earlier instances),
 *		AggregateInstanceExtraSpecsFilter, AvailabilityZoneFilter,
 *		NumInstancesFilter, AggregateNumInstancesFilter,
 *		AggregateTypeAffinityFilter, TypeAffinityFilter.
 *   passes	filters that pass every host for these requests by nova's
 *		own rule (no server group, no hints, first attempt, ...):
 *		ComputeFilter, RetryFilter, AllHostsFilter, the server group
 *		and host-hint filters, IsolatedHostsFilter and MetricsFilter
 *		with nova's defaults, ComputeCapabilitiesFilter for flavors
 *		that ask for no host capability.
 *   skipped	filters that need what the state lacks (host vCPUs, disks,
 *		NUMA topology, the image, the project, builds in flight):
 *		reported with the reason, never applied.
 *
 * Weighing: RAMWeigher (spreads: most free RAM first) and, from Pike,
 * PCIWeigher (fewest free PCI devices first), each normalised over the
 * hosts that passed and scaled by its multiplier (1.0; from Stein an
 * aggregate's ram_weight_multiplier / pci_weight_multiplier overrides
 * it), summed.  Ties go to the host whose name sorts first.  The other
 * weighers that could change the order are reported as skipped.
 *
 * Every placed instance takes its flavor's RAM and the PCI devices its
 * aliases ask for from its host.  Options ocmsh does not manage are
 * nova's defaults (struct sim_opts).
 */
#ifndef OCMSH_SIMULATE_H
#define OCMSH_SIMULATE_H

#include <jansson.h>
#include <stddef.h>

struct sbuf;

/* One step: COUNT instances of FLAVOR, or as many as fit (fill). */
struct sim_step {
	const char	*flavor;	/* flavor name (borrowed) */
	long long	 count;		/* instances; must be > 0 unless fill */
	int		 fill;		/* place until one is refused */
	const char	*zone;		/* requested availability zone, or NULL */
};

/* nova's defaults for the options ocmsh does not manage. */
#define SIM_RAM_RATIO		1.5	/* ram_allocation_ratio (initial) */
#define SIM_RESERVED_MB		512	/* reserved_host_memory_mb */
#define SIM_MAX_INSTANCES	50	/* max_instances_per_host */
#define SIM_DEFAULT_ZONE	"nova"	/* default_availability_zone */
/* The most instances one fill places (nothing may limit a flavor). */
#define SIM_FILL_MAX		100000
/* The most instances one run places or refuses. */
#define SIM_RUN_MAX		1000000

/* Run options; sim_opts_init() sets the defaults above. */
struct sim_opts {
	int		 verdicts;	/* keep every filter's verdict per host */
	int		 exact;		/* weigh every host the long way, not
					 * just each class's best (a check) */
	long long	 fill_max;	/* the most one fill places */
	double		 ram_ratio;	/* every host's ram_allocation_ratio */
	long long	 reserved_mb;	/* reserved_host_memory_mb */
	long long	 max_instances;	/* max_instances_per_host */
};
void	sim_opts_init(struct sim_opts *o);

/* How a filter or weigher takes part. */
enum sim_kind {
	SIM_MODELLED,	/* evaluated on every host from the state */
	SIM_PASSES,	/* passes every host for these requests (note: why) */
	SIM_SKIPPED,	/* needs what the state lacks; not applied (note) */
};

/* One entry of the filter chain, in the order nova runs them. */
struct sim_filter {
	char		*name;	/* class name; "placement" for placement */
	enum sim_kind	 kind;
	char		*note;	/* why it passes or is skipped; NULL if none */
};

/* One weigher of the release that changes or could change the order. */
struct sim_weigher {
	char		*name;
	enum sim_kind	 kind;	/* SIM_MODELLED or SIM_SKIPPED */
	char		*note;
};

/* One hypervisor, sorted by name, as the run left it. */
struct sim_host {
	char		*name;
	long long	 memory;	/* MiB, the device's memory */
	long long	 ram_used;	/* MiB taken by placed instances */
	long long	 instances;	/* placed on it */
	long long	 pci_total;	/* whitelisted PCI devices */
	long long	 pci_free;	/* of those, not claimed */
};

/* A host that refused an instance: the first filter that did. */
struct sim_refusal {
	size_t		 host;		/* index into hosts */
	size_t		 filter;	/* index into filters */
	char		*why;		/* "4096 MiB requested, 3584 usable" */
};

/* Verdicts (struct sim_instance.verdicts). */
#define SIM_V_FAIL	0
#define SIM_V_PASS	1
#define SIM_V_NONE	2	/* skipped filter: not applied */

/* One instance. */
struct sim_instance {
	size_t		 step;		/* index into steps */
	long		 host;		/* index into hosts; -1: refused */
	size_t		 passed;	/* hosts that passed every filter */
	double		 weight;	/* the chosen host's weight */
	int		 fill_end;	/* the refusal that ended a fill */
	/* Refused: every host, in host order, with the first filter that
	 * refused it.  Consecutive refusals of one step share one array:
	 * refusals_of is the instance that owns it (itself if it does). */
	struct sim_refusal *refusals;
	size_t		 nrefusals;
	size_t		 refusals_of;
	/* With opts.verdicts: [host * nfilters + filter], SIM_V_*. */
	unsigned char	*verdicts;
};

/* One step's outcome. */
struct sim_stepres {
	char		*flavor;
	char		*zone;		/* NULL: none requested */
	long long	 count;		/* as asked; 0 for a fill */
	int		 fill;
	int		 fill_capped;	/* the fill stopped at opts.fill_max */
	size_t		 first;		/* index of its first instance */
	size_t		 n;		/* its instances (a fill: + the end) */
	size_t		 placed;
	size_t		 refused;	/* not counting a fill's end */
};

/* What sim_run() found.  Everything is owned by the result. */
struct sim_result {
	int			 release;	/* index of nova_releases */
	struct sim_filter	*filters;
	size_t			 nfilters;
	struct sim_weigher	*weighers;
	size_t			 nweighers;
	struct sim_host		*hosts;
	size_t			 nhosts;
	struct sim_stepres	*steps;
	size_t			 nsteps;
	struct sim_instance	*inst;
	size_t			 ninst;
	size_t			 placed;
	size_t			 refused;	/* not counting fill ends */
	struct sim_opts		 opts;		/* as run */
};

/*
 * Runs steps[0..n-1] on view (borrowed; read only) with opts (NULL: the
 * defaults).  Returns 0 and fills *res (release it with
 * sim_result_release), or -1 with *cause and *res empty, for: no steps,
 * no such flavor, a count below 1, a flavor whose pci_passthrough:alias
 * is malformed or names an alias that is not defined, an invalid
 * whitelist entry, no hypervisors or one without memory, more than
 * SIM_RUN_MAX instances.
 */
int	sim_run(json_t *view, const struct sim_step *steps, size_t n,
	    const struct sim_opts *opts, struct sim_result *res,
	    char **cause);
void	sim_result_release(struct sim_result *res);

/* "8 placed, 2 refused" (and how fills ended).  Caller frees. */
char	*sim_summary(const struct sim_result *res);
/*
 * The result as text: one line per instance (its host or "refused"), the
 * hosts that refused each refused instance and why, a line per host, the
 * skipped filters and weighers with their reasons, the summary.
 */
void	 sim_format_text(const struct sim_result *res, struct sbuf *out);
/*
 * The result as a JSON document (new reference): release, summary,
 * assumptions, filters and weighers (name, kind, note), steps, one
 * object per instance (instance, step, flavor, host or null, passed,
 * weight, fill_end; when refused, refused_by: host -> {filter, why}, or
 * refused_as: the number of an earlier instance refused for the same
 * reasons; verdicts: host -> filter -> true, false or null when kept),
 * hosts.
 */
json_t	*sim_format_json(const struct sim_result *res);

#endif
