# Navigation and prompts (ocmsh(1) COMMAND LANGUAGE, "Modes and the prompt"), with -x.

## case top-level prompt and the three top-level modes
args: -x
stdin:
| device
| softwareimage
| openstack
| home
stdout:
| [cluster]% device
| [cluster->device]% softwareimage
| [cluster->softwareimage]% openstack
| [cluster->openstack[default]]% home

## case every prompt form of ocmsh(1)
args: -x
stdin:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| use hyper01
| exit
| refresh
| openstack flavors
| clone m1.medium g1.medium.p100
| set extraspecs {\"pci_passthrough:alias\":\"gpu-p100:1\"}
| exit
| home
| openstack settings
| compute
| append schedulerfilters PciPassthroughFilter
| exit
| exit
| hostaggregates
| home
| quit
status: 3
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| [cluster->device*]% use hyper01
| [cluster->device*[hyper01*]]% exit
| [cluster->device*]% refresh
| [cluster->device]% openstack flavors
| [cluster->openstack[default]->flavors]% clone m1.medium g1.medium.p100
| [cluster->openstack[default]->flavors*[g1.medium.p100*]]% set extraspecs {\"pci_passthrough:alias\":\"gpu-p100:1\"}
| [cluster->openstack[default]->flavors*[g1.medium.p100*]]% exit
| [cluster->openstack[default]->flavors*]% home
| [cluster]% openstack settings
| [cluster->openstack[default]->settings]% compute
| [cluster->openstack[default]->settings->compute]% append schedulerfilters PciPassthroughFilter
| [cluster->openstack*[default*]->settings*->compute*]% exit
| [cluster->openstack*[default*]->settings*]% exit
| [cluster->openstack*[default*]]% hostaggregates
| [cluster->openstack*[default*]->hostaggregates]% home
| [cluster]% quit
stderr:
| ocmsh: input ended with uncommitted changes, discarded: openstack default, flavor g1.medium.p100

## case a mode word runs one command there and stays put
args: -x
stdin:
| openstack flavors
| device list -f hostname:14
| device get hyper02 category
| softwareimage get default-image path
| openstack settings compute get release
stdout:
| [cluster]% openstack flavors
| [cluster->openstack[default]->flavors]% device list -f hostname:14
| hostname (key)
| -------------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04
| [cluster->openstack[default]->flavors]% device get hyper02 category
| hypervisor
| [cluster->openstack[default]->flavors]% softwareimage get default-image path
| /cm/images/default-image
| [cluster->openstack[default]->flavors]% openstack settings compute get release
| newton

## case a navigating command after a mode word moves
args: -x
stdin:
| openstack flavors
| device use hyper01
| softwareimage
| openstack settings compute
| openstack hostaggregates add gpu
| openstack pcialiases
| home
| openstack flavors clone m1.tiny t2
| home
status: 3
stdout:
| [cluster]% openstack flavors
| [cluster->openstack[default]->flavors]% device use hyper01
| [cluster->device[hyper01]]% softwareimage
| [cluster->softwareimage]% openstack settings compute
| [cluster->openstack[default]->settings->compute]% openstack hostaggregates add gpu
| [cluster->openstack[default]->hostaggregates*[gpu*]]% openstack pcialiases
| [cluster->openstack[default]->pcialiases]% home
| [cluster]% openstack flavors clone m1.tiny t2
| [cluster->openstack[default]->flavors*[t2*]]% home
stderr:
| ocmsh: input ended with uncommitted changes, discarded: flavor t2, hostaggregate gpu

## case exit goes up one level: object, mode, top, then quits
args: -x
stdin:
| device
| use hyper03
| exit
| exit
| exit
| device
| list
stdout:
| [cluster]% device
| [cluster->device]% use hyper03
| [cluster->device[hyper03]]% exit
| [cluster->device]% exit
| [cluster]% exit

## case exit from openstack[default] leaves the mode (default is auto-selected)
args: -x
stdin:
| openstack
| exit
| openstack
| use default
| exit
| openstack pcialiases
| ..
| ..
| openstack settings compute
| ..
| ..
| ..
stdout:
| [cluster]% openstack
| [cluster->openstack[default]]% exit
| [cluster]% openstack
| [cluster->openstack[default]]% use default
| [cluster->openstack[default]]% exit
| [cluster]% openstack pcialiases
| [cluster->openstack[default]->pcialiases]% ..
| [cluster->openstack[default]]% ..
| [cluster]% openstack settings compute
| [cluster->openstack[default]->settings->compute]% ..
| [cluster->openstack[default]->settings]% ..
| [cluster->openstack[default]]% ..

## case aliases of exit and home: .. and /
args: -x
stdin:
| openstack settings compute
| /
| device use hyper01
| ..
| ..
stdout:
| [cluster]% openstack settings compute
| [cluster->openstack[default]->settings->compute]% /
| [cluster]% device use hyper01
| [cluster->device[hyper01]]% ..
| [cluster->device]% ..

## case use of a missing object is an error and leaves the prompt
args: -x
stdin:
| device
| use hyper09
| use hyper01
| use nosuch
status: 1
stderr:
| ocmsh: -:2: no such device 'hyper09'
| ocmsh: -:4: no such device 'nosuch'
stdout:
| [cluster]% device
| [cluster->device]% use hyper09
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% use nosuch

## case use of a node set: one name selects it, several are refused
args: -x
stdin:
| device
| use hyper0[3]
| use hyper[01-02]
| use hyper01..hyper04
status: 1
stdout:
| [cluster]% device
| [cluster->device]% use hyper0[3]
| [cluster->device[hyper03]]% use hyper[01-02]
| [cluster->device[hyper03]]% use hyper01..hyper04
stderr:
| ocmsh: -:3: 'hyper[01-02]' is a node set of 2 names: 'use' selects one device (use 'foreach hyper[01-02] ( ... )' for several)
| ocmsh: -:4: 'hyper01..hyper04' is a node set of 4 names: 'use' selects one device (use 'foreach hyper01..hyper04 ( ... )' for several)

## case submodes are entered only from their owner
stdin:
| flavors
| compute
| settings
| device
| pcialiases
| openstack
| compute
stdout:
| flavors
| compute
| settings
| device
| pcialiases
| openstack
| compute
status: 1
stderr:
| ocmsh: -:1: 'flavors' is a submode of 'openstack': type 'openstack flavors'
| ocmsh: -:2: 'compute' is a submode of 'openstack settings': type 'openstack settings compute'
| ocmsh: -:3: 'settings' is a submode of 'openstack': type 'openstack settings'
| ocmsh: -:5: 'pcialiases' is a submode of 'openstack': type 'openstack pcialiases'
| ocmsh: -:7: 'compute' is a submode of 'openstack settings': type 'openstack settings compute'

## case mode-specific commands elsewhere name their mode
stdin:
| pciscan
| lspci hyper01
| openstack flavors
| pciscan
| device
| importnovaconf default-image
stdout:
| pciscan
| lspci hyper01
| openstack flavors
| pciscan
| device
| importnovaconf default-image
status: 1
stderr:
| ocmsh: -:1: 'pciscan' works in device mode only: type 'device pciscan'
| ocmsh: -:2: 'lspci' works in device mode only: type 'device lspci'
| ocmsh: -:4: 'pciscan' works in device mode only: type 'device pciscan'
| ocmsh: -:6: 'importnovaconf' works in openstack mode only: type 'openstack importnovaconf'

## case object commands at the top level (list there is the top level's own)
stdin:
| show
| set hyper01 memory 1
| use hyper01
| foreach * (list)
stdout:
| show
| set hyper01 memory 1
| use hyper01
| foreach * (list)
status: 1
stderr:
| ocmsh: -:1: 'show' does not work here: enter a mode that holds objects first
| ocmsh: -:2: 'set' does not work here: enter a mode that holds objects first
| ocmsh: -:3: 'use' does not work here: enter a mode that holds objects first
| ocmsh: -:4: 'foreach' does not work here: enter a mode that holds objects first

## case the prompt uses the cluster's name from the state file
state-before: named.yaml
args: -x
stdin:
| device
| use n1
| set memory 2048
| commit
| exit
state-after: named-after.yaml
stdout:
| [lab]% device
| [lab->device]% use n1
| [lab->device[n1]]% set memory 2048
| [lab->device*[n1*]]% commit
| [lab->device[n1]]% exit

## case quit leaves at once, from any depth
args: -x
stdin:
| device use hyper01
| quit
| list
stdout:
| [cluster]% device use hyper01
| [cluster->device[hyper01]]% quit

## case a property command in settings points to compute
stdin:
| openstack settings
| set release zed
stdout:
| openstack settings
| set release zed
status: 1
stderr:
| ocmsh: -:2: 'set' does not work in settings: enter 'compute' first
