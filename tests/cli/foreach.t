# foreach and node sets (ocmsh(1) NODE SETS).

## case the seed's foreach with a bracket range
args: -x
stdin:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| foreach -n hyper[01-04] (get kernelparameters)
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| [cluster->device*]% foreach -n hyper[01-04] (get kernelparameters)
| intel_iommu=on
| intel_iommu=on
|
|

## case node set forms: lists, dots, exclusions, strides, padding
stdin:
| device
| foreach -n hyper01,hyper03 (get hostname)
| foreach -n hyper01..hyper03 (get hostname)
| foreach -n hyper01..hyper04,-hyper02 (get hostname)
| foreach -n hyper01..hyper04,-hyper02..hyper03 (get hostname)
| foreach -n hyper[01-04:2] (get hostname)
| foreach -n hyper0[1-2],head (get hostname)
| foreach hyper04 hyper01 (get hostname)
stdout:
| device
| foreach -n hyper01,hyper03 (get hostname)
| hyper01
| hyper03
| foreach -n hyper01..hyper03 (get hostname)
| hyper01
| hyper02
| hyper03
| foreach -n hyper01..hyper04,-hyper02 (get hostname)
| hyper01
| hyper03
| hyper04
| foreach -n hyper01..hyper04,-hyper02..hyper03 (get hostname)
| hyper01
| hyper04
| foreach -n hyper[01-04:2] (get hostname)
| hyper01
| hyper03
| foreach -n hyper0[1-2],head (get hostname)
| hyper01
| hyper02
| head
| foreach hyper04 hyper01 (get hostname)
| hyper04
| hyper01

## case several groups expand to every combination
stdin:
| device
| add r1n01
| add r1n02
| add r2n01
| add r2n02
| exit
| foreach -n r[1-2]n[01-02] (get hostname)
| foreach -n r[1-2]n0[1-2],-r1n02 (get hostname)
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device r1n01, device r1n02, device r2n01, device r2n02
stdout:
| device
| add r1n01
| add r1n02
| add r2n01
| add r2n02
| exit
| foreach -n r[1-2]n[01-02] (get hostname)
| r1n01
| r1n02
| r2n01
| r2n02
| foreach -n r[1-2]n0[1-2],-r1n02 (get hostname)
| r1n01
| r2n01
| r2n02

## case names from a file with ^FILE
file {DIR}/nodes:
| hyper02
| hyper04
stdin:
| device
| foreach -n ^{DIR}/nodes (get hostname)
stdout:
| device
| foreach -n ^{DIR}/nodes (get hostname)
| hyper02
| hyper04

## case selection options: category, type, image, role, their union, and *
stdin:
| device
| foreach -c controller (get hostname)
| foreach -t headnode (get hostname)
| foreach -m default-image (get hostname)
| foreach -l openstackcompute (get hostname)
| foreach -c controller -t headnode (get hostname)
| foreach --category hypervisor -n hyper01 (get hostname)
| foreach * (get hostname)
| foreach -c nosuch (get hostname)
stdout:
| device
| foreach -c controller (get hostname)
| controller01
| foreach -t headnode (get hostname)
| head
| foreach -m default-image (get hostname)
| controller01
| hyper01
| hyper02
| hyper03
| hyper04
| foreach -l openstackcompute (get hostname)
| hyper01
| hyper02
| hyper03
| hyper04
| foreach -c controller -t headnode (get hostname)
| controller01
| head
| foreach --category hypervisor -n hyper01 (get hostname)
| hyper01
| hyper02
| hyper03
| hyper04
| foreach * (get hostname)
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04
| foreach -c nosuch (get hostname)
stderr:
| ocmsh: -:9: no device has category 'nosuch' (-c nosuch)
status: 1

## case foreach in other modes takes object names and *
stdin:
| openstack flavors
| foreach m1.tiny m1.small (get ram)
| foreach * (get vcpus)
| foreach m1.[tiny] (get ram)
stdout:
| openstack flavors
| foreach m1.tiny m1.small (get ram)
| 512
| 2048
| foreach * (get vcpus)
| 4
| 2
| 1
| 1
| 8
| foreach m1.[tiny] (get ram)
stderr:
| ocmsh: -:4: bad node range 'm1.[tiny]': 'tiny' is not a number
status: 1

## case a name that matches no device is an error and nothing runs
args: -x
stdin:
| device
| foreach -n hyper[01-05] (set memory 1)
| foreach -n hyper09,hyper01 (set memory 1)
| foreach -n ^{DIR}/missing (set memory 1)
| modified
status: 1
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-05] (set memory 1)
| [cluster->device]% foreach -n hyper09,hyper01 (set memory 1)
| [cluster->device]% foreach -n ^{DIR}/missing (set memory 1)
| [cluster->device]% modified
| No modified objects of type device
stderr:
| ocmsh: -:2: no such device 'hyper05'
| ocmsh: -:3: no such device 'hyper09'
| ocmsh: -:4: ^{DIR}/missing: No such file or directory

## case bad node sets name the problem
stdin:
| device
| foreach -n hyper[02-01] (get hostname)
| foreach -n hyper[01-02 (get hostname)
| foreach -n hyper[a-b] (get hostname)
| foreach -n hyper01..node02 (get hostname)
| foreach -n hyper[01-04:0] (get hostname)
stdout:
| device
| foreach -n hyper[02-01] (get hostname)
| foreach -n hyper[01-02 (get hostname)
| foreach -n hyper[a-b] (get hostname)
| foreach -n hyper01..node02 (get hostname)
| foreach -n hyper[01-04:0] (get hostname)
status: 1
stderr:
| ocmsh: -:2: bad node range 'hyper[02-01]': end before start
| ocmsh: -:3: bad node set 'hyper[01-02': unbalanced '['
| ocmsh: -:4: bad node range 'hyper[a-b]': 'a' is not a number
| ocmsh: -:5: node range prefixes differ in 'hyper01..node02'
| ocmsh: -:6: bad node range 'hyper[01-04:0]': stride 0

## case foreach usage errors (-m: an open '(' ends with its line)
args: -m
stdin:
| device
| foreach (get hostname)
| foreach hyper01 get hostname
| foreach -n (get hostname)
| foreach -z x (get hostname)
| openstack flavors foreach -c x (get name)
| device foreach hyper01 ()
| device foreach hyper01 (get hostname
| device foreach hyper01 get hostname)
stdout:
| device
| foreach (get hostname)
| foreach hyper01 get hostname
| foreach -n (get hostname)
| foreach -z x (get hostname)
| openstack flavors foreach -c x (get name)
| device foreach hyper01 ()
| device foreach hyper01 (get hostname
| device foreach hyper01 get hostname)
status: 1
stderr:
| ocmsh: -:2: foreach needs objects: names, '*' or a selection option
| ocmsh: -:3: foreach needs a command list in parentheses: foreach NAMES ( CMDS )
| ocmsh: -:4: option '-n' needs a node list
| ocmsh: -:5: unknown foreach option '-z'
| ocmsh: -:6: option '-c' works in device mode only
| ocmsh: -:8: unbalanced parenthesis at column 24
| ocmsh: -:9: unexpected ')' at column 36

## case a failing body stages nothing, even for the objects before it
args: -x
stdin:
| device
| foreach -n hyper[01-02] (set memory 1; set category x)
| modified
| foreach -n hyper[01-02] (set memory 1; set memory x)
| modified
| foreach -n hyper[01-02] (set memory 1; set nosuch 2)
| modified
status: 3
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (set memory 1; set category x)
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
|       Device hyper02
| [cluster->device*]% foreach -n hyper[01-02] (set memory 1; set memory x)
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
|       Device hyper02
| [cluster->device*]% foreach -n hyper[01-02] (set memory 1; set nosuch 2)
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
|       Device hyper02
stderr:
| ocmsh: -:4: invalid value 'x' for property 'memory': not an integer
| ocmsh: -:4: invalid value 'x' for property 'memory': not an integer
| ocmsh: -:6: unknown property 'nosuch' for device
| ocmsh: -:6: unknown property 'nosuch' for device
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02

## case foreach comes back to where it started; bodies may navigate
args: -x
stdin:
| device
| use head
| foreach -n hyper01 (use hyper03; get hostname)
| get hostname
| foreach -n hyper01 (openstack flavors get m1.tiny ram)
| foreach hyper01 (foreach hyper02 (get hostname); get hostname)
stdout:
| [cluster]% device
| [cluster->device]% use head
| [cluster->device[head]]% foreach -n hyper01 (use hyper03; get hostname)
| hyper03
| [cluster->device[head]]% get hostname
| head
| [cluster->device[head]]% foreach -n hyper01 (openstack flavors get m1.tiny ram)
| 512
| [cluster->device[head]]% foreach hyper01 (foreach hyper02 (get hostname); get hostname)
| hyper02
| hyper01

## case -t selects by the type's default when the type was cleared
stdin:
| device
| use hyper01
| clear type
| get type
| exit
| foreach -t physicalnode (get hostname)
status: 3
stdout:
| device
| use hyper01
| clear type
| get type
| PhysicalNode
| exit
| foreach -t physicalnode (get hostname)
| controller01
| hyper01
| hyper02
| hyper03
| hyper04
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case names that do not exist are all named, and nothing runs
stdin:
| device
| foreach -n hyper01,hyper09,hyper10 (set memory 1)
stdout:
| device
| foreach -n hyper01,hyper09,hyper10 (set memory 1)
status: 1
stderr:
| ocmsh: -:2: no such devices 'hyper09', 'hyper10'

## case a long list of missing names is cut after ten
stdin:
| device foreach hyper[01-30] (get hostname)
stdout:
| device foreach hyper[01-30] (get hostname)
status: 1
stderr:
| ocmsh: -:1: no such devices 'hyper05', 'hyper06', 'hyper07', 'hyper08', 'hyper09', 'hyper10', 'hyper11', 'hyper12', 'hyper13', 'hyper14' and 16 more

## case foreach --clone makes the nodes as copies; the IPs follow
# BCM AM 2.5.5 "Adding options": foreach --clone node001 -n
# node022..node024 ()
args: -x
stdin:
| device
| set hyper01 ip 10.141.0.1
| foreach --clone hyper01 -n hyper22..hyper24 ()
| list -f type:13,hostname:15,ip:12 -c hypervisor
| commit
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 ip 10.141.0.1
| [cluster->device*]% foreach --clone hyper01 -n hyper22..hyper24 ()
| [cluster->device*]% list -f type:13,hostname:15,ip:12 -c hypervisor
| type          hostname (key)  ip
| ------------- --------------- -----------
| PhysicalNode  hyper01         10.141.0.1
| PhysicalNode  hyper02
| PhysicalNode  hyper03
| PhysicalNode  hyper04
| PhysicalNode  hyper22         10.141.0.22
| PhysicalNode  hyper23         10.141.0.23
| PhysicalNode  hyper24         10.141.0.24
| [cluster->device*]% commit
| Successfully committed 4 Devices

## case foreach -o to other base names leaves the IPs as they are
# BCM AM 2.5.5: foreach -o node001 -n node[02-04] () prints "Base name
# mismatch, IP settings will not be modified!" three times
stdin:
| device
| set hyper01 ip 10.141.0.1
| foreach -o hyper01 -n hyp[02-04] (get ip)
status: 3
stdout:
| device
| set hyper01 ip 10.141.0.1
| foreach -o hyper01 -n hyp[02-04] (get ip)
| Base name mismatch, IP settings will not be modified!
| Base name mismatch, IP settings will not be modified!
| Base name mismatch, IP settings will not be modified!
| 10.141.0.1
| 10.141.0.1
| 10.141.0.1
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyp02, device hyp03, device hyp04, device hyper01

## case foreach -o makes new objects only
stdin:
| device foreach -o hyper01 -n hyper[04-05] ()
stdout:
| device foreach -o hyper01 -n hyper[04-05] ()
status: 1
stderr:
| ocmsh: -:1: foreach -o makes new objects only: device 'hyper04' exists already

## case foreach -a TYPE adds the objects that do not exist
# BCM AM 2.5.5: "The --add (-a) option creates the device for a specified
# device type, if it does not exist"
stdin:
| device
| foreach -a physicalnode -n hyper04,node001 (set category hypervisor; get type)
| list -f hostname:14,category:12 -c hypervisor
| openstack flavors foreach -a flavor -n g1.large (set vcpus 8; get vcpus)
status: 3
stdout:
| device
| foreach -a physicalnode -n hyper04,node001 (set category hypervisor; get type)
| PhysicalNode
| PhysicalNode
| list -f hostname:14,category:12 -c hypervisor
| hostname (key) category
| -------------- -----------
| hyper01        hypervisor
| hyper02        hypervisor
| hyper03        hypervisor
| hyper04        hypervisor
| node001        hypervisor
| openstack flavors foreach -a flavor -n g1.large (set vcpus 8; get vcpus)
| 8
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device node001, flavor g1.large

## case foreach -a needs a type the mode has
stdin:
| device foreach -a switch -n sw01 ()
stdout:
| device foreach -a switch -n sw01 ()
status: 1
stderr:
| ocmsh: -:1: unknown device type 'switch': one of physicalnode, headnode

## case foreach -o and -a do not go together
stdin:
| device foreach -o hyper01 -a physicalnode -n n1 ()
stdout:
| device foreach -o hyper01 -a physicalnode -n n1 ()
status: 1
stderr:
| ocmsh: -:1: foreach takes -o (clone) or -a (add), not both

## case foreach -v prints a header per object and each command with its time
# BCM AM 2.5.5 "Looping options": -v|--verbose displays the loop headers
stdin:
| device foreach -v -n hyper01,hyper02 (get hostname; get category)
stdout-has:
| === hyper01 ===
| ) get hostname
| hyper01
| ) get category
| hypervisor
| === hyper02 ===
| hyper02

## case foreach -q leaves the loop at the first failing command
# BCM AM 2.5.5 "Conditional options": -q|--quitonunknown
stdin:
| device foreach -q -n hyper01,hyper02 (get hostname; frobnicate)
status: 1
stdout:
| device foreach -q -n hyper01,hyper02 (get hostname; frobnicate)
| hyper01
stderr:
| ocmsh: -:1: unknown command 'frobnicate' (try 'help')

## case help foreach lists the options of the manual, in cmsh's layout
# BCM AM 2.5.5: "Adding options" (-o|--clone, -a|--add), "Looping
# options" (-v|--verbose), "Conditional options" (-q|--quitonunknown).
stdin:
| device help foreach
stdout:
| device help foreach
| Name: foreach - Run commands for each selected object
|
| Usage: foreach [-n NODES] [-o SOURCE|-a TYPE] [-v] [-q] [-c CATEGORY] [-t TYPE] [-m IMAGE] [-l ROLE] [NAME...|*] ( COMMANDS )
|
| Options: -n, --nodes NODES
|              these objects (node sets accepted)
|
|          -o, --clone
|              create the objects that do not exist as copies of this one
|
|          -a, --add
|              create the objects that do not exist, of this type
|
|          -v, --verbose
|              print a header for each object and each command with its time
|
|          -q, --quitonunknown
|              leave the loop at the first command that fails
|
|          -c, --category CATEGORY
|              the nodes of a category
|
|          -t, --type TYPE
|              the devices of a type
|
|          -m, --image IMAGE
|              the nodes that boot an image
|
|          -l, --role ROLE
|              the nodes with a role
