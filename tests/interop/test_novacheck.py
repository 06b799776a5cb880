"""test_novacheck.py - the nova.conf checker library, tested against
hand-written nova.conf files in the format ocmsh writes
(tests/data/nova/*.conf).  All files are checked at once: each check is a
subprocess of its own, and they run in parallel.
"""

import os
import sys
import tempfile

sys.dont_write_bytecode = True     # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.dirname(
    os.path.dirname(HERE))
DATA = os.path.join(TOP_SRCDIR, 'tests', 'data', 'nova')
MODULE_ROOT = os.path.join(TOP_SRCDIR, 'nova')

import novacheck  # noqa: E402
import tap  # noqa: E402

K40 = {'vendor_id': '10de', 'product_id': '1024', 'dev_type': 'type-PCI'}
P100 = {'vendor_id': '10de', 'product_id': '15f8', 'dev_type': 'type-PCI'}
SEED_ALIASES = {'gpu-k40': ['legacy', [K40]], 'gpu-p100': ['legacy', [P100]]}
SEED_FILTERS = ['AvailabilityZoneFilter', 'ComputeFilter',
                'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
                'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter',
                'PciPassthroughFilter', 'ReserveRamFilter']
FLAVORS = {
    'g1.k40': {'pci_passthrough:alias': 'gpu-k40:1', 'gpu': 'true'},
    'g2.both': {'pci_passthrough:alias': 'gpu-k40:1, gpu-p100:2'},
    'm1.plain': {'hw:cpu_policy': 'shared'},
    'bad.v100': {'pci_passthrough:alias': 'gpu-v100:1'},
}


def data(name):
    return os.path.join(DATA, name)


def vp(specs):
    """(vendor, product) pairs of device specs."""
    return [(s['vendor_id'], s['product_id']) for s in specs or []]


def requests(result, flavor):
    """(alias, count, vendor/product list) of a flavor's PCI requests."""
    return [(r['alias_name'], r['count'],
             sorted((s['vendor_id'], s['product_id']) for s in r['spec']))
            for r in result['pci_requests'].get(flavor, [])]


def check_zed(r):
    tap.is_(novacheck.errors(r),
            ['flavor bad.v100: PciRequestAliasNotDefined: '
             'PCI alias gpu-v100 is not defined'],
            'zed: nova accepts the file; only flavor bad.v100 fails')
    tap.is_(r['aliases'], SEED_ALIASES,
            'zed: aliases parsed by _get_alias_from_config')
    tap.is_(vp(r['device_specs']), [('10de', '1024'), ('10de', '15f8')],
            'zed: device_spec list parsed by Whitelist')
    tap.is_(r['device_specs'][0]['address'],
            {'domain': '*', 'bus': '*', 'slot': '*', 'func': '*'},
            'zed: a spec without address matches any address')
    tap.is_(r['enabled_filters'], SEED_FILTERS,
            'zed: enabled filters resolve to classes, in order')
    tap.is_(r['filter_classes'].get('ReserveRamFilter'),
            'ocmsh_filters.reserve_ram_filter.ReserveRamFilter',
            'zed: ReserveRamFilter loaded from the module root')
    tap.ok('PciPassthroughFilter' in r['filter_classes'] and
           len(r['filter_classes']) == 24,
           'zed: all_filters gives the 23 in-tree names, plus ours')
    tap.is_(r['names_present'],
            sorted(novacheck.release_names('zed').values()),
            'zed: the file uses the zed names')
    tap.is_(novacheck.wrong_names(r), [], 'zed: no names of other releases')
    tap.is_(requests(r, 'g1.k40'), [('gpu-k40', 1, [('10de', '1024')])],
            'zed: flavor g1.k40 asks for one K40')
    tap.is_(requests(r, 'g2.both'),
            [('gpu-k40', 1, [('10de', '1024')]),
             ('gpu-p100', 2, [('10de', '15f8')])],
            'zed: flavor with two aliases, blanks around the names')
    tap.is_(requests(r, 'm1.plain'), [], 'zed: plain flavor, no request')
    tap.ok('PciRequestAliasNotDefined' in
           r['pci_request_errors'].get('bad.v100', ''),
           'zed: an unknown alias in a flavor is refused by nova')
    tap.ok(not any('pci' in m.lower() for m in r['deprecations']),
           'zed: no deprecation for the PCI options')


def check_newton(r):
    tap.is_([e for e in novacheck.errors(r) if 'bad.v100' not in e], [],
            'newton: nova accepts the file')
    tap.is_(r['aliases'], SEED_ALIASES,
            'newton: zed still reads [DEFAULT] pci_alias')
    tap.is_(vp(r['device_specs']), [('10de', '1024'), ('10de', '15f8')],
            'newton: zed still reads [DEFAULT] pci_passthrough_whitelist')
    dep = ' '.join(r['deprecations'])
    tap.ok('"pci_alias"' in dep and '"pci_passthrough_whitelist"' in dep,
           'newton: zed logs both PCI names as deprecated')
    tap.is_(r['enabled_filters'], SEED_FILTERS,
            'newton: scheduler_default_filters as newton reads it')
    tap.ok('ReserveRamFilter' in r['filter_classes'],
           'newton: scheduler_available_filters loads our class')
    tap.is_(r['zed_enabled_filters_from_file'], False,
            'newton: zed ignores scheduler_default_filters')
    tap.is_(r['zed_enabled_filters'], novacheck.default_filters('zed'),
            'newton: zed silently uses its default list instead')
    tap.ok(not any('scheduler_default_filters' in m
                   for m in r['deprecations']),
           'newton: ... without a warning')
    tap.is_(novacheck.wrong_names(r), [], 'newton: only newton names')
    tap.is_(requests(r, 'g2.both'),
            [('gpu-k40', 1, [('10de', '1024')]),
             ('gpu-p100', 2, [('10de', '15f8')])],
            'newton: flavors still turn into PCI requests')


def check_ocata(r):
    tap.is_([e.split(':')[0] for e in novacheck.errors(r)],
            ['flavor bad.v100', 'flavor g2.both'],
            'ocata: nova accepts the file; flavors of unknown aliases fail')
    tap.is_(r['aliases'],
            {'gpu-k40': ['preferred', [K40]],
             'gpu-any': ['legacy', [K40, P100]]},
            'ocata: numa_policy kept; one name, two entries are ORed')
    tap.is_(vp(r['device_specs']), [('10de', '1024'), ('10de', '15f8')],
            'ocata: zed still reads [pci] passthrough_whitelist')
    tap.ok(any('"passthrough_whitelist"' in m for m in r['deprecations']),
           'ocata: zed logs passthrough_whitelist as deprecated')
    tap.is_(r['enabled_filters'],
            ['ComputeFilter', 'PciPassthroughFilter',
             'ReserveAggregateRamFilter'],
            'ocata: list continued on a second line, blanks stripped')
    tap.is_(r['filter_classes'].get('ReserveAggregateRamFilter'),
            'ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter',
            'ocata: ReserveAggregateRamFilter loaded')
    tap.is_(novacheck.wrong_names(r), [], 'ocata: only ocata names')
    tap.is_(requests(r, 'g1.any'),
            [('gpu-any', 1, [('10de', '1024'), ('10de', '15f8')])],
            'ocata: a request for gpu-any matches either card')
    tap.is_(r['pci_requests'].get('g1.k40')[0]['numa_policy'], 'preferred',
            'ocata: the request carries the alias numa_policy')


def check_mixed(r):
    tap.is_(sorted(r['aliases']), ['gpu-k40', 'gpu-old'],
            'mixed: a leftover [DEFAULT] pci_alias adds an alias')
    tap.is_(vp(r['device_specs']), [('10de', '1db4'), ('10de', '1024')],
            'mixed: a leftover whitelist adds a device spec, first')
    tap.is_(r['enabled_filters'], ['ComputeFilter', 'PciPassthroughFilter'],
            'mixed: the new enabled_filters name wins')
    tap.is_(novacheck.wrong_names(r),
            ['DEFAULT.pci_alias', 'DEFAULT.pci_passthrough_whitelist',
             'DEFAULT.scheduler_default_filters'],
            'mixed: the checker names the leftovers')


def check_broken(r):
    tap.ok(r['error'] is None, 'broken: the ini itself loads')
    tap.ok(r['aliases'] is None and
           'PciInvalidAlias' in (r['alias_error'] or '') and
           "is not of type 'object'" in r['alias_error'],
           'broken: an alias given as a JSON list is rejected by nova')
    tap.diag(r['alias_error'])
    tap.ok('PciConfigInvalidSpec' in (r['device_spec_error'] or '') or
           'func' in (r['device_spec_error'] or ''),
           'broken: PCI function 9 in device_spec is rejected by nova')
    tap.diag(r['device_spec_error'])
    tap.ok('SchedulerHostFilterNotFound' in (r['filter_error'] or '') and
           'ReserveRamFilter' in r['filter_error'],
           'broken: enabled but not available filter stops the scheduler')
    tap.is_(r['missing_filters'], ['ReserveRamFilter'],
            'broken: the missing filter is named')
    tap.is_(len(novacheck.errors(r)), 3, 'broken: errors() lists all three')


def check_mismatch(r):
    tap.ok('Device type mismatch' in (r['alias_error'] or ''),
           'mismatch: one alias name with two device types is refused')
    tap.is_(vp(r['device_specs']), [('10de', '*')],
            'mismatch: a single JSON object device_spec, wildcard product')
    check_no_module(r)


def check_unparseable(r):
    tap.ok(r['error'] is not None and 'Parse' in r['error'],
           'unparseable: nova cannot load the file')
    tap.diag(r['error'])
    tap.ok(novacheck.errors(r), 'unparseable: errors() reports it')


def check_no_module(r):
    err = r['filter_error'] or ''
    tap.ok('ocmsh_filters' in err and ('ImportError' in err or
                                       'ModuleNotFoundError' in err),
           'module root without ocmsh_filters: the import fails')
    tap.diag(r['filter_error'])


def check_missing_file(r):
    tap.ok(r['error'] is not None and 'no such file' in r['error'],
           'missing file is reported')


def check_pure_helpers():
    tap.is_(novacheck.release_names('Pike')['whitelist'],
            'pci.passthrough_whitelist', 'release names: pike whitelist')
    tap.is_(novacheck.release_names('caracal')['whitelist'],
            'pci.device_spec', 'release names: caracal = 2024.1')
    tap.is_(novacheck.default_filters('stein')[0], 'RetryFilter',
            'default filters: stein starts with RetryFilter')
    tap.ok('RamFilter' in novacheck.default_filters('ocata'),
           'default filters: ocata has RamFilter')
    tap.raises(ValueError, lambda: novacheck.release_index('liberty'),
               'an unknown release is refused')


def main():
    empty_root = tempfile.mkdtemp(prefix='novacheck-')
    flavors = dict(FLAVORS)
    flavors['g1.any'] = {'pci_passthrough:alias': 'gpu-any:1'}
    jobs = [
        dict(conf_path=data('zed.conf'), module_root=MODULE_ROOT,
             release='zed', flavors=FLAVORS),
        dict(conf_path=data('newton.conf'), module_root=MODULE_ROOT,
             release='newton', flavors=FLAVORS),
        dict(conf_path=data('ocata.conf'), module_root=MODULE_ROOT,
             release='ocata', flavors=flavors),
        dict(conf_path=data('mixed.conf'), module_root=MODULE_ROOT,
             release='zed'),
        dict(conf_path=data('broken.conf'), module_root=MODULE_ROOT,
             release='zed'),
        dict(conf_path=data('mismatch.conf'), module_root=empty_root,
             release='2024.1'),
        dict(conf_path=data('unparseable.conf'), release='zed'),
        dict(conf_path=data('does-not-exist.conf'), release='zed'),
    ]
    results = novacheck.check_confs(jobs)
    os.rmdir(empty_root)
    for check, result in zip([check_zed, check_newton, check_ocata,
                              check_mixed, check_broken, check_mismatch,
                              check_unparseable, check_missing_file],
                             results):
        try:
            check(result)
        except Exception as e:  # noqa: B902 - a crash is a failure
            tap.ok(False, '%s crashed: %s: %s' % (check.__name__,
                                                  type(e).__name__, e))
            tap.diag(repr(result)[:2000])
    check_pure_helpers()
    return tap.done_testing()


if __name__ == '__main__':
    sys.exit(main())
