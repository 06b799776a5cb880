#!/usr/bin/python3
"""Writes a large ocmsh state file for the benchmark.

usage: gen-state.py NDEVICES OUT.yaml

NDEVICES devices node000001.. (each with 11 property values: type,
category, softwareimage, kernelparameters, roles, memory and one PCI
device of five fields), 4 software images, 1,000 flavors with three extra
specs each, 100 host aggregates sharing the devices between them, and two
PCI aliases.  Written in the style ocmsh's own saver uses (sorted names),
so that a load and a save of it cost what they would for a real cluster.
Prints the number of device property values on stdout.
"""
import sys

NIMAGES = 4
NFLAVORS = 1000
NAGGREGATES = 100
VALUES_PER_DEVICE = 11

FILTERS = ("RetryFilter, AvailabilityZoneFilter, RamFilter, DiskFilter, "
           "ComputeFilter, ComputeCapabilitiesFilter, ImagePropertiesFilter, "
           "ServerGroupAntiAffinityFilter, ServerGroupAffinityFilter, "
           "PciPassthroughFilter")

GPUS = (
    ("10de", "1024", "NVIDIA Corporation GK110BGL [Tesla K40c]"),
    ("10de", "15f8", "NVIDIA Corporation GP100GL [Tesla P100 PCIe 16GB]"),
)


def device(out, i):
    """One device entry."""
    vendor, dev, name = GPUS[i % 2]
    out.append("  node%06d:\n" % i)
    out.append("    type: PhysicalNode\n")
    out.append("    category: hypervisor%d\n" % (i % 8))
    out.append("    softwareimage: image%d\n" % (i % NIMAGES))
    out.append("    kernelparameters: intel_iommu=on rack=%d\n" % (i // 40))
    out.append("    roles: [openstackcompute]\n")
    out.append("    memory: %d\n" % (131072 << (i % 3)))
    out.append("    pcidevices:\n")
    out.append('    - {address: "0000:%02x:00.0", class: "0302", '
               'vendor: "%s", device: "%s", name: "%s"}\n'
               % (i % 256, vendor, dev, name))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen-state.py NDEVICES OUT.yaml")
    ndev = int(sys.argv[1])
    names = ["node%06d" % i for i in range(1, ndev + 1)]
    out = ["format: 1\n", "revision: 1\n", "cluster:\n",
           "  name: bench\n", "devices:\n"]
    for i in range(1, ndev + 1):
        device(out, i)
    out.append("categories:\n")
    for i in range(8):
        out.append("  hypervisor%d: {}\n" % i)
    out.append("softwareimages:\n")
    for i in range(NIMAGES):
        out.append("  image%d:\n    path: /cm/images/image%d\n" % (i, i))
    out.append("openstack:\n  default:\n    settings:\n      compute:\n"
               "        release: newton\n"
               "        schedulerfilters: [%s]\n" % FILTERS)
    out.append("    flavors:\n")
    for f in sorted("f%04d.gpu" % i for i in range(NFLAVORS)):
        i = int(f[1:5])
        alias = "gpu-p100" if i % 2 else "gpu-k40"
        out.append("      %s:\n        vcpus: %d\n        ram: %d\n"
                   "        disk: %d\n        extraspecs:\n"
                   "          gpu: \"true\"\n"
                   "          hw:cpu_policy: dedicated\n"
                   "          pci_passthrough:alias: %s:%d\n"
                   % (f, 1 + i % 16, 1024 * (1 + i % 64), 10 * (i % 50),
                      alias, 1 + i % 2))
    out.append("    hostaggregates:\n")
    per = max(1, ndev // NAGGREGATES)
    for a in range(NAGGREGATES):
        nodes = names[a * per:(a + 1) * per] if a * per < ndev else []
        out.append("      agg%03d:\n" % a)
        out.append("        nodes: [%s]\n" % ", ".join(nodes))
        out.append("        availabilityzone: zone%d\n" % (a % 4))
        out.append("        metadata:\n"
                   "          reserve_ram_filter_flavor_extra_spec: gpu\n"
                   "          reserve_ram_filter_mb: \"4096\"\n")
    out.append("    pcialiases:\n")
    for (name, (vendor, dev, _)) in zip(("gpu-k40", "gpu-p100"), GPUS):
        out.append('      %s:\n        vendorid: "%s"\n'
                   '        productid: "%s"\n        devicetype: type-PCI\n'
                   % (name, vendor, dev))
    out.append("written: {}\n")
    with open(sys.argv[2], "w") as f:
        f.write("".join(out))
    print(ndev * VALUES_PER_DEVICE)


if __name__ == "__main__":
    main()
