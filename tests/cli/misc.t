# alias, run, history, help.

# BCM AM 2.5.1 "Built-in Aliases In cmsh": alias lists "alias - goto -",
# "alias .. exit", "alias / home", "alias ? help", "alias ds device
# status", "alias ls list" (ds comes with device mode's status).
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
| alias
| alias - goto -
| alias .. exit
| alias / home
| alias ? help
| alias ds device status
| alias ls list
| alias gpus device foreach -n hyper[01-02] (get hostname)
| alias gpus
| alias gpus device foreach -n hyper[01-02] (get hostname)
| gpus
| hyper01
| hyper02
| alias mem device get
| mem hyper03 memory
| 262144
| unalias mem
| alias
| alias - goto -
| alias .. exit
| alias / home
| alias ? help
| alias ds device status
| alias gpus device foreach -n hyper[01-02] (get hostname)
| alias ls list

## case alias errors
stdin:
| alias nosuch
| alias list x
| alias device x
| unalias nosuch
| unalias
status: 1
stdout:
| alias nosuch
| alias list x
| alias device x
| unalias nosuch
| unalias
stderr:
| ocmsh: -:1: no such alias 'nosuch'
| ocmsh: -:2: cannot alias 'list': it is a command
| ocmsh: -:3: cannot alias 'device': it is a command
| ocmsh: -:4: no such alias 'nosuch'
| ocmsh: -:5: wrong number of arguments to 'unalias'; usage: unalias NAME

## case run FILE runs commands in this session; run -q stops at the first error
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
| run -q {DIR}/bad.ocmsh
| modified
status: 3
stdout:
| run {DIR}/a.ocmsh
| modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
| get memory
| 5
| run -q {DIR}/bad.ocmsh
| modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
stderr:
| ocmsh: -:4: {DIR}/bad.ocmsh:2: invalid value 'x' for property 'memory': not an integer
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case run FILE without -q reports a failing command (FILE:LINE) and runs the rest
file {DIR}/bad.ocmsh:
| device set hyper02 memory 7
| device set hyper02 memory x
| device set hyper03 memory 7
stdin:
| run {DIR}/bad.ocmsh
| device modified
| device commit
status: 1
stdout:
| run {DIR}/bad.ocmsh
| device modified
| State Type   Name
| ----- ------ -------
|       Device hyper02
|       Device hyper03
| device commit
| Successfully committed 2 Devices
stderr:
| ocmsh: {DIR}/bad.ocmsh:2: invalid value 'x' for property 'memory': not an integer

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
| run -x {DIR}/a.ocmsh
| [cluster]% device get hyper01 memory
| 262144
| run {DIR}/a.ocmsh
| 262144

## case run errors
stdin:
| run
| run {DIR}/missing.ocmsh
| run -z x
stdout:
| run
| run {DIR}/missing.ocmsh
| run -z x
status: 1
stderr:
| ocmsh: -:1: wrong number of arguments to 'run'; usage: run [-x] [-q] FILE [ARG...]
| ocmsh: -:2: cannot open '{DIR}/missing.ocmsh': No such file or directory
| ocmsh: -:3: unknown run option '-z'

## case a failing run -q stages nothing of its file
file {DIR}/bad.ocmsh:
| device set hyper02 memory 7
| device set hyper02 memory x
stdin:
| run -q {DIR}/bad.ocmsh
| modified
status: 1
stdout:
| run -q {DIR}/bad.ocmsh
| modified
| No modified objects
stderr:
| ocmsh: -:1: {DIR}/bad.ocmsh:2: invalid value 'x' for property 'memory': not an integer

## case history lists the commands of this session
stdin:
| device
| get hyper01 memory
| history
stdout:
| device
| get hyper01 memory
| 262144
| history
|     1  device
|     2  get hyper01 memory
|     3  history

# BCM AM 2.5.2 (Figure 2.5): help at the top level lists the top-level
# commands and the modes in one sorted block, "alias ........ Set
# aliases"; in a mode, a second block follows under the mode's title.
## case help at the top: the Top block
stdin:
| help
| ?
stdout:
| help
| ============================ Top =============================
| alias ......................... List or define aliases
| bookmark ...................... Keep this place under a name (none: the unnamed one)
| category ...................... Enter category mode
| color ......................... Manage console text color settings (ocmsh has none)
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| device ........................ Enter device mode
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| export ........................ Write the committed state into a new state file or etcd://HOST:PORT/PREFIX
| goto .......................... Go to a bookmark (none: the unnamed one; -: back)
| help .......................... Display this help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| list .......................... List state for all modes
| modified ...................... List objects with staged changes
| openstack ..................... Enter OpenStack mode
| path .......................... Print a line that leads back here (home;MODE;use NAME;)
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| render ........................ Write this machine's derived files from the committed state
| rollback ...................... Stage the state of an earlier revision
| run ........................... Execute all commands in the given file
| softwareimage ................. Enter software image mode
| time .......................... Measure time of executing command
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| watch ......................... Execute a command periodically, showing output
| ?
| ============================ Top =============================
| alias ......................... List or define aliases
| bookmark ...................... Keep this place under a name (none: the unnamed one)
| category ...................... Enter category mode
| color ......................... Manage console text color settings (ocmsh has none)
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| device ........................ Enter device mode
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| export ........................ Write the committed state into a new state file or etcd://HOST:PORT/PREFIX
| goto .......................... Go to a bookmark (none: the unnamed one; -: back)
| help .......................... Display this help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| list .......................... List state for all modes
| modified ...................... List objects with staged changes
| openstack ..................... Enter OpenStack mode
| path .......................... Print a line that leads back here (home;MODE;use NAME;)
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| render ........................ Write this machine's derived files from the committed state
| rollback ...................... Stage the state of an earlier revision
| run ........................... Execute all commands in the given file
| softwareimage ................. Enter software image mode
| time .......................... Measure time of executing command
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| watch ......................... Execute a command periodically, showing output

## case help in a mode adds the mode's commands and properties
stdin:
| device help
| openstack help
| openstack settings compute help
stdout:
| device help
| ============================ Top =============================
| alias ......................... List or define aliases
| bookmark ...................... Keep this place under a name (none: the unnamed one)
| category ...................... Enter category mode
| color ......................... Manage console text color settings (ocmsh has none)
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| device ........................ Enter device mode
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| export ........................ Write the committed state into a new state file or etcd://HOST:PORT/PREFIX
| goto .......................... Go to a bookmark (none: the unnamed one; -: back)
| help .......................... Display this help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| list .......................... List state for all modes
| modified ...................... List objects with staged changes
| openstack ..................... Enter OpenStack mode
| path .......................... Print a line that leads back here (home;MODE;use NAME;)
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| render ........................ Write this machine's derived files from the committed state
| rollback ...................... Stage the state of an earlier revision
| run ........................... Execute all commands in the given file
| softwareimage ................. Enter software image mode
| time .......................... Measure time of executing command
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| watch ......................... Execute a command periodically, showing output
| =========================== device ===========================
| add ...................... Add an object and select it
| append ................... Add to a list, to a map (key=value) or to a text
| clear .................... Reset a property to empty or its default
| clone .................... Copy an object under a new name and select it
| foreach .................. Run commands for each selected object
| format ................... Show or set the columns list prints
| get ...................... Print one property
| imageupdate .............. Update the nodes' file systems from their software image (needs a connection to the nodes)
| list ..................... List the objects of this mode
| lspci .................... List a device's pcidevices as lspci -nn does
| pciscan .................. Fill pcidevices from the local PCI bus or from lspci -x output
| pexec .................... Run a command on nodes in parallel (needs a connection to the nodes)
| power .................... Manage the power of devices (needs a connection to the nodes)
| range .................... Set a range of objects to run the next commands on
| reboot ................... Reboot nodes (needs a connection to the nodes)
| remove ................... Stage the removal of objects
| removefrom ............... Remove list items or map keys
| rename ................... Rename objects and every reference to them
| set ...................... Set a property (several values set a list)
| show ..................... Show every property of an object
| sort ..................... Show or set the order list sorts by
| status ................... Display the status of devices (needs a connection to the nodes)
| sysinfo .................. Display the system information of nodes (needs a connection to the nodes)
| use ...................... Select an object
| usedby ................... List the objects that refer to an object
| ===================== device properties ======================
| hostname ................. Host name of the device
| type ..................... Device type
| mac ...................... MAC address of the boot interface
| ip ....................... IPv4 address of the boot interface
| category ................. Category the node belongs to
| softwareimage ............ Software image the node boots
| kernelparameters ......... Kernel command-line parameters
| roles .................... OpenStack roles
| memory ................... Memory, MiB
| pcidevices ............... PCI devices found by pciscan (read-only)
| openstack help
| ============================ Top =============================
| alias ......................... List or define aliases
| bookmark ...................... Keep this place under a name (none: the unnamed one)
| category ...................... Enter category mode
| color ......................... Manage console text color settings (ocmsh has none)
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| device ........................ Enter device mode
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| export ........................ Write the committed state into a new state file or etcd://HOST:PORT/PREFIX
| goto .......................... Go to a bookmark (none: the unnamed one; -: back)
| help .......................... Display this help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| list .......................... List state for all modes
| modified ...................... List objects with staged changes
| openstack ..................... Enter OpenStack mode
| path .......................... Print a line that leads back here (home;MODE;use NAME;)
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| render ........................ Write this machine's derived files from the committed state
| rollback ...................... Stage the state of an earlier revision
| run ........................... Execute all commands in the given file
| softwareimage ................. Enter software image mode
| time .......................... Measure time of executing command
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| watch ......................... Execute a command periodically, showing output
| ========================= openstack ==========================
| add ...................... Add an object and select it
| append ................... Add to a list, to a map (key=value) or to a text
| clear .................... Reset a property to empty or its default
| clone .................... Copy an object under a new name and select it
| flavors .................. Enter the flavors of the OpenStack deployment
| foreach .................. Run commands for each selected object
| format ................... Show or set the columns list prints
| get ...................... Print one property
| hostaggregates ........... Enter the host aggregates of the OpenStack deployment
| import ................... Stage the cloud's flavors, host aggregates and hypervisors
| importnovaconf ........... Stage the PCI aliases, whitelist and filters of an image's nova.conf
| list ..................... List the objects of this mode
| pcialiases ............... Enter the PCI aliases of the OpenStack deployment
| range .................... Set a range of objects to run the next commands on
| remove ................... Stage the removal of objects
| removefrom ............... Remove list items or map keys
| rename ................... Rename objects and every reference to them
| set ...................... Set a property (several values set a list)
| settings ................. Enter the OpenStack settings
| show ..................... Show every property of an object
| simulate ................. Dry-run nova's scheduler: where would these instances land?
| sort ..................... Show or set the order list sorts by
| sync ..................... Bring the cloud's flavors and host aggregates in line with the committed state
| use ...................... Select an object
| usedby ................... List the objects that refer to an object
| ==================== openstack properties ====================
| name ..................... Name of the OpenStack deployment
| cloud .................... Entry of clouds.yaml: commit keeps its flavors and host aggregates in line
| openstack settings compute help
| ============================ Top =============================
| alias ......................... List or define aliases
| bookmark ...................... Keep this place under a name (none: the unnamed one)
| category ...................... Enter category mode
| color ......................... Manage console text color settings (ocmsh has none)
| commit ........................ Validate and write the staged changes here
| commits ....................... List earlier commits (revision, time, user, summary)
| device ........................ Enter device mode
| diff .......................... Show staged changes, property by property
| exit .......................... Go up one level (quits at the top)
| export ........................ Write the committed state into a new state file or etcd://HOST:PORT/PREFIX
| goto .......................... Go to a bookmark (none: the unnamed one; -: back)
| help .......................... Display this help
| history ....................... List the commands of this session
| home .......................... Go to the top level
| list .......................... List state for all modes
| modified ...................... List objects with staged changes
| openstack ..................... Enter OpenStack mode
| path .......................... Print a line that leads back here (home;MODE;use NAME;)
| quit .......................... Leave the shell
| refresh ....................... Drop the staged changes here and reload
| render ........................ Write this machine's derived files from the committed state
| rollback ...................... Stage the state of an earlier revision
| run ........................... Execute all commands in the given file
| softwareimage ................. Enter software image mode
| time .......................... Measure time of executing command
| unalias ....................... Remove an alias
| validate ...................... Check the whole staged state
| watch ......................... Execute a command periodically, showing output
| ========================== compute ===========================
| append ................... Add to a list, to a map (key=value) or to a text
| clear .................... Reset a property to empty or its default
| get ...................... Print one property
| removefrom ............... Remove list items or map keys
| set ...................... Set a property (several values set a list)
| show ..................... Show every property of an object
| ===================== compute properties =====================
| release .................. OpenStack release of nova: option names and filters follow it
| schedulerfilters ......... Enabled nova scheduler filters, in order
| availablefilters ......... Filter class paths for available_filters; empty = nova's own plus ocmsh's
| pcipassthroughwhitelist .. Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases
| filtermodulepath ......... Where commit installs ocmsh_filters inside each image; empty = beside its nova package

# BCM AM 2.5.2: "[myheadnode]% help run" prints "Name: run - Execute all
# commands in the given file(s)", "Usage: run [OPTIONS] <filename> ...",
# "Options: -x, --echo" / "Echo all commands" / "-q, --quit" / "Exit
# immediately after error".
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
| help run
| Name: run - Execute all commands in the given file
|
| Usage: run [-x] [-q] FILE [ARG...]
|
| Options: -x, --echo
|              Echo all commands
|
|          -q, --quit
|              Exit immediately after error
| help ?
| Name: help - Display this help
|
| Usage: help [COMMAND|MODE|PROPERTY]
| help openstack
| Name: openstack - Enter OpenStack mode
|
| Usage: openstack [COMMAND...]
| openstack flavors help vcpus
| Property: vcpus (VCPUs)
| Help:     Number of virtual CPUs
| Range:    1 to 65536
| Default:  1
| openstack flavors help public
| Property: public (Public)
| Help:     Visible to all projects
| Default:  yes
| device help roles
| Property: roles (Roles)
| Help:     OpenStack roles
| Choices:  openstackcompute openstackcontroller
| openstack settings compute help release
| Property: release (Release)
| Help:     OpenStack release of nova: option names and filters follow it
| Choices:  newton ocata pike queens rocky stein train ussuri victoria wallaby xena yoga zed 2023.1 2023.2 2024.1 2024.2 2025.1 2025.2 2026.1
| Default:  newton

## case help of something unknown
stdin:
| help nosuch
status: 1
stdout:
| help nosuch
stderr:
| ocmsh: -:1: no help for 'nosuch': not a command, mode, property or alias here

# BCM AM 2.5.3 "Working With Objects: get, set, refresh": set with no
# arguments prints its usage and the parameters it takes here.
## case a bare set prints its usage and the Parameters: of the mode
stdin:
| device use hyper01
| set
| openstack settings compute set
| openstack flavors set
stdout:
| device use hyper01
| set
| Usage: set [NAME] PROPERTY VALUE...
|
| Parameters:
| type ..................... Device type
| mac ...................... MAC address of the boot interface
| ip ....................... IPv4 address of the boot interface
| category ................. Category the node belongs to
| softwareimage ............ Software image the node boots
| kernelparameters ......... Kernel command-line parameters
| roles .................... OpenStack roles
| memory ................... Memory, MiB
| openstack settings compute set
| Usage: set [NAME] PROPERTY VALUE...
|
| Parameters:
| release .................. OpenStack release of nova: option names and filters follow it
| schedulerfilters ......... Enabled nova scheduler filters, in order
| availablefilters ......... Filter class paths for available_filters; empty = nova's own plus ocmsh's
| pcipassthroughwhitelist .. Whitelist / device_spec entries (JSON objects); empty = derived from the PCI aliases
| filtermodulepath ......... Where commit installs ocmsh_filters inside each image; empty = beside its nova package
| openstack flavors set
| Usage: set [NAME] PROPERTY VALUE...
|
| Parameters:
| vcpus .................... Number of virtual CPUs
| ram ...................... Memory, MiB
| disk ..................... Root disk, GB
| ephemeral ................ Ephemeral disk, GB
| swap ..................... Swap, MiB
| rxtxfactor ............... Network bandwidth factor
| public ................... Visible to all projects
| extraspecs ............... Extra specs: a JSON object or key=value words

## case importnovaconf keeps an alias that means the same (an unset devicetype is its default)
stdin:
| openstack pcialiases; add gpu; set vendorid 10de; set productid 1024; home; commit
| openstack importnovaconf default-image
| modified
stdout:
| openstack pcialiases; add gpu; set vendorid 10de; set productid 1024; home; commit
| Successfully committed 1 PCI aliases
| openstack importnovaconf default-image
| modified
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
| softwareimage add other; set path /cm/images/other; add third; set path /cm/images/third; add fourth; set path /cm/images/fourth; add empty; set path /cm/images/empty; home
| openstack importnovaconf default-image
| openstack importnovaconf other
| openstack importnovaconf third
| openstack importnovaconf fourth
| openstack importnovaconf empty
| openstack importnovaconf nosuch
| openstack; remove default; importnovaconf default-image
| home; modified
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
