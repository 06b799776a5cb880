# The seed procedure (seeds/000_ad7ba81e03bdeeac.txt) as its document writes
# it.

## case step 1, exactly as the seed writes it, changes the two lines only
args: -x
stdin:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| commit
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| [cluster->device*]% commit
| Successfully committed 2 Devices
state-after: seed-step1.yaml

## case a commit of nothing writes the example cluster as it is
stdin:
| commit
stdout:
| commit
state-after: example.yaml

## case step 1 on a written example cluster gives the same file at revision 2
# the previous state in STATEDIR/history is the state file's own
backend: file
state-before: example.yaml
stdin:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| commit
stdout:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| commit
| Successfully committed 2 Devices
file-after {DIR}/state/history/1.yaml: =example.yaml

## case the whole seed procedure runs, echoed, and exits 0
# (the image is laid out as the seed's CentOS 7: nova on Python 2.7)
args: -x
file {ROOT}/cm/images/default-image/usr/lib/python2.7/site-packages/nova/__init__.py:
| # nova
stdin-file: examples/seed.ocmsh
stdout-has:
| [cluster->device*]% commit
| Successfully committed 2 Devices
| [cluster->openstack[default]->flavors*[g1.medium.p100*]]% set extraspecs {\"pci_passthrough:alias\":\"gpu-p100:1\"}
| [cluster->openstack*[default*]->settings*->compute*]% commit
| [cluster->openstack[default]->hostaggregates*[gpu*]]% commit
| [cluster->openstack[default]->flavors*]% commit
| Successfully committed 1 Flavors
stderr:
| Code  Field                    Message
| ----- ------------------------ ------------------------------
| 201   compute schedulerfilters warning: 1 flavor requests PCI devices but PciPassthroughFilter is not enabled
| Code  Field                            Message
| ----- -------------------------------- ------------------------------
| 208   flavor g1.medium.p100 extraspecs warning: requests PCI devices but lacks 'gpu': true, so the 4096 MiB that aggregate gpu reserves for GPU flavors are kept from it

## case after the seed, the state holds what the seed asked for
keep: yes
stdin:
| device get hyper01 kernelparameters
| device get hyper03 kernelparameters
| openstack flavors get g1.medium.p100 extraspecs
| openstack hostaggregates get gpu nodes
| openstack hostaggregates get gpu metadata
| openstack settings compute get schedulerfilters
| openstack pcialiases list
stdout:
| device get hyper01 kernelparameters
| intel_iommu=on
| device get hyper03 kernelparameters
|
| openstack flavors get g1.medium.p100 extraspecs
| {"gpu":"true","pci_passthrough:alias":"gpu-p100:1"}
| openstack hostaggregates get gpu nodes
| hyper01 hyper02
| openstack hostaggregates get gpu metadata
| {"reserve_ram_filter_flavor_extra_spec":"gpu","reserve_ram_filter_mb":"4096"}
| openstack settings compute get schedulerfilters
| RetryFilter AvailabilityZoneFilter ReserveRamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter PciPassthroughFilter
| openstack pcialiases list
| Name (key)       Vendor ID Product ID Device type NUMA policy
| ---------------- --------- ---------- ----------- ----------
| gpu-k40          10de      1024       type-PCI
| gpu-p100         10de      15f8       type-PCI
file-after {ROOT}/cm/images/default-image/usr/lib/python2.7/site-packages/ocmsh_filters/__init__.py:
file-after {ROOT}/cm/images/default-image/usr/lib/python3/dist-packages: absent
