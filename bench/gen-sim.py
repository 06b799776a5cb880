#!/usr/bin/python3
"""Writes the state of the dry run benchmark (`make bench`).

usage: gen-sim.py NHOSTS OUT.yaml

NHOSTS hypervisors hv0001.. of 256 or 512 GiB, every tenth with two
P100s and in aggregate gpu (a 16 GiB reserve that gpu=true flavors
escape), four availability zones, nova Zed with ReserveRamFilter and
PciPassthroughFilter among its filters, flavors m1.small, m1.medium,
m1.large and g1.medium.p100.  Written as JSON, which is YAML.  Prints
the steps of the benchmark: 10 instances per hypervisor, 80% m1.medium,
15% m1.large, 5% g1.medium.p100.
"""
import json
import sys


def state(n):
    """The state of n hypervisors."""
    devices = {}
    gpu = []
    for i in range(1, n + 1):
        name = "hv%04d" % i
        d = {"type": "PhysicalNode", "roles": ["openstackcompute"],
             "memory": 524288 if i % 3 == 0 else 262144}
        if i % 10 == 0:
            d["pcidevices"] = [
                {"address": "0000:%02x:00.0" % b, "class": "0302",
                 "vendor": "10de", "device": "15f8"} for b in (0x86, 0x87)]
            gpu.append(name)
        devices[name] = d
    aggs = {"gpu": {"nodes": gpu, "metadata": {
        "gpu": "true", "reserve_ram_filter_mb": "16384",
        "reserve_ram_filter_flavor_extra_spec": "gpu"}}}
    for z in range(4):
        aggs["zone%d" % z] = {
            "nodes": ["hv%04d" % i for i in range(1 + z, n + 1, 4)],
            "availabilityzone": "az%d" % z}
    filters = ["AvailabilityZoneFilter", "ComputeFilter",
               "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
               "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter",
               "PciPassthroughFilter", "ReserveRamFilter",
               "NumInstancesFilter"]
    flavors = {
        "m1.small": {"vcpus": 1, "ram": 2048, "disk": 20},
        "m1.medium": {"vcpus": 2, "ram": 4096, "disk": 40},
        "m1.large": {"vcpus": 4, "ram": 8192, "disk": 80},
        "g1.medium.p100": {"vcpus": 2, "ram": 4096, "disk": 40,
                           "extraspecs": {
                               "gpu": "true",
                               "pci_passthrough:alias": "gpu-p100:1"}}}
    return {"format": 1, "revision": 1, "cluster": {"name": "simbench"},
            "devices": devices,
            "openstack": {"default": {
                "settings": {"compute": {"release": "zed",
                                         "schedulerfilters": filters}},
                "flavors": flavors, "hostaggregates": aggs,
                "pcialiases": {"gpu-p100": {
                    "vendorid": "10de", "productid": "15f8",
                    "devicetype": "type-PCI"}}}}}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-sim.py NHOSTS OUT.yaml")
    n = int(sys.argv[1])
    with open(sys.argv[2], "w") as f:
        json.dump(state(n), f)
    total = 10 * n
    print("-n %d m1.medium then -n %d m1.large then -n %d g1.medium.p100"
          % (total * 80 // 100, total * 15 // 100, total * 5 // 100))


if __name__ == "__main__":
    main()
