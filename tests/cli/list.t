# list, format and sort as cmsh prints them (BCM Administrator Manual
# 2.5.3 "Working With Objects: list, format, sort" and 2.5.5 "Creating
# JSON Format Output"; the manual's nodes and fields changed to the
# example cluster's: switchports, which ocmsh has not, became category).

## case list -f: field names as headers, the key marked, cut to the width
# BCM AM 2.5.3: list -f hostname:14,switchports:15,ip
stdin:
| device
| set hyper01 ip 10.141.0.1
| set hyper02 ip 10.141.0.2
| list -f hostname:14,category:15,ip
status: 3
stdout:
| device
| set hyper01 ip 10.141.0.1
| set hyper02 ip 10.141.0.2
| list -f hostname:14,category:15,ip
| hostname (key) category        ip
| -------------- --------------- -------------------
| controller01   controller
| head
| hyper01        hypervisor      10.141.0.1
| hyper02        hypervisor      10.141.0.2
| hyper03        hypervisor
| hyper04        hypervisor
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02

## case the default list: cmsh's columns and display names
# BCM AM 2.5.2: Type Hostname (key) MAC Category Ip Network Status (ocmsh
# has no network or status; it shows the software image and roles)
stdin:
| device list
| category list
stdout:
| device list
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- ------------------
| PhysicalNode           controller01     00:00:00:00:00:00  controller                       default-image    openstackcontroller
| HeadNode               head             00:00:00:00:00:00
| PhysicalNode           hyper01          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper02          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper03          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper04          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| category list
| Name (key)       Software image   Kernel parameters  Roles
| ---------------- ---------------- ------------------ -----------
| controller       default-image
| hypervisor       default-image

## case format shows the current format and the valid fields
# BCM AM 2.5.3: "Current list printing format:", then "Valid fields:"
stdin:
| device format
stdout:
| device format
| Current list printing format:
| ----------------------------
| type:22, hostname:[16-32], mac:18, category:[16-32], ip:15, softwareimage:[16-32], roles:[12-40]
|
| Valid fields:
| ------------
| category         : Category the node belongs to
| hostname         : Host name of the device
| ip               : IPv4 address of the boot interface
| kernelparameters : Kernel command-line parameters
| mac              : MAC address of the boot interface
| memory           : Memory, MiB
| pcidevices       : PCI devices found by pciscan (read-only)
| roles            : OpenStack roles
| softwareimage    : Software image the node boots
| type             : Device type

## case format NAME:WIDTH cuts the header to the width
# BCM AM 2.5.3: format hostname:10
args: -x
stdin:
| device
| format hostname:10
| list
stdout:
| [cluster]% device
| [cluster->device]% format hostname:10
| [cluster->device]% list
| hostname (
| ---------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04

## case a range width is fitted to the header and the values
# BCM AM 2.5.3: format hostname:[10-14]
args: -x
stdin:
| device
| format hostname:[10-14]
| list
| format hostname:[10-14],category:14,ip:20
| list
stdout:
| [cluster]% device
| [cluster->device]% format hostname:[10-14]
| [cluster->device]% list
| hostname (key)
| -------------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04
| [cluster->device]% format hostname:[10-14],category:14,ip:20
| [cluster->device]% list
| hostname (key) category       ip
| -------------- -------------- -------------------
| controller01   controller
| head
| hyper01        hypervisor
| hyper02        hypervisor
| hyper03        hypervisor
| hyper04        hypervisor

## case format takes the spaced form in quotes or without spaces; -r resets
# BCM AM 2.5.3: format "hostname:[16-32], network:[14-32], status:[16-32]"
args: -x
stdin:
| device
| format "hostname:[16-32], category:[14-32], roles:[16-32]"
| format | head -3
| format hostname:[16-32],category:[14-32],roles:[16-32]
| format | head -3
| format -r
| format | head -3
stdout:
| [cluster]% device
| [cluster->device]% format "hostname:[16-32], category:[14-32], roles:[16-32]"
| [cluster->device]% format | head -3
| Current list printing format:
| ----------------------------
| hostname:[16-32], category:[14-32], roles:[16-32]
| [cluster->device]% format hostname:[16-32],category:[14-32],roles:[16-32]
| [cluster->device]% format | head -3
| Current list printing format:
| ----------------------------
| hostname:[16-32], category:[14-32], roles:[16-32]
| [cluster->device]% format -r
| [cluster->device]% format | head -3
| Current list printing format:
| ----------------------------
| type:22, hostname:[16-32], mac:18, category:[16-32], ip:15, softwareimage:[16-32], roles:[12-40]

## case width 0 prints the values as they are and the whole header
stdin:
| device list -f hostname:0,category:0,roles
stdout:
| device list -f hostname:0,category:0,roles
| hostname (key) category roles
| -------------- -------- -------------------
| controller01 controller openstackcontroller
| head
| hyper01 hypervisor openstackcompute
| hyper02 hypervisor openstackcompute
| hyper03 hypervisor openstackcompute
| hyper04 hypervisor openstackcompute

## case sort sets the order of list; list --sort for one listing
# BCM AM 2.5.3: sort type mac; sort type hostname; sort mac hostname
args: -x
stdin:
| device
| set hyper01 mac 52:54:00:DE:E3:6B
| set head mac 08:0A:27:BA:B9:43
| sort type mac
| list -f type:15,hostname:15,mac
| sort type hostname
| list -f type:15,hostname:15,mac
| sort mac hostname
| list -f type:15,hostname:15,mac
| sort -r
| list -f type:15,hostname:15,mac --sort type,mac
| list -f type:15,hostname:15,mac -s mac,hostname
status: 3
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 mac 52:54:00:DE:E3:6B
| [cluster->device*]% set head mac 08:0A:27:BA:B9:43
| [cluster->device*]% sort type mac
| [cluster->device*]% list -f type:15,hostname:15,mac
| type            hostname (key)  mac
| --------------- --------------- -------------------
| HeadNode        head            08:0A:27:BA:B9:43
| PhysicalNode    controller01    00:00:00:00:00:00
| PhysicalNode    hyper02         00:00:00:00:00:00
| PhysicalNode    hyper03         00:00:00:00:00:00
| PhysicalNode    hyper04         00:00:00:00:00:00
| PhysicalNode    hyper01         52:54:00:DE:E3:6B
| [cluster->device*]% sort type hostname
| [cluster->device*]% list -f type:15,hostname:15,mac
| type            hostname (key)  mac
| --------------- --------------- -------------------
| HeadNode        head            08:0A:27:BA:B9:43
| PhysicalNode    controller01    00:00:00:00:00:00
| PhysicalNode    hyper01         52:54:00:DE:E3:6B
| PhysicalNode    hyper02         00:00:00:00:00:00
| PhysicalNode    hyper03         00:00:00:00:00:00
| PhysicalNode    hyper04         00:00:00:00:00:00
| [cluster->device*]% sort mac hostname
| [cluster->device*]% list -f type:15,hostname:15,mac
| type            hostname (key)  mac
| --------------- --------------- -------------------
| PhysicalNode    controller01    00:00:00:00:00:00
| PhysicalNode    hyper02         00:00:00:00:00:00
| PhysicalNode    hyper03         00:00:00:00:00:00
| PhysicalNode    hyper04         00:00:00:00:00:00
| HeadNode        head            08:0A:27:BA:B9:43
| PhysicalNode    hyper01         52:54:00:DE:E3:6B
| [cluster->device*]% sort -r
| [cluster->device*]% list -f type:15,hostname:15,mac --sort type,mac
| type            hostname (key)  mac
| --------------- --------------- -------------------
| HeadNode        head            08:0A:27:BA:B9:43
| PhysicalNode    controller01    00:00:00:00:00:00
| PhysicalNode    hyper02         00:00:00:00:00:00
| PhysicalNode    hyper03         00:00:00:00:00:00
| PhysicalNode    hyper04         00:00:00:00:00:00
| PhysicalNode    hyper01         52:54:00:DE:E3:6B
| [cluster->device*]% list -f type:15,hostname:15,mac -s mac,hostname
| type            hostname (key)  mac
| --------------- --------------- -------------------
| PhysicalNode    controller01    00:00:00:00:00:00
| PhysicalNode    hyper02         00:00:00:00:00:00
| PhysicalNode    hyper03         00:00:00:00:00:00
| PhysicalNode    hyper04         00:00:00:00:00:00
| HeadNode        head            08:0A:27:BA:B9:43
| PhysicalNode    hyper01         52:54:00:DE:E3:6B
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device head, device hyper01

## case sort without fields prints the order; numbers sort by value
args: -x
stdin:
| openstack flavors
| sort
| sort ram
| sort
| list -f name,ram:6
stdout:
| [cluster]% openstack flavors
| [cluster->openstack[default]->flavors]% sort
| name
| [cluster->openstack[default]->flavors]% sort ram
| [cluster->openstack[default]->flavors]% sort
| ram
| [cluster->openstack[default]->flavors]% list -f name,ram:6
| name (key)           ram
| -------------------- -----
| m1.tiny              512
| m1.small             2048
| m1.medium            4096
| m1.large             8192
| m1.xlarge            16384

## case list -d {}: JSON keyed by the headers, values as shown
# BCM AM 2.5.5: list -f hostname,ip,mac,status -d {}
stdin:
| device
| set controller01 ip 10.141.0.1
| set controller01 mac FA:16:3E:95:80:9F
| set head ip 10.141.255.254
| set head mac FA:16:3E:D3:56:E0
| list -f hostname,ip,mac,category -d {} -t headnode -c controller
| list -f hostname,ip -d {4} -c controller
| list -f hostname,ip -d {0} -t headnode
| list -f hostname -d {} -t switch
status: 3
stdout:
| device
| set controller01 ip 10.141.0.1
| set controller01 mac FA:16:3E:95:80:9F
| set head ip 10.141.255.254
| set head mac FA:16:3E:D3:56:E0
| list -f hostname,ip,mac,category -d {} -t headnode -c controller
| [
|   {
|     "hostname (key)": "controller01",
|     "ip": "10.141.0.1",
|     "mac": "FA:16:3E:95:80:9F",
|     "category": "controller"
|   },
|   {
|     "hostname (key)": "head",
|     "ip": "10.141.255.254",
|     "mac": "FA:16:3E:D3:56:E0",
|     "category": ""
|   }
| ]
| list -f hostname,ip -d {4} -c controller
| [
|     {
|         "hostname (key)": "controller01",
|         "ip": "10.141.0.1"
|     }
| ]
| list -f hostname,ip -d {0} -t headnode
| [{"hostname (key)": "head", "ip": "10.141.255.254"}]
| list -f hostname -d {} -t switch
| []
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device controller01, device head

## case list -d {} with the default format: display names as keys
stdin:
| openstack pcialiases list -d {}
| softwareimage list -d {}
stdout:
| openstack pcialiases list -d {}
| []
| softwareimage list -d {}
| [
|   {
|     "Name (key)": "default-image",
|     "Path": "/cm/images/default-image",
|     "Kernel parameters": ""
|   }
| ]

## case list -d STRING joins the columns and the rule with it
# BCM AM section 2.5: list -d "|"
stdin:
| device list -f hostname:12,category:10 -d "|" -t headnode
| device list -f hostname:12,category:10 -d ", " -c controller
stdout:
| device list -f hostname:12,category:10 -d "|" -t headnode
| hostname (ke|category
| ------------|---------
| head        |
| device list -f hostname:12,category:10 -d ", " -c controller
| hostname (ke, category
| ------------, ---------
| controller01, controller

## case list -t TYPE and the other selection options of device mode
# BCM AM 2.5.5: -t|--type physicalnode|headnode|...
stdin:
| device list -f hostname -t headnode
| device list -f hostname --type physicalnode -c controller
| device list -f hostname -l openstackcontroller
| device list -f hostname -t switch
stdout:
| device list -f hostname -t headnode
| hostname (key)
| -------------------
| head
| device list -f hostname --type physicalnode -c controller
| hostname (key)
| -------------------
| controller01
| hyper01
| hyper02
| hyper03
| hyper04
| device list -f hostname -l openstackcontroller
| hostname (key)
| -------------------
| controller01
| device list -f hostname -t switch
| hostname (key)
| -------------------

## case format and sort are kept per mode, for the session
stdin:
| device format hostname:14
| openstack flavors format name:10,vcpus:6
| device list -t headnode
| openstack flavors list
| device format
| device sort category
| device list -f hostname:14,category -c controller -c hypervisor
stdout:
| device format hostname:14
| openstack flavors format name:10,vcpus:6
| device list -t headnode
| hostname (key)
| -------------
| head
| openstack flavors list
| name (key) vcpus
| ---------- -----
| m1.large   4
| m1.medium  2
| m1.small   1
| m1.tiny    1
| m1.xlarge  8
| device format
| Current list printing format:
| ----------------------------
| hostname:14
|
| Valid fields:
| ------------
| category         : Category the node belongs to
| hostname         : Host name of the device
| ip               : IPv4 address of the boot interface
| kernelparameters : Kernel command-line parameters
| mac              : MAC address of the boot interface
| memory           : Memory, MiB
| pcidevices       : PCI devices found by pciscan (read-only)
| roles            : OpenStack roles
| softwareimage    : Software image the node boots
| type             : Device type
| device sort category
| device list -f hostname:14,category -c controller -c hypervisor
| hostname (key) category
| -------------- -------------------
| controller01   controller
| hyper01        hypervisor
| hyper02        hypervisor
| hyper03        hypervisor
| hyper04        hypervisor

## case a bad width is refused
stdin:
| device format | head -3
| device format hostname:x
status: 1
stdout:
| device format | head -3
| Current list printing format:
| ----------------------------
| type:22, hostname:[16-32], mac:18, category:[16-32], ip:15, softwareimage:[16-32], roles:[12-40]
| device format hostname:x
stderr:
| ocmsh: -:2: bad column 'hostname:x' in format 'hostname:x': use NAME, NAME:WIDTH or NAME:[MIN-MAX]

## case a field that does not exist is refused
stdin:
| device format nosuch:10
stdout:
| device format nosuch:10
status: 1
stderr:
| ocmsh: -:1: unknown property 'nosuch' for device

## case a sort field that does not exist is refused
stdin:
| device sort nosuch
stdout:
| device sort nosuch
status: 1
stderr:
| ocmsh: -:1: unknown property 'nosuch' for device

## case format -r takes no format
stdin:
| device format -r hostname
stdout:
| device format -r hostname
status: 1
stderr:
| ocmsh: -:1: format -r takes no format
