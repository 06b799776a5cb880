# Categories, the properties nodes take from them, MAC and IP addresses
# (BCM Administrator Manual 2.1.3, 2.5.3, 5.3.2, 5.3.4 and 9.3.4; the
# manual's node names changed to the example cluster's).

## case category mode: the example's categories, shown and listed
# BCM AM 2.1.3: a node category groups regular nodes that share settings
args: -x
stdin:
| category
| list
| use hypervisor
| show
| exit
| device get hyper01 category
stdout:
| [cluster]% category
| [cluster->category]% list
| Name (key)       Software image   Kernel parameters  Roles
| ---------------- ---------------- ------------------ -----------
| controller       default-image
| hypervisor       default-image
| [cluster->category]% use hypervisor
| [cluster->category[hypervisor]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             hypervisor
| Software image                   default-image
| Kernel parameters
| Roles
| [cluster->category[hypervisor]]% exit
| [cluster->category]% device get hyper01 category
| hypervisor

## case a removal commit reports the removed and the committed objects
# BCM AM 2.5.3 "Working With Objects: add, commit, remove"
args: -x
stdin:
| device use hyper01
| category add test-category
| commit
| remove test-category
| commit
| device remove hyper04
| device
| commit
stdout:
| [cluster]% device use hyper01
| [cluster->device[hyper01]]% category add test-category
| [cluster->category*[test-category*]]% commit
| [cluster->category[test-category]]% remove test-category
| [cluster->category*]% commit
| Successfully removed 1 Categories
| Successfully committed 0 Categories
| [cluster->category]% device remove hyper04
| [cluster->category]% device
| [cluster->device*]% commit
| Successfully removed 1 Devices
| Successfully committed 0 Devices

## case a node without a category is refused, as cmsh does
# BCM AM 2.5.3 "Working With Objects: validate"
args: -x -q
stdin:
| device
| use hyper01
| clear category
| commit
status: 1
stdout:
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% clear category
| [cluster->device*[hyper01*]]% commit
stderr:
| Code  Field                   Message
| ----- ----------------------- ------------------------------
| 109   device hyper01 category The category should be set
| ocmsh: -:4: commit refused: 1 error

## case validate: All good once the category is set again
# BCM AM 2.5.3 "Working With Objects: validate"
args: -x
stdin:
| device
| use hyper01
| clear category
| set category hypervisor
| validate
| commit
stdout:
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% clear category
| [cluster->device*[hyper01*]]% set category hypervisor
| [cluster->device[hyper01]]% validate
| All good
| [cluster->device[hyper01]]% commit

## case validate names the node without a category; head nodes need none
# BCM AM 2.1.3: a regular node is in exactly one category at all times
stdin:
| device
| clear hyper02 category
| clear head category
| validate
status: 3
stdout:
| device
| clear hyper02 category
| clear head category
| validate
| Code  Field                   Message
| ----- ----------------------- ------------------------------
| 109   device hyper02 category The category should be set
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper02

## case a category that does not exist is refused
stdin:
| device set hyper02 category gpu
| category set hypervisor softwareimage nosuch
| validate
status: 3
stdout:
| device set hyper02 category gpu
| category set hypervisor softwareimage nosuch
| validate
| Code  Field                             Message
| ----- --------------------------------- ------------------------------
| 101   device hyper02 category           no such category 'gpu' (add it in category mode)
| 101   category hypervisor softwareimage no such softwareimage 'nosuch'
stderr:
| ocmsh: input ended with uncommitted changes, discarded: category hypervisor, device hyper02

## case a state naming categories that do not exist loads; commit names them
# a state written before categories existed: it loads as it is, and the
# first commit asks for the categories its nodes name
file {STATE}:
| format: 1
| revision: 3
| cluster:
|   name: old
| devices:
|   n1:
|     type: PhysicalNode
|     category: gpu
|   n2:
|     type: PhysicalNode
|     category: gpu
|   h:
|     type: HeadNode
args: -q
stdin:
| device list
| device set n1 memory 1
| commit
state-after: unchanged
status: 1
stdout:
| device list
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- -----------
| HeadNode               h                00:00:00:00:00:00
| PhysicalNode           n1               00:00:00:00:00:00  gpu
| PhysicalNode           n2               00:00:00:00:00:00  gpu
| device set n1 memory 1
| commit
stderr:
| Code  Field              Message
| ----- ------------------ ------------------------------
| 101   device n1 category no such category 'gpu' (add it in category mode)
| 101   device n2 category no such category 'gpu' (add it in category mode)
| ocmsh: -:3: commit refused: 2 errors

## case adding the missing category makes the old state commit
keep: yes
stdin:
| category add gpu
| device set n1 memory 1
| home
| commit
stdout:
| category add gpu
| device set n1 memory 1
| home
| commit
| Successfully committed 1 Devices
| Successfully committed 1 Categories
state-after:
| format: 1
| revision: 4
| cluster:
|   name: old
| devices:
|   h:
|     type: HeadNode
|   n1:
|     type: PhysicalNode
|     category: gpu
|     memory: 1
|   n2:
|     type: PhysicalNode
|     category: gpu
| categories:
|   gpu: {}
| softwareimages: {}
| openstack: {}
| written: {}

## case add physicalnode NAME IP; a new node joins the category "default"
# BCM AM 2.5.3: add physicalnode node100 10.141.0.100
args: -x
stdin:
| category add default
| commit
| device add physicalnode node100 10.141.0.100
| commit
| get category
| get ip
| clone node100 node101
| exit
| modified
| commit
| get node101 ip
stdout:
| [cluster]% category add default
| [cluster->category*[default*]]% commit
| [cluster->category[default]]% device add physicalnode node100 10.141.0.100
| [cluster->device*[node100*]]% commit
| [cluster->device[node100]]% get category
| default
| [cluster->device[node100]]% get ip
| 10.141.0.100
| [cluster->device[node100]]% clone node100 node101
| [cluster->device*[node101*]]% exit
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
| +     Device node101
| [cluster->device*]% commit
| Successfully committed 1 Devices
| [cluster->device]% get node101 ip
| 10.141.0.101

## case clone: the MAC stays behind, the IP follows the node number
# BCM AM 2.5.3 "Working With Objects: clone, modified, swap" and 2.5.5
# "foreach --clone" (base name mismatch)
args: -x
stdin:
| device
| set hyper01 mac 00:0C:29:7A:41:78
| set hyper01 ip 10.141.0.1
| clone hyper01 hyper07
| get mac
| get ip
| exit
| clone hyper01 gpu7
| get ip
status: 3
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 mac 00:0C:29:7A:41:78
| [cluster->device*]% set hyper01 ip 10.141.0.1
| [cluster->device*]% clone hyper01 hyper07
| [cluster->device*[hyper07*]]% get mac
| 00:00:00:00:00:00
| [cluster->device*[hyper07*]]% get ip
| 10.141.0.7
| [cluster->device*[hyper07*]]% exit
| [cluster->device*]% clone hyper01 gpu7
| Base name mismatch, IP settings will not be modified!
| [cluster->device*[gpu7*]]% get ip
| 10.141.0.1
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device gpu7, device hyper01, device hyper07

## case set, get and clear a MAC address
# BCM AM 2.5.3 "Working With Objects: clear"
args: -x
stdin:
| device
| set hyper01 mac 00:11:22:33:44:55
| get hyper01 mac
| clear hyper01 mac
| get hyper01 mac
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 mac 00:11:22:33:44:55
| [cluster->device*]% get hyper01 mac
| 00:11:22:33:44:55
| [cluster->device*]% clear hyper01 mac
| [cluster->device]% get hyper01 mac
| 00:00:00:00:00:00

## case bad MAC addresses are refused
stdin:
| device set hyper01 mac 00:11:22:33:44
stdout:
| device set hyper01 mac 00:11:22:33:44
status: 1
stderr:
| ocmsh: -:1: invalid value '00:11:22:33:44' for property 'mac': not a MAC address (6 hex pairs: 00:11:22:33:44:55)

## case bad IP addresses are refused
stdin:
| device set hyper01 ip 10.141.0.256
stdout:
| device set hyper01 ip 10.141.0.256
status: 1
stderr:
| ocmsh: -:1: invalid value '10.141.0.256' for property 'ip': not an IPv4 address

## case add physicalnode with a bad IP adds nothing
stdin:
| device add physicalnode node100 10.141
| device modified
stdout:
| device add physicalnode node100 10.141
| device modified
| No modified objects of type device
status: 1
stderr:
| ocmsh: -:1: invalid value '10.141' for property 'ip': not an IPv4 address

## case append on a text appends the text, the leading blank included
# BCM AM 9.3.4: append kernelparameters " apm=off"; 5.3.4: " VLANID=89"
args: -x
stdin:
| softwareimage
| use default-image
| append kernelparameters " apm=off"
| get kernelparameters
| append kernelparameters " VLANID=89"
| get kernelparameters
| commit
| device use hyper01
| append kernelparameters intel_iommu=on
| append kernelparameters " iommu=pt"
| get kernelparameters
status: 3
stdout:
| [cluster]% softwareimage
| [cluster->softwareimage]% use default-image
| [cluster->softwareimage[default-image]]% append kernelparameters " apm=off"
| [cluster->softwareimage*[default-image*]]% get kernelparameters
|  apm=off
| [cluster->softwareimage*[default-image*]]% append kernelparameters " VLANID=89"
| [cluster->softwareimage*[default-image*]]% get kernelparameters
|  apm=off VLANID=89
| [cluster->softwareimage*[default-image*]]% commit
| [cluster->softwareimage[default-image]]% device use hyper01
| [cluster->device[hyper01]]% append kernelparameters intel_iommu=on
| [cluster->device*[hyper01*]]% append kernelparameters " iommu=pt"
| [cluster->device*[hyper01*]]% get kernelparameters
| intel_iommu=on iommu=pt
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case the IOMMU warning follows the kernel parameters a node boots with
# BCM AM 5.3.2: a value set lower in the hierarchy (node, then category,
# then software image) overrides the ones above it
stdin:
| openstack pcialiases add gpu-k40; set vendorid 10de; set productid 1024
| validate
| softwareimage set default-image kernelparameters intel_iommu=on
| validate
| category set hypervisor kernelparameters quiet
| validate
| device set hyper01 kernelparameters "quiet amd_iommu=on"
| validate
| device clear hyper01 kernelparameters
| category clear hypervisor kernelparameters
| device set hyper01 softwareimage other
| softwareimage add other; set path /cm/images/other
| validate
status: 3
stdout:
| openstack pcialiases add gpu-k40; set vendorid 10de; set productid 1024
| validate
| Code  Field                           Message
| ----- ------------------------------- ------------------------------
| 202   device hyper01 kernelparameters warning: holds 10de:1024 (alias 'gpu-k40') but lacks intel_iommu=on or amd_iommu=on
| softwareimage set default-image kernelparameters intel_iommu=on
| validate
| All good
| category set hypervisor kernelparameters quiet
| validate
| Code  Field                           Message
| ----- ------------------------------- ------------------------------
| 202   device hyper01 kernelparameters warning: holds 10de:1024 (alias 'gpu-k40') but lacks intel_iommu=on or amd_iommu=on
| device set hyper01 kernelparameters "quiet amd_iommu=on"
| validate
| All good
| device clear hyper01 kernelparameters
| category clear hypervisor kernelparameters
| device set hyper01 softwareimage other
| softwareimage add other; set path /cm/images/other
| validate
| Code  Field                           Message
| ----- ------------------------------- ------------------------------
| 202   device hyper01 kernelparameters warning: holds 10de:1024 (alias 'gpu-k40') but lacks intel_iommu=on or amd_iommu=on
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, pcialias gpu-k40, softwareimage default-image, softwareimage other

## case foreach -c: the nodes of a category; -m: the nodes booting an image
# BCM AM 2.5.5 "Grouping options": foreach -c default (status); a node
# without an image of its own boots its category's
stdin:
| device
| foreach -c hypervisor (get hostname)
| clear hyper01 softwareimage
| set hyper02 softwareimage other
| category add gpu; set softwareimage other
| device set hyper03 category gpu
| device clear hyper03 softwareimage
| softwareimage add other; set path /cm/images/other
| device foreach -m other (get hostname)
| device foreach -m default-image (get hostname)
status: 3
stdout:
| device
| foreach -c hypervisor (get hostname)
| hyper01
| hyper02
| hyper03
| hyper04
| clear hyper01 softwareimage
| set hyper02 softwareimage other
| category add gpu; set softwareimage other
| device set hyper03 category gpu
| device clear hyper03 softwareimage
| softwareimage add other; set path /cm/images/other
| device foreach -m other (get hostname)
| hyper02
| hyper03
| device foreach -m default-image (get hostname)
| controller01
| hyper01
| hyper04
stderr:
| ocmsh: input ended with uncommitted changes, discarded: category gpu, device hyper01, device hyper02, device hyper03, softwareimage other
