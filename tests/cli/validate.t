# validate's one walk over the devices: image references,
# several PCI aliases per device and per pcidevices list, IDs in any case,
# the IOMMU words, in device order then alias order.

## case image references and alias holders, in the order of the devices
# the aliases keep their hand-edited order (p100 first) only in a file
# that was never written: etcd, as every write, holds them by name
backend: file
args: -c validate
file {STATE}:
| format: 1
| revision: 1
| cluster:
|   name: c
| devices:
|   a1:
|     category: c
|     softwareimage: img1
|     kernelparameters: "quiet  intel_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10DE", device: "15F8", name: "P100"}
|   a2:
|     category: c
|     softwareimage: gone
|     kernelparameters: "intel_iommu=on2 amd_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|   a3:
|     category: c
|     softwareimage: img2
|     kernelparameters: "intel_iommu=on2"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|     - {address: "0000:02:00.0", class: "0302", vendor: "10de", device: "15f8", name: "P100"}
|   a4:
|     category: c
|     softwareimage: gone
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "10de", device: "1024", name: "K40"}
|   a5:
|     category: c
|     softwareimage: img1
|     kernelparameters: "amd_iommu=on"
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0302", vendor: "8086", device: "1024", name: "x"}
| categories:
|   c: {}
| softwareimages:
|   img1:
|     path: /cm/images/img1
|   img2:
|     path: /cm/images/img2
| openstack:
|   default:
|     pcialiases:
|       p100:
|         vendorid: 10de
|         productid: 15f8
|       k40:
|         vendorid: 10de
|         productid: "1024"
|       none:
|         vendorid: "8086"
|         productid: "0001"
stdout:
| Code  Field                      Message
| ----- -------------------------- ------------------------------
| 101   device a2 softwareimage    no such softwareimage 'gone'
| 101   device a4 softwareimage    no such softwareimage 'gone'
| 202   device a3 kernelparameters warning: holds 10de:15f8 (alias 'p100') but lacks intel_iommu=on or amd_iommu=on
| 202   device a3 kernelparameters warning: holds 10de:1024 (alias 'k40') but lacks intel_iommu=on or amd_iommu=on
| 202   device a4 kernelparameters warning: holds 10de:1024 (alias 'k40') but lacks intel_iommu=on or amd_iommu=on
| 203   pcialias none              warning: no device has 8086:0001 (run pciscan on the hosts)

## case every kind of problem, listed in the order of the types' check steps
# release, devices, aggregate nodes, flavors, aliases, filters, aggregate
# metadata
stdin:
| device set hyper03 softwareimage nosuch
| device set hyper04 softwareimage ghost
| openstack hostaggregates; add agg; set nodes hyper01 ghost1; set metadata reserve_ram_filter_mb=abc; home
| openstack hostaggregates; add agg2; set nodes ghost2; set metadata reserve_ram_filter_mb=-1; home
| openstack flavors; set m1.small extraspecs pci_passthrough:alias=nosuch:x,a2:1 gpu=true; set m1.tiny extraspecs pci_passthrough:alias=a2; home
| openstack pcialiases; add a1; set vendorid 10de; home
| openstack pcialiases; add a2; set vendorid 10de; set productid 1024; home
| openstack pcialiases; add a3; set vendorid 10DE; set productid ffff; home
| openstack settings compute; set release zed; set schedulerfilters RamFilter Bogus AggregateInstanceExtraSpecsFilter ReserveRamFilter; set availablefilters my.sitefilters.Foo; set pcipassthroughwhitelist '{"vendor_id":"8086"}'; home
| validate
stdout:
| device set hyper03 softwareimage nosuch
| device set hyper04 softwareimage ghost
| openstack hostaggregates; add agg; set nodes hyper01 ghost1; set metadata reserve_ram_filter_mb=abc; home
| openstack hostaggregates; add agg2; set nodes ghost2; set metadata reserve_ram_filter_mb=-1; home
| openstack flavors; set m1.small extraspecs pci_passthrough:alias=nosuch:x,a2:1 gpu=true; set m1.tiny extraspecs pci_passthrough:alias=a2; home
| openstack pcialiases; add a1; set vendorid 10de; home
| openstack pcialiases; add a2; set vendorid 10de; set productid 1024; home
| openstack pcialiases; add a3; set vendorid 10DE; set productid ffff; home
| openstack settings compute; set release zed; set schedulerfilters RamFilter Bogus AggregateInstanceExtraSpecsFilter ReserveRamFilter; set availablefilters my.sitefilters.Foo; set pcipassthroughwhitelist '{"vendor_id":"8086"}'; home
| validate
| Code  Field                           Message
| ----- ------------------------------- ------------------------------
| 101   device hyper03 softwareimage    no such softwareimage 'nosuch'
| 101   device hyper04 softwareimage    no such softwareimage 'ghost'
| 101   hostaggregate agg nodes         no such device 'ghost1'
| 101   hostaggregate agg2 nodes        no such device 'ghost2'
| 204   flavor m1.small extraspecs      warning: AggregateInstanceExtraSpecsFilter is enabled and treats the unscoped extra spec 'gpu' as a requirement on the host's aggregate metadata
| 103   flavor m1.small extraspecs      count 'x' for PCI alias 'nosuch' is not a positive integer
| 102   flavor m1.small extraspecs      warning: PCI alias 'nosuch' is not defined: nova refuses this flavor's boots (add it in openstack pcialiases)
| 103   flavor m1.tiny extraspecs       pci_passthrough:alias 'a2' needs NAME:COUNT
| 201   compute schedulerfilters        warning: 2 flavors request PCI devices but PciPassthroughFilter is not enabled
| 107   pcialias a1                     productid is not set
| 104   pcialias a2                     no pcipassthroughwhitelist entry covers 10de:1024
| 202   device hyper01 kernelparameters warning: holds 10de:1024 (alias 'a2') but lacks intel_iommu=on or amd_iommu=on
| 104   pcialias a3                     no pcipassthroughwhitelist entry covers 10de:ffff
| 203   pcialias a3                     warning: no device has 10de:ffff (run pciscan on the hosts)
| 105   compute schedulerfilters        RamFilter was removed in Train
| 105   compute schedulerfilters        Bogus is not a filter of nova Zed and availablefilters does not provide it
| 105   compute availablefilters        AggregateInstanceExtraSpecsFilter is enabled but availablefilters does not provide it (add 'nova.scheduler.filters.all_filters')
| 105   compute availablefilters        ReserveRamFilter is enabled but availablefilters does not provide it (add 'ocmsh_filters.reserve_ram_filter.ReserveRamFilter')
| 106   hostaggregate agg metadata      reserve_ram_filter_mb 'abc' is not a non-negative integer
| 106   hostaggregate agg2 metadata     reserve_ram_filter_mb '-1' is not a non-negative integer
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper03, device hyper04, openstack default, flavor m1.small, flavor m1.tiny, hostaggregate agg, hostaggregate agg2, pcialias a1, pcialias a2, pcialias a3
status: 3
