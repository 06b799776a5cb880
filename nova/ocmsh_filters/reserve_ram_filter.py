# ocmsh - reserve RAM on hosts for flavors that need them (GPU hosts).
"""Nova scheduler filters that keep RAM free for GPU flavors.

ocmsh installs this module as ``ocmsh_filters/reserve_ram_filter.py`` in a
directory on nova-scheduler's ``sys.path`` (next to an empty
``__init__.py``).  To use it, nova.conf needs the class path as one more
available filter and the class name among the enabled filters::

    [filter_scheduler]
    available_filters = nova.scheduler.filters.all_filters
    available_filters = ocmsh_filters.reserve_ram_filter.ReserveRamFilter
    enabled_filters = ...,PciPassthroughFilter,ReserveRamFilter

(Newton: ``[DEFAULT] scheduler_available_filters`` and
``scheduler_default_filters``.)

The reservation is set on a host aggregate with two metadata keys:

``reserve_ram_filter_mb``
    MiB of RAM held back on every host of the aggregate.
``reserve_ram_filter_flavor_extra_spec``
    the name of a flavor extra spec, for example ``gpu``.  A flavor whose
    extra spec of that name is ``true`` (any case, surrounding blanks
    ignored) may use the reserved RAM; every other flavor sees that much
    less free RAM on the aggregate's hosts.  When an aggregate has
    ``reserve_ram_filter_mb`` but no ``reserve_ram_filter_flavor_extra_spec``,
    its reservation applies to every flavor.

Each aggregate's reservation is paired with its own extra spec name.  When a
host is in several aggregates, the largest reservation that applies to the
flavor wins.  A ``reserve_ram_filter_mb`` that is not a non-negative
integer is logged and ignored.

A host passes when::

    total_usable_ram_mb * ram_allocation_ratio
        - (total_usable_ram_mb - free_ram_mb) - reserve >= flavor memory_mb

``ReserveRamFilter`` takes the ratio from the host (the compute node's
``ram_allocation_ratio``, 1.0 when unset).  ``ReserveAggregateRamFilter``
takes it from the aggregate metadata ``ram_allocation_ratio`` (the smallest
value when the host is in several aggregates), falling back to the host's.
Like nova's old RamFilter, a passing host gets
``host_state.limits['memory_mb']`` set to the unreserved limit, which
compute nodes up to Stein check their memory claims against.

The module loads on nova from Newton (Python 2.7) to 2026.1: it imports
only nova.scheduler.filters, nova.scheduler.filters.utils and oslo_log.
"""

from oslo_log import log as logging

from nova.scheduler import filters
from nova.scheduler.filters import utils

LOG = logging.getLogger(__name__)

RESERVE_KEY = 'reserve_ram_filter_mb'
EXTRA_SPEC_KEY = 'reserve_ram_filter_flavor_extra_spec'
RATIO_KEY = 'ram_allocation_ratio'


def _flavor_extra_specs(spec_obj):
    """Return the flavor's extra specs of a request, or an empty dict."""
    flavor = getattr(spec_obj, 'flavor', None)
    if flavor is None:
        return {}
    # Reading an unset field of a nova object would lazy-load it.
    is_set = getattr(flavor, 'obj_attr_is_set', None)
    if is_set is not None and not is_set('extra_specs'):
        return {}
    return getattr(flavor, 'extra_specs', None) or {}


def _is_true(value):
    """Return whether an extra spec value reads as "true"."""
    try:
        return value.strip().lower() == 'true'
    except AttributeError:
        return False


def _aggregate_reserve(aggregate, extra_specs, host_name):
    """Return the MiB one aggregate reserves against a flavor (0 if none)."""
    metadata = getattr(aggregate, 'metadata', None) or {}
    if RESERVE_KEY not in metadata:
        return 0
    raw = metadata[RESERVE_KEY]
    try:
        reserve = int(raw)
    except (TypeError, ValueError):
        reserve = -1
    if reserve < 0:
        LOG.warning("%(host)s: ignoring %(key)s of aggregate %(agg)s: "
                    "not a non-negative integer: '%(value)s'",
                    {'host': host_name,
                     'agg': getattr(aggregate, 'name', '?'),
                     'key': RESERVE_KEY, 'value': raw})
        return 0
    spec_name = metadata.get(EXTRA_SPEC_KEY)
    try:
        spec_name = spec_name.strip()
    except AttributeError:
        spec_name = None
    if spec_name and _is_true(extra_specs.get(spec_name)):
        return 0
    return reserve


class ReserveRamFilter(filters.BaseHostFilter):
    """Pass hosts with enough RAM, keeping aggregate reservations free."""

    # A multi-instance request consumes RAM between instances, so the
    # filter must run again for every instance.
    run_filter_once_per_request = False

    # Like RamFilter: a rebuild stays on its host and uses no new RAM.
    RUN_ON_REBUILD = False

    def _get_ram_allocation_ratio(self, host_state, spec_obj):
        """Return the RAM allocation ratio of a host."""
        ratio = getattr(host_state, 'ram_allocation_ratio', None)
        if ratio is None:
            return 1.0
        return ratio

    def _get_reserve(self, host_state, spec_obj):
        """Return the largest reservation against this flavor on a host."""
        extra_specs = _flavor_extra_specs(spec_obj)
        host_name = getattr(host_state, 'host', '?')
        reserve = 0
        for aggregate in getattr(host_state, 'aggregates', None) or []:
            reserve = max(reserve, _aggregate_reserve(aggregate,
                                                      extra_specs,
                                                      host_name))
        return reserve

    def host_passes(self, host_state, spec_obj):
        """Return whether a host has the requested RAM beyond the reserve."""
        requested_ram = spec_obj.memory_mb
        free_ram_mb = host_state.free_ram_mb
        total_usable_ram_mb = host_state.total_usable_ram_mb
        ratio = self._get_ram_allocation_ratio(host_state, spec_obj)
        reserve = self._get_reserve(host_state, spec_obj)

        memory_mb_limit = total_usable_ram_mb * ratio
        used_ram_mb = total_usable_ram_mb - free_ram_mb
        usable_ram = memory_mb_limit - used_ram_mb - reserve
        if not usable_ram >= requested_ram:
            LOG.debug("%(host_state)s does not have %(requested_ram)d MB "
                      "usable ram, it only has %(usable_ram)d MB usable ram "
                      "after reserving %(reserve)d MB.",
                      {'host_state': host_state,
                       'requested_ram': requested_ram,
                       'usable_ram': usable_ram,
                       'reserve': reserve})
            return False

        # Compute nodes up to Stein check memory claims against this
        # limit; the reservation is a scheduling policy, not a limit.
        host_state.limits['memory_mb'] = memory_mb_limit
        return True


class ReserveAggregateRamFilter(ReserveRamFilter):
    """ReserveRamFilter with the ratio taken from aggregate metadata."""

    def _get_ram_allocation_ratio(self, host_state, spec_obj):
        """Return the smallest aggregate ratio, else the host's."""
        default = super(ReserveAggregateRamFilter,
                        self)._get_ram_allocation_ratio(host_state, spec_obj)
        values = utils.aggregate_values_from_key(host_state, RATIO_KEY)
        try:
            ratio = utils.validate_num_values(values, default,
                                              cast_to=float)
        except ValueError as e:
            LOG.warning("Could not decode %(key)s: '%(error)s'",
                        {'key': RATIO_KEY, 'error': e})
            ratio = default
        if ratio is None:
            return 1.0
        return ratio
