# cmsh's generic commands that ocmsh adds: watch, path, bookmark, goto,
# range, top-level list, color, and the commands that need a live
# cluster.

# BCM AM 2.5.5 "The watch Command": "[basecm11->device]% watch -n 3 status
# -n node001,node002" / "Every 3.0s: status -n node001,node002 <date>" and
# the output; it runs "every 2 seconds by default" until Ctrl-C.  In batch
# nothing can interrupt it: a count is needed, and the header has no date.
## case watch -c COUNT runs a command COUNT times (the options before the command are watch's)
args: -c "device; watch -n 0 -c 2 foreach -n hyper01 (get hostname); watch --interval 0 --count 1 foreach -n hyper[01-02] (get hostname)"
stdout:
| Every 0.0s: foreach -n hyper01 (get hostname)
|
| hyper01
| Every 0.0s: foreach -n hyper01 (get hostname)
|
| hyper01
| Every 0.0s: foreach -n hyper[01-02] (get hostname)
|
| hyper01
| hyper02

## case watch never runs unbounded in batch: without -c it is refused
stdin:
| watch device get hyper01 hostname
| watch -n 1 device get hyper01 hostname
status: 1
stdout:
| watch device get hyper01 hostname
| watch -n 1 device get hyper01 hostname
stderr:
| ocmsh: -:1: watch: in batch it needs -c COUNT (it would never end)
| ocmsh: -:2: watch: in batch it needs -c COUNT (it would never end)

## case watch: bad numbers, and a failing command stops it
args: -c "watch -c 0 home; watch -c 1.5 home; watch -n -1 -c 1 home; watch -c x home; watch -c 3 -n 0 bogus"
status: 1
stdout:
| Every 0.0s: bogus
|
stderr:
| ocmsh: -c:1: watch: bad count '0'
| ocmsh: -c:1: watch: bad count '1.5'
| ocmsh: -c:1: watch: bad interval '-1'
| ocmsh: -c:1: watch: bad count 'x'
| ocmsh: -c:1: unknown command 'bogus' (try 'help')

# BCM AM 2.5.2 "Navigation Through Modes And Objects": "[basecm11->device
# [node001]]% path" prints "home;device;use node001;", which pasted back
# ("home;device;use node001 #copy-pasted from path output earlier")
# returns there; "home;configurationoverlay;use "slurm-client";roles;use
# slurmclient;" quotes a name with a '-'.
## case path prints a line that leads back here, and pasted back it does
args: -x
stdin:
| device
| use hyper01
| path
| home
| home;device;use hyper01; #copy-pasted from path output earlier
| softwareimage use default-image
| path
| openstack flavors use m1.small
| path
| openstack settings compute
| path
| home
| path
stdout:
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% path
| home;device;use hyper01;
| [cluster->device[hyper01]]% home
| [cluster]% home
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% softwareimage use default-image
| [cluster->softwareimage[default-image]]% path
| home;softwareimage;use "default-image";
| [cluster->softwareimage[default-image]]% openstack flavors use m1.small
| [cluster->openstack[default]->flavors[m1.small]]% path
| home;openstack;flavors;use m1.small;
| [cluster->openstack[default]->flavors[m1.small]]% openstack settings compute
| [cluster->openstack[default]->settings->compute]% path
| home;openstack;settings;compute;
| [cluster->openstack[default]->settings->compute]% home
| [cluster]% path
| home;

## case cmsh -c with a path and a command, as the manual pastes it into bash
args: -c 'softwareimage;use "default-image"; get path'
stdout:
| /cm/images/default-image

# BCM AM 2.5.5 "The bookmark And goto Commands": bookmark with no name
# keeps this place; bookmark -l lists "Name Bookmark" with "-" the
# previous place; goto (no name), goto -, bookmark dn1, goto dn1:
#   [mycluster->device[node001]]% bookmark -l
#   Name             Bookmark
#   ---------------- -----------------------
#                    home;device;use node001;
#   -                home;
## case bookmark, bookmark -l, goto, goto -, goto NAME, as in the manual
args: -x
stdin:
| device use hyper01
| bookmark
| bookmark -l
| home
| goto
| goto -
| goto -
| bookmark dn1
| goto -
| goto dn1
stdout:
| [cluster]% device use hyper01
| [cluster->device[hyper01]]% bookmark
| [cluster->device[hyper01]]% bookmark -l
| Name             Bookmark
| ---------------- ------------------------
|                  home;device;use hyper01;
| -                home;
| [cluster->device[hyper01]]% home
| [cluster]% goto
| [cluster->device[hyper01]]% goto -
| [cluster]% goto -
| [cluster->device[hyper01]]% bookmark dn1
| [cluster->device[hyper01]]% goto -
| [cluster]% goto dn1

## case the built-in alias - is goto -: "the - bookmark does not need to be preceded by a goto"
args: -x -c "openstack flavors use m1.tiny; device; -; -; -"
stdout:
| [cluster]% openstack flavors use m1.tiny
| [cluster->openstack[default]->flavors[m1.tiny]]% device
| [cluster->device]% -
| [cluster->openstack[default]->flavors[m1.tiny]]% -
| [cluster->device]% -

## case goto errors: nothing to go to; a bookmark whose object is gone
args: -c "goto; goto -; goto nosuch; bookmark -; device use hyper04; bookmark h4; remove hyper04; home; goto h4; path"
status: 3
stdout:
| home;device;
stderr:
| ocmsh: -c:1: no bookmark set: 'bookmark' keeps this place
| ocmsh: -c:1: no previous place yet
| ocmsh: -c:1: no bookmark 'nosuch'
| ocmsh: -c:1: bookmark '-' is the previous place: it is kept by itself
| ocmsh: -c:1: no such device 'hyper04'
| ocmsh: input ended with uncommitted changes, discarded: device hyper04

## case bookmark -s FILE saves the bookmarks and bookmark -x FILE loads them (.cmshrc: bookmark -x mysaved)
args: -c "device use hyper02; bookmark h2; home; openstack; bookmark; bookmark -s {DIR}/mysaved"
file-after {DIR}/mysaved:
| h2	home;device;use hyper02;
| 	home;openstack;

## case ...in a later session
keep: yes
file {DIR}/.ocmshrc:
| bookmark -x {DIR}/mysaved
raw: yes
args: --example -s {STATE} -R {ROOT} -x -c "goto h2; goto; path"
stdout:
| [cluster]% goto h2
| [cluster->device[hyper02]]% goto
| [cluster->openstack[default]]% path
| home;openstack;

# BCM AM 2.5.5 "The range Command": "[basecm11->device]% range -n
# node0[01-24]" gives the prompt "[basecm11->device{-n node001..024}]%";
# "range -c default", then "get revision" (one line per node), "set
# revision test" and "get revision" ("test" three times), "get ip" as
# "foreach -c default (get ip)" prints it, ".." leaves the range; "range
# --show", "range --clear".  ocmsh shows the words as typed.
## case range -n LIST: the prompt shows it, and get, set, get run for each object
args: -x
stdin:
| device
| range -n hyper0[1-4]
| get kernelparameters
| set kernelparameters test
| get kernelparameters
| ..
| foreach -n hyper0[1-4] (get kernelparameters)
stdout:
| [cluster]% device
| [cluster->device]% range -n hyper0[1-4]
| [cluster->device{-n hyper0[1-4]}]% get kernelparameters
|
|
|
|
| [cluster->device{-n hyper0[1-4]}]% set kernelparameters test
| [cluster->device*{-n hyper0[1-4]}]% get kernelparameters
| test
| test
| test
| test
| [cluster->device*{-n hyper0[1-4]}]% ..
| [cluster->device*]% foreach -n hyper0[1-4] (get kernelparameters)
| test
| test
| test
| test
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02, device hyper03, device hyper04

## case range -c CATEGORY and the other selectors; --show; --clear; commit from the range
args: -x
stdin:
| device
| range -c hypervisor
| get hostname
| range --show
| range -l openstackcontroller
| show
| range hyper02 hyper01
| set memory 1024
| commit
| range --clear
| get hyper01 memory
stdout:
| [cluster]% device
| [cluster->device]% range -c hypervisor
| [cluster->device{-c hypervisor}]% get hostname
| hyper01
| hyper02
| hyper03
| hyper04
| [cluster->device{-c hypervisor}]% range --show
| {-c hypervisor}: hyper01 hyper02 hyper03 hyper04
| [cluster->device{-c hypervisor}]% range -l openstackcontroller
| [cluster->device{-l openstackcontroller}]% show
| Parameter                        Value
| -------------------------------- ------------------------------------------------
| Hostname                         controller01
| Type                             PhysicalNode
| MAC                              00:00:00:00:00:00
| Ip
| Category                         controller
| Software image                   default-image
| Kernel parameters
| Roles                            openstackcontroller
| Memory
| PCI devices
| [cluster->device{-l openstackcontroller}]% range hyper02 hyper01
| [cluster->device{hyper02 hyper01}]% set memory 1024
| [cluster->device*{hyper02 hyper01}]% commit
| Successfully committed 2 Devices
| [cluster->device{hyper02 hyper01}]% range --clear
| [cluster->device]% get hyper01 memory
| 1024

## case range over names that do not exist names them and runs nothing; the range stays as it was
args: -x
stdin:
| device
| range -n hyper0[1-5]
| range hyper01 nosuch
| range -c nosuch
| range -n hyper01
| range -n hyper0[1-5]
| range --show --clear
| range
stdout:
| [cluster]% device
| [cluster->device]% range -n hyper0[1-5]
| [cluster->device]% range hyper01 nosuch
| [cluster->device]% range -c nosuch
| [cluster->device]% range -n hyper01
| [cluster->device{-n hyper01}]% range -n hyper0[1-5]
| [cluster->device{-n hyper01}]% range --show --clear
| [cluster->device{-n hyper01}]% range
| {-n hyper01}: hyper01
status: 1
stderr:
| ocmsh: -:2: no such device 'hyper05'
| ocmsh: -:3: no such device 'nosuch'
| ocmsh: -:4: no device has category 'nosuch' (-c nosuch)
| ocmsh: -:6: no such device 'hyper05'
| ocmsh: -:7: range: --show and --clear take nothing else

## case a range leaves with .., use, home or another mode; path leads back to it
args: -x
stdin:
| device range -n hyper01..hyper02
| path
| use hyper03
| range *
| home
| home;device;range -n hyper01..hyper02;
| get hostname
| exit
| exit
stdout:
| [cluster]% device range -n hyper01..hyper02
| [cluster->device{-n hyper01..hyper02}]% path
| home;device;range -n hyper01..hyper02;
| [cluster->device{-n hyper01..hyper02}]% use hyper03
| [cluster->device[hyper03]]% range *
| [cluster->device{*}]% home
| [cluster]% home
| [cluster]% device
| [cluster->device]% range -n hyper01..hyper02
| [cluster->device{-n hyper01..hyper02}]% get hostname
| hyper01
| hyper02
| [cluster->device{-n hyper01..hyper02}]% exit
| [cluster->device]% exit

## case a failing command in a range stages nothing, for no object
args: -c "device; range -n hyper01,hyper02; set memory 7; set memory x; get memory; range hyper01 hyper03; remove hyper03; get memory"
status: 3
stdout:
| 7
| 7
stderr:
| ocmsh: -c:1: invalid value 'x' for property 'memory': not an integer
| ocmsh: -c:1: no such device 'hyper03'
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, device hyper02, device hyper03

# BCM AM 2.5.2 (Figure 2.5): at the top level "list ... List state for all
# modes"; ocmsh prints each top-level mode and [  OK  ], or [ MODIFIED ]
# while it holds staged changes.
## case list at the top: each mode with its state
args: -x
stdin:
| list
| device set hyper01 memory 1
| openstack flavors set m1.tiny ram 1
| ls
| device list -f hostname:12
| device; commit; /; list
status: 3
stdout:
| [cluster]% list
| category ...................... [  OK  ]
| device ........................ [  OK  ]
| openstack ..................... [  OK  ]
| softwareimage ................. [  OK  ]
| [cluster]% device set hyper01 memory 1
| [cluster]% openstack flavors set m1.tiny ram 1
| [cluster]% ls
| category ...................... [  OK  ]
| device ........................ [ MODIFIED ]
| openstack ..................... [ MODIFIED ]
| softwareimage ................. [  OK  ]
| [cluster]% device list -f hostname:12
| hostname (ke
| -----------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04
| [cluster]% device
| [cluster->device*]% commit
| Successfully committed 1 Devices
| [cluster->device]% /
| [cluster]% list
| category ...................... [  OK  ]
| device ........................ [  OK  ]
| openstack ..................... [ MODIFIED ]
| softwareimage ................. [  OK  ]
stderr:
| ocmsh: input ended with uncommitted changes, discarded: flavor m1.tiny

# BCM AM 2.5.5 "Creating JSON Format Output": "color off; list -f
# hostname,ip,mac,status -d {}"; 2.5.2: "color ... Manage console text
# color settings".  ocmsh prints no colour: color takes on or off and
# changes nothing.
## case color on|off is accepted; bare color says off
args: -c "color off; device; color on; get hyper01 category; color; color yes; color maybe"
status: 1
stdout:
| hypervisor
| off
stderr:
| ocmsh: -c:1: color takes on or off, not 'maybe'

# BCM AM 2.5.1: 'cmsh -c "main showprofile; device status apc01"', the
# built-in alias "ds device status"; 2.5.5 "foreach * (get ip; status)",
# "range -c default" then "ds".  ocmsh has no agents on the nodes: each
# such command fails with one line, and a script goes on and commits.
## case device status: one line on stderr, the rest of the input runs
args: -c "device status hyper01; device get hyper01 category; ds; device; status"
status: 1
stdout:
| hypervisor
stderr:
| ocmsh: -c:1: status: ocmsh has no connection to the nodes
| ocmsh: -c:1: status: ocmsh has no connection to the nodes
| ocmsh: -c:1: status: ocmsh has no connection to the nodes

## case a script that uses the live commands still runs the rest and commits
file {DIR}/iommu.cmsh:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| commit
| reboot hyper01 hyper02
| imageupdate -n hyper[01-02] -w
| pexec -n hyper01,hyper02 "dmesg | grep -i iommu"
| power status -n hyper01
| sysinfo hyper01
| foreach -n hyper[01-02] (get kernelparameters; status)
| get hyper02 kernelparameters
args: -f {DIR}/iommu.cmsh
status: 1
stdout:
| Successfully committed 2 Devices
| intel_iommu=on
| intel_iommu=on
| intel_iommu=on
stderr:
| ocmsh: {DIR}/iommu.cmsh:4: reboot: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:5: imageupdate: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:6: pexec: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:7: power: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:8: sysinfo: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:9: status: ocmsh has no connection to the nodes
| ocmsh: {DIR}/iommu.cmsh:9: status: ocmsh has no connection to the nodes

## case in a range a live command fails once; they work in device mode only
args: -c "device range -c hypervisor; status; ..; home; status; pexec hostname"
status: 1
stderr:
| ocmsh: -c:1: status: ocmsh has no connection to the nodes
| ocmsh: -c:1: 'status' works in device mode only: type 'device status'
| ocmsh: -c:1: 'pexec' works in device mode only: type 'device pexec'

## case help lists them as needing a connection
args: -c "device help status; device help pexec"
stdout:
| Name: status - Display the status of devices (needs a connection to the nodes)
|
| Usage: status [OPTIONS] [NAME...]
| Name: pexec - Run a command on nodes in parallel (needs a connection to the nodes)
|
| Usage: pexec [OPTIONS] COMMAND

## case help on an alias says what it stands for
args: -c "help ds; help -"
stdout:
| Name: ds - alias for: device status
| Name: - - alias for: goto -
