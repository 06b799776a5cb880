"""test_filter.py - ocmsh's ReserveRamFilter and ReserveAggregateRamFilter
driven with real nova objects (HostState, RequestSpec, Flavor, Aggregate)
through nova's own filter handler, as nova-scheduler runs them.

Needs Debian's python3-nova (Zed); run with /usr/bin/python3 ($PYTHON3).
The repository's nova/ folder goes on sys.path so that ocmsh_filters
imports the way nova-scheduler imports it from an image.
"""

import ast
import datetime
import logging
import os
import sys

sys.dont_write_bytecode = True     # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.dirname(
    os.path.dirname(HERE))
NOVA_DIR = os.path.join(TOP_SRCDIR, 'nova')
sys.path.insert(0, NOVA_DIR)

import tap  # noqa: E402

try:
    from nova import objects
    from nova.scheduler import filters as nova_filters
    from nova.scheduler import host_manager
    objects.register_all()
except ImportError as e:
    tap.bail_out('nova is not importable (install python3-nova): %s' % e)

from ocmsh_filters import reserve_ram_filter as rrf  # noqa: E402

CELL = '00000000-0000-0000-0000-0000000000c1'
RESERVE = 'reserve_ram_filter_mb'
SPEC = 'reserve_ram_filter_flavor_extra_spec'


class Capture(logging.Handler):
    """Collect the messages logged by the filter module."""

    def __init__(self):
        logging.Handler.__init__(self, logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append((record.levelno, record.getMessage()))

    def warnings(self):
        return [m for lvl, m in self.records if lvl >= logging.WARNING]


CAPTURE = Capture()
_mod_logger = logging.getLogger(rrf.__name__)
_mod_logger.addHandler(CAPTURE)
_mod_logger.setLevel(logging.DEBUG)
_mod_logger.propagate = False

_agg_ids = [0]


def aggregate(name, metadata, hosts):
    """An objects.Aggregate with metadata, as the HostManager caches it."""
    _agg_ids[0] += 1
    return objects.Aggregate(id=_agg_ids[0], name=name,
                             uuid='00000000-0000-0000-0000-%012d' %
                             _agg_ids[0],
                             hosts=list(hosts), metadata=dict(metadata))


def host(name, total, free, ratio=1.0, aggs=()):
    """A HostState with the RAM fields a compute node reports."""
    hs = host_manager.HostState(name, name + '.node', CELL)
    hs.total_usable_ram_mb = total
    hs.free_ram_mb = free
    hs.ram_allocation_ratio = ratio
    hs.aggregates = list(aggs)
    return hs


def compute_host(name, total, free, ratio, aggs):
    """A HostState filled by HostState.update() from a ComputeNode."""
    hs = host_manager.HostState(name, name + '.node', CELL)
    cn = objects.ComputeNode(
        uuid='00000000-0000-0000-0000-00000000cafe', host=name,
        hypervisor_hostname=name + '.node', memory_mb=total,
        free_ram_mb=free, memory_mb_used=total - free, local_gb=100,
        local_gb_used=0, free_disk_gb=100, disk_available_least=100,
        vcpus=16, vcpus_used=0, numa_topology=None,
        pci_device_pools=objects.PciDevicePoolList(objects=[]),
        host_ip='192.0.2.1', hypervisor_type='QEMU',
        hypervisor_version=6002000, cpu_info='{}', supported_hv_specs=[],
        stats={}, metrics='[]', cpu_allocation_ratio=16.0,
        ram_allocation_ratio=ratio, disk_allocation_ratio=1.0,
        updated_at=datetime.datetime(2024, 1, 1))
    hs.update(compute=cn, aggregates=list(aggs))
    return hs


def request(memory_mb, extra_specs=None, num_instances=1, hints=None):
    """A RequestSpec for a flavor with memory_mb and extra specs."""
    flavor = objects.Flavor(name='f%d' % memory_mb, flavorid='f',
                            memory_mb=memory_mb, vcpus=1, root_gb=0,
                            ephemeral_gb=0, swap=0,
                            extra_specs=dict(extra_specs or {}))
    return objects.RequestSpec(
        flavor=flavor, num_instances=num_instances,
        instance_uuid='00000000-0000-0000-0000-00000000beef',
        scheduler_hints=dict(hints or {}), pci_requests=None,
        numa_topology=None, ignore_hosts=None, force_hosts=None,
        force_nodes=None)


HANDLER = nova_filters.HostFilterHandler()
RESERVE_FILTER = rrf.ReserveRamFilter()
AGG_FILTER = rrf.ReserveAggregateRamFilter()


def passing(filt, hosts, spec, index=0):
    """The names of the hosts nova's filter handler lets through."""
    got = HANDLER.get_filtered_objects([filt], hosts, spec, index)
    return sorted(h.host for h in (got or []))


def check_class_attributes():
    for cls in (rrf.ReserveRamFilter, rrf.ReserveAggregateRamFilter):
        tap.ok(issubclass(cls, nova_filters.BaseHostFilter),
               '%s is a BaseHostFilter' % cls.__name__)
        tap.is_(cls.run_filter_once_per_request, False,
                '%s runs for every instance of a request' % cls.__name__)
        tap.is_(cls.RUN_ON_REBUILD, False,
                '%s does not run on rebuild' % cls.__name__)
    tap.ok(RESERVE_FILTER.run_filter_for_index(2),
           'filter runs for index 2 of a multi-instance request')


def gpu_agg(hosts, mb='4096', spec='gpu'):
    meta = {RESERVE: mb}
    if spec is not None:
        meta[SPEC] = spec
    return aggregate('gpu', meta, hosts)


def check_gpu_vs_plain():
    agg = gpu_agg(['hgpu'])
    hosts = [host('hgpu', 16384, 4096, aggs=[agg]),
             host('hcpu', 16384, 4096)]
    tap.is_(passing(RESERVE_FILTER, hosts, request(1024)), ['hcpu'],
            'non-GPU flavor refused on a GPU host with only the reserve '
            'left, accepted on the non-GPU host')
    tap.is_(passing(RESERVE_FILTER, hosts,
                    request(4096, {'gpu': 'true',
                                   'pci_passthrough:alias': 'gpu-k40:1'})),
            ['hcpu', 'hgpu'], 'GPU flavor (gpu=true) may use the reserve')
    for value in ('True', ' TRUE ', 'tRuE'):
        tap.is_(passing(RESERVE_FILTER, hosts, request(4096,
                                                       {'gpu': value})),
                ['hcpu', 'hgpu'],
                'extra spec %r counts as true' % value)
    for value in ('yes', '1', 'false', '', 'truee'):
        tap.is_(passing(RESERVE_FILTER, hosts, request(1024,
                                                       {'gpu': value})),
                ['hcpu'], 'extra spec %r does not count as true' % value)
    tap.is_(passing(RESERVE_FILTER, hosts, request(1024, {'GPU': 'true'})),
            ['hcpu'], 'extra spec names are case-sensitive')
    tap.is_(passing(RESERVE_FILTER, hosts, request(4097, {'gpu': 'true'})),
            [], 'GPU flavor bigger than the free RAM is refused everywhere')

    # Exactly at the boundary: free - reserve == memory_mb passes.
    edge = [host('hgpu', 16384, 4096 + 2048, aggs=[agg])]
    tap.is_(passing(RESERVE_FILTER, edge, request(2048)), ['hgpu'],
            'free minus reserve equal to the flavor passes')
    tap.is_(passing(RESERVE_FILTER, edge, request(2049)), [],
            'one MiB more is refused')

    # A flavor object whose extra_specs field was never set.
    bare = objects.RequestSpec(
        flavor=objects.Flavor(memory_mb=1024, vcpus=1, root_gb=0,
                              ephemeral_gb=0),
        num_instances=1, instance_uuid='00000000-0000-0000-0000-0000000000aa')
    tap.is_(passing(RESERVE_FILTER, hosts, bare), ['hcpu'],
            'flavor without extra_specs set: the reserve applies')

    # Negative free RAM (overcommitted host) is handled, not crashed on.
    tap.is_(passing(RESERVE_FILTER, [host('hneg', 8192, -512)],
                    request(1)), [], 'negative free_ram_mb refuses')

    # Spaces around the extra-spec name in the aggregate are ignored.
    spaced = aggregate('gpu', {RESERVE: '4096', SPEC: ' gpu '}, ['hsp'])
    tap.is_(passing(RESERVE_FILTER, [host('hsp', 16384, 4096,
                                          aggs=[spaced])],
                    request(4096, {'gpu': 'true'})), ['hsp'],
            'blanks around the aggregate extra-spec name are stripped')


def check_compute_node_update():
    agg = gpu_agg(['hcn'])
    hs = compute_host('hcn', 16384, 6144, 1.0, [agg])
    tap.is_((hs.total_usable_ram_mb, hs.free_ram_mb), (16384, 6144),
            'HostState.update() took RAM from the ComputeNode')
    tap.is_(passing(RESERVE_FILTER, [hs], request(2048)), ['hcn'],
            'ComputeNode host: 6144 free - 4096 reserve fits 2048')
    tap.is_(passing(RESERVE_FILTER, [hs], request(2049)), [],
            'ComputeNode host: 2049 does not fit')
    tap.is_(hs.limits.get('memory_mb'), 16384.0,
            'limits[memory_mb] is total * ratio, without the reserve')


def check_multi_instance():
    agg = gpu_agg(['hgpu'])
    hs = host('hgpu', 16384, 4096 + 2048, aggs=[agg])
    spec = request(1024, num_instances=3)
    results = []
    for index in range(3):
        got = passing(RESERVE_FILTER, [hs], spec, index)
        results.append(got)
        if got:
            hs.consume_from_request(spec)
    tap.is_(results, [['hgpu'], ['hgpu'], []],
            'multi-instance request: instances 0 and 1 fit, instance 2 '
            'would eat into the reserve')
    tap.is_(hs.free_ram_mb, 4096, 'consume_from_request lowered free RAM')

    gpu = host('hgpu2', 16384, 4096 + 2048, aggs=[gpu_agg(['hgpu2'])])
    spec = request(2048, {'gpu': 'true'}, num_instances=4)
    results = []
    for index in range(4):
        got = passing(RESERVE_FILTER, [gpu], spec, index)
        results.append(bool(got))
        if got:
            gpu.consume_from_request(spec)
    tap.is_(results, [True, True, True, False],
            'multi-instance GPU request uses the reserve, then stops')


def check_no_extra_spec_key():
    agg = gpu_agg(['hall'], spec=None)
    hs = [host('hall', 16384, 4096, aggs=[agg])]
    tap.is_(passing(RESERVE_FILTER, hs, request(1024)), [],
            'aggregate without the extra-spec key reserves against plain '
            'flavors')
    tap.is_(passing(RESERVE_FILTER, hs, request(1024, {'gpu': 'true'})), [],
            'aggregate without the extra-spec key reserves against GPU '
            'flavors too')
    hs = [host('hall', 16384, 5120, aggs=[agg])]
    tap.is_(passing(RESERVE_FILTER, hs, request(1024, {'gpu': 'true'})),
            ['hall'], 'what is left beyond that reserve is usable')
    empty = aggregate('e', {RESERVE: '4096', SPEC: ''}, ['he'])
    tap.is_(passing(RESERVE_FILTER, [host('he', 16384, 4096,
                                          aggs=[empty])],
                    request(1024, {'': 'true'})), [],
            'an empty extra-spec name reserves against every flavor')


def check_two_aggregates():
    small = aggregate('gpu', {RESERVE: '2048', SPEC: 'gpu'}, ['h2'])
    big = aggregate('bigmem', {RESERVE: '6144', SPEC: 'bigmem'}, ['h2'])
    other = aggregate('az', {'availability_zone': 'az1'}, ['h2'])
    aggs = [small, other, big]

    def fits(memory_mb, specs):
        return bool(passing(RESERVE_FILTER,
                            [host('h2', 16384, 8192, aggs=aggs)],
                            request(memory_mb, specs)))

    # free 8192: reserve 6144 leaves 2048, reserve 2048 leaves 6144.
    tap.is_((fits(2048, {}), fits(2049, {})), (True, False),
            'plain flavor: the largest reservation (6144) applies')
    tap.is_((fits(2048, {'gpu': 'true'}), fits(2049, {'gpu': 'true'})),
            (True, False),
            'gpu flavor is still held off by the bigmem reservation')
    tap.is_((fits(6144, {'bigmem': 'true'}),
             fits(6145, {'bigmem': 'true'})), (True, False),
            'bigmem flavor: only the gpu reservation (2048) applies')
    tap.is_((fits(8192, {'bigmem': 'true', 'gpu': 'true'}),
             fits(8193, {'bigmem': 'true', 'gpu': 'true'})), (True, False),
            'flavor with both extra specs: no reservation')
    tap.is_(fits(2048, {'gpu': 'true'}) and not fits(2049, {'gpu': 'true'}),
            True, 'each aggregate pairs its reserve with its own spec name')

    swapped = [aggregate('gpu', {RESERVE: '6144', SPEC: 'gpu'}, ['h2']),
               aggregate('bigmem', {RESERVE: '2048', SPEC: 'bigmem'},
                         ['h2'])]
    tap.is_(bool(passing(RESERVE_FILTER,
                         [host('h2', 16384, 8192, aggs=swapped)],
                         request(6144, {'gpu': 'true'}))), True,
            'pairing follows the aggregate, not the order of the keys')


def check_bad_reserve():
    del CAPTURE.records[:]
    bad = aggregate('bad', {RESERVE: 'lots', SPEC: 'gpu'}, ['hb'])
    tap.is_(passing(RESERVE_FILTER, [host('hb', 16384, 4096, aggs=[bad])],
                    request(4096)), ['hb'],
            'non-numeric reserve is ignored')
    warned = [m for m in CAPTURE.warnings() if 'lots' in m]
    tap.ok(len(warned) >= 1, 'non-numeric reserve is logged as a warning')
    if warned:
        tap.diag(warned[0])

    for value in ('4096.5', '-4096', '', '0x1000'):
        agg = aggregate('bad', {RESERVE: value, SPEC: 'gpu'}, ['hb'])
        tap.is_(passing(RESERVE_FILTER,
                        [host('hb', 16384, 4096, aggs=[agg])],
                        request(4096)), ['hb'],
                'reserve %r is ignored' % value)

    good = aggregate('good', {RESERVE: '4096', SPEC: 'gpu'}, ['hb'])
    tap.is_(passing(RESERVE_FILTER,
                    [host('hb', 16384, 4096, aggs=[bad, good])],
                    request(1024)), [],
            'a valid reserve in another aggregate still applies')
    tap.is_(passing(RESERVE_FILTER,
                    [host('hb', 16384, 8192,
                          aggs=[aggregate('z', {RESERVE: ' 4096 '},
                                          ['hb'])])],
                    request(4097)), [],
            'a reserve with blanks around the number is an integer')


def check_ratio_and_limits():
    hs = host('hr', 8192, 0, ratio=1.5)
    tap.is_(passing(RESERVE_FILTER, [hs], request(4096)), ['hr'],
            'ratio 1.5: 8192 used of 12288 leaves 4096')
    tap.is_(hs.limits.get('memory_mb'), 12288.0,
            'limits[memory_mb] = total * ratio')
    tap.is_(passing(RESERVE_FILTER, [host('hr', 8192, 0, ratio=1.5)],
                    request(4097)), [], 'ratio 1.5: 4097 does not fit')

    tap.is_(passing(RESERVE_FILTER, [host('hn', 8192, 2048, ratio=None)],
                    request(2048)), ['hn'], 'ratio None counts as 1.0')
    tap.is_(passing(RESERVE_FILTER, [host('hn', 8192, 2048, ratio=None)],
                    request(2049)), [], 'ratio None: 2049 does not fit')

    # As RamFilter did (Newton has no placement to catch it): a flavor
    # larger than the usable RAM times the ratio never fits, not on an
    # empty host, not with the GPU extra spec either.
    tap.is_(passing(RESERVE_FILTER, [host('he', 8192, 8192, ratio=1.5)],
                    request(12289)), [],
            'empty host, ratio 1.5: 12289 > 8192 * 1.5 is refused')
    tap.is_(passing(RESERVE_FILTER, [host('he', 8192, 8192, ratio=1.5)],
                    request(12288)), ['he'],
            'empty host, ratio 1.5: 12288 fits')
    tap.is_(passing(RESERVE_FILTER, [host('hg', 8192, 8192,
                                          aggs=[gpu_agg(['hg'])])],
                    request(8193, {'gpu': 'true'})), [],
            'a GPU flavor larger than the host is refused too')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 8192, ratio=1.0)],
                    request(8193)), [],
            'aggregate variant: larger than the host is refused')

    agg = gpu_agg(['hl'])
    hs = host('hl', 16384, 12288, ratio=2.0, aggs=[agg])
    tap.is_(passing(RESERVE_FILTER, [hs], request(4096)), ['hl'],
            'ratio 2.0 with reserve: 32768 - 4096 used - 4096 reserve')
    tap.is_(hs.limits.get('memory_mb'), 32768.0,
            'limits[memory_mb] does not subtract the reserve')
    hs = host('hl2', 16384, 0, ratio=1.0, aggs=[agg])
    passing(RESERVE_FILTER, [hs], request(1024))
    tap.ok('memory_mb' not in hs.limits,
           'a refused host gets no memory limit')


def check_aggregate_variant():
    ratio2 = aggregate('over', {'ram_allocation_ratio': '2.0'}, ['ha'])
    hs = [host('ha', 8192, 0, ratio=1.0, aggs=[ratio2])]
    tap.is_(passing(RESERVE_FILTER, hs, request(1024)), [],
            'ReserveRamFilter ignores aggregate ram_allocation_ratio')
    hs = [host('ha', 8192, 0, ratio=1.0, aggs=[ratio2])]
    tap.is_(passing(AGG_FILTER, hs, request(8192)), ['ha'],
            'ReserveAggregateRamFilter uses aggregate ratio 2.0')
    tap.is_(hs[0].limits.get('memory_mb'), 16384.0,
            'aggregate variant sets limits[memory_mb] from its ratio')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, aggs=[ratio2])],
                    request(8193)), [], 'aggregate ratio 2.0: 8193 refused')

    ratio15 = aggregate('over2', {'ram_allocation_ratio': '1.5'}, ['ha'])
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0,
                                      aggs=[ratio2, ratio15])],
                    request(4097)), [],
            'several aggregate ratios: the smallest (1.5) applies')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0,
                                      aggs=[ratio2, ratio15])],
                    request(4096)), ['ha'],
            'several aggregate ratios: 4096 fits under 1.5')

    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, ratio=1.25)],
                    request(2048)), ['ha'],
            'no aggregate ratio: the host ratio (1.25) applies')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, ratio=None)],
                    request(1)), [],
            'no aggregate ratio and host ratio None: 1.0')

    del CAPTURE.records[:]
    junk = aggregate('junk', {'ram_allocation_ratio': 'much'}, ['ha'])
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, ratio=1.25,
                                      aggs=[junk])],
                    request(2049)), [],
            'invalid aggregate ratio falls back to the host ratio')
    tap.ok(any('much' in m for m in CAPTURE.warnings()),
           'invalid aggregate ratio is logged')

    both = aggregate('gpu-over', {'ram_allocation_ratio': '2.0',
                                  RESERVE: '4096', SPEC: 'gpu'}, ['ha'])
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, aggs=[both])],
                    request(4096)), ['ha'],
            'aggregate variant: 16384 - 8192 used - 4096 reserve fits 4096')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, aggs=[both])],
                    request(4097)), [],
            'aggregate variant applies the reserve')
    tap.is_(passing(AGG_FILTER, [host('ha', 8192, 0, aggs=[both])],
                    request(8192, {'gpu': 'true'})), ['ha'],
            'aggregate variant: GPU flavor uses the reserve')


def check_rebuild():
    agg = gpu_agg(['hgpu'])
    hs = [host('hgpu', 16384, 0, aggs=[agg])]
    spec = request(1024, hints={'_nova_check_type': ['rebuild']})
    tap.is_(passing(RESERVE_FILTER, hs, spec), ['hgpu'],
            'a rebuild is not filtered on RAM')


def check_loading():
    classes = HANDLER.get_matching_classes(
        ['nova.scheduler.filters.all_filters',
         'ocmsh_filters.reserve_ram_filter.ReserveRamFilter',
         'ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter'])
    cls_map = dict((cls.__name__, cls) for cls in classes)
    tap.ok(cls_map.get('ReserveRamFilter') is rrf.ReserveRamFilter,
           'get_matching_classes finds ReserveRamFilter by class path')
    tap.ok(cls_map.get('ReserveAggregateRamFilter') is
           rrf.ReserveAggregateRamFilter,
           'get_matching_classes finds ReserveAggregateRamFilter')
    tap.ok('PciPassthroughFilter' in cls_map and 'ComputeFilter' in cls_map,
           'in-tree filters are found next to them')
    enabled = ['ComputeFilter', 'PciPassthroughFilter', 'ReserveRamFilter']
    tap.ok(all(name in cls_map for name in enabled),
           'enabled filter names resolve the way HostManager does it')

    only = HANDLER.get_matching_classes(
        ['ocmsh_filters.reserve_ram_filter.ReserveRamFilter'])
    tap.is_([c.__name__ for c in only], ['ReserveRamFilter'],
            'the class path alone loads exactly one class')
    from nova import exception
    tap.raises(exception.ClassNotFound,
               lambda: HANDLER.get_matching_classes(
                   ['ocmsh_filters.reserve_ram_filter.LOG']),
               'a non-filter attribute is refused by nova')


ALLOWED_IMPORTS = set(['nova.scheduler.filters', 'nova.scheduler',
                       'nova.scheduler.filters.utils', 'oslo_log'])


def check_portability():
    path = os.path.join(NOVA_DIR, 'ocmsh_filters', 'reserve_ram_filter.py')
    with open(path) as f:
        source = f.read()
    tree = ast.parse(source)
    doc = ast.get_docstring(tree) or ''
    tap.ok('reserve_ram_filter_mb' in doc and 'available_filters' in doc,
           'module docstring explains the metadata and nova.conf')

    bad = []
    imported = set()
    py3_only = ['JoinedStr', 'AnnAssign', 'AsyncFunctionDef', 'Await',
                'YieldFrom', 'Nonlocal', 'NamedExpr', 'MatMult', 'Starred']
    for node in ast.walk(tree):
        kind = type(node).__name__
        if kind in py3_only:
            bad.append('%s at line %d' % (kind, node.lineno))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            if node.returns is not None or a.kwonlyargs or \
                    getattr(a, 'posonlyargs', []) or any(
                        x.annotation is not None for x in a.args):
                bad.append('py3 function signature: %s' % node.name)
        if isinstance(node, ast.Call) and getattr(node.func, 'id', '') \
                == 'super' and not node.args:
            bad.append('argument-less super() at line %d' % node.lineno)
        if isinstance(node, ast.Import):
            imported.update(a.name for a in node.names)
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                imported.add(node.module)
                imported.add('%s.%s' % (node.module, a.name))
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            bad.append('bytes literal at line %d' % node.lineno)
    tap.is_(bad, [], 'no Python-3-only syntax (loads on Newton, py2.7)')
    tap.is_(sorted(imported - ALLOWED_IMPORTS), ['oslo_log.log'],
            'imports only nova.scheduler.filters(.utils) and oslo_log')
    for word in ('six', '_LW', '_LI', '_LE', 'nova.i18n'):
        tap.ok(word not in imported and ('import ' + word) not in source,
               'does not use %s' % word)
    tap.ok(all(ord(c) < 128 for c in source), 'module is ASCII only')


def main():
    check_class_attributes()
    check_gpu_vs_plain()
    check_compute_node_update()
    check_multi_instance()
    check_no_extra_spec_key()
    check_two_aggregates()
    check_bad_reserve()
    check_ratio_and_limits()
    check_aggregate_variant()
    check_rebuild()
    check_loading()
    check_portability()
    return tap.done_testing()


if __name__ == '__main__':
    sys.exit(main())
