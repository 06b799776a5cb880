"""novacheck.py - check a nova.conf the way nova itself reads it.

Tests that run ocmsh use this to prove that the nova.conf it writes is
accepted by nova's own code (Debian's python3-nova, Zed), not merely by
ocmsh's idea of it.  Every check runs in a fresh subprocess, because nova's
CONF is a process-wide global:

    import novacheck
    r = novacheck.check_conf('/img/etc/nova/nova.conf',
                             module_root='/img/usr/lib/python3/dist-packages',
                             release='zed',
                             flavors={'g1': {'pci_passthrough:alias':
                                             'gpu-k40:1'}})
    novacheck.errors(r)        # [] when nova accepts everything

The result is a dict (JSON types only):

  release            the release asked for (lower-case name)
  error              the file could not be loaded by nova's CONF, else None
  names_present      managed option names in the file, "section.key",
                     read with oslo.config's own ini parser
  alias_raw          CONF.pci.alias as Zed reads it (all its names)
  aliases            nova.pci.request._get_alias_from_config():
                     {name: [numa_policy, [spec, ...]]}; None on error
  alias_error        "PciInvalidAlias: ..." or None
  device_spec_raw    CONF.pci.device_spec as Zed reads it
  device_specs       nova.pci.whitelist.Whitelist(...).specs, each as
                     {vendor_id, product_id, devname, tags, address:
                     {domain, bus, slot, func}}
  device_spec_error  "PciConfigInvalidSpec: ..." or None
  available_filters  the available filter entries the release reads
  enabled_filters_conf  the enabled filter names the release reads
  filter_classes     {class name: "module.Class"} found by nova's
                     HostFilterHandler().get_matching_classes()
  enabled_filters    enabled class names found, in order
  missing_filters    enabled names that are not loadable classes
  filter_error       ImportError / ClassNotFound /
                     SchedulerHostFilterNotFound text, or None
  zed_enabled_filters, zed_enabled_filters_from_file
                     what Zed's CONF.filter_scheduler.enabled_filters is,
                     and whether it came from the file (a Newton-style
                     file is ignored there without a warning)
  pci_requests       {flavor: [{alias_name, count, spec, numa_policy}]}
                     from nova.pci.request.get_pci_requests_from_flavor
  pci_request_errors {flavor: "PciRequestAliasNotDefined: ..."}
  deprecations       oslo.config deprecation warnings logged while reading

Releases older than Zed are emulated for the filter options only (doc/nova.md
section 1): Newton reads [DEFAULT] scheduler_default_filters and
scheduler_available_filters; Ocata to Wallaby read [filter_scheduler] and
fall back to those [DEFAULT] names; Xena and later read only
[filter_scheduler].  The PCI options are read by Zed's code, which still
accepts every older name, so a Newton-style file is checked by Zed's nova.
Filter classes are looked up among Zed's in-tree filters.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading

RELEASES = ['newton', 'ocata', 'pike', 'queens', 'rocky', 'stein', 'train',
            'ussuri', 'victoria', 'wallaby', 'xena', 'yoga', 'zed',
            '2023.1', '2023.2', '2024.1', '2024.2', '2025.1', '2025.2',
            '2026.1']
_CODE_NAMES = {'antelope': '2023.1', 'bobcat': '2023.2',
               'caracal': '2024.1', 'dalmatian': '2024.2',
               'epoxy': '2025.1', 'flamingo': '2025.2'}

# Every name the four managed options have had ("section.key").
ALL_NAMES = {
    'alias': ['DEFAULT.pci_alias', 'pci.alias'],
    'whitelist': ['DEFAULT.pci_passthrough_whitelist',
                  'pci.passthrough_whitelist', 'pci.device_spec'],
    'enabled_filters': ['DEFAULT.scheduler_default_filters',
                        'filter_scheduler.enabled_filters'],
    'available_filters': ['DEFAULT.scheduler_available_filters',
                          'filter_scheduler.available_filters'],
}

# Default enabled filters per release (doc/nova.md section 2), by first release.
_DEFAULT_FILTERS = [
    ('newton', ['RetryFilter', 'AvailabilityZoneFilter', 'RamFilter',
                'DiskFilter', 'ComputeFilter', 'ComputeCapabilitiesFilter',
                'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter',
                'ServerGroupAffinityFilter']),
    ('pike', ['RetryFilter', 'AvailabilityZoneFilter', 'ComputeFilter',
              'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
              'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter']),
    ('train', ['AvailabilityZoneFilter', 'ComputeFilter',
               'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
               'ServerGroupAntiAffinityFilter',
               'ServerGroupAffinityFilter']),
    ('xena', ['ComputeFilter', 'ComputeCapabilitiesFilter',
              'ImagePropertiesFilter', 'ServerGroupAntiAffinityFilter',
              'ServerGroupAffinityFilter']),
]

ALL_FILTERS = 'nova.scheduler.filters.all_filters'


def release_index(release):
    """Index of a release name in RELEASES; ValueError if unknown."""
    name = str(release).strip().lower()
    name = _CODE_NAMES.get(name, name)
    if name not in RELEASES:
        raise ValueError("unknown nova release '%s'" % release)
    return RELEASES.index(name)


def release_names(release):
    """The names ocmsh writes for release: {option: "section.key"}."""
    i = release_index(release)
    if i == RELEASES.index('newton'):
        return {'alias': 'DEFAULT.pci_alias',
                'whitelist': 'DEFAULT.pci_passthrough_whitelist',
                'enabled_filters': 'DEFAULT.scheduler_default_filters',
                'available_filters': 'DEFAULT.scheduler_available_filters'}
    return {'alias': 'pci.alias',
            'whitelist': ('pci.device_spec' if i >= RELEASES.index('zed')
                          else 'pci.passthrough_whitelist'),
            'enabled_filters': 'filter_scheduler.enabled_filters',
            'available_filters': 'filter_scheduler.available_filters'}


def default_filters(release):
    """The default enabled filters of release (doc/nova.md section 2)."""
    i = release_index(release)
    chosen = None
    for first, names in _DEFAULT_FILTERS:
        if i >= RELEASES.index(first):
            chosen = names
    return list(chosen)


def wrong_names(result):
    """Managed names in the file that its release does not use."""
    wanted = set(release_names(result['release']).values())
    return sorted(n for n in result.get('names_present', [])
                  if n not in wanted)


def errors(result):
    """Every problem nova reported for one result, as strings."""
    out = []
    for key in ('error', 'alias_error', 'device_spec_error', 'filter_error'):
        if result.get(key):
            out.append('%s: %s' % (key, result[key]))
    for flavor, err in sorted((result.get('pci_request_errors') or
                               {}).items()):
        out.append('flavor %s: %s' % (flavor, err))
    return out


def _python():
    """The interpreter that has nova: $PYTHON3, else /usr/bin/python3."""
    return os.environ.get('PYTHON3') or '/usr/bin/python3'


def check_confs(jobs, python=None, timeout=300):
    """Run several checks, each in its own subprocess, in parallel.

    jobs is a list of dicts with the keyword arguments of check_conf().
    Returns the results in the same order.  A worker that crashes or
    times out gives a result whose 'error' says so.
    """
    procs = []
    for job in jobs:
        release = job.get('release', 'zed')
        request = {
            'conf_path': os.path.abspath(job['conf_path']),
            'module_root': (os.path.abspath(job['module_root'])
                            if job.get('module_root') else None),
            'release': RELEASES[release_index(release)],
            'flavors': job.get('flavors') or {},
        }
        # stderr goes to a file: a chatty worker cannot block on a pipe.
        errfile = tempfile.TemporaryFile(mode='w+')
        env = dict(os.environ)
        env['PYTHONDONTWRITEBYTECODE'] = '1'
        p = subprocess.Popen([python or _python(), '-B',
                              os.path.abspath(__file__), '--worker'],
                             env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=errfile, universal_newlines=True)
        procs.append((p, request, errfile))
        p.stdin.write(json.dumps(request))
        p.stdin.close()
    results = []
    for p, request, errfile in procs:
        # stdout is the only pipe; a timer kills a worker that hangs.
        timer = threading.Timer(timeout, p.kill)
        timer.start()
        try:
            out = p.stdout.read()
            p.stdout.close()
            p.wait()
        finally:
            timer.cancel()
        errfile.seek(0)
        err = errfile.read()
        errfile.close()
        try:
            result = json.loads(out)
        except ValueError:
            result = {'release': request['release'],
                      'error': 'novacheck worker failed (status %s): %s' %
                      (p.returncode, err.strip()[-2000:])}
        results.append(result)
    return results


def check_conf(conf_path, module_root=None, release='zed', flavors=None,
               python=None):
    """Check one nova.conf with nova's own code; see the module doc."""
    return check_confs([{'conf_path': conf_path, 'module_root': module_root,
                         'release': release, 'flavors': flavors}],
                       python=python)[0]


# ---------------------------------------------------------------------------
# The worker: runs inside the subprocess, imports nova once.

def _exc(e):
    """An exception as "Type: message"."""
    return '%s: %s' % (type(e).__name__, e)


class _LogCapture(object):
    """A logging handler keeping warnings, installed on the root logger."""

    def __init__(self):
        import logging
        self.messages = []
        outer = self

        class Handler(logging.Handler):
            def emit(self, record):
                try:
                    outer.messages.append(record.getMessage())
                except Exception:  # noqa: B902 - never fail on a log line
                    outer.messages.append(str(record.msg))

        root = logging.getLogger()
        root.addHandler(Handler(logging.WARNING))
        root.setLevel(logging.WARNING)


def _names_present(path):
    """Managed names present in the file, read by oslo.config's parser."""
    from oslo_config import cfg
    sections = {}
    cfg.ConfigParser(path, sections).parse()
    present = []
    for names in ALL_NAMES.values():
        for name in names:
            section, key = name.split('.', 1)
            if key in sections.get(section, {}):
                present.append(name)
    return sorted(present)


def _from_file(conf, name, group):
    """Whether an option's value was set by a config file."""
    from oslo_config import cfg
    loc = conf.get_location(name, group)
    return loc is not None and loc.location == cfg.Locations.user


def _spec_dict(spec):
    """A PciDeviceSpec as a JSON-able dict."""
    address = getattr(spec, 'address', None)
    if address is not None:
        inner = getattr(address, 'pci_address_spec', address)
        address = dict((k, getattr(inner, k, None))
                       for k in ('domain', 'bus', 'slot', 'func'))
    return {'vendor_id': spec.vendor_id, 'product_id': spec.product_id,
            'devname': getattr(spec, 'dev_name', None),
            'address': address, 'tags': dict(spec.tags)}


def _read_filter_options(conf, release, result):
    """Fill available_filters / enabled_filters_conf as release reads them."""
    from oslo_config import cfg
    i = RELEASES.index(release)
    fs = conf.filter_scheduler
    result['zed_enabled_filters'] = list(fs.enabled_filters)
    result['zed_enabled_filters_from_file'] = _from_file(
        conf, 'enabled_filters', 'filter_scheduler')
    if i >= RELEASES.index('xena'):
        available = list(fs.available_filters)
        enabled = (list(fs.enabled_filters)
                   if result['zed_enabled_filters_from_file']
                   else default_filters(release))
    else:
        # Older releases read the [DEFAULT] names: register them the way
        # those releases did, on nova's own CONF.
        conf.register_opts([
            cfg.ListOpt('scheduler_default_filters',
                        default=default_filters(release)),
            cfg.MultiStrOpt('scheduler_available_filters',
                            default=[ALL_FILTERS]),
        ])
        old_enabled = list(conf.scheduler_default_filters)
        old_available = list(conf.scheduler_available_filters)
        if i == RELEASES.index('newton'):
            available, enabled = old_available, old_enabled
        else:
            if _from_file(conf, 'available_filters', 'filter_scheduler'):
                available = list(fs.available_filters)
            else:
                available = old_available
            if result['zed_enabled_filters_from_file']:
                enabled = list(fs.enabled_filters)
            else:
                enabled = old_enabled
    result['available_filters'] = available
    result['enabled_filters_conf'] = enabled


def _load_filters(result, module_root):
    """HostManager's two steps: load the classes, then match enabled names.

    nova.scheduler.host_manager.HostManager.__init__ needs a database, so
    this runs the same calls it makes (doc/nova.md section 3).
    """
    from nova import exception
    from nova.scheduler import filters

    if module_root:
        sys.path.insert(0, module_root)
    handler = filters.HostFilterHandler()
    classes = handler.get_matching_classes(result['available_filters'])
    cls_map = {}
    for cls in classes:
        cls_map[cls.__name__] = cls
    result['filter_classes'] = dict(
        (name, '%s.%s' % (cls.__module__, cls.__name__))
        for name, cls in cls_map.items())
    good, bad = [], []
    for name in result['enabled_filters_conf']:
        (good if name in cls_map else bad).append(name)
    result['enabled_filters'] = good
    result['missing_filters'] = bad
    if bad:
        raise exception.SchedulerHostFilterNotFound(
            filter_name=', '.join(bad))
    for name in good:
        cls_map[name]()


def _worker(request):
    """Check one file; return the result dict."""
    capture = _LogCapture()
    release = request['release']
    result = {'release': release, 'error': None, 'names_present': [],
              'alias_raw': None, 'aliases': None, 'alias_error': None,
              'device_spec_raw': None, 'device_specs': None,
              'device_spec_error': None, 'available_filters': None,
              'enabled_filters_conf': None, 'filter_classes': None,
              'enabled_filters': None, 'missing_filters': None,
              'filter_error': None, 'zed_enabled_filters': None,
              'zed_enabled_filters_from_file': None, 'pci_requests': {},
              'pci_request_errors': {}, 'deprecations': []}
    path = request['conf_path']

    # A missing or unparseable file fails here already, in oslo.config's
    # ini parser (the one nova's CONF uses), before the slow nova imports.
    try:
        if not os.path.isfile(path):
            raise IOError("no such file '%s'" % path)
        result['names_present'] = _names_present(path)
    except Exception as e:  # noqa: B902 - report whatever was raised
        result['error'] = _exc(e)
        return result

    import nova.conf
    from nova import objects
    from nova.pci import request as pci_request
    from nova.pci import whitelist
    objects.register_all()
    conf = nova.conf.CONF

    try:
        conf(['--config-file', path], project='nova',
             default_config_files=[], default_config_dirs=[])
        # Values are parsed on first access: touch every managed one.
        result['alias_raw'] = list(conf.pci.alias)
        result['device_spec_raw'] = list(conf.pci.device_spec)
        list(conf.filter_scheduler.enabled_filters)
        list(conf.filter_scheduler.available_filters)
    except Exception as e:  # noqa: B902 - report whatever nova raised
        result['error'] = _exc(e)
        result['deprecations'] = [m for m in capture.messages
                                  if 'eprecated' in m]
        return result

    get_alias = getattr(pci_request, 'get_alias_from_config', None) or \
        getattr(pci_request, '_get_alias_from_config')
    try:
        aliases = get_alias()
        result['aliases'] = dict((name, [policy, specs])
                                 for name, (policy, specs) in aliases.items())
    except Exception as e:  # noqa: B902
        result['alias_error'] = _exc(e)

    try:
        wl = whitelist.Whitelist(conf.pci.device_spec)
        result['device_specs'] = [_spec_dict(s) for s in wl.specs]
    except Exception as e:  # noqa: B902
        result['device_spec_error'] = _exc(e)

    try:
        _read_filter_options(conf, release, result)
        _load_filters(result, request.get('module_root'))
    except Exception as e:  # noqa: B902
        result['filter_error'] = _exc(e)

    for name, extra_specs in sorted(request['flavors'].items()):
        try:
            flavor = objects.Flavor(name=name, memory_mb=512, vcpus=1,
                                    extra_specs=dict(extra_specs))
            reqs = pci_request.get_pci_requests_from_flavor(flavor)
            result['pci_requests'][name] = [
                {'alias_name': r.alias_name, 'count': r.count,
                 'spec': r.spec, 'numa_policy': r.numa_policy}
                for r in reqs.requests]
        except Exception as e:  # noqa: B902
            result['pci_request_errors'][name] = _exc(e)

    result['deprecations'] = [m for m in capture.messages
                              if 'eprecated' in m]
    return result


def _worker_main():
    """Entry point of the subprocess: JSON request in, JSON result out."""
    request = json.loads(sys.stdin.read())
    real_stdout = sys.stdout
    sys.stdout = sys.stderr          # keep stray prints out of the JSON
    try:
        result = _worker(request)
    except Exception as e:  # noqa: B902
        result = {'release': request.get('release'),
                  'error': 'novacheck: %s' % _exc(e)}
    sys.stdout = real_stdout
    sys.stdout.write(json.dumps(result, sort_keys=True, default=str))
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['--worker']:
        sys.exit(_worker_main())
    if len(sys.argv) in (2, 3, 4):
        r = check_conf(sys.argv[1],
                       sys.argv[2] if len(sys.argv) > 2 else None,
                       sys.argv[3] if len(sys.argv) > 3 else 'zed')
        print(json.dumps(r, indent=2, sort_keys=True))
        sys.exit(1 if errors(r) else 0)
    sys.stderr.write('usage: novacheck.py NOVA.CONF [MODULE_ROOT [RELEASE]]'
                     '\n')
    sys.exit(2)
