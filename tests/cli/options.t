# Command-line options, environment and start-up files (ocmsh(1) OPTIONS and EXIT STATUS).

## case -h prints the usage on stdout
raw: yes
args: -h
stdout-has:
| Usage: ocmsh [OPTIONS]
|   -s, --state STATE
|   -R, --root DIR
|   -x, --echo
|   -m, --disablemultiline
|   -q, --quit
|   -Q, --noquitconfirmation
|   -n, --norc
|   -c, --command CMDS
|   -f, --file SCRIPT
|   -h, --help
|   -V, --version
|   -t, --tty
|   -z, --controlflag
|       --color yes|no
|       --hide-events
|       --disable-events
|   -u, --noconnect
|   -i, --certificate FILE
|   -k, --key FILE
|       --spool DIR
|   -r, --noredirect
|   HOST[:PORT]
| Exit status: 0 success; 1 a command failed or the state did not load;

## case --help too
raw: yes
args: --help
stdout-has:
| Usage: ocmsh [OPTIONS]

## case -V prints the version on stdout
raw: yes
args: -V
stdout-has:
| ocmsh 

## case --version too
raw: yes
args: --version
stdout-has:
| ocmsh 

## case bad usage exits 2: an unknown option
raw: yes
args: -Z
status: 2
stderr:
| ocmsh: unknown option '-Z'
| Try 'ocmsh --help' for more information.

## case bad usage exits 2: an unknown long option
raw: yes
args: --bogus
status: 2
stderr:
| ocmsh: unknown option '--bogus'
| Try 'ocmsh --help' for more information.

## case bad usage exits 2: a missing argument
raw: yes
args: -s
status: 2
stderr:
| ocmsh: option '-s' needs an argument
| Try 'ocmsh --help' for more information.

## case bad usage exits 2: a missing argument to a long option
raw: yes
args: --root
status: 2
stderr:
| ocmsh: option '--root' needs an argument
| Try 'ocmsh --help' for more information.

## case bad usage exits 2: a stray argument (the first would be a host)
raw: yes
args: -n head01 extra
status: 2
stderr:
| ocmsh: unexpected argument 'extra'
| Try 'ocmsh --help' for more information.

## case bad usage exits 2: -c and -f together
raw: yes
args: -c list -f x
status: 2
stderr:
| ocmsh: -c and -f cannot be used together
| Try 'ocmsh --help' for more information.

## case -s and -r choose the state file and the image root
raw: yes
args: -n --example -s {DIR}/other.yaml -R {DIR}/img -c "device set hyper01 memory 1; commit"
stdout:
| Successfully committed 1 Devices
file-after {STATE}: absent

## case --state and --root as long options; the image root got nova.conf
raw: yes
args: -n --example --state {DIR}/other.yaml --root {DIR}/img -c "device get hyper01 memory"
keep: yes
stdout:
| 1
file-after {DIR}/img/cm/images/default-image/etc/nova/nova.conf:
| [DEFAULT]
| scheduler_default_filters = RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
| scheduler_available_filters = nova.scheduler.filters.all_filters

## case OCMSH_STATE and OCMSH_ROOT stand in for -s and -r
raw: yes
env: OCMSH_STATE={DIR}/env.yaml
env: OCMSH_ROOT={DIR}/envroot
args: -n --example -c "device set hyper02 memory 2; commit"
stdout:
| Successfully committed 1 Devices
file-after {DIR}/envroot/cm/images/default-image/etc/nova/nova.conf:
| [DEFAULT]
| scheduler_default_filters = RetryFilter,AvailabilityZoneFilter,RamFilter,DiskFilter,ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter
| scheduler_available_filters = nova.scheduler.filters.all_filters

## case -s wins over OCMSH_STATE
raw: yes
keep: yes
env: OCMSH_STATE={DIR}/env.yaml
args: -n --example -s {DIR}/none.yaml -c "device get hyper02 memory"
stdout:
| 262144

## case OCMSH_STATE is read
raw: yes
keep: yes
env: OCMSH_STATE={DIR}/env.yaml
args: -n --example -c "device get hyper02 memory"
stdout:
| 2

## case ~/.ocmshrc runs first: aliases for the session
raw: yes
args: --example -s {STATE} -R {ROOT}
file {DIR}/.ocmshrc:
| alias nodes device list -f hostname:14
| alias mem device get hyper01 memory
stdin:
| mem
stdout:
| mem
| 262144

## case without -n the start-up files run: the system one, then ~/.ocmshrc
raw: yes
file {DIR}/etc/ocmshrc:
| alias who device get hyper01 category
| alias mem device get hyper02 memory
file {DIR}/.ocmshrc:
| alias mem device get hyper01 memory
args: --example -s {STATE} -R {ROOT} -c "who; mem"
stdout:
| hypervisor
| 262144

## case -n skips both start-up files
raw: yes
keep: yes
args: -n --example -s {STATE} -R {ROOT} -c "mem"
status: 1
stderr:
| ocmsh: -c:1: unknown command 'mem' (try 'help')

## case a failing line of a start-up file is reported and skipped; -x does not echo it
raw: yes
file {DIR}/.ocmshrc:
| bogus
| alias mem device get hyper01 memory
args: --example -x -s {STATE} -R {ROOT} -c "mem"
stdout:
| [cluster]% mem
| 262144
stderr:
| ocmsh: {DIR}/.ocmshrc:1: unknown command 'bogus' (try 'help')

## case -x echoes every command after its prompt
args: -x -c "device; use hyper01; get category"
stdout:
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% get category
| hypervisor

## case --echo as a long option; without --quit a failing command is reported and the rest runs
args: --echo -c "bogus; device get hyper01 category"
status: 1
stdout:
| [cluster]% bogus
| [cluster]% device get hyper01 category
| hypervisor
stderr:
| ocmsh: -c:1: unknown command 'bogus' (try 'help')

## case --quit as a long option stops at the first error
args: --echo --quit -c "bogus; device get hyper01 category"
status: 1
stdout:
| [cluster]% bogus
stderr:
| ocmsh: -c:1: unknown command 'bogus' (try 'help')

# BCM AM 2.5.1 "Options Usage For cmsh": cmsh [options] [hostname[:port]];
# --certificate|-i, --key|-k, --spool <directory>, --noredirect|-r,
# --noconnect|-u, --color <yes/no>, --hide-events, --disable-events,
# --tty|-t, --controlflag|-z.  Those for a remote CMDaemon are accepted
# with one notice; -r is --noredirect there too, ocmsh's root is -R.
## case -k is cmsh's --key: it takes a file, noted and ignored, and no longer means keep going
args: -k {DIR}/key.pem -c "device get hyper01 category"
stdout:
| hypervisor
stderr:
| ocmsh: ignoring --key: ocmsh works on its state file and connects to no CMDaemon

## case -k without its file is a usage error
raw: yes
args: -k
status: 2
stderr:
| ocmsh: option '-k' needs an argument
| Try 'ocmsh --help' for more information.

## case the options for a remote CMDaemon and a host: one line of notice, then the commands run
args: -i {DIR}/cert.pem --key {DIR}/key.pem --spool {DIR}/spool --noredirect -c "device get hyper01 category" head01:8081
stdout:
| hypervisor
stderr:
| ocmsh: ignoring --certificate, --key, --spool, --noredirect, host 'head01:8081': ocmsh works on its state file and connects to no CMDaemon

## case --noconnect (-u) is what ocmsh always does: no notice
args: -u --noconnect -c "device get hyper01 category"
stdout:
| hypervisor

## case cmsh --hide-events -c 'device ...': events and colour options are accepted and change nothing
args: --hide-events --disable-events --color=no --color no --color yes -c "device get hyper01 category"
stdout:
| hypervisor

## case --color takes yes or no
raw: yes
args: --color maybe
status: 2
stderr:
| ocmsh: --color takes yes or no, not 'maybe'
| Try 'ocmsh --help' for more information.

## case --color without its value
raw: yes
args: --color
status: 2
stderr:
| ocmsh: option '--color' needs an argument
| Try 'ocmsh --help' for more information.

## case -R/--root is the image root: the image files go under it
args: -R {DIR}/other -c "device set hyper01 memory 1; commit; !ls {DIR}/other/cm/images/default-image/etc/nova"
stdout:
| Successfully committed 1 Devices
| nova.conf
file-after {ROOT}/cm/images/default-image/etc/nova/nova.conf: absent

## case -Q and --noquitconfirmation are accepted in batch
args: -Q --noquitconfirmation -c "device get head type"
stdout:
| HeadNode

## case -f with a script that does not exist
args: -f {DIR}/missing.ocmsh
status: 1
stderr:
| ocmsh: cannot open '{DIR}/missing.ocmsh': No such file or directory

## case -f --file as a long option, and its exit status 3
file {DIR}/s.ocmsh:
| device set hyper01 memory 9
args: --file {DIR}/s.ocmsh
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case --command as a long option
args: --command "softwareimage get default-image path"
stdout:
| /cm/images/default-image

## case stdin that is not a terminal is batch: no prompts without -x
stdin:
| device
| get hyper01 category
stdout:
| device
| get hyper01 category
| hypervisor

## case an empty -s is a usage error, not the live state (hostile-input hunt)
raw: yes
args: -n -s "" -R {ROOT} -c "device set hyper02 memory 2; commit"
status: 2
stderr:
| ocmsh: the state file name is empty (-s or OCMSH_STATE)
| Try 'ocmsh --help' for more information.
untouched: yes

## case an empty -R is a usage error, not /
raw: yes
args: -n -s {STATE} -R "" -c "device set hyper02 memory 2; commit"
status: 2
stderr:
| ocmsh: the root folder name is empty (-R or OCMSH_ROOT)
| Try 'ocmsh --help' for more information.
untouched: yes

## case an empty OCMSH_STATE is a usage error too
raw: yes
env: OCMSH_STATE=
args: -n -R {ROOT} -c "device set hyper02 memory 2; commit"
status: 2
stderr:
| ocmsh: the state file name is empty (-s or OCMSH_STATE)
| Try 'ocmsh --help' for more information.
untouched: yes

## case an empty OCMSH_ROOT is a usage error too
raw: yes
env: OCMSH_ROOT=
args: -n -s {STATE} -c "device set hyper02 memory 2; commit"
status: 2
stderr:
| ocmsh: the root folder name is empty (-R or OCMSH_ROOT)
| Try 'ocmsh --help' for more information.
untouched: yes

## case an empty -f is a usage error
raw: yes
args: -n -s {STATE} -R {ROOT} -f ""
status: 2
stderr:
| ocmsh: the script file name is empty (-f)
| Try 'ocmsh --help' for more information.
untouched: yes

## case a state that does not exist starts as an empty cluster named after the host
raw: yes
args: -n -s {DIR}/new.yaml -R {ROOT} -c "device list; softwareimage list; openstack flavors; list; home; openstack; get name"
stdout:
| Type                   Hostname (key)   MAC                Category         Ip              Software image   Roles
| ---------------------- ---------------- ------------------ ---------------- --------------- ---------------- -----------
| Name (key)       Path                 Kernel parameters
| ---------------- -------------------- -----------------
| Name (key)       VCPUs  RAM      Disk   Extra specs
| ---------------- ------ -------- ------ -----------
| default
file-after {DIR}/new.yaml: absent

## case --example starts it as the built-in example cluster
raw: yes
args: -n --example -s {DIR}/new.yaml -R {ROOT} -c "device get hyper02 memory"
stdout:
| 262144
file-after {DIR}/new.yaml: absent

## case --example does not touch a state that exists
raw: yes
args: -n --example -s {STATE} -R {ROOT} -c "device list -f hostname:10"
file {STATE}:
| format: 1
| revision: 4
| cluster: {name: c}
| devices:
|   n1: {type: PhysicalNode}
stdout:
| hostname (
| ---------
| n1

## case -r is cmsh's --noredirect: noted, and the files go under the root as before
args: -r -c "device set hyper01 memory 1; commit; !ls {ROOT}/cm/images/default-image/etc/nova"
stdout:
| Successfully committed 1 Devices
| nova.conf
stderr:
| ocmsh: ignoring --noredirect: ocmsh works on its state file and connects to no CMDaemon

## case an old "-r DIR" is never taken as a host, nor written under /
args: -n -s {STATE} -r {DIR}/img -c "device set hyper01 memory 1; commit"
status: 2
stderr:
| ocmsh: '{DIR}/img' is not a host to connect to: the image root is -R/--root DIR (-r is cmsh's --noredirect)
| Try 'ocmsh --help' for more information.
state-after: absent
