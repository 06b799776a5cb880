# set, append, removefrom, clear; values of every kind, maps, JSON, hints
# (ocmsh(1) VALUES and OBJECTS).

## case set of every scalar kind, shown by get
stdin:
| openstack flavors
| use m1.tiny
| set vcpus 4
| set ram 1024
| set disk 0
| set rxtxfactor 2.5
| set public off
| get vcpus
| get ram
| get disk
| get rxtxfactor
| get public
| set public TRUE
| get public
| set public 0
| get public
| set public on
| get public
| set public yes
| get public
| device use hyper01
| set type headnode
| get type
| set kernelparameters intel_iommu=on iommu=pt
| get kernelparameters
| set category "gpu nodes"
| get category
| softwareimage set default-image path /images/x
| softwareimage get default-image path
| openstack pcialiases add a1
| set vendorid 10DE
| set productid 0x15F8
| set devicetype TYPE-pf
| set numapolicy preferred
| show
status: 3
stdout:
| openstack flavors
| use m1.tiny
| set vcpus 4
| set ram 1024
| set disk 0
| set rxtxfactor 2.5
| set public off
| get vcpus
| 4
| get ram
| 1024
| get disk
| 0
| get rxtxfactor
| 2.5
| get public
| no
| set public TRUE
| get public
| yes
| set public 0
| get public
| no
| set public on
| get public
| yes
| set public yes
| get public
| yes
| device use hyper01
| set type headnode
| get type
| HeadNode
| set kernelparameters intel_iommu=on iommu=pt
| get kernelparameters
| intel_iommu=on iommu=pt
| set category "gpu nodes"
| get category
| gpu nodes
| softwareimage set default-image path /images/x
| softwareimage get default-image path
| /images/x
| openstack pcialiases add a1
| set vendorid 10DE
| set productid 0x15F8
| set devicetype TYPE-pf
| set numapolicy preferred
| show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             a1
| Vendor ID                        10de
| Product ID                       15f8
| Device type                      type-PF
| NUMA policy                      preferred
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, flavor m1.tiny, pcialias a1, softwareimage default-image

## case set NAME PROP at mode level; several words set a list
stdin:
| device
| set hyper03 roles openstackcompute openstackcontroller
| get hyper03 roles
| set hyper03 roles
| get hyper03 roles
| openstack settings compute
| set schedulerfilters RetryFilter ComputeFilter
| get schedulerfilters
| set release zed
| get release
status: 3
stdout:
| device
| set hyper03 roles openstackcompute openstackcontroller
| get hyper03 roles
| openstackcompute openstackcontroller
| set hyper03 roles
| get hyper03 roles
|
| openstack settings compute
| set schedulerfilters RetryFilter ComputeFilter
| get schedulerfilters
| RetryFilter ComputeFilter
| set release zed
| get release
| zed
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper03, openstack default

## case bad values are refused naming the property, the value and the reason
stdin:
| openstack flavors
| use m1.tiny
| set vcpus 0
| set vcpus 65537
| set vcpus abc
| set vcpus 1 2
| set vcpus ""
| set ram 99999999999999999999
| set disk -1
| set public maybe
| set rxtxfactor -1
| set rxtxfactor fast
| set name other
| set nosuch 1
| set vcpu 1
| set e 1
| set vcpus
| device set hyper01 type switch
| device set hyper01 roles openstackcompute compute
| device set hyper01 roles openstackcompute openstackcompute
| device set hyper01 pcidevices x
| device set hyper01 memory -5
| softwareimage set default-image path relative/path
| openstack pcialiases add a1
| set vendorid 10d
| set productid xyz1
| set devicetype pci
| openstack settings compute set release essex
| modified
status: 3
stdout:
| openstack flavors
| use m1.tiny
| set vcpus 0
| set vcpus 65537
| set vcpus abc
| set vcpus 1 2
| set vcpus ""
| set ram 99999999999999999999
| set disk -1
| set public maybe
| set rxtxfactor -1
| set rxtxfactor fast
| set name other
| set nosuch 1
| set vcpu 1
| set e 1
| set vcpus
| device set hyper01 type switch
| device set hyper01 roles openstackcompute compute
| device set hyper01 roles openstackcompute openstackcompute
| device set hyper01 pcidevices x
| device set hyper01 memory -5
| softwareimage set default-image path relative/path
| openstack pcialiases add a1
| set vendorid 10d
| set productid xyz1
| set devicetype pci
| openstack settings compute set release essex
| modified
| State Type      Name
| ----- --------- ----
| +     PCI alias a1
stderr:
| ocmsh: -:3: invalid value '0' for property 'vcpus': must be from 1 to 65536
| ocmsh: -:4: invalid value '65537' for property 'vcpus': must be from 1 to 65536
| ocmsh: -:5: invalid value 'abc' for property 'vcpus': not an integer
| ocmsh: -:6: property 'vcpus' takes one value, got 2
| ocmsh: -:7: invalid value '' for property 'vcpus': not an integer
| ocmsh: -:8: invalid value '99999999999999999999' for property 'ram': not an integer
| ocmsh: -:9: invalid value '-1' for property 'disk': must be at least 0
| ocmsh: -:10: invalid value 'maybe' for property 'public': not a boolean (yes/no, on/off, true/false, 1/0)
| ocmsh: -:11: invalid value '-1' for property 'rxtxfactor': not a non-negative number
| ocmsh: -:12: invalid value 'fast' for property 'rxtxfactor': not a non-negative number
| ocmsh: -:13: property 'name' is read-only
| ocmsh: -:14: unknown property 'nosuch' for flavor
| ocmsh: -:16: ambiguous property 'e' for flavor: ephemeral, extraspecs
| ocmsh: -:17: missing value for 'vcpus' (use 'clear' to reset it)
| ocmsh: -:18: invalid value 'switch' for property 'type': must be one of HeadNode, PhysicalNode
| ocmsh: -:19: invalid value 'compute' for property 'roles': must be one of openstackcompute, openstackcontroller
| ocmsh: -:20: 'openstackcompute' is already in 'roles' (it may appear only once)
| ocmsh: -:21: property 'pcidevices' is read-only
| ocmsh: -:22: invalid value '-5' for property 'memory': must be at least 0
| ocmsh: -:23: invalid value 'relative/path' for property 'path': not an absolute path
| ocmsh: -:25: invalid value '10d' for property 'vendorid': not 4 hex digits
| ocmsh: -:26: invalid value 'xyz1' for property 'productid': not 4 hex digits
| ocmsh: -:27: invalid value 'pci' for property 'devicetype': must be one of type-PCI, type-PF, type-VF
| ocmsh: -:28: invalid value 'essex' for property 'release': must be one of newton, ocata, pike, queens, rocky, stein, train, ussuri, victoria, wallaby, xena, yoga, zed, 2023.1, 2023.2, 2024.1, 2024.2, 2025.1, 2025.2, 2026.1
| ocmsh: input ended with uncommitted changes, discarded: pcialias a1

## case maps take JSON objects: escaped quotes, single quotes, numbers and booleans
stdin:
| openstack flavors
| use m1.small
| set extraspecs {\"pci_passthrough:alias\":\"gpu-p100:1\"}
| get extraspecs
| set extraspecs '{"a":"b","n":1,"f":1.5,"t":true,"u":false}'
| get extraspecs
| set extraspecs "{\"x\":\"y z\"}"
| get extraspecs
| set extraspecs {}
| get extraspecs
status: 0
stdout:
| openstack flavors
| use m1.small
| set extraspecs {\"pci_passthrough:alias\":\"gpu-p100:1\"}
| get extraspecs
| {"pci_passthrough:alias":"gpu-p100:1"}
| set extraspecs '{"a":"b","n":1,"f":1.5,"t":true,"u":false}'
| get extraspecs
| {"a":"b","n":"1","f":"1.5","t":"true","u":"false"}
| set extraspecs "{\"x\":\"y z\"}"
| get extraspecs
| {"x":"y z"}
| set extraspecs {}
| get extraspecs
|

## case maps take key=value words; append adds and replaces keys; removefrom drops keys
stdin:
| openstack hostaggregates add gpu
| set metadata reserve_ram_filter_mb=4096 reserve_ram_filter_flavor_extra_spec=gpu
| get metadata
| append metadata a=1 reserve_ram_filter_mb=2048
| get metadata
| append metadata {\"b\":\"2\"}
| get metadata
| removefrom metadata a b
| get metadata
| set metadata empty=
| get metadata
| show
status: 3
stdout:
| openstack hostaggregates add gpu
| set metadata reserve_ram_filter_mb=4096 reserve_ram_filter_flavor_extra_spec=gpu
| get metadata
| {"reserve_ram_filter_mb":"4096","reserve_ram_filter_flavor_extra_spec":"gpu"}
| append metadata a=1 reserve_ram_filter_mb=2048
| get metadata
| {"reserve_ram_filter_mb":"2048","reserve_ram_filter_flavor_extra_spec":"gpu","a":"1"}
| append metadata {\"b\":\"2\"}
| get metadata
| {"reserve_ram_filter_mb":"2048","reserve_ram_filter_flavor_extra_spec":"gpu","a":"1","b":"2"}
| removefrom metadata a b
| get metadata
| {"reserve_ram_filter_mb":"2048","reserve_ram_filter_flavor_extra_spec":"gpu"}
| set metadata empty=
| get metadata
| {"empty":""}
| show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Name                             gpu
| Nodes
| Availability zone
| Metadata                         {"empty":""}
stderr:
| ocmsh: input ended with uncommitted changes, discarded: hostaggregate gpu

## case bad map values: eaten quotes get a hint, nested values and duplicates are refused
stdin:
| openstack flavors
| use m1.small
| set extraspecs {pci_passthrough:alias:gpu-p100:1}
| set extraspecs {"a":"b"}
| set extraspecs {\"a\":{\"b\":1}}
| set extraspecs {\"a\":[1]}
| set extraspecs {\"a\":null}
| set extraspecs {\"a\":1,\"a\":2}
| set extraspecs a=1 a=2
| set extraspecs [1,2]
| set extraspecs novalue
| set extraspecs =x
| set extraspecs {\"a\":
| removefrom extraspecs nope
| append extraspecs
| modified
status: 1
stdout:
| openstack flavors
| use m1.small
| set extraspecs {pci_passthrough:alias:gpu-p100:1}
| set extraspecs {"a":"b"}
| set extraspecs {\"a\":{\"b\":1}}
| set extraspecs {\"a\":[1]}
| set extraspecs {\"a\":null}
| set extraspecs {\"a\":1,\"a\":2}
| set extraspecs a=1 a=2
| set extraspecs [1,2]
| set extraspecs novalue
| set extraspecs =x
| set extraspecs {\"a\":
| removefrom extraspecs nope
| append extraspecs
| modified
| No modified objects of type flavor
stderr:
| ocmsh: -:3: invalid JSON '{pci_passthrough:alias:gpu-p100:1}' for property 'extraspecs' at column 4: string or '}' expected near 'pci' (hint: the double quotes were removed; escape them as \" or put the value in single quotes)
| ocmsh: -:4: invalid JSON '{a:b}' for property 'extraspecs' at column 2: string or '}' expected near 'a' (hint: the double quotes were removed; escape them as \" or put the value in single quotes)
| ocmsh: -:5: invalid value '{"a":{"b":1}}' for property 'extraspecs': key 'a' holds a nested value; map values must be strings, numbers or booleans
| ocmsh: -:6: invalid value '{"a":[1]}' for property 'extraspecs': key 'a' holds a nested value; map values must be strings, numbers or booleans
| ocmsh: -:7: invalid value '{"a":null}' for property 'extraspecs': key 'a' holds a null; map values must be strings, numbers or booleans
| ocmsh: -:8: invalid JSON '{"a":1,"a":2}' for property 'extraspecs' at column 10: duplicate object key near '"a"'
| ocmsh: -:9: invalid value 'a=2' for property 'extraspecs': duplicate key 'a'
| ocmsh: -:10: invalid value '[1,2]' for property 'extraspecs': expected key=value or a JSON object
| ocmsh: -:11: invalid value 'novalue' for property 'extraspecs': expected key=value or a JSON object
| ocmsh: -:12: invalid value '=x' for property 'extraspecs': expected key=value or a JSON object
| ocmsh: -:13: invalid JSON '{"a":' for property 'extraspecs' at column 5: unexpected token near end of file
| ocmsh: -:14: key 'nope' is not in 'extraspecs'
| ocmsh: -:15: wrong number of arguments to 'append'; usage: append [NAME] PROPERTY VALUE...

## case lists: append, removefrom, duplicates, clear
stdin:
| openstack settings compute
| append schedulerfilters PciPassthroughFilter
| get schedulerfilters
| removefrom schedulerfilters RamFilter DiskFilter
| get schedulerfilters
| set availablefilters a.b.C d.e.F
| append availablefilters g.h.I
| get availablefilters
| clear availablefilters
| get availablefilters
| show
status: 3
stdout:
| openstack settings compute
| append schedulerfilters PciPassthroughFilter
| get schedulerfilters
| RetryFilter AvailabilityZoneFilter RamFilter DiskFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter PciPassthroughFilter
| removefrom schedulerfilters RamFilter DiskFilter
| get schedulerfilters
| RetryFilter AvailabilityZoneFilter ComputeFilter ComputeCapabilitiesFilter ImagePropertiesFilter ServerGroupAntiAffinityFilter ServerGroupAffinityFilter PciPassthroughFilter
| set availablefilters a.b.C d.e.F
| append availablefilters g.h.I
| get availablefilters
| a.b.C d.e.F g.h.I
| clear availablefilters
| get availablefilters
|
| show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Release                          newton
| Scheduler filters                RetryFilter,AvailabilityZoneFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,PciPassthroughFilter
| Available filters
| PCI passthrough whitelist
| Filter module path
stderr:
| ocmsh: input ended with uncommitted changes, discarded: openstack default

## case list errors
stdin:
| openstack settings compute
| append schedulerfilters RetryFilter
| removefrom schedulerfilters NoSuchFilter
| append release x
| removefrom release newton
| append schedulerfilters
| modified
status: 1
stdout:
| openstack settings compute
| append schedulerfilters RetryFilter
| removefrom schedulerfilters NoSuchFilter
| append release x
| removefrom release newton
| append schedulerfilters
| modified
| No modified objects of type openstack
stderr:
| ocmsh: -:2: 'RetryFilter' is already in 'schedulerfilters' (it may appear only once)
| ocmsh: -:3: 'NoSuchFilter' is not in 'schedulerfilters'
| ocmsh: -:4: property 'release' is not a list or a map, use 'set'
| ocmsh: -:5: property 'release' is not a list or a map, use 'set'
| ocmsh: -:6: wrong number of arguments to 'append'; usage: append [NAME] PROPERTY VALUE...

## case clear resets to empty or the default
stdin:
| openstack flavors use m1.large
| clear vcpus
| get vcpus
| clear public
| get public
| device clear hyper01 kernelparameters
| device clear hyper01 roles
| device get hyper01 roles
| device clear hyper01 memory
| device get hyper01 memory
| openstack settings compute clear release
| openstack settings compute get release
| modified
status: 3
stdout:
| openstack flavors use m1.large
| clear vcpus
| get vcpus
| 1
| clear public
| get public
| yes
| device clear hyper01 kernelparameters
| device clear hyper01 roles
| device get hyper01 roles
|
| device clear hyper01 memory
| device get hyper01 memory
|
| openstack settings compute clear release
| openstack settings compute get release
| newton
| modified
| State Type   Name
| ----- ------ --------
|       Flavor m1.large
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, openstack default, flavor m1.large

## case clear errors
stdin:
| openstack flavors use m1.large
| clear vcpus 3
| clear
| clear name
| clear nosuch
stdout:
| openstack flavors use m1.large
| clear vcpus 3
| clear
| clear name
| clear nosuch
status: 1
stderr:
| ocmsh: -:2: clear takes no value (got '3')
| ocmsh: -:3: wrong number of arguments to 'clear'; usage: clear [NAME] PROPERTY
| ocmsh: -:4: property 'name' is read-only
| ocmsh: -:5: unknown property 'nosuch' for flavor

## case a value from a file with @FILE
file {DIR}/specs.json:
| {"pci_passthrough:alias": "gpu-k40:2"}
|
args: -q
stdin:
| openstack flavors set m1.large extraspecs @{DIR}/specs.json
| openstack flavors get m1.large extraspecs
| openstack flavors set m1.large extraspecs @{DIR}/missing.json
status: 1
stdout:
| openstack flavors set m1.large extraspecs @{DIR}/specs.json
| openstack flavors get m1.large extraspecs
| {"pci_passthrough:alias":"gpu-k40:2"}
| openstack flavors set m1.large extraspecs @{DIR}/missing.json
stderr:
| ocmsh: -:3: cannot read value '@{DIR}/missing.json' for property 'extraspecs': {DIR}/missing.json: No such file or directory

## case the whitelist takes JSON objects and JSON lists of them
stdin:
| openstack settings compute
| set pcipassthroughwhitelist {\"vendor_id\":\"10de\",\"product_id\":\"1024\"}
| get pcipassthroughwhitelist
| append pcipassthroughwhitelist '[{"vendor_id":"10de","product_id":"15f8"}]'
| get pcipassthroughwhitelist
| removefrom pcipassthroughwhitelist {\"vendor_id\":\"10de\",\"product_id\":\"1024\"}
| get pcipassthroughwhitelist
| set pcipassthroughwhitelist [1]
| set pcipassthroughwhitelist notjson
stdout:
| openstack settings compute
| set pcipassthroughwhitelist {\"vendor_id\":\"10de\",\"product_id\":\"1024\"}
| get pcipassthroughwhitelist
| {"vendor_id":"10de","product_id":"1024"}
| append pcipassthroughwhitelist '[{"vendor_id":"10de","product_id":"15f8"}]'
| get pcipassthroughwhitelist
| {"vendor_id":"10de","product_id":"1024"} {"vendor_id":"10de","product_id":"15f8"}
| removefrom pcipassthroughwhitelist {\"vendor_id\":\"10de\",\"product_id\":\"1024\"}
| get pcipassthroughwhitelist
| {"vendor_id":"10de","product_id":"15f8"}
| set pcipassthroughwhitelist [1]
| set pcipassthroughwhitelist notjson
stderr:
| ocmsh: -:8: invalid value '[1]' for property 'pcipassthroughwhitelist': list elements must be JSON objects
| ocmsh: -:9: invalid value 'notjson' for property 'pcipassthroughwhitelist': bad JSON at column 7: '[' or '{' expected near 'notjson'
| ocmsh: input ended with uncommitted changes, discarded: openstack default
status: 3

## case the whitelist refuses nesting the state file could not hold
# nova reads a mapping only as "address" (domain, bus, slot, function)
stdin:
| openstack settings compute
| set pcipassthroughwhitelist '{"vendor_id":"10de","x":{"y":1}}'
| set pcipassthroughwhitelist '{"vendor_id":"10de","x":[1]}'
| set pcipassthroughwhitelist '{"address":{"bus":"86","x":"1"}}'
| set pcipassthroughwhitelist '{"address":{"bus":86}}'
| append pcipassthroughwhitelist '[{"a":{"b":[1]}}]'
| get pcipassthroughwhitelist
stdout:
| openstack settings compute
| set pcipassthroughwhitelist '{"vendor_id":"10de","x":{"y":1}}'
| set pcipassthroughwhitelist '{"vendor_id":"10de","x":[1]}'
| set pcipassthroughwhitelist '{"address":{"bus":"86","x":"1"}}'
| set pcipassthroughwhitelist '{"address":{"bus":86}}'
| append pcipassthroughwhitelist '[{"a":{"b":[1]}}]'
| get pcipassthroughwhitelist
|
stderr:
| ocmsh: -:2: invalid value '{"vendor_id":"10de","x":{"y":1}}' for property 'pcipassthroughwhitelist': value of 'x' must be a scalar (only 'address' takes a mapping)
| ocmsh: -:3: invalid value '{"vendor_id":"10de","x":[1]}' for property 'pcipassthroughwhitelist': value of 'x' must be a scalar or a mapping
| ocmsh: -:4: invalid value '{"address":{"bus":"86","x":"1"}}' for property 'pcipassthroughwhitelist': 'address' takes only domain, bus, slot and function, not 'x'
| ocmsh: -:5: invalid value '{"address":{"bus":86}}' for property 'pcipassthroughwhitelist': value of 'bus' in 'address' must be a string
| ocmsh: -:6: invalid value '{"a":{"b":[1]}}' for property 'pcipassthroughwhitelist': value of 'b' in 'a' must be a scalar
status: 1

## case the whitelist's address mapping, null, numbers and booleans are committed, loaded and rendered
# (the mapping form of address is nova's from Ocata)
stdin:
| openstack settings compute
| set release ocata
| set pcipassthroughwhitelist '{"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},"physical_network":null}' '{"vendor_id":"10de","product_id":"1024","n":5,"r":1.5,"t":true,"f":false,"s":"5"}'
| commit
stdout:
| openstack settings compute
| set release ocata
| set pcipassthroughwhitelist '{"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},"physical_network":null}' '{"vendor_id":"10de","product_id":"1024","n":5,"r":1.5,"t":true,"f":false,"s":"5"}'
| commit
file-after {ROOT}/cm/images/default-image/etc/nova/nova.conf:
| [pci]
| passthrough_whitelist = [{"address": {"domain": "0000", "bus": "86", "slot": "00", "function": "0"}, "physical_network": null}, {"vendor_id": "10de", "product_id": "1024", "n": 5, "r": 1.5, "t": true, "f": false, "s": "5"}]
|
| [filter_scheduler]
| enabled_filters = RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
| available_filters = nova.scheduler.filters.all_filters

## case ... and the next start loads them unchanged
keep: yes
stdin:
| openstack settings compute
| get pcipassthroughwhitelist
| show
stdout-has:
| {"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},"physical_network":null} {"vendor_id":"10de","product_id":"1024","n":5,"r":1.5,"t":true,"f":false,"s":"5"}
| PCI passthrough whitelist        {"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},"physical_network":null},{"vendor_id":"10de","product_id":"1024","n":5,"r":1.5,"t":true,"f":false,"s":"5"}

## case filter lists refuse line breaks, which would break nova.conf (as every value does)
file {DIR}/f:
| multi
| line
stdin:
| openstack settings compute
| set availablefilters @{DIR}/f
stdout:
| openstack settings compute
| set availablefilters @{DIR}/f
stderr:
| ocmsh: -:2: invalid value 'multi\x0aline' for property 'availablefilters': control character U+000A at byte 6
status: 1

## case setting a value to what it was stages nothing
stdin:
| device
| set hyper01 memory 262144
| set hyper01 kernelparameters x
| clear hyper01 kernelparameters
| modified
| openstack flavors set m1.tiny extraspecs
| openstack flavors modified
stdout:
| device
| set hyper01 memory 262144
| set hyper01 kernelparameters x
| clear hyper01 kernelparameters
| modified
| No modified objects of type device
| openstack flavors set m1.tiny extraspecs
| openstack flavors modified
| No modified objects of type flavor
