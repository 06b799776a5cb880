# add, clone, remove (ocmsh(1) COMMANDS).

## case add selects the new object; device add takes a type
args: -x
stdin:
| device
| add physicalnode node001
| exit
| add headnode head2
| show
| exit
| add node002
| get type
| exit
| add PhysicalNode node003
| modified
| openstack flavors
| add g1.small
| show
| exit
| modified
status: 3
stdout:
| [cluster]% device
| [cluster->device]% add physicalnode node001
| [cluster->device*[node001*]]% exit
| [cluster->device*]% add headnode head2
| [cluster->device*[head2*]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Hostname                         head2
| Type                             HeadNode
| MAC                              00:00:00:00:00:00
| Ip
| Category
| Software image
| Kernel parameters
| Roles
| Memory
| PCI devices
| [cluster->device*[head2*]]% exit
| [cluster->device*]% add node002
| [cluster->device*[node002*]]% get type
| PhysicalNode
| [cluster->device*[node002*]]% exit
| [cluster->device*]% add PhysicalNode node003
| [cluster->device*[node003*]]% modified
| State Type   Name
| ----- ------ -------
| +     Device head2
| +     Device node001
| +     Device node002
| +     Device node003
| [cluster->device*[node003*]]% openstack flavors
| [cluster->openstack[default]->flavors]% add g1.small
| [cluster->openstack[default]->flavors*[g1.small*]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             g1.small
| VCPUs                            1
| RAM                              512
| Disk                             0
| Ephemeral                        0
| Swap                             0
| RXTX factor                      1.0
| Public                           yes
| Extra specs
| [cluster->openstack[default]->flavors*[g1.small*]]% exit
| [cluster->openstack[default]->flavors*]% modified
| State Type   Name
| ----- ------ --------
| +     Flavor g1.small
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device head2, device node001, device node002, device node003, flavor g1.small

## case add errors: existing names, bad names, unknown types
stdin:
| device
| add hyper01
| add switch sw1
| add physicalnode a b
| add "bad name"
| add a/b
| openstack flavors add x y
| openstack pcialiases add bad:name
| openstack pcialiases add bad,name
| add
| modified
status: 1
stdout:
| device
| add hyper01
| add switch sw1
| add physicalnode a b
| add "bad name"
| add a/b
| openstack flavors add x y
| openstack pcialiases add bad:name
| openstack pcialiases add bad,name
| add
| modified
| No modified objects of type device
stderr:
| ocmsh: -:2: device 'hyper01' already exists
| ocmsh: -:3: unknown device type 'switch': one of physicalnode, headnode
| ocmsh: -:4: invalid value 'b' for property 'ip': not an IPv4 address
| ocmsh: -:5: invalid device name 'bad name': a blank is not allowed in a name
| ocmsh: -:6: invalid device name 'a/b': '/' is not allowed in a name
| ocmsh: -:7: add takes one name in flavors mode
| ocmsh: -:8: invalid PCI alias name 'bad:name': 1 to 256 characters, no ':', ',' or blanks
| ocmsh: -:9: invalid pcialias name 'bad,name': ',' is not allowed in a name
| ocmsh: -:10: wrong number of arguments to 'add'; usage: add [TYPE] NAME [IP]

## case clone copies every property but read-only ones, and selects the copy
args: -x
stdin:
| openstack flavors
| clone m1.medium g1.medium.p100
| show
| exit
| clone m1.medium m1.large
| clone nosuch x
| device clone hyper01 hyper05
| device get hyper05 memory
| device get hyper05 pcidevices
status: 3
stdout:
| [cluster]% openstack flavors
| [cluster->openstack[default]->flavors]% clone m1.medium g1.medium.p100
| [cluster->openstack[default]->flavors*[g1.medium.p100*]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             g1.medium.p100
| VCPUs                            2
| RAM                              4096
| Disk                             40
| Ephemeral                        0
| Swap                             0
| RXTX factor                      1.0
| Public                           yes
| Extra specs
| [cluster->openstack[default]->flavors*[g1.medium.p100*]]% exit
| [cluster->openstack[default]->flavors*]% clone m1.medium m1.large
| [cluster->openstack[default]->flavors*]% clone nosuch x
| [cluster->openstack[default]->flavors*]% device clone hyper01 hyper05
| [cluster->device*[hyper05*]]% device get hyper05 memory
| 262144
| [cluster->device*[hyper05*]]% device get hyper05 pcidevices
|
stderr:
| ocmsh: -:5: flavor 'm1.large' already exists
| ocmsh: -:6: no such flavor 'nosuch'
| ocmsh: input ended with uncommitted changes, discarded: device hyper05, flavor g1.medium.p100

## case remove stages removal; modified shows '-'; the selection goes
args: -x -q
stdin:
| device
| use hyper04
| remove
| modified
| remove hyper03 controller01
| modified
| list
| remove hyper03
| openstack flavors remove m1.tiny m1.small
| openstack flavors modified
status: 1
stdout:
| [cluster]% device
| [cluster->device]% use hyper04
| [cluster->device[hyper04]]% remove
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
| -     Device hyper04
| [cluster->device*]% remove hyper03 controller01
| [cluster->device*]% modified
| State Type   Name
| ----- ------ ------------
| -     Device controller01
| -     Device hyper03
| -     Device hyper04
| [cluster->device*]% list
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- ---------------
| HeadNode               head             00:00:00:00:00:00
| PhysicalNode           hyper01          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper02          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| [cluster->device*]% remove hyper03
stderr:
| ocmsh: -:8: no such device 'hyper03'

## case remove takes node sets and refuses unknown names
args: -x
stdin:
| device
| remove hyper[05-06]
| remove hyper0[3-4],head
| modified
| remove
stdout:
| [cluster]% device
| [cluster->device]% remove hyper[05-06]
| [cluster->device]% remove hyper0[3-4],head
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
| -     Device head
| -     Device hyper03
| -     Device hyper04
| [cluster->device*]% remove
stderr:
| ocmsh: -:2: no such devices 'hyper05', 'hyper06'
| ocmsh: -:5: remove needs a device name
| ocmsh: input ended with uncommitted changes, discarded: device head, device hyper03, device hyper04
status: 3

## case add then remove of a new object stages nothing
stdin:
| openstack hostaggregates
| add gpu
| exit
| remove gpu
| modified
stdout:
| openstack hostaggregates
| add gpu
| exit
| remove gpu
| modified
| No modified objects of type hostaggregate

## case an added object can be committed and listed
stdin:
| openstack hostaggregates
| add gpu
| set nodes hyper[01-02]
| set availabilityzone az1
| commit
| list
| get gpu nodes
stdout:
| openstack hostaggregates
| add gpu
| set nodes hyper[01-02]
| set availabilityzone az1
| commit
| list
| Name (key)       Nodes            Metadata
| ---------------- ---------------- -----------
| gpu              hyper01,hyper02
| get gpu nodes
| hyper01 hyper02

## case a cloned image gets a tree of its own: the source's parent and the new name
stdin:
| softwareimage
| clone default-image gpu-image
| get gpu-image path
| add slashy
| set path /srv/images//slashy/
| clone slashy slashy2
| get slashy2 path
| add top
| set path /
| clone top top2
| get top2 path
| home
| refresh
stdout:
| softwareimage
| clone default-image gpu-image
| get gpu-image path
| /cm/images/gpu-image
| add slashy
| set path /srv/images//slashy/
| clone slashy slashy2
| get slashy2 path
| /srv/images/slashy2
| add top
| set path /
| clone top top2
| get top2 path
| /top2
| home
| refresh

## case two images sharing one tree are refused, whatever the slashes
args: -q
stdin:
| softwareimage
| add gpu-image
| set path /cm/images//default-image/
| commit
stdout:
| softwareimage
| add gpu-image
| set path /cm/images//default-image/
| commit
stderr:
| Code  Field                        Message
| ----- ---------------------------- ------------------------------
| 112   softwareimage gpu-image path '/cm/images//default-image/' is the path of softwareimage 'default-image' too: their files would be written into one tree (give each image its own)
| ocmsh: -:4: commit refused: 1 error
status: 1
untouched: yes

## case lspci and show name a device alike: the name pciscan recorded
# (the example records the seed's "GK110BGL [Tesla K40c]"; pci.ids says
# "GK180GL")
stdin:
| device
| lspci hyper01
| show hyper01
stdout-has:
| 86:00.0 3D controller [0302]: NVIDIA Corporation GK110BGL [Tesla K40c] [10de:1024] (rev a1)
| PCI devices                      0000:86:00.0 [10de:1024] NVIDIA Corporation GK110BGL [Tesla K40c] (rev a1)
