# usedby and rename: references between objects (BCM Administrator Manual
# 2.5.3 "Working With Objects: usedby" and 2.5.5 "Renaming Nodes With The
# rename Command"; the manual's nodes changed to the example cluster's).

## case usedby: the objects that refer to a device, a category, an image
# BCM AM 2.5.3: usedby apc01 -> "Device used by the following:"
args: -x
stdin:
| openstack hostaggregates add gpu; set nodes hyper01 hyper02
| device
| usedby hyper01
| use hyper03
| usedby
| category usedby hypervisor
| softwareimage usedby default-image
status: 3
stdout:
| [cluster]% openstack hostaggregates add gpu
| [cluster->openstack[default]->hostaggregates*[gpu*]]% set nodes hyper01 hyper02
| [cluster->openstack[default]->hostaggregates*[gpu*]]% device
| [cluster->device]% usedby hyper01
| Device used by the following:
| Type             Name       Parameter
| ---------------- ---------- --------
| Host aggregate   gpu        nodes
| [cluster->device]% use hyper03
| [cluster->device[hyper03]]% usedby
| Device used by the following:
| Type             Name       Parameter
| ---------------- ---------- --------
| [cluster->device[hyper03]]% category usedby hypervisor
| Category used by the following:
| Type             Name       Parameter
| ---------------- ---------- --------
| Device           hyper01    category
| Device           hyper02    category
| Device           hyper03    category
| Device           hyper04    category
| [cluster->device[hyper03]]% softwareimage usedby default-image
| Software image used by the following:
| Type             Name         Parameter
| ---------------- ------------ ------------
| Device           controller01 softwareimage
| Device           hyper01      softwareimage
| Device           hyper02      softwareimage
| Device           hyper03      softwareimage
| Device           hyper04      softwareimage
| Category         controller   softwareimage
| Category         hypervisor   softwareimage
stderr:
| ocmsh: input ended with uncommitted changes, discarded: hostaggregate gpu

## case usedby of an object that does not exist is refused
stdin:
| device usedby hyper09
stdout:
| device usedby hyper09
status: 1
stderr:
| ocmsh: -:1: no such device 'hyper09'

## case rename with a prefix numbers the nodes from 1
# BCM AM 2.5.5: rename node001..node003 test
args: -x
stdin:
| device
| rename hyper01..hyper03 test
| list -f hostname:14,category:12
status: 3
stdout:
| [cluster]% device
| [cluster->device]% rename hyper01..hyper03 test
| Renamed: hyper01 to test1
| Renamed: hyper02 to test2
| Renamed: hyper03 to test3
| [cluster->device*]% list -f hostname:14,category:12
| hostname (key) category
| -------------- -----------
| controller01   controller
| head
| hyper04        hypervisor
| test1          hypervisor
| test2          hypervisor
| test3          hypervisor
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02, device hyper03, device test1, device test2, device test3

## case rename with a printf format
# BCM AM 2.5.5: rename node[001-003] test%04d
stdin:
| device
| rename hyper[01-03] test%04d
| list -f hostname:14
status: 3
stdout:
| device
| rename hyper[01-03] test%04d
| Renamed: hyper01 to test0001
| Renamed: hyper02 to test0002
| Renamed: hyper03 to test0003
| list -f hostname:14
| hostname (key)
| -------------
| controller01
| head
| hyper04
| test0001
| test0002
| test0003
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02, device hyper03, device test0001, device test0002, device test0003

## case rename with the exact new names
# BCM AM 2.5.5: rename node[001-004] alice,bob,charlie,dave
stdin:
| device
| rename hyper[01-04] alice,bob,charlie,dave
| list -f hostname:14
status: 3
stdout:
| device
| rename hyper[01-04] alice,bob,charlie,dave
| Renamed: hyper01 to alice
| Renamed: hyper02 to bob
| Renamed: hyper03 to charlie
| Renamed: hyper04 to dave
| list -f hostname:14
| hostname (key)
| -------------
| alice
| bob
| charlie
| controller01
| dave
| head
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device alice, device bob, device charlie, device dave, device hyper01, device hyper02, device hyper03, device hyper04

## case rename --dry-run prints the new names and renames nothing
# BCM AM 2.5.5: "A --dry-run option can be used to show how the devices
# will be renamed"
stdin:
| device
| rename --dry-run hyper0[1-4] right[001-004]
| list -f hostname:14 -t physicalnode
stdout:
| device
| rename --dry-run hyper0[1-4] right[001-004]
| Renamed: hyper01 to right001
| Renamed: hyper02 to right002
| Renamed: hyper03 to right003
| Renamed: hyper04 to right004
| list -f hostname:14 -t physicalnode
| hostname (key)
| -------------
| controller01
| hyper01
| hyper02
| hyper03
| hyper04

## case rename updates every reference in the same change; commit keeps it
args: -x
stdin:
| openstack hostaggregates add gpu; set nodes hyper01 hyper02; commit
| device use hyper02
| rename hyper02 gpu02
| openstack hostaggregates get gpu nodes
| category rename hypervisor hv
| softwareimage rename default-image img
| home
| modified
| commit
| device list -f hostname:14,category:12,softwareimage:16 -c hv
| category get hv softwareimage
stdout:
| [cluster]% openstack hostaggregates add gpu
| [cluster->openstack[default]->hostaggregates*[gpu*]]% set nodes hyper01 hyper02
| [cluster->openstack[default]->hostaggregates*[gpu*]]% commit
| [cluster->openstack[default]->hostaggregates[gpu]]% device use hyper02
| [cluster->device[hyper02]]% rename hyper02 gpu02
| Renamed: hyper02 to gpu02
| [cluster->device*[gpu02*]]% openstack hostaggregates get gpu nodes
| hyper01 gpu02
| [cluster->device*[gpu02*]]% category rename hypervisor hv
| Renamed: hypervisor to hv
| [cluster->device*[gpu02*]]% softwareimage rename default-image img
| Renamed: default-image to img
| [cluster->device*[gpu02*]]% home
| [cluster]% modified
| State Type           Name
| ----- -------------- -------------
|       Category       controller
| +     Category       hv
| -     Category       hypervisor
|       Device         controller01
| +     Device         gpu02
|       Device         hyper01
| -     Device         hyper02
|       Device         hyper03
|       Device         hyper04
|       Host aggregate gpu
| -     Software image default-image
| +     Software image img
| [cluster]% commit
| Successfully removed 1 Devices
| Successfully committed 5 Devices
| Successfully removed 1 Categories
| Successfully committed 2 Categories
| Successfully removed 1 Software images
| Successfully committed 1 Software images
| Successfully committed 1 Host aggregates
| [cluster]% device list -f hostname:14,category:12,softwareimage:16 -c hv
| hostname (key) category     softwareimage
| -------------- ------------ ---------------
| gpu02          hv           img
| hyper01        hv           img
| hyper03        hv           img
| hyper04        hv           img
| [cluster]% category get hv softwareimage
| img

## case rename onto an existing name is refused naming both
stdin:
| device rename hyper01 hyper02
stdout:
| device rename hyper01 hyper02
status: 1
stderr:
| ocmsh: -:1: cannot rename 'hyper01' to 'hyper02': device 'hyper02' already exists

## case rename of several onto names one of which exists is refused
stdin:
| device rename hyper0[1-2] hyper0[3-4]
stdout:
| device rename hyper0[1-2] hyper0[3-4]
status: 1
stderr:
| ocmsh: -:1: cannot rename 'hyper01' to 'hyper03': device 'hyper03' already exists

## case names may move onto each other's in one rename
stdin:
| device rename hyper0[1-2] hyper02,hyper01
| device modified
status: 3
stdout:
| device rename hyper0[1-2] hyper02,hyper01
| Renamed: hyper01 to hyper02
| Renamed: hyper02 to hyper01
| device modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
|       Device hyper02
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02

## case rename needs as many new names as objects
stdin:
| device rename hyper0[1-3] a,b
stdout:
| device rename hyper0[1-3] a,b
status: 1
stderr:
| ocmsh: -:1: 'a,b' gives 2 names for 3 objects

## case rename refuses a bad name format
stdin:
| device rename hyper0[1-3] n%3d%d
stdout:
| device rename hyper0[1-3] n%3d%d
status: 1
stderr:
| ocmsh: -:1: bad name format 'n%3d%d': use one %d, as in test%04d

## case rename of an object that does not exist is refused
stdin:
| device rename hyper09 x
stdout:
| device rename hyper09 x
status: 1
stderr:
| ocmsh: -:1: no such device 'hyper09'

## case objects that own others cannot be renamed
stdin:
| openstack rename default other
stdout:
| openstack rename default other
status: 1
stderr:
| ocmsh: -:1: openstack objects cannot be renamed (they own flavors)
