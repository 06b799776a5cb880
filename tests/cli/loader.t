# The loader refuses broken state files (ocmsh-state(5) LIMITS) with
# FILE:LINE:COL, exits 1, and leaves every file untouched.  Those cases
# are about the file's bytes (backend: file): a state in etcd comes in
# through export, which refuses them the same way, and etcd's own bad
# keys are tests/etcd/test_etcd.py's.

## case refused: unknown top-level key
backend: file
file {STATE}:
| format: 1
| revision: 3
| nodes: {}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:1: unknown key 'nodes'
status: 1

## case refused: unknown property of a device
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     colour: red
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:5: unknown key 'colour' for device
status: 1

## case refused: unknown key in a record
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     settings:
|       compute:
|         release: newton
|         scheduler: [a]
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:7:9: unknown key 'scheduler' for compute
status: 1

## case refused: unknown key in cluster
backend: file
file {STATE}:
| format: 1
| cluster:
|   name: c
|   site: x
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:3: unknown key 'site' for cluster
status: 1

## case refused: unknown key in written
backend: file
file {STATE}:
| format: 1
| written:
|   /a: {digest: "sha256:00", size: 3}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:29: unknown key 'size' in written
status: 1

## case refused: a word where a number goes
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     memory: lots
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:13: invalid value 'lots' for property 'memory': not an integer
status: 1

## case refused: a list where one value goes
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     memory: [1]
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:13: device property 'memory' must be a single value
status: 1

## case refused: one value where a list goes
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     roles: openstackcompute
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:12: device property 'roles' must be a list
status: 1

## case refused: a list where a map goes
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1: {extraspecs: [a]}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:24: flavor property 'extraspecs' must be a mapping
status: 1

## case refused: a nested map value
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1:
|         extraspecs: {a: {b: c}}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:6:25: value of 'a' in 'extraspecs' must be a scalar
status: 1

## case refused: a whitelist entry nesting what nova does not read
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     settings:
|       compute:
|         pcipassthroughwhitelist:
|         - vendor_id: "10de"
|           x:
|             "y": "1"
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:7:9: invalid value '{"vendor_id":"10de","x":{"y":"1"}}' for property 'pcipassthroughwhitelist': value of 'x' must be a scalar (only 'address' takes a mapping)
status: 1

## case refused: a whitelist entry nesting deeper than an address
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     settings:
|       compute:
|         pcipassthroughwhitelist:
|         - address: {bus: [a]}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:7:26: invalid value '{"address":{"bus":["a"]}}' for property 'pcipassthroughwhitelist': value of 'bus' in 'address' must be a scalar
status: 1

## case a whitelist entry with nova's address mapping and a null member loads
file {STATE}:
| format: 1
| openstack:
|   default:
|     settings:
|       compute:
|         pcipassthroughwhitelist:
|         - address: {domain: "0000", bus: "86", slot: "00", function: "0"}
|           physical_network:
stdin:
| openstack settings compute get pcipassthroughwhitelist
stdout:
| openstack settings compute get pcipassthroughwhitelist
| {"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},"physical_network":null}

## case refused: a boolean where a number goes, named at its own place
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1: {public: true, vcpus: true}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:33: invalid value 'true' for property 'vcpus': not an integer
status: 1

## case refused: an unknown key holding a boolean, named at its own place
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1: {public: false}
|       f2:
|         public: true
|         colour: false
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:8:9: unknown key 'colour' for flavor
status: 1

## case plain numbers and booleans in text properties load as written
file {STATE}:
| format: 1
| devices:
|   h1: {category: true, kernelparameters: 5, memory: "7", roles: [openstackcompute]}
| openstack:
|   default:
|     flavors:
|       f1: {rxtxfactor: 2, public: "no", extraspecs: {a: 1.5, b: false}}
|     pcialiases:
|       a1: {vendorid: 1024, productid: 0x15F8}
stdin:
| device get h1 category
| device get h1 kernelparameters
| device get h1 memory
| openstack flavors get f1 rxtxfactor
| openstack flavors get f1 public
| openstack flavors get f1 extraspecs
| openstack pcialiases get a1 vendorid
| openstack pcialiases get a1 productid
stdout:
| device get h1 category
| true
| device get h1 kernelparameters
| 5
| device get h1 memory
| 7
| openstack flavors get f1 rxtxfactor
| 2.0
| openstack flavors get f1 public
| no
| openstack flavors get f1 extraspecs
| {"a":"1.5","b":"false"}
| openstack pcialiases get a1 vendorid
| 1024
| openstack pcialiases get a1 productid
| 15f8

## case PCI IDs a hand-edited state leaves unquoted read as their text
file {STATE}:
| format: 1
| devices:
|   h1:
|     pcidevices:
|     - {address: "0000:01:00.0", class: "0200", vendor: 8086, device: 1572, revision: 10}
stdin:
| device show h1
stdout-has:
| PCI devices                      0000:01:00.0 [8086:1572] (rev 10)

## case refused: a value outside its enum
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     type: Switch
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:11: invalid value 'Switch' for property 'type': must be one of HeadNode, PhysicalNode
status: 1

## case refused: a bad boolean
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1: {public: perhaps}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:20: invalid value 'perhaps' for property 'public': not a boolean (yes/no, on/off, true/false, 1/0)
status: 1

## case refused: a number out of bounds
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     flavors:
|       f1: {vcpus: 0}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:19: invalid value '0' for property 'vcpus': must be from 1 to 65536
status: 1

## case refused: a collection that is not a mapping
backend: file
file {STATE}:
| format: 1
| devices: [h1, h2]
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:2:10: 'devices' must be a mapping of device names
status: 1

## case refused: a document that is not a mapping
backend: file
file {STATE}:
| - format
| - 1
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:1: the state must be a mapping
status: 1

## case refused: a bad revision
backend: file
file {STATE}:
| format: 1
| revision: -1
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:2:11: revision must be a non-negative integer
status: 1

## case refused: duplicate device names
backend: file
file {STATE}:
| format: 1
| devices:
|   h1: {}
|   h1: {}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:3: duplicate key 'h1'
status: 1

## case refused: duplicate property keys
backend: file
file {STATE}:
| format: 1
| devices:
|   h1:
|     memory: 1
|     memory: 2
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:5: duplicate key 'memory'
status: 1

## case refused: duplicate top-level keys
backend: file
file {STATE}:
| format: 1
| format: 1
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:2:1: duplicate key 'format'
status: 1

## case refused: an anchor
backend: file
file {STATE}:
| format: 1
| softwareimages:
|   a: &img {path: /a}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:6: YAML anchors and aliases are not allowed
status: 1

## case refused: an alias
backend: file
file {STATE}:
| format: 1
| softwareimages:
|   a: {path: /a}
|   b: *img
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:4:6: YAML anchors and aliases are not allowed
status: 1

## case refused: a merge key with an alias
backend: file
file {STATE}:
| format: 1
| softwareimages:
|   a: &x {path: /a}
|   b: {<<: *x}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:6: YAML anchors and aliases are not allowed
status: 1

## case refused: nesting deeper than 64 levels
backend: file
file {STATE}:
| format: 1
| x: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:2:67: nesting deeper than 64 levels
status: 1

## case refused: an unknown format
backend: file
file {STATE}:
| format: 2
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:9: unsupported format '2' (this ocmsh reads format 1)
status: 1

## case refused: a format that is not a number
backend: file
file {STATE}:
| format: one
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:9: unsupported format 'one' (this ocmsh reads format 1)
status: 1

## case refused: no format
backend: file
file {STATE}:
| revision: 1
| devices: {}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:1: missing 'format' (this ocmsh reads format 1)
status: 1

## case refused: a YAML syntax error
backend: file
file {STATE}:
| format: 1
| devices: {h1: [
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:1: did not find expected node content while parsing a flow node
status: 1

## case refused: an empty file
backend: file
file {STATE}:
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:1: empty stream: no YAML document
status: 1

## case refused: a tab in the indentation
backend: file
file {STATE}:
| format: 1
| devices:
| 	h1: {}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:3:1: found character that cannot start any token while scanning for the next token
status: 1

## case refused: an invalid PCI alias name
backend: file
file {STATE}:
| format: 1
| openstack:
|   default:
|     pcialiases:
|       "a:b": {vendorid: "10de", productid: "1024"}
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:5:7: invalid PCI alias name 'a:b': 1 to 256 characters, no ':', ',' or blanks
status: 1

## case refused: a file over 64 MiB
backend: file
sparse {STATE}: 67108865
untouched: yes
stdin:
| commit
stderr:
| ocmsh: {STATE}:1:1: file too large (67108865 bytes, the limit is 67108864)
status: 1

## case a file of exactly 64 MiB passes the size limit (its NUL bytes do not)
backend: file
sparse {STATE}: 67108864
untouched: yes
stdin:
| commit
stderr:
| ocmsh: {STATE}:2:1: control characters are not allowed (byte 0x00)
status: 1

## case refused with -c and -f too, before any command runs
backend: file
file {STATE}:
| format: 9
file {DIR}/s.ocmsh:
| commit
untouched: yes
args: -f {DIR}/s.ocmsh
stderr:
| ocmsh: {STATE}:1:9: unsupported format '9' (this ocmsh reads format 1)
status: 1

## case a state file that does not exist starts from the example
stdin:
| device list -f hostname:14
state-after: absent
stdout:
| device list -f hostname:14
| hostname (key)
| -------------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04

## case null collections and values load as empty
file {STATE}:
| format: 1
| revision: 2
| devices:
|   n1:
|     type: HeadNode
|     category:
| categories:
| softwareimages:
| openstack:
stdin:
| device list -f hostname:6,category:8
| commit
| device set n1 memory 1
| commit
state-after:
| format: 1
| revision: 3
| cluster:
|   name: cluster
| devices:
|   n1:
|     type: HeadNode
|     memory: 1
| categories: {}
| softwareimages: {}
| openstack: {}
| written: {}
stdout:
| device list -f hostname:6,category:8
| hostna category
| ------ -------
| n1
| commit
| device set n1 memory 1
| commit
| Successfully committed 1 Devices

## case an empty record loads as no record and saves the same way
file {DIR}/empty-record.yaml:
| format: 1
| revision: 3
| cluster: {name: cluster}
| openstack:
|   default:
|     settings:
|       compute:
args: -s {DIR}/empty-record.yaml
stdin:
| modified
| openstack settings compute
| get release
stdout:
| modified
| No modified objects
| openstack settings compute
| get release
| newton

## case a hand-edited state loads, and the commit writes it back in ocmsh's form
# comments, 4-space indentation, quotes, a flow mapping and an indented
# block sequence: not the form ocmsh writes, so libyaml reads it
file {STATE}:
| # cluster state, edited by hand
| format: 1
| revision: 4
| cluster: {name: lab}
| devices:
|     h1:                       # the first host
|         type: 'PhysicalNode'
|         category: "gpu"
|         memory: 1024
|         roles:
|           - openstackcompute
| categories: {gpu: {}}
stdin:
| device
| get h1 roles
| set h1 memory 2048
| commit
stdout:
| device
| get h1 roles
| openstackcompute
| set h1 memory 2048
| commit
| Successfully committed 1 Devices
state-after:
| format: 1
| revision: 5
| cluster:
|   name: lab
| devices:
|   h1:
|     type: PhysicalNode
|     category: gpu
|     roles: [openstackcompute]
|     memory: 2048
| categories:
|   gpu: {}
| softwareimages: {}
| openstack: {}
| written: {}
