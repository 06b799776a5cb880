# alias, run, history, help.

## case alias lists the built-in aliases and defines new ones
stdin:
| alias
| alias gpus device foreach -n hyper[01-02] (get hostname)
| alias gpus
| gpus
| alias mem device get
| mem hyper03 memory
| unalias mem
| alias
stdout:
| alias ? help
| alias .. exit
| alias / home
| alias ls list
| alias gpus device foreach -n hyper[01-02] (get hostname)
| hyper01
| hyper02
| 262144
| alias ? help
| alias .. exit
| alias / home
| alias ls list
| alias gpus device foreach -n hyper[01-02] (get hostname)

## case alias errors
args: -k
stdin:
| alias nosuch
| alias list x
| alias device x
| unalias nosuch
| unalias
status: 1
stderr:
| ocmsh: -:1: no such alias 'nosuch'
| ocmsh: -:3: cannot alias 'device': it is a command
| ocmsh: -:4: no such alias 'nosuch'
| ocmsh: -:5: wrong number of arguments to 'unalias'; usage: unalias NAME

## case run FILE runs commands in this session and stops at the first error
file {DIR}/a.ocmsh:
| device
| use hyper01
| set memory 5
file {DIR}/bad.ocmsh:
| device set hyper02 memory 7
| device set hyper02 memory x
| device set hyper03 memory 7
stdin:
| run {DIR}/a.ocmsh
| modified
| get memory
| run {DIR}/bad.ocmsh
status: 1
stdout:
| State Type   Name
| ----- ------ -------
|       Device hyper01
| 5
stderr:
| ocmsh: -:4: {DIR}/bad.ocmsh:2: invalid value 'x' for property 'memory': not an integer

## case -x echoes the commands of run FILE too; run -x echoes without -x
file {DIR}/a.ocmsh:
| device
| get hyper01 memory
args: -x
stdin:
| run {DIR}/a.ocmsh
| home
| run -x {DIR}/a.ocmsh
stdout:
| [cluster]% run {DIR}/a.ocmsh
| [cluster]% device
| [cluster->device]% get hyper01 memory
| 262144
| [cluster->device]% home
| [cluster]% run -x {DIR}/a.ocmsh
| [cluster]% device
| [cluster->device]% get hyper01 memory
| 262144

## case run -x echoes in a batch without -x
file {DIR}/a.ocmsh:
| device get hyper01 memory
stdin:
| run -x {DIR}/a.ocmsh
| run {DIR}/a.ocmsh
stdout:
| [cluster]% device get hyper01 memory
| 262144
| 262144

## case run errors
args: -k
stdin:
| run
| run {DIR}/missing.ocmsh
| run -z x
status: 1
stderr:
| ocmsh: -:1: wrong number of arguments to 'run'; usage: run [-x] [-q] FILE...
| ocmsh: -:2: cannot open '{DIR}/missing.ocmsh': No such file or directory
| ocmsh: -:3: unknown run option '-z'

## case a failing run stages nothing of its file
file {DIR}/bad.ocmsh:
| device set hyper02 memory 7
| device set hyper02 memory x
args: -k
stdin:
| run {DIR}/bad.ocmsh
| modified
status: 1
stdout:
| No modified objects
stderr:
| ocmsh: {DIR}/bad.ocmsh:2: invalid value 'x' for property 'memory': not an integer

## case history lists the commands of this session
stdin:
| device
| get hyper01 memory
| history
stdout:
| 262144
|     1  device
|     2  get hyper01 memory
|     3  history

## case help at the top: the Top block
stdin:
| help
| ?
stdout:
| ============================ Top =============================
| alias ......................... List or define aliases
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| help .......................... Show help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| modified ...................... List objects with staged changes
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| rollback ...................... Stage the state of an earlier revision
| run ........................... Run the commands in files (-x echoes them)
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| device ........................ Enter device mode
| category ...................... Enter category mode
| softwareimage ................. Enter software image mode
| openstack ..................... Enter OpenStack mode
| ============================ Top =============================
| alias ......................... List or define aliases
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| help .......................... Show help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| modified ...................... List objects with staged changes
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| rollback ...................... Stage the state of an earlier revision
| run ........................... Run the commands in files (-x echoes them)
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| device ........................ Enter device mode
| category ...................... Enter category mode
| softwareimage ................. Enter software image mode
| openstack ..................... Enter OpenStack mode

## case help in a mode adds the mode's commands and properties
stdin:
| device help
| openstack help
| openstack settings compute help
stdout:
| ============================ Top =============================
| alias ......................... List or define aliases
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| help .......................... Show help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| modified ...................... List objects with staged changes
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| rollback ...................... Stage the state of an earlier revision
| run ........................... Run the commands in files (-x echoes them)
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| device ........................ Enter device mode
| category ...................... Enter category mode
| softwareimage ................. Enter software image mode
| openstack ..................... Enter OpenStack mode
| =========================== device ===========================
| add ........................... Add an object and select it
| append ........................ Add to a list, to a map (key=value) or to a text
| clear ......................... Reset a property to empty or its default
| clone ......................... Copy an object under a new name and select it
| foreach ....................... Run commands for each selected object
| format ........................ Show or set the columns list prints
| get ........................... Print one property
| list .......................... List the objects of this mode
| lspci ......................... List a device's pcidevices as lspci -nn does
| pciscan ....................... Fill pcidevices from the local PCI bus or from lspci -x output
| remove ........................ Stage the removal of objects
| removefrom .................... Remove list items or map keys
| rename ........................ Rename objects and every reference to them
| set ........................... Set a property (several values set a list)
| show .......................... Show every property of an object
| sort .......................... Show or set the order list sorts by
| use ........................... Select an object
| usedby ........................ List the objects that refer to an object
| ===================== device properties ======================
| hostname ...................... Host name of the device
| type .......................... Device type
| mac ........................... MAC address of the boot interface
| ip ............................ IPv4 address of the boot interface
| category ...................... Category the node belongs to
| softwareimage ................. Software image the node boots
| kernelparameters .............. Kernel command-line parameters
| roles ......................... OpenStack roles
| memory ........................ Memory, MiB
| pcidevices .................... PCI devices found by pciscan (read-only)
| ============================ Top =============================
| alias ......................... List or define aliases
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| help .......................... Show help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| modified ...................... List objects with staged changes
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| rollback ...................... Stage the state of an earlier revision
| run ........................... Run the commands in files (-x echoes them)
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| device ........................ Enter device mode
| category ...................... Enter category mode
| softwareimage ................. Enter software image mode
| openstack ..................... Enter OpenStack mode
| ========================= openstack ==========================
| add ........................... Add an object and select it
| append ........................ Add to a list, to a map (key=value) or to a text
| clear ......................... Reset a property to empty or its default
| clone ......................... Copy an object under a new name and select it
| foreach ....................... Run commands for each selected object
| format ........................ Show or set the columns list prints
| get ........................... Print one property
| import ........................ Stage the cloud's flavors, host aggregates and hypervisors
| importnovaconf ................ Stage the PCI aliases, whitelist and filters of an image's nova.conf
| list .......................... List the objects of this mode
| remove ........................ Stage the removal of objects
| removefrom .................... Remove list items or map keys
| rename ........................ Rename objects and every reference to them
| set ........................... Set a property (several values set a list)
| show .......................... Show every property of an object
| simulate ...................... Dry-run nova's scheduler: where would these instances land?
| sort .......................... Show or set the order list sorts by
| sync .......................... Bring the cloud's flavors and host aggregates in line with the committed state
| use ........................... Select an object
| usedby ........................ List the objects that refer to an object
| settings ...................... Enter the OpenStack settings
| flavors ....................... Enter the flavors of the OpenStack deployment
| hostaggregates ................ Enter the host aggregates of the OpenStack deployment
| pcialiases .................... Enter the PCI aliases of the OpenStack deployment
| ==================== openstack properties ====================
| name .......................... Name of the OpenStack deployment
| cloud ......................... Entry of clouds.yaml: commit keeps its flavors and host aggregates in line
| ============================ Top =============================
| alias ......................... List or define aliases
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| help .......................... Show help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| modified ...................... List objects with staged changes
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| rollback ...................... Stage the state of an earlier revision
| run ........................... Run the commands in files (-x echoes them)
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| device ........................ Enter device mode
| category ...................... Enter category mode
| softwareimage ................. Enter software image mode
| openstack ..................... Enter OpenStack mode
| ========================== compute ===========================
| append ........................ Add to a list, to a map (key=value) or to a text
| clear ......................... Reset a property to empty or its default
| get ........................... Print one property
| removefrom .................... Remove list items or map keys
| set ........................... Set a property (several values set a list)
| show .......................... Show every property of an object
| ===================== compute properties =====================
| release ....................... OpenStack release of nova: option names and filters follow it
| schedulerfilters .............. Enabled nova scheduler filters, in order
| availablefilters .............. Filter class paths for available_filters; empty = nova's own plus ocmsh's
| pcipassthroughwhitelist ....... Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases
| filtermodulepath .............. Where commit installs ocmsh_filters inside each image; empty = beside its nova package

## case help CMD, help MODE, help PROPERTY
stdin:
| help run
| help ?
| help openstack
| openstack flavors help vcpus
| openstack flavors help public
| device help roles
| openstack settings compute help release
stdout:
| Name: run - Run the commands in files (-x echoes them)
| Usage: run [-x] [-q] FILE...
| Name: help - Show help
| Usage: help [COMMAND|MODE|PROPERTY]
| Alias: ?
| Name: openstack - Enter OpenStack mode
| Usage: openstack [COMMAND...]
| Property: vcpus (VCPUs)
| Help:     Number of virtual CPUs
| Range:    1 to 65536
| Default:  1
| Property: public (Public)
| Help:     Visible to all projects
| Default:  yes
| Property: roles (Roles)
| Help:     OpenStack roles
| Choices:  openstackcompute openstackcontroller
| Property: release (Release)
| Help:     OpenStack release of nova: option names and filters follow it
| Choices:  newton ocata pike queens rocky stein train ussuri victoria wallaby xena yoga zed 2023.1 2023.2 2024.1 2024.2 2025.1 2025.2 2026.1
| Default:  newton

## case help of something unknown
stdin:
| help nosuch
status: 1
stderr:
| ocmsh: -:1: no help for 'nosuch': not a command, mode or property here

## case importnovaconf keeps an alias that means the same (an unset devicetype is its default)
stdin:
| openstack pcialiases; add gpu; set vendorid 10de; set productid 1024; home; commit
| openstack importnovaconf default-image
| modified
stdout:
| Successfully committed 1 PCI aliases
| No modified objects
stderr:
| Code  Field                           Message
| ----- ------------------------------- ------------------------------
| 202   device hyper01 kernelparameters warning: holds 10de:1024 (alias 'gpu') but lacks intel_iommu=on or amd_iommu=on

## case importnovaconf refuses what it cannot take, and stages nothing
file {ROOT}/cm/images/default-image/etc/nova/nova.conf:
| [DEFAULT]
| pci_alias = {"name": "a", "vendor_id": "10de", "product_id": "1024"}
| pci_alias = {"name": "a", "vendor_id": "10de", "product_id": "15f8"}
file {ROOT}/cm/images/other/etc/nova/nova.conf:
| [DEFAULT]
| pci_alias = {"name": "b", "vendor_id": "10de", "product_id": "1024"}
| pci_passthrough_whitelist = [{"vendor_id": "10de"}, 5]
file {ROOT}/cm/images/third/etc/nova/nova.conf:
| [DEFAULT]
| pci_alias = {"vendor_id": "10de"}
file {ROOT}/cm/images/fourth/etc/nova/nova.conf:
| [DEFAULT]
| pci_alias = {"name": "a", "vendor_id": "xyz"}
file {ROOT}/cm/images/empty/etc/nova/api-paste.ini:
| [x]
args: -k
stdin:
| softwareimage add other; set path /cm/images/other; add third; set path /cm/images/third; add fourth; set path /cm/images/fourth; add empty; set path /cm/images/empty; home
| openstack importnovaconf default-image
| openstack importnovaconf other
| openstack importnovaconf third
| openstack importnovaconf fourth
| openstack importnovaconf empty
| openstack importnovaconf nosuch
| openstack; remove default; importnovaconf default-image
| home; modified
stdout:
| State Type           Name
| ----- -------------- ---------
| -     OpenStack      default
| -     Flavor         m1.large
| -     Flavor         m1.medium
| -     Flavor         m1.small
| -     Flavor         m1.tiny
| -     Flavor         m1.xlarge
| +     Software image empty
| +     Software image fourth
| +     Software image other
| +     Software image third
stderr:
| ocmsh: -:2: {ROOT}/cm/images/default-image/etc/nova/nova.conf: PCI alias 'a' is defined more than once with different devices; ocmsh keeps one device per alias name
| ocmsh: -:3: {ROOT}/cm/images/other/etc/nova/nova.conf: whitelist entry '[{"vendor_id": "10de"}, 5]' is not a JSON object or list of objects
| ocmsh: -:4: {ROOT}/cm/images/third/etc/nova/nova.conf: PCI alias '{"vendor_id": "10de"}' is not a JSON object with a name
| ocmsh: -:5: {ROOT}/cm/images/fourth/etc/nova/nova.conf: PCI alias '{"name": "a", "vendor_id": "xyz"}': invalid value 'xyz' for property 'vendorid': not 4 hex digits
| ocmsh: -:6: {ROOT}/cm/images/empty/etc/nova/nova.conf: no such file
| ocmsh: -:7: no such softwareimage 'nosuch'
| ocmsh: -:8: no OpenStack deployment 'default'
| ocmsh: input ended with uncommitted changes, discarded: openstack default, flavor m1.large, flavor m1.medium, flavor m1.small, flavor m1.tiny, flavor m1.xlarge, softwareimage empty, softwareimage fourth, softwareimage other, softwareimage third
status: 3
