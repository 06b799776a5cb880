"""novasim - nova-scheduler's own code driven on an ocmsh state, for the
dry run's tests and benchmark (tests/sim/test_nova.py, bench/run.py).

Needs Debian's python3-nova (Zed); the repository's nova/ folder must be
on sys.path for ocmsh_filters.  Builds what nova-scheduler would hold for
a state: HostState objects filled from ComputeNode objects whose PCI pools
nova-compute's PciDeviceStats made from the devices and the whitelist,
host aggregates, RequestSpec objects whose PCI requests nova's alias code
made; then filters with nova's HostFilterHandler, weighs with
HostWeightHandler (RAMWeigher, PCIWeigher) and consumes on the winner.

    sched = Scheduler(state, ratio=1.5, reserved=512, max_instances=50)
    spec = sched.request(flavor_name, zone)
    host, weight = sched.pick(filter_names, spec)
    sched.consume(host, spec)
"""

import datetime
import json
import logging

logging.disable(logging.CRITICAL)
from oslo_utils import timeutils  # noqa: E402
from nova import conf as nova_conf  # noqa: E402
from nova import objects  # noqa: E402
from nova.pci import request as pci_request  # noqa: E402
from nova.pci import stats as pci_stats  # noqa: E402
from nova.pci import whitelist as pci_whitelist  # noqa: E402
from nova.scheduler import filters as nova_filters  # noqa: E402
from nova.scheduler import host_manager  # noqa: E402
from nova.scheduler import weights as nova_weights  # noqa: E402
from nova.scheduler.weights import pci as pci_weigher  # noqa: E402
from nova.scheduler.weights import ram as ram_weigher  # noqa: E402
objects.register_all()

CONF = nova_conf.CONF
CELL = '00000000-0000-0000-0000-0000000000c1'


def filter_classes():
    """Every filter class nova-scheduler would load, by name."""
    handler = nova_filters.HostFilterHandler()
    classes = handler.get_matching_classes(
        ['nova.scheduler.filters.all_filters',
         'ocmsh_filters.reserve_ram_filter.ReserveRamFilter',
         'ocmsh_filters.reserve_ram_filter.ReserveAggregateRamFilter'])
    return dict((c.__name__, c) for c in classes)


CLASSES = filter_classes()
HANDLER = nova_filters.HostFilterHandler()
WEIGHER = nova_weights.HostWeightHandler()


def alias_json(aliases):
    """[pci] alias values, as ocmsh renders them."""
    out = []
    for name in sorted(aliases):
        a = aliases[name]
        j = {'name': name}
        if 'vendorid' in a:
            j['vendor_id'] = a['vendorid']
        if 'productid' in a:
            j['product_id'] = a['productid']
        j['device_type'] = a.get('devicetype', 'type-PCI')
        out.append(json.dumps(j))
    return out


def device_spec(state, aliases):
    """[pci] device_spec values: the whitelist or the derived one."""
    wl = state['openstack']['default']['settings']['compute'].get(
        'pcipassthroughwhitelist')
    if wl:
        return [json.dumps(e) for e in wl]
    derived = []
    for name in sorted(aliases):
        a = aliases[name]
        if 'vendorid' in a and 'productid' in a:
            e = {'vendor_id': a['vendorid'], 'product_id': a['productid']}
            if e not in derived:
                derived.append(e)
    return [json.dumps(derived)] if derived else []


def pools_of(dev, spec_values, host):
    """The PCI pools nova-compute reports for a device list."""
    stats = pci_stats.PciDeviceStats(
        None, dev_filter=pci_whitelist.Whitelist(spec_values))
    for i, d in enumerate(dev.get('pcidevices', [])):
        stats.add_device(objects.PciDevice(
            compute_node_id=1, address=d['address'],
            vendor_id=d['vendor'], product_id=d['device'],
            dev_type='type-PCI', status='available', numa_node=None,
            parent_addr=None, extra_info={}, dev_id='pci_%s_%d' % (host, i),
            label='label_%s_%s' % (d['vendor'], d['device']),
            request_id=None, instance_uuid=None))
    return stats.to_device_pools_obj()


def host_states(state, spec_values, ratio, reserved):
    """A HostState per hypervisor, sorted by name, as nova fills them."""
    os_ = state['openstack']['default']
    aggs = []
    for i, (name, g) in enumerate(sorted(os_['hostaggregates'].items())):
        md = dict(g.get('metadata', {}))
        if 'availabilityzone' in g:
            md['availability_zone'] = g['availabilityzone']
        aggs.append(objects.Aggregate(
            id=i + 1, name=name, uuid='00000000-0000-0000-0000-%012d' % i,
            hosts=list(g['nodes']), metadata=md))
    now = timeutils.utcnow()
    out = []
    for name in sorted(state['devices']):
        dev = state['devices'][name]
        if 'openstackcompute' not in dev.get('roles', []):
            continue
        mem = dev['memory']
        cn = objects.ComputeNode(
            uuid='00000000-0000-0000-0000-00000000%04d' % len(out),
            host=name, hypervisor_hostname=name, memory_mb=mem,
            free_ram_mb=mem - reserved, memory_mb_used=reserved,
            local_gb=1000, local_gb_used=0, free_disk_gb=1000,
            disk_available_least=1000, vcpus=64, vcpus_used=0,
            numa_topology=None,
            pci_device_pools=pools_of(dev, spec_values, name),
            host_ip='192.0.2.1', hypervisor_type='QEMU',
            hypervisor_version=6002000, cpu_info='{}',
            supported_hv_specs=[], stats={}, metrics='[]',
            cpu_allocation_ratio=16.0, ram_allocation_ratio=ratio,
            disk_allocation_ratio=1.0,
            updated_at=datetime.datetime(2024, 1, 1))
        hs = host_manager.HostState(name, name, CELL)
        service = {'disabled': False, 'forced_down': False, 'host': name,
                   'binary': 'nova-compute', 'last_seen_up': now,
                   'created_at': now, 'updated_at': now}
        hs.update(compute=cn, service=service,
                  aggregates=[a for a in aggs if name in a.hosts],
                  inst_dict={})
        out.append(hs)
    return out


def request(state, step):
    """A RequestSpec for one instance of a step."""
    fl = state['openstack']['default']['flavors'][step['flavor']]
    flavor = objects.Flavor(
        id=1, name=step['flavor'], flavorid=step['flavor'],
        memory_mb=fl['ram'], vcpus=fl.get('vcpus', 1),
        root_gb=fl.get('disk', 0), ephemeral_gb=0, swap=0,
        extra_specs=dict(fl.get('extraspecs', {})))
    pci = pci_request.get_pci_requests_from_flavor(flavor)
    return objects.RequestSpec(
        flavor=flavor, num_instances=1, project_id='p1',
        instance_uuid='00000000-0000-0000-0000-00000000beef',
        availability_zone=step['zone'], scheduler_hints={},
        pci_requests=pci, numa_topology=None, ignore_hosts=None,
        force_hosts=None, force_nodes=None, instance_group=None,
        image=objects.ImageMeta.from_dict({
            'id': '00000000-0000-0000-0000-0000000000aa',
            'properties': {}}))



def names(hosts):
    """The sorted names of HostState objects."""
    return sorted(h.host for h in (hosts or []))


class Scheduler:
    """nova-scheduler's view of a state and its choices."""

    def __init__(self, state, ratio=1.5, reserved=512, max_instances=50):
        self.state = state
        self.ratio, self.reserved = ratio, reserved
        aliases = state['openstack']['default'].get('pcialiases', {})
        CONF.set_override('alias', alias_json(aliases), group='pci')
        spec_values = device_spec(state, aliases)
        CONF.set_override('device_spec', spec_values, group='pci')
        CONF.set_override('max_instances_per_host', max_instances,
                          group='filter_scheduler')
        self.hosts = host_states(state, spec_values, ratio, reserved)
        self.used = dict((h.host, 0) for h in self.hosts)
        self.filters = {}

    def request(self, flavor, zone=None):
        """A RequestSpec for one instance of flavor."""
        return request(self.state, {'flavor': flavor, 'zone': zone})

    def placement(self, spec, hosts=None):
        """The hosts placement's MEMORY_MB inventory has room on."""
        return [h for h in (self.hosts if hosts is None else hosts)
                if spec.memory_mb <= h.total_usable_ram_mb and
                self.used[h.host] + spec.memory_mb <=
                (h.total_usable_ram_mb - self.reserved) * self.ratio]

    def filter(self, name, spec):
        """The hosts filter class name lets through on its own."""
        return HANDLER.get_filtered_objects([self.instance(name)],
                                            self.hosts, spec, 0) or []

    def instance(self, name):
        """One instance of a filter class, reused as nova does."""
        if name not in self.filters:
            self.filters[name] = CLASSES[name]()
        return self.filters[name]

    def pick(self, chain, spec):
        """placement, the chain of filters, the weighers: (host, weight),
        (None, None) when no host is left."""
        left = HANDLER.get_filtered_objects(
            [self.instance(n) for n in chain], self.placement(spec), spec,
            0) or []
        if not left:
            return None, None
        weighed = WEIGHER.get_weighed_objects(
            [ram_weigher.RAMWeigher(), pci_weigher.PCIWeigher()],
            sorted(left, key=lambda h: h.host), spec)
        return weighed[0].obj, weighed[0].weight

    def consume(self, host, spec):
        """What the scheduler does to the chosen host."""
        host.consume_from_request(spec)
        self.used[host.host] += spec.memory_mb
