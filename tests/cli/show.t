# list, show and get (ocmsh(1) COMMANDS), in every mode.

## case device list: the default columns, sorted by name, no trailing blanks
stdin:
| device
| list
| ls
stdout:
| device
| list
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- ------------------
| PhysicalNode           controller01     00:00:00:00:00:00  controller                       default-image    openstackcontroller
| HeadNode               head             00:00:00:00:00:00
| PhysicalNode           hyper01          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper02          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper03          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper04          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| ls
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- ------------------
| PhysicalNode           controller01     00:00:00:00:00:00  controller                       default-image    openstackcontroller
| HeadNode               head             00:00:00:00:00:00
| PhysicalNode           hyper01          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper02          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper03          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute
| PhysicalNode           hyper04          00:00:00:00:00:00  hypervisor                       default-image    openstackcompute

## case list in every collection mode
stdin:
| softwareimage list
| openstack list
| openstack flavors list
| openstack hostaggregates list
| openstack pcialiases list
stdout:
| softwareimage list
| Name (key)       Path                     Kernel parameters
| ---------------- ------------------------ -----------------
| default-image    /cm/images/default-image
| openstack list
| Name (key)
| ---------------
| default
| openstack flavors list
| Name (key)       VCPUs  RAM      Disk   Extra specs
| ---------------- ------ -------- ------ -----------
| m1.large         4      8192     80
| m1.medium        2      4096     40
| m1.small         1      2048     20
| m1.tiny          1      512      1
| m1.xlarge        8      16384    160
| openstack hostaggregates list
| Name (key)       Nodes            Metadata
| ---------------- ---------------- -----------
| openstack pcialiases list
| Name (key)       Vendor ID Product ID Device type NUMA policy
| ---------------- --------- ---------- ----------- ----------

## case list -f with widths, ranges and the cut header
stdin:
| openstack flavors
| list -f name:10,vcpus:6,ram:[4-8]
| list -f name:3
| list --format ram,disk
stdout:
| openstack flavors
| list -f name:10,vcpus:6,ram:[4-8]
| name (key) vcpus  ram
| ---------- ------ ----
| m1.large   4      8192
| m1.medium  2      4096
| m1.small   1      2048
| m1.tiny    1      512
| m1.xlarge  8      16384
| list -f name:3
| nam
| --
| m1.large
| m1.medium
| m1.small
| m1.tiny
| m1.xlarge
| list --format ram,disk
| ram                  disk
| -------------------- -------------------
| 8192                 80
| 4096                 40
| 2048                 20
| 512                  1
| 16384                160

## case list -d sets the column delimiter
stdin:
| openstack flavors
| list -f name:10,vcpus:5 -d "|"
| list -f name:10,vcpus:5 -d ";"
stdout:
| openstack flavors
| list -f name:10,vcpus:5 -d "|"
| name (key)|vcpus
| ----------|----
| m1.large  |4
| m1.medium |2
| m1.small  |1
| m1.tiny   |1
| m1.xlarge |8
| list -f name:10,vcpus:5 -d ";"
| name (key);vcpus
| ----------;----
| m1.large  ;4
| m1.medium ;2
| m1.small  ;1
| m1.tiny   ;1
| m1.xlarge ;8

## case list -d {} prints JSON keyed by the headers, values as the table shows them
stdin:
| openstack flavors
| list -f name,vcpus,public,extraspecs -d {}
stdout:
| openstack flavors
| list -f name,vcpus,public,extraspecs -d {}
| [
|   {
|     "name (key)": "m1.large",
|     "vcpus": "4",
|     "public": "yes",
|     "extraspecs": ""
|   },
|   {
|     "name (key)": "m1.medium",
|     "vcpus": "2",
|     "public": "yes",
|     "extraspecs": ""
|   },
|   {
|     "name (key)": "m1.small",
|     "vcpus": "1",
|     "public": "yes",
|     "extraspecs": ""
|   },
|   {
|     "name (key)": "m1.tiny",
|     "vcpus": "1",
|     "public": "yes",
|     "extraspecs": ""
|   },
|   {
|     "name (key)": "m1.xlarge",
|     "vcpus": "8",
|     "public": "yes",
|     "extraspecs": ""
|   }
| ]

## case list refuses bad formats and options
stdin:
| openstack flavors
| list -f nosuch
| list -f name:x
| list -f name:[9-2]
| list -f
| list -z
| list extra
stdout:
| openstack flavors
| list -f nosuch
| list -f name:x
| list -f name:[9-2]
| list -f
| list -z
| list extra
status: 1
stderr:
| ocmsh: -:2: unknown property 'nosuch' for flavor
| ocmsh: -:3: bad column 'name:x' in format 'name:x': use NAME, NAME:WIDTH or NAME:[MIN-MAX]
| ocmsh: -:4: bad column 'name:[9-2]' in format 'name:[9-2]': use NAME, NAME:WIDTH or NAME:[MIN-MAX]
| ocmsh: -:5: option '-f' needs a value
| ocmsh: -:6: unknown option '-z'
| ocmsh: -:7: unexpected argument 'extra'

## case show NAME: Parameter/Value table, lists comma-separated, defaults
stdin:
| device
| show hyper01
| openstack flavors show m1.tiny
stdout:
| device
| show hyper01
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Hostname                         hyper01
| Type                             PhysicalNode
| MAC                              00:00:00:00:00:00
| Ip
| Category                         hypervisor
| Software image                   default-image
| Kernel parameters
| Roles                            openstackcompute
| Memory                           262144
| PCI devices                      0000:86:00.0 [10de:1024] NVIDIA Corporation GK110BGL [Tesla K40c] (rev a1)
| openstack flavors show m1.tiny
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             m1.tiny
| VCPUs                            1
| RAM                              512
| Disk                             1
| Ephemeral                        0
| Swap                             0
| RXTX factor                      1.0
| Public                           yes
| Extra specs

## case show: PCI devices one a line, as scanned; get and show -d {} keep the JSON
stdin:
| device
| pciscan hyper02 -F {DATA}/../../data/pci/hyper02.dump
| show hyper02
| get hyper02 pcidevices
stdout:
| device
| pciscan hyper02 -F {DATA}/../../data/pci/hyper02.dump
| show hyper02
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Hostname                         hyper02
| Type                             PhysicalNode
| MAC                              00:00:00:00:00:00
| Ip
| Category                         hypervisor
| Software image                   default-image
| Kernel parameters
| Roles                            openstackcompute
| Memory                           262144
| PCI devices                      0000:00:00.0 [8086:2020] Intel Corporation Sky Lake-E DMI3 Registers (rev 04)
|                                  0000:00:17.0 [8086:a182] Intel Corporation C620 Series Chipset Family SATA Controller [AHCI mode] (rev 09)
|                                  0000:3b:00.0 [10de:15f8] NVIDIA Corporation GP100GL [Tesla P100 PCIe 16GB] (rev a1)
|                                  0000:5e:00.0 [8086:1572] Intel Corporation Ethernet Controller X710 for 10GbE SFP+ (rev 02)
|                                  0000:5e:00.1 [8086:1572] Intel Corporation Ethernet Controller X710 for 10GbE SFP+ (rev 02)
| get hyper02 pcidevices
| {"address":"0000:00:00.0","class":"0600","vendor":"8086","device":"2020","subvendor":"15d9","subdevice":"095d","revision":"04","name":"Intel Corporation Sky Lake-E DMI3 Registers"} {"address":"0000:00:17.0","class":"0106","vendor":"8086","device":"a182","subvendor":"15d9","subdevice":"095d","revision":"09","name":"Intel Corporation C620 Series Chipset Family SATA Controller [AHCI mode]"} {"address":"0000:3b:00.0","class":"0302","vendor":"10de","device":"15f8","subvendor":"10de","subdevice":"118f","revision":"a1","name":"NVIDIA Corporation GP100GL [Tesla P100 PCIe 16GB]"} {"address":"0000:5e:00.0","class":"0200","vendor":"8086","device":"1572","subvendor":"8086","subdevice":"0007","revision":"02","name":"Intel Corporation Ethernet Controller X710 for 10GbE SFP+"} {"address":"0000:5e:00.1","class":"0200","vendor":"8086","device":"1572","subvendor":"8086","subdevice":"0000","revision":"02","name":"Intel Corporation Ethernet Controller X710 for 10GbE SFP+"}
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper02
status: 3

## case show of the selected object, with no name
args: -x
stdin:
| softwareimage
| use default-image
| show
| openstack
| show
stdout:
| [cluster]% softwareimage
| [cluster->softwareimage]% use default-image
| [cluster->softwareimage[default-image]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             default-image
| Path                             /cm/images/default-image
| Kernel parameters
| [cluster->softwareimage[default-image]]% openstack
| [cluster->openstack[default]]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             default
| Cloud
| Settings                         <submode>
| Flavors                          <5 in submode>
| Host aggregates                  <0 in submode>
| PCI aliases                      <0 in submode>

## case show of the compute record and of settings
stdin:
| openstack settings compute
| show
| exit
| show
stdout:
| openstack settings compute
| show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Release                          newton
| Scheduler filters                RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
| Available filters
| PCI passthrough whitelist
| Filter module path
| exit
| show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Compute settings                 <submode>

## case show -d {} prints JSON
stdin:
| openstack flavors
| show m1.small -d {}
| openstack pcialiases add a1
| set vendorid 10DE
| set productid 0x15F8
| show -d {}
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: pcialias a1
stdout:
| openstack flavors
| show m1.small -d {}
| {
|   "name": "m1.small",
|   "vcpus": 1,
|   "ram": 2048,
|   "disk": 20,
|   "ephemeral": 0,
|   "swap": 0,
|   "rxtxfactor": 1.0,
|   "public": true,
|   "extraspecs": {}
| }
| openstack pcialiases add a1
| set vendorid 10DE
| set productid 0x15F8
| show -d {}
| {
|   "name": "a1",
|   "vendorid": "10de",
|   "productid": "15f8",
|   "devicetype": "type-PCI",
|   "numapolicy": null
| }

## case show errors
stdin:
| device
| show
| show nosuch
| show hyper01 extra
| show hyper01 -d ,
| show hyper[01-02]
stdout:
| device
| show
| show nosuch
| show hyper01 extra
| show hyper01 -d ,
| show hyper[01-02]
status: 1
stderr:
| ocmsh: -:2: no device selected: give its name first or 'use' one
| ocmsh: -:3: no such device 'nosuch'
| ocmsh: -:4: unexpected argument 'extra'
| ocmsh: -:5: show supports only -d {} (JSON)
| ocmsh: -:6: 'hyper[01-02]' is a node set: this command takes one device name (use 'foreach hyper[01-02] ( ... )' for several)

## case get: one value; lists space-separated; empty values print an empty line
stdin:
| device
| get hyper01 roles
| get hyper01 kernelparameters
| get head type
| get hyper01 hostname
| use hyper02
| get memory
| get mem
| openstack settings compute get schedulerfilters
| openstack flavors get m1.large rxtxfactor
| openstack flavors get m1.large public
stdout:
| device
| get hyper01 roles
| openstackcompute
| get hyper01 kernelparameters
|
| get head type
| HeadNode
| get hyper01 hostname
| hyper01
| use hyper02
| get memory
| 262144
| get mem
| 262144
| openstack settings compute get schedulerfilters
| RetryFilter AvailabilityZoneFilter RamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter
| openstack flavors get m1.large rxtxfactor
| 1.0
| openstack flavors get m1.large public
| yes

## case get errors
stdin:
| device
| get hyper01
| get hyper01 nosuch
| get hyper01 memory roles
| get memory
| get nosuch memory
| use hyper01
| get
| get nosuch
stdout:
| device
| get hyper01
| get hyper01 nosuch
| get hyper01 memory roles
| get memory
| get nosuch memory
| use hyper01
| get
| get nosuch
status: 1
stderr:
| ocmsh: -:2: missing property name
| ocmsh: -:3: unknown property 'nosuch' for device
| ocmsh: -:4: wrong number of arguments to 'get'; usage: get [NAME] PROPERTY
| ocmsh: -:5: no device selected: give its name before 'memory' or 'use' one
| ocmsh: -:6: no such device 'nosuch'
| ocmsh: -:8: wrong number of arguments to 'get'; usage: get [NAME] PROPERTY
| ocmsh: -:9: unknown property 'nosuch' for device
