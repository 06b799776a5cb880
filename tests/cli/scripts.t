# cmsh scripts as written: arguments ($1, ${1-default}), and scripts of
# the kind cmsh users run, under cmsh's batch rules.

# BCM AM 2.5.1 "Default Arguments In cmsh Scripts": encrypt-node-disk.cmsh
# holds "device use ${1-node001}" ... "set revision ${2-test}"; run
# without an argument it takes node001, with one (node002) that one:
#   [mycluster]% encrypt-node-disk
#   [mycluster->device[node001]]%
## case ${1-default}: run FILE without arguments takes the default
file {DIR}/encrypt-node-disk.cmsh:
| home
| device use ${1-hyper01}
| set kernelparameters ${2-intel_iommu=on}
args: -x
stdin:
| run {DIR}/encrypt-node-disk.cmsh
| get kernelparameters
status: 3
stdout:
| [cluster]% run {DIR}/encrypt-node-disk.cmsh
| [cluster]% home
| [cluster]% device use hyper01
| [cluster->device[hyper01]]% set kernelparameters intel_iommu=on
| [cluster->device*[hyper01*]]% get kernelparameters
| intel_iommu=on
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case run FILE ARG...: the arguments replace $1 and $2
file {DIR}/encrypt-node-disk.cmsh:
| home
| device use ${1-hyper01}
| set kernelparameters ${2-intel_iommu=on}
stdin:
| run {DIR}/encrypt-node-disk.cmsh hyper02 amd_iommu=on
| get kernelparameters
| home; commit
status: 0
stdout:
| run {DIR}/encrypt-node-disk.cmsh hyper02 amd_iommu=on
| get kernelparameters
| amd_iommu=on
| home; commit
| Successfully committed 1 Devices

## case -f FILE ARG...: the words after the options are the script's arguments
file {DIR}/s.cmsh:
| device
| get $1 hostname
| get ${2} category
| get ${3-hyper03} hostname
args: -f {DIR}/s.cmsh hyper01 hyper02
stdout:
| hyper01
| hypervisor
| hyper03

## case -f: from the first word that is no option on, the words are arguments ($0 is the script)
file {DIR}/s.cmsh:
| !echo "[$0] [$1] [$2] [${3-none}]"
args: -f {DIR}/s.cmsh one -x
stdout:
| [{DIR}/s.cmsh] [one] [-x] [none]

## case -f: after '--' every word is an argument
file {DIR}/s.cmsh:
| !echo "[$1] [$2]"
args: -f {DIR}/s.cmsh -- -x -q
stdout:
| [-x] [-q]

# BCM AM 2.5.1 "Options Usage For cmsh": "cmsh -f some.file -q -x  run and
# echo the commands from some.file, exit".
## case cmsh -f some.file -q -x: options after the file are still options
file {DIR}/some.file:
| device
| get hyper01 hostname
| bogus
| get hyper02 hostname
args: -f {DIR}/some.file -q -x
status: 1
stdout:
| [cluster]% device
| [cluster->device]% get hyper01 hostname
| hyper01
| [cluster->device]% bogus
stderr:
| ocmsh: {DIR}/some.file:3: unknown command 'bogus' (try 'help')

## case run FILE -x: after the file name an option word is an argument
file {DIR}/s.cmsh:
| !echo "[$1] [${2:-empty}]"
args: -c "run {DIR}/s.cmsh -x; run -q {DIR}/s.cmsh a ''"
stdout:
| [-x] [empty]
| [a] [empty]

## case a default also stands in for an empty argument; without one an empty argument is empty
file {DIR}/s.cmsh:
| !echo "[${1-def}] [$2]"
args: -f {DIR}/s.cmsh "" ""
stdout:
| [def] []

## case a missing argument without a default is an error naming it; the line fails, the rest runs
file {DIR}/s.cmsh:
| device
| use hyper01
| set kernelparameters $2
| set memory ${3}
| get hostname
args: -f {DIR}/s.cmsh hyper01
status: 1
stdout:
| hyper01
stderr:
| ocmsh: {DIR}/s.cmsh:3: no argument $2 for this script (give it after the file name, or a default: ${2-VALUE})
| ocmsh: {DIR}/s.cmsh:4: no argument ${3} for this script (give it after the file name, or a default: ${3-VALUE})

## case what is not an argument stays: quotes, backslashes, comments, other dollars
file {DIR}/s.cmsh:
| !echo '$1' "$1" \$1 $x ${x} $ # $5 is not needed here
| # nor ${7} in a comment line
| !echo 'a#$1' b#$1 "#$1"
args: -f {DIR}/s.cmsh one
stdout:
| $1 one $1 $
| a#$1 b#one #one

## case piped input and -c have no arguments: a dollar stays as it is
stdin:
| alias a1 get $1 ${2-x}
| alias a1
stdout:
| alias a1 get $1 ${2-x}
| alias a1
| alias a1 get $1 ${2-x}

# BCM AM 2.5.1 "Batch Mode And Piping In" (-c; commands piped to cmsh)
# and 2.5.5 "Input Redirection"; the scripts below are the kind the
# issue names.  A typo in the middle of a script is reported with its
# file and line and the rest still runs and commits (cmsh without -q).
## case a script with a typo in the middle still commits the rest
file {DIR}/iommu.cmsh:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| set hyper03 kernelparamters intel_iommu=on
| set hyper04 kernelparameters intel_iommu=on
| commit
args: -f {DIR}/iommu.cmsh
status: 1
stdout:
| Successfully committed 3 Devices
stderr:
| ocmsh: {DIR}/iommu.cmsh:3: unknown property 'kernelparamters' for device (did you mean 'kernelparameters'?)

## case ...the committed state has the three good changes, not the typo's
keep: yes
args: -c "device; foreach * (get kernelparameters)"
stdout:
|
|
| intel_iommu=on
| intel_iommu=on
|
| intel_iommu=on

## case with -q the same script stops at the typo and commits nothing
file {DIR}/iommu.cmsh:
| device
| foreach -n hyper[01-02] (set kernelparameters intel_iommu=on)
| set hyper03 kernelparamters intel_iommu=on
| commit
args: -q -f {DIR}/iommu.cmsh
status: 1
stderr:
| ocmsh: {DIR}/iommu.cmsh:3: unknown property 'kernelparamters' for device (did you mean 'kernelparameters'?)
state-after: absent

## case a here-document sets per-node kernel parameters: each line is echoed before its output
stdin:
| device
| use hyper01
| set kernelparameters intel_iommu=on iommu=pt
| use hyper02
| set kernelparameters amd_iommu=on
| exit
| foreach -n hyper[01-02] (get hostname; get kernelparameters)
| commit
stdout:
| device
| use hyper01
| set kernelparameters intel_iommu=on iommu=pt
| use hyper02
| set kernelparameters amd_iommu=on
| exit
| foreach -n hyper[01-02] (get hostname; get kernelparameters)
| hyper01
| intel_iommu=on iommu=pt
| hyper02
| amd_iommu=on
| commit
| Successfully committed 2 Devices

# An image clone script run with -x -c, as a provisioning script would,
# checking the exit status: the new image, and the kernel parameters of
# the nodes that boot it (BCM AM 2.5.3 "Working With Objects: clone").
## case an image clone script with -x -c: echoed, committed, exit status 0
args: -x -c "softwareimage; clone default-image gpu-image; set path /cm/images/gpu-image; commit; device; foreach -n hyper[01-02] (set softwareimage gpu-image; set kernelparameters intel_iommu=on); commit"
stdout:
| [cluster]% softwareimage
| [cluster->softwareimage]% clone default-image gpu-image
| [cluster->softwareimage*[gpu-image*]]% set path /cm/images/gpu-image
| [cluster->softwareimage*[gpu-image*]]% commit
| [cluster->softwareimage[gpu-image]]% device
| [cluster->device]% foreach -n hyper[01-02] (set softwareimage gpu-image; set kernelparameters intel_iommu=on)
| [cluster->device*]% commit
| Successfully committed 2 Devices

## case ...the clone's nova.conf is written in its own tree
keep: yes
args: -c "softwareimage get gpu-image path; !ls {ROOT}/cm/images/gpu-image/etc/nova"
stdout:
| /cm/images/gpu-image
| nova.conf

## case the clone script run again: the clone exists, the failure is reported and the exit status is 1
keep: yes
args: -x -c "softwareimage; clone default-image gpu-image; set path /cm/images/gpu-image; commit"
status: 1
stdout:
| [cluster]% softwareimage
| [cluster->softwareimage]% clone default-image gpu-image
| [cluster->softwareimage]% set path /cm/images/gpu-image
| [cluster->softwareimage]% commit
| Successfully committed 0 Software images
stderr:
| ocmsh: -c:1: softwareimage 'gpu-image' already exists
| ocmsh: -c:1: no softwareimage selected: give its name before 'path' or 'use' one
