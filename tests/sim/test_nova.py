"""test_nova.py - the scheduler dry run (modules/simulate.c) against nova.

For seeded random small clusters (hosts, RAM, aggregates with metadata,
PCI devices, aliases, whitelists, flavors with extra specs, steps), the
dry run is run through tests/unit/sim-tool with every filter's verdict
kept, and the same instances are then scheduled by nova's own code
(Debian's python3-nova, Zed, driven by tests/lib/novasim.py): real
HostState objects filled from
ComputeNode objects whose PCI pools nova-compute's PciDeviceStats built
from the devices and the whitelist, RequestSpec objects whose PCI
requests nova's alias code made, each filter class on its own through
nova's HostFilterHandler, the whole chain, nova's RAMWeigher and
PCIWeigher through HostWeightHandler, consume_from_request() on the
winner.  For every instance and every filter the dry run does not skip,
the hosts it lets through must be exactly nova's, the chosen host the
same and its weight equal.  Placement's MEMORY_MB check, which runs
outside the scheduler, is checked against its formula.

Run with $PYTHON3 (Debian's python3 with python3-nova).
"""

import json
import os
import random
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.dirname(
    os.path.dirname(HERE))
TOP_BUILDDIR = os.environ.get('top_builddir') or '.'
SIM_TOOL = os.path.join(TOP_BUILDDIR, 'tests', 'unit', 'sim-tool')
sys.path.insert(0, os.path.join(TOP_SRCDIR, 'tests', 'interop'))
sys.path.insert(0, os.path.join(TOP_SRCDIR, 'nova'))

import tap  # noqa: E402

sys.path.insert(0, os.path.join(TOP_SRCDIR, 'tests', 'lib'))
try:
    import novasim  # noqa: E402
except ImportError as e:
    tap.bail_out('nova is not importable (install python3-nova): %s' % e)

CLUSTERS = int(os.environ.get('SIM_CLUSTERS', '60'))
OPTS = [(1.5, 512, 50), (1.0, 0, 4), (2.0, 1024, 3), (1.5, 512, 6)]

# The filters of Zed (and ocmsh's) the dry run models or passes.
CHAIN = ['AvailabilityZoneFilter', 'ComputeFilter', 'ReserveRamFilter',
         'ReserveAggregateRamFilter', 'PciPassthroughFilter',
         'AggregateInstanceExtraSpecsFilter', 'NumInstancesFilter',
         'AggregateNumInstancesFilter', 'AggregateTypeAffinityFilter',
         'ComputeCapabilitiesFilter', 'ServerGroupAffinityFilter',
         'ServerGroupAntiAffinityFilter', 'DifferentHostFilter',
         'SameHostFilter', 'AllHostsFilter', 'JsonFilter',
         'SimpleCIDRAffinityFilter', 'IsolatedHostsFilter',
         'MetricsFilter', 'ImagePropertiesFilter', 'NUMATopologyFilter',
         'AggregateMultiTenancyIsolation', 'IoOpsFilter']

GPUS = [('10de', '1024'), ('10de', '15f8'), ('8086', '1520'),
        ('15b3', '1018')]


# --- random clusters --------------------------------------------------

def gen_whitelist(rng, aliases):
    """A random whitelist, or [] (derived from the aliases)."""
    if rng.random() < 0.4:
        return []
    out = []
    for _ in range(rng.randint(1, 3)):
        e = {}
        kind = rng.random()
        if kind < 0.5:
            v, p = rng.choice(GPUS)
            e = {'vendor_id': v, 'product_id': p}
        elif kind < 0.65:
            e = {'vendor_id': rng.choice(GPUS)[0], 'product_id': '*'}
        else:
            e = {'address': rng.choice(['*:86:00.*', ':87:', '86:00.0',
                                        '0000:86:00.0', '*:*:*.1', '.0',
                                        '0x86:0', ' 87 :00.1'])}
        if rng.random() < 0.3:
            e['physical_network'] = rng.choice(['physnet1', 'physnet2'])
        out.append(e)
    return out


def gen_metadata(rng, flavors):
    """Random aggregate metadata."""
    md = {}
    choices = [
        ('reserve_ram_filter_mb', ['1024', '4096', ' 2048 ', 'lots', '-5',
                                   '0', '8192']),
        ('reserve_ram_filter_flavor_extra_spec', ['gpu', ' gpu ', 'ssd',
                                                  '']),
        ('ram_allocation_ratio', ['1.0', '2.0', '0.5', ' 1.25 ', 'much',
                                  '3']),
        ('max_instances_per_host', ['1', '2', '5', 'x', ' 3 ', '2']),
        ('instance_type', [','.join(rng.sample(flavors, 2)), flavors[0],
                           ' %s , zz' % flavors[-1], 'zz']),
        ('gpu', ['true', 'false', 'true,false']),
        ('ssd', ['true', 'yes']),
        ('speed', ['3', '5', '3,7', 'fast']),
        ('ram_weight_multiplier', ['2.0', '0.5', '1.0', 'x', '-1.0',
                                   '0']),
        ('pci_weight_multiplier', ['0.0', '3.0', '1.0']),
    ]
    for key, values in choices:
        if rng.random() < 0.3:
            md[key] = rng.choice(values)
    if 'speed' in md and md['speed'] == 'fast':
        md['speed'] = '4'          # numeric ops need numbers (see simparse.c)
    return md


def gen_extra_specs(rng, aliases):
    """Random flavor extra specs."""
    es = {}
    if rng.random() < 0.4:
        es['gpu'] = rng.choice(['true', 'false', 'True', ' true '])
    if rng.random() < 0.2:
        es['ssd'] = rng.choice(['true', 'yes'])
    if rng.random() < 0.3:
        es['aggregate_instance_extra_specs:speed'] = rng.choice(
            ['>= 4', '= 3', '<in> 3', 's== 5', '<or> 3 <or> 5', '3',
             '<= 5', '!= 3', '<all-in> 3', 's< 4'])
    if rng.random() < 0.2:
        es['hw:cpu_policy'] = 'shared'
    if aliases and rng.random() < 0.45:
        names = rng.sample(sorted(aliases), rng.randint(1, min(2,
                                                              len(aliases))))
        es['pci_passthrough:alias'] = ','.join(
            '%s:%d' % (n, rng.choice([1, 1, 2])) for n in names)
    return es


def gen_cluster(seed):
    """A random small cluster (the state as a dict) and its steps."""
    rng = random.Random(seed)
    nhosts = rng.randint(2, 9)
    hosts = ['hv%02d' % i for i in rng.sample(range(1, 60), nhosts)]
    devices = {}
    for h in hosts:
        d = {'type': 'PhysicalNode', 'roles': ['openstackcompute'],
             'memory': rng.choice([2048, 4096, 6144, 8192, 16384, 24576,
                                   rng.randint(1, 64) * 512])}
        pcis = []
        for k in range(rng.choice([0, 0, 1, 2, 3])):
            v, p = rng.choice(GPUS)
            pcis.append({'address': '0000:%02x:00.%d' % (0x86 + k // 2,
                                                          k % 2),
                         'class': '0302', 'vendor': v, 'device': p})
        if pcis:
            d['pcidevices'] = pcis
        devices[h] = d
    devices['ctl01'] = {'type': 'PhysicalNode',
                        'roles': ['openstackcontroller']}
    aliases = {}
    for k, (v, p) in enumerate(rng.sample(GPUS, rng.randint(0, 3))):
        a = {'vendorid': v, 'productid': p, 'devicetype': 'type-PCI'}
        if rng.random() < 0.1:
            del a['productid']
        aliases['a%d' % k] = a
    flavors = {}
    names = ['f%d' % k for k in range(rng.randint(2, 4))]
    for n in names:
        flavors[n] = {'ram': rng.choice([512, 1024, 2048, 4096, 3000,
                                         8192]),
                      'vcpus': 1, 'disk': 1}
        es = gen_extra_specs(rng, aliases)
        if es:
            flavors[n]['extraspecs'] = es
    aggs = {}
    for k in range(rng.randint(0, 4)):
        g = {'nodes': rng.sample(hosts, rng.randint(1, len(hosts))),
             'metadata': gen_metadata(rng, names)}
        if rng.random() < 0.3:
            g['availabilityzone'] = rng.choice(['az1', 'az2'])
        aggs['agg%d' % k] = g
    chain = rng.sample(CHAIN, rng.randint(3, 9))
    if not any(f.startswith('Reserve') for f in chain):
        chain.insert(0, rng.choice(['ReserveRamFilter',
                                    'ReserveAggregateRamFilter']))
    compute = {'release': 'zed', 'schedulerfilters': chain}
    wl = gen_whitelist(rng, aliases)
    if wl:
        compute['pcipassthroughwhitelist'] = wl
    state = {'format': 1, 'revision': 1, 'cluster': {'name': 'c%d' % seed},
             'devices': devices,
             'openstack': {'default': {
                 'settings': {'compute': compute}, 'flavors': flavors,
                 'hostaggregates': aggs, 'pcialiases': aliases}}}
    opts = rng.choice(OPTS)
    steps = []
    for _ in range(rng.randint(2, 5)):
        s = {'flavor': rng.choice(names), 'count': rng.randint(1, 6),
             'fill': rng.random() < 0.15,
             'zone': rng.choice([None, None, None, 'az1', 'nova', 'az2'])}
        steps.append(s)
    return state, steps, opts


# --- the dry run ------------------------------------------------------

def dry_run(state, steps, opts, exact=False):
    """sim-tool -j -v on the state; the JSON document."""
    fd, path = tempfile.mkstemp(suffix='.yaml')
    with os.fdopen(fd, 'w') as f:
        json.dump(state, f)
    argv = [SIM_TOOL, '-j', '-v', '-F', '200', '-r', repr(opts[0]),
            '-R', str(opts[1]), '-m', str(opts[2])] + (['-S'] if exact
                                                       else []) + [path]
    for i, s in enumerate(steps):
        if i:
            argv.append('then')
        argv += ['--fill'] if s['fill'] else ['-n', str(s['count'])]
        if s['zone']:
            argv += ['-z', s['zone']]
        argv.append(s['flavor'])
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    finally:
        os.unlink(path)
    if p.returncode != 0:
        return None, p.stderr.strip()
    return json.loads(p.stdout), None


# --- the same with nova -----------------------------------------------

class Cluster:
    """Replays one dry run with nova, collecting mismatches."""

    def __init__(self, seed, state, steps, opts, doc, stats):
        self.seed, self.state, self.steps, self.doc = seed, state, steps, doc
        self.opts = opts
        self.stats = stats
        self.errors = []

    def err(self, what):
        if len(self.errors) < 5:
            self.errors.append(what)

    def compare_filters(self, sched, n, inst, spec):
        """Every filter the dry run applies, on its own."""
        for f in self.doc['filters']:
            name = f['name']
            if f['kind'] == 'skipped':
                continue
            want = sorted(h for h, v in inst['verdicts'].items()
                          if v[name])
            if name == 'placement':
                got = novasim.names(sched.placement(spec))
            else:
                got = novasim.names(sched.filter(name, spec))
            s = self.stats.setdefault(name, [0, 0])
            s[0] += len(got)
            s[1] += len(sched.hosts) - len(got)
            if got != want:
                self.err('instance %d: %s lets through %s in nova, %s in '
                         'the dry run' % (n, name, got, want))

    def run(self):
        sched = novasim.Scheduler(self.state, *self.opts)
        chain = [f['name'] for f in self.doc['filters']
                 if f['kind'] != 'skipped' and f['name'] != 'placement']
        for n, inst in enumerate(self.doc['instances']):
            step = self.steps[inst['step'] - 1]
            spec = sched.request(step['flavor'], step['zone'])
            self.compare_filters(sched, n + 1, inst, spec)
            chosen, weight = sched.pick(chain, spec)
            got = chosen.host if chosen else None
            if got != inst['host']:
                self.err('instance %d: nova picks %s, the dry run %s'
                         % (n + 1, got, inst['host']))
                return
            if chosen is None:
                continue
            if weight != inst['weight']:
                self.err('instance %d: weight %r in nova, %r in the dry run'
                         % (n + 1, weight, inst['weight']))
            sched.consume(chosen, spec)


def main():
    if not os.access(SIM_TOOL, os.X_OK):
        tap.bail_out('%s is not built' % SIM_TOOL)
    stats = {}
    total = 0
    for seed in range(CLUSTERS):
        state, steps, opts = gen_cluster(seed)
        doc, error = dry_run(state, steps, opts)
        if doc is None:
            tap.ok(False, 'cluster %d: the dry run runs' % seed)
            tap.diag(error)
            continue
        slow, _ = dry_run(state, steps, opts, exact=True)
        if slow != doc:
            tap.ok(False, 'cluster %d: the short cut weighs as the long '
                   'way' % seed)
        c = Cluster(seed, state, steps, opts, doc, stats)
        c.run()
        total += len(doc['instances'])
        tap.ok(not c.errors, 'cluster %d: %d hosts, %d instances, %d '
               'filters: every filter lets through what nova\'s does, '
               'same hosts picked' % (seed, len(doc['hosts']),
                                      len(doc['instances']),
                                      len(doc['filters'])))
        for e in c.errors:
            tap.diag(e)
    tap.diag('%d instances compared' % total)
    for name in sorted(stats):
        passed, refused = stats[name]
        tap.diag('%-36s %6d host passes, %6d refusals' % (name, passed,
                                                            refused))
    for name in ('placement', 'ReserveRamFilter',
                 'ReserveAggregateRamFilter', 'PciPassthroughFilter',
                 'AggregateInstanceExtraSpecsFilter', 'NumInstancesFilter',
                 'AggregateNumInstancesFilter', 'AggregateTypeAffinityFilter',
                 'AvailabilityZoneFilter'):
        passed, refused = stats.get(name, (0, 0))
        tap.ok(passed > 0 and refused > 0, '%s both passed and refused '
               'hosts in the comparison' % name)
    return tap.done_testing()


if __name__ == '__main__':
    sys.exit(main())
