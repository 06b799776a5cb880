/*
 * simint.h - what the parts of the scheduler dry run share: the run's
 * hosts, aggregates, aliases and requests (simulate.c), the filters
 * (simfilter.c), PCI pools (simpci.c) and Python's number syntax.
 * Internal to modules/sim*.c.
 */
#ifndef OCMSH_SIMINT_H
#define OCMSH_SIMINT_H

#include <jansson.h>
#include <stddef.h>

#include "modules/simulate.h"

struct sbuf;

/* A host aggregate: its metadata with the availability zone in it. */
struct sim_agg {
	const char	*name;
	json_t		*meta;		/* owned: key -> string */
};

/* A PCI alias, as nova parses it into a request spec. */
struct sim_alias {
	const char	*name;
	const char	*vendor;	/* NULL: any */
	const char	*product;	/* NULL: any */
	const char	*dev_type;	/* type-PCI unless set */
};

/* One PCI request of a flavor: count devices of an alias. */
struct sim_pcireq {
	const struct sim_alias	*alias;
	long long		 count;
};

/* A pool of like PCI devices on a host, as nova-compute reports them. */
struct sim_pool {
	char		 vendor[8];	/* from the device */
	char		 product[8];
	const char	*dev_type;	/* type-PCI, or the spec's dev_type tag */
	char		*tags;		/* canonical JSON of the spec's tags */
	size_t		 nkeys;		/* keys of nova's pool dict */
	long long	 count;		/* free devices */
};

/* A flavor request. */
struct sim_req {
	const char	*name;
	size_t		 index;		/* of the flavor, for type affinity */
	long long	 ram;		/* MiB */
	json_t		*specs;		/* extra specs (borrowed), may be NULL */
	struct sim_pcireq *pci;
	size_t		 npci;
	const char	*zone;		/* requested zone, or NULL */
};

/* A hypervisor during the run. */
struct sim_hyp {
	const char	*name;
	long long	 memory;	/* total_usable_ram_mb */
	long long	 free;		/* free_ram_mb */
	long long	 used;		/* placement's MEMORY_MB usage */
	long long	 ninst;		/* num_instances */
	long		 sole;		/* the one flavor on it; -1 none, -2 mixed */
	struct sim_pool	*pools;		/* in nova's order; empty ones dropped */
	size_t		 npools;
	long long	 pci_total;
	long long	 pci_free;	/* sum of the pools' counts */
	size_t		*aggs;		/* indexes of its aggregates */
	size_t		 naggs;
	double		 ram_mult;	/* RAMWeigher multiplier */
	double		 pci_mult;	/* PCIWeigher multiplier */
	/* Per request, set by simf_prepare(): */
	int		 static_ok;	/* every filter that does not change
					 * between instances passes */
	long long	 reserve;	/* Reserve*RamFilter's reservation */
	double		 agg_ratio;	/* Aggregate*RamFilter's ratio */
	long long	 agg_max;	/* AggregateNumInstancesFilter's limit */
};

/* What a filter of the chain is, for the engine. */
enum sim_fid {
	F_PLACEMENT, F_RAM, F_AGG_RAM, F_EXACT_RAM, F_RESERVE, F_AGG_RESERVE,
	F_PCI, F_EXTRA_SPECS, F_ZONE, F_NUM_INST, F_AGG_NUM_INST,
	F_AGG_TYPE, F_TYPE, F_PASS, F_SKIP,
};

/* The run. */
struct sim_ctx {
	int		 release;
	struct sim_opts	 opts;
	struct sim_hyp	*hyp;		/* sorted by name */
	size_t		 nhyp;
	struct sim_agg	*aggs;
	size_t		 naggs;
	struct sim_alias *aliases;
	size_t		 naliases;
	enum sim_fid	*fid;		/* parallel to res->filters */
	enum sim_fid	 dyn[16];	/* the filters that change between
					 * instances, each once */
	size_t		 ndyn;
	int		 pci_weigher;	/* the release has PCIWeigher */
	int		 fold_case;	/* PCI specs match case-insensitively */
	long long	 counts_left;	/* instances later counted steps ask */
	struct sim_result *res;
};

/* simfilter.c */
/* Builds res->filters, c->fid and res->weighers for the chain of names. */
void	simf_setup(struct sim_ctx *c, const char *const *names, size_t n,
	    const struct sim_req *reqs, size_t nreqs);
/* Sets every host's per-request values for r. */
void	simf_prepare(struct sim_ctx *c, const struct sim_req *r);
/* 1 if h passes every filter for r (the fast path). */
int	simf_passes(const struct sim_ctx *c, const struct sim_hyp *h,
	    const struct sim_req *r);
/* Filter i's verdict (SIM_V_*) on h for r; why gets the reason of a
 * refusal when not NULL. */
int	simf_eval(const struct sim_ctx *c, size_t i, const struct sim_hyp *h,
	    const struct sim_req *r, struct sbuf *why);
/* nova's extra_specs_ops.match(value, req). */
int	simf_match(const char *value, const char *req);

/* simpci.c */
/* Builds every host's pools from its devices and the whitelist (the
 * compute settings' or derived from the aliases); -1 with *cause for an
 * invalid whitelist entry. */
int	simp_pools(struct sim_ctx *c, json_t *view, json_t *whitelist,
	    char **cause);
/* 1 if h's free devices meet r's PCI requests. */
int	simp_supports(const struct sim_ctx *c, const struct sim_hyp *h,
	    const struct sim_req *r);
/* Claims r's devices on h (which supports them). */
void	simp_apply(const struct sim_ctx *c, struct sim_hyp *h,
	    const struct sim_req *r);
/* Free devices on h that can serve alias a. */
long long simp_serving(const struct sim_ctx *c, const struct sim_hyp *h,
	    const struct sim_alias *a);
/* Free devices on h. */
long long simp_free(const struct sim_hyp *h);

/* simweigh.c: the hosts that pass the filters for the current request
 * and the weighing of them. */
struct sim_class;
struct sim_scan {
	unsigned char	*ok;		/* per host: passes every filter */
	size_t		 np;		/* how many do */
	unsigned short	*cls;		/* per host: its weighing class */
	struct sim_class *k;		/* hosts weighed alike but for RAM */
	size_t		 nk;
	size_t		 capk;
};
/* Sets up s for c's hosts. */
void	sims_init(const struct sim_ctx *c, struct sim_scan *s);
/* Filters every host for r (a new request). */
void	sims_start(const struct sim_ctx *c, struct sim_scan *s,
	    const struct sim_req *r);
/* The host nova picks among those that pass, or -1; *weight gets its
 * weight. */
long	sims_pick(const struct sim_ctx *c, struct sim_scan *s,
	    double *weight);
/* Filters host h again after an instance of r took resources from it. */
void	sims_update(const struct sim_ctx *c, struct sim_scan *s, size_t h,
	    const struct sim_req *r);
void	sims_release(struct sim_scan *s);

/* Python's int(s) and float(s) for a str: 0, or -1 if Python raises. */
int	sim_pyint(const char *s, int base, long long *out);
int	sim_pyfloat(const char *s, double *out);

#endif
