# modified, diff, refresh, validate, commit (ocmsh(1) COMMANDS, staging and
# "Commit").

## case modified with nothing staged names the mode's type
stdin:
| modified
| device modified
| openstack modified
| openstack settings compute modified
| openstack flavors modified
stdout:
| modified
| No modified objects
| device modified
| No modified objects of type device
| openstack modified
| No modified objects of type openstack
| openstack settings compute modified
| No modified objects of type openstack
| openstack flavors modified
| No modified objects of type flavor

## case modified lists +, - and changed objects of the mode and below
stdin:
| device
| add n1
| exit
| remove head
| set hyper01 memory 1
| modified
| openstack flavors add f1
| openstack settings compute append schedulerfilters PciPassthroughFilter
| openstack modified
| modified
| home
| modified
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device head, device hyper01, device n1, openstack default, flavor f1
stdout:
| device
| add n1
| exit
| remove head
| set hyper01 memory 1
| modified
| State Type   Name
| ----- ------ -------
| -     Device head
|       Device hyper01
| +     Device n1
| openstack flavors add f1
| openstack settings compute append schedulerfilters PciPassthroughFilter
| openstack modified
| State Type      Name
| ----- --------- -------
|       OpenStack default
| +     Flavor    f1
| modified
| State Type   Name
| ----- ------ ----
| +     Flavor f1
| home
| modified
| State Type      Name
| ----- --------- -------
| -     Device    head
|       Device    hyper01
| +     Device    n1
|       OpenStack default
| +     Flavor    f1

## case diff shows each changed property, old and new
stdin:
| device
| set hyper01 kernelparameters intel_iommu=on
| set hyper01 memory 1024
| add n1
| set category c
| exit
| remove head
| diff
| openstack settings compute
| set release pike
| diff
| home
| openstack flavors clone m1.small f2
| set extraspecs a=b
| diff
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device head, device hyper01, device n1, openstack default, flavor f2
stdout:
| device
| set hyper01 kernelparameters intel_iommu=on
| set hyper01 memory 1024
| add n1
| set category c
| exit
| remove head
| diff
| - device head
|     type: HeadNode
| ~ device hyper01
|     kernelparameters: (unset) -> intel_iommu=on
|     memory: 262144 -> 1024
| + device n1
|     type: PhysicalNode
|     category: c
| openstack settings compute
| set release pike
| diff
| ~ openstack default
|     settings compute release: newton -> pike
| home
| openstack flavors clone m1.small f2
| set extraspecs a=b
| diff
| + flavor f2
|     vcpus: 1
|     ram: 2048
|     disk: 20
|     extraspecs: {"a":"b"}

## case refresh drops the changes of the object, or of the mode
args: -x
stdin:
| device
| set hyper01 memory 1
| set hyper02 memory 2
| use hyper01
| refresh
| exit
| modified
| refresh
| modified
| openstack flavors add f1
| refresh
| home
| openstack flavors modified
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 memory 1
| [cluster->device*]% set hyper02 memory 2
| [cluster->device*]% use hyper01
| [cluster->device*[hyper01*]]% refresh
| [cluster->device*[hyper01]]% exit
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper02
| [cluster->device*]% refresh
| [cluster->device]% modified
| No modified objects of type device
| [cluster->device]% openstack flavors add f1
| [cluster->openstack[default]->flavors*[f1*]]% refresh
| [cluster->openstack[default]->flavors]% home
| [cluster]% openstack flavors modified
| No modified objects of type flavor

## case commit at mode level: Successfully committed N Devices
args: -x
stdin:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| commit
| remove hyper04
| commit
| get hyper01 kernelparameters
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| [cluster->device*]% commit
| Successfully committed 2 Devices
| [cluster->device]% remove hyper04
| [cluster->device*]% commit
| Successfully removed 1 Devices
| Successfully committed 0 Devices
| [cluster->device]% get hyper01 kernelparameters
| intel_iommu=on

## case commit at object level commits that object only, silently
args: -x
stdin:
| device
| set hyper01 memory 1
| set hyper02 memory 2
| use hyper01
| commit
| exit
| modified
| refresh
| get hyper01 memory
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 memory 1
| [cluster->device*]% set hyper02 memory 2
| [cluster->device*]% use hyper01
| [cluster->device*[hyper01*]]% commit
| [cluster->device*[hyper01]]% exit
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper02
| [cluster->device*]% refresh
| [cluster->device]% get hyper01 memory
| 1

## case commits lists the revisions with a summary of each
keep: yes
stdin:
| commits
stdout-has:
| Revision Time                User       Summary
| -------- ------------------- ---------- ------------------------------
| ~device hyper01

## case commit at the top commits everything
stdin:
| device set hyper01 memory 1
| openstack flavors set m1.tiny ram 256
| commit
| device get hyper01 memory
| openstack flavors get m1.tiny ram
stdout:
| device set hyper01 memory 1
| openstack flavors set m1.tiny ram 256
| commit
| Successfully committed 1 Devices
| Successfully committed 1 Flavors
| device get hyper01 memory
| 1
| openstack flavors get m1.tiny ram
| 256

## case commit in a mode leaves other modes' changes staged
stdin:
| device set hyper01 memory 1
| openstack flavors
| set m1.tiny ram 256
| commit
| home
| modified
| refresh
status: 0
stdout:
| device set hyper01 memory 1
| openstack flavors
| set m1.tiny ram 256
| commit
| Successfully committed 1 Flavors
| home
| modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
| refresh

## case validate prints All good, or the table; it writes nothing
untouched: yes
stdin:
| validate
| openstack flavors set m1.tiny extraspecs {\"pci_passthrough:alias\":\"nosuch:1\"}
| validate
| openstack flavors refresh
| openstack settings compute set schedulerfilters RamFilter NoSuchFilter
| validate
| openstack settings compute refresh
stdout:
| validate
| All good
| openstack flavors set m1.tiny extraspecs {\"pci_passthrough:alias\":\"nosuch:1\"}
| validate
| Code  Field                     Message
| ----- ------------------------- ------------------------------
| 102   flavor m1.tiny extraspecs warning: PCI alias 'nosuch' is not defined: nova refuses this flavor's boots (add it in openstack pcialiases)
| 201   compute schedulerfilters  warning: 1 flavor requests PCI devices but PciPassthroughFilter is not enabled
| openstack flavors refresh
| openstack settings compute set schedulerfilters RamFilter NoSuchFilter
| validate
| Code  Field                    Message
| ----- ------------------------ ------------------------------
| 105   compute schedulerfilters NoSuchFilter is not a filter of nova Newton and availablefilters does not provide it
| openstack settings compute refresh

## case a refused commit prints the table and writes nothing
args: -x -q
untouched: yes
stdin:
| openstack flavors
| set m1.tiny extraspecs {\"pci_passthrough:alias\":\"nosuch:0\"}
| commit
status: 1
stdout:
| [cluster]% openstack flavors
| [cluster->openstack[default]->flavors]% set m1.tiny extraspecs {\"pci_passthrough:alias\":\"nosuch:0\"}
| [cluster->openstack[default]->flavors*]% commit
stderr:
| Code  Field                     Message
| ----- ------------------------- ------------------------------
| 103   flavor m1.tiny extraspecs count '0' for PCI alias 'nosuch' is not a positive integer
| 102   flavor m1.tiny extraspecs warning: PCI alias 'nosuch' is not defined: nova refuses this flavor's boots (add it in openstack pcialiases)
| 201   compute schedulerfilters  warning: 1 flavor requests PCI devices but PciPassthroughFilter is not enabled
| ocmsh: -:3: commit refused: 1 error

## case commit --dry-run prints the diffs and writes nothing
state-before: example.yaml
untouched: yes
stdin:
| device set hyper01 memory 1
| commit --dry-run
| refresh
stdout:
| device set hyper01 memory 1
| commit --dry-run
| --- a/{STATEREL}
| +++ b/{STATEREL}
| @@ -1,5 +1,5 @@
|  format: 1
| -revision: 1
| +revision: 2
|  cluster:
|    name: cluster
|  devices:
| @@ -15,7 +15,7 @@
|      category: hypervisor
|      softwareimage: default-image
|      roles: [openstackcompute]
| -    memory: 262144
| +    memory: 1
|      pcidevices:
|      - {address: "0000:86:00.0", class: "0302", vendor: "10de", device: "1024", revision: a1, name: "NVIDIA Corporation GK110BGL [Tesla K40c]"}
|    hyper02:
| --- a/cm/images/default-image/etc/nova/nova.conf
| +++ b/cm/images/default-image/etc/nova/nova.conf
| @@ -0,0 +1,3 @@
| +[DEFAULT]
| +scheduler_default_filters = RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
| +scheduler_available_filters = nova.scheduler.filters.all_filters
| refresh

## case commit options are checked
stdin:
| commit --bogus
| commit a b c
stdout:
| commit --bogus
| commit a b c
status: 1
stderr:
| ocmsh: -:1: unknown commit option '--bogus'
| ocmsh: -:2: wrong number of arguments to 'commit'; usage: commit [--dry-run] [--force]

## case history: rollback stages an old revision, to review and commit
stdin:
| device set hyper01 memory 1
| commit
| device set hyper01 memory 2
| commit
| rollback 1
| device get hyper01 memory
| diff
| commit
| device get hyper01 memory
| rollback 99
| rollback x
status: 1
stdout:
| device set hyper01 memory 1
| commit
| Successfully committed 1 Devices
| device set hyper01 memory 2
| commit
| Successfully committed 1 Devices
| rollback 1
| device get hyper01 memory
| 1
| diff
| ~ device hyper01
|     memory: 2 -> 1
| commit
| Successfully committed 1 Devices
| device get hyper01 memory
| 1
| rollback 99
| rollback x
stderr-has:
| ocmsh: -:10: revision 99 is not in the history

## case the first commit creates the state file's missing folders
args: -s {DIR}/new/deeper/cluster.yaml
stdin:
| device
| set hyper03 memory 1024
| commit
| !test -f {DIR}/new/deeper/cluster.yaml && echo created
stdout:
| device
| set hyper03 memory 1024
| commit
| Successfully committed 1 Devices
| !test -f {DIR}/new/deeper/cluster.yaml && echo created
| created
