# The loader refuses broken state files (SPEC section 4) with
# FILE:LINE:COL, exits 1, and leaves every file untouched.

## case refused: unknown top-level key
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

## case refused: a value outside its enum
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
file {STATE}:
untouched: yes
stdin:
| device set hyper01 memory 1
| commit
stderr:
| ocmsh: {STATE}:1:1: empty stream: no YAML document
status: 1

## case refused: a tab in the indentation
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
sparse {STATE}: 67108865
untouched: yes
stdin:
| commit
stderr:
| ocmsh: {STATE}:1:1: file too large (67108865 bytes, the limit is 67108864)
status: 1

## case a file of exactly 64 MiB passes the size limit (its NUL bytes do not)
sparse {STATE}: 67108864
untouched: yes
stdin:
| commit
stderr:
| ocmsh: {STATE}:2:1: control characters are not allowed (byte 0x00)
status: 1

## case refused with -c and -f too, before any command runs
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
| --------------
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
|     category:
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
|     memory: 1
| softwareimages: {}
| openstack: {}
| written: {}
stdout:
| device list -f hostname:6,category:8
| hostna category
| ------ --------
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
|         memory: 1024
|         roles:
|           - openstackcompute
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
|     roles: [openstackcompute]
|     memory: 2048
| softwareimages: {}
| openstack: {}
| written: {}
