# The batch error rule and the exit statuses (ocmsh(1) OPTIONS and EXIT
# STATUS).  As in cmsh, a failing command is reported and the rest of the
# input runs; -q stops at the first error.  Piped input is echoed line by
# line (BCM AM 2.5.5 "Input Redirection"; 2.5.1 "Options Usage": --quit).

## case 0: every command worked and nothing is left staged
stdin:
| device list -f hostname:14
| device set hyper01 memory 1
| device commit
stdout-has:
| Successfully committed 1 Devices

## case 1: with -q the first failing command stops the input and discards staged changes
args: -q
stdin:
| device
| set hyper01 memory 1
| set hyper02 memory x
| commit
stdout:
| device
| set hyper01 memory 1
| set hyper02 memory x
status: 1
stderr:
| ocmsh: -:3: invalid value 'x' for property 'memory': not an integer
state-after: absent

## case 1: with -q what earlier commits wrote stays
args: -q
stdin:
| device set hyper01 memory 1
| commit
| device set hyper02 memory 2
| bogus
| commit
status: 1
stdout:
| device set hyper01 memory 1
| commit
| Successfully committed 1 Devices
| device set hyper02 memory 2
| bogus
stderr:
| ocmsh: -:4: unknown command 'bogus' (try 'help')

## case 1 after the rest of the state was kept: the file has the first commit
keep: yes
stdin:
| device get hyper01 memory
| device get hyper02 memory
stdout:
| device get hyper01 memory
| 1
| device get hyper02 memory
| 262144

## case 1: without -q the rest runs and commits; the failing command staged nothing
stdin:
| device set hyper01 memory 1
| device; set hyper02 memory 2; set hyper02 bogus 1
| bogus
| device commit
status: 1
stdout:
| device set hyper01 memory 1
| device; set hyper02 memory 2; set hyper02 bogus 1
| bogus
| device commit
| Successfully committed 2 Devices
stderr:
| ocmsh: -:2: unknown property 'bogus' for device
| ocmsh: -:3: unknown command 'bogus' (try 'help')

## case 1 after the rest: both earlier changes were committed
keep: yes
args: -c "device get hyper01 memory; device get hyper02 memory"
stdout:
| 1
| 2

## case 3: input ended with staged changes, named on stderr and discarded
stdin:
| device set hyper01 memory 1
| openstack flavors add f1
stdout:
| device set hyper01 memory 1
| openstack flavors add f1
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, flavor f1
state-after: absent

## case 3 after errors: they were reported and changes were left staged
stdin:
| device set hyper01 memory x
| device set hyper01 memory 1
stdout:
| device set hyper01 memory x
| device set hyper01 memory 1
status: 3
stderr:
| ocmsh: -:1: invalid value 'x' for property 'memory': not an integer
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case 1 after errors: they were reported, nothing was left staged
stdin:
| device set hyper01 memory x
| device set hyper01 memory 1
| commit
| bogus
status: 1
stdout:
| device set hyper01 memory x
| device set hyper01 memory 1
| commit
| Successfully committed 1 Devices
| bogus
stderr:
| ocmsh: -:1: invalid value 'x' for property 'memory': not an integer
| ocmsh: -:4: unknown command 'bogus' (try 'help')

## case -q: stop at the first error; the rest is not even read
args: -q
stdin:
| bogus
| device set hyper01 memory 1
| bogus2
stdout:
| bogus
status: 1
stderr:
| ocmsh: -:1: unknown command 'bogus' (try 'help')

## case with -q the rest of a line does not run either
args: -q
stdin:
| device; set hyper01 memory x; list
stdout:
| device; set hyper01 memory x; list
status: 1
stderr:
| ocmsh: -:1: invalid value 'x' for property 'memory': not an integer

## case -x echoes each command of a line with its own prompt
args: -x
stdin:
| device; use hyper01 ; get memory # a comment
| openstack flavors; foreach m1.tiny (get ram; get disk); home
|   # a comment line is not echoed
|
| quit
stdout:
| [cluster]% device
| [cluster->device]% use hyper01
| [cluster->device[hyper01]]% get memory
| 262144
| [cluster->device[hyper01]]% openstack flavors
| [cluster->openstack[default]->flavors]% foreach m1.tiny (get ram; get disk)
| 512
| 1
| [cluster->openstack[default]->flavors]% home
| [cluster]% quit

## case an unbalanced quote names its column
args: -x
stdin:
| device
| set hyper01 category "abc
status: 1
stdout:
| [cluster]% device
| [cluster->device]% set hyper01 category "abc
stderr:
| ocmsh: -:2: unbalanced quote at column 22

## case parse errors name their column (-m: an open '(' ends with its line)
args: -m
stdin:
| device
| set hyper01 category 'abc
| foreach hyper01 (get memory
| get hyper01 memory)
| list )
| trailing \
| foreach hyper01 (get memory) extra
stdout:
| device
| set hyper01 category 'abc
| foreach hyper01 (get memory
| get hyper01 memory)
| list )
| trailing \
| foreach hyper01 (get memory) extra
status: 1
stderr:
| ocmsh: -:2: unbalanced quote at column 22
| ocmsh: -:3: unbalanced parenthesis at column 17
| ocmsh: -:4: unexpected ')' at column 19
| ocmsh: -:5: unexpected ')' at column 6
| ocmsh: -:6: trailing backslash at column 10
| ocmsh: -:7: unexpected 'extra' after ')' at column 30

## case quoting: double, single, backslash
stdin:
| device
| set hyper01 category "two words"
| get hyper01 category
| set hyper01 category 'it''s'
| get hyper01 category
| set hyper01 category a\ b\"c
| get hyper01 category
| set hyper01 kernelparameters a"b c"d
| get hyper01 kernelparameters
| refresh
stdout:
| device
| set hyper01 category "two words"
| get hyper01 category
| two words
| set hyper01 category 'it''s'
| get hyper01 category
| its
| set hyper01 category a\ b\"c
| get hyper01 category
| a b"c
| set hyper01 kernelparameters a"b c"d
| get hyper01 kernelparameters
| ab cd
| refresh

## case output to a file, appended, and through a pipeline
stdin:
| device list -f hostname:14 > {DIR}/out.txt
| device get hyper01 memory >> {DIR}/out.txt
| openstack flavors list -f name:10 | grep m1.t
| !echo from a shell
stdout:
| device list -f hostname:14 > {DIR}/out.txt
| device get hyper01 memory >> {DIR}/out.txt
| openstack flavors list -f name:10 | grep m1.t
| m1.tiny
| !echo from a shell
| from a shell
file-after {DIR}/out.txt:
| hostname (key)
| -------------
| controller01
| head
| hyper01
| hyper02
| hyper03
| hyper04
| 262144

## case a redirection to a folder that does not exist fails
stdin:
| device list > {DIR}/no/such/file
stdout:
| device list > {DIR}/no/such/file
status: 1
stderr:
| ocmsh: -:1: cannot open '{DIR}/no/such/file': No such file or directory

## case -c runs ';'-separated commands and names its source -c
args: -c "device; set hyper01 memory 1; commit; get hyper01 memory; bogus"
status: 1
stdout:
| Successfully committed 1 Devices
| 1
stderr:
| ocmsh: -c:1: unknown command 'bogus' (try 'help')

## case -f runs a script and names it with the line
file {DIR}/script.ocmsh:
| # a script
| device
| set hyper01 memory 1
|
| set hyper02 memory many
args: -f {DIR}/script.ocmsh
status: 3
stderr:
| ocmsh: {DIR}/script.ocmsh:5: invalid value 'many' for property 'memory': not an integer
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case 3 from -c too
args: -c "device set hyper01 memory 1"
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

# BCM AM 2.5.5 "Input Redirection": for a file holding "device" and "get
# node001 ip", 'cmsh < runthis' prints both lines before the output, while
# 'cmsh -f runthis' prints only the output ("Running the file with the -f
# option avoids echoing the commands").
## case piped input is echoed line by line before its output (cmsh < runthis)
stdin:
| device
| get hyper01 category
stdout:
| device
| get hyper01 category
| hypervisor

## case -f FILE does not echo (cmsh -f runthis)
file {DIR}/runthis:
| device
| get hyper01 category
args: -f {DIR}/runthis
stdout:
| hypervisor

## case piped lines are echoed as read: blank lines, comments, continued lines
stdin:
| # set up
|
| device; foreach -n hyper[01-02] (
|   get hostname
| )
stdout:
| # set up
|
| device; foreach -n hyper[01-02] (
|   get hostname
| )
| hyper01
| hyper02

## case -x echoes instead, after the prompt, each command once (also from a pipe)
args: -x
stdin:
| device
| get hyper01 category
stdout:
| [cluster]% device
| [cluster->device]% get hyper01 category
| hypervisor

# BCM AM 2.5.1 "Options Usage": --disablemultiline|-m "Disable multiline
# support": without it a '(' left open goes on on the next line.
## case an unclosed '(' continues on the next line; a line break separates commands
args: -x
stdin:
| device
| foreach -n hyper[01-02] (get hostname
|   set kernelparameters intel_iommu=on   # per node
| )
| modified; commit
| get hyper02 kernelparameters
stdout:
| [cluster]% device
| [cluster->device]% foreach -n hyper[01-02] (get hostname
|   set kernelparameters intel_iommu=on   # per node
| )
| hyper01
| hyper02
| [cluster->device*]% modified
| State Type   Name
| ----- ------ -------
|       Device hyper01
|       Device hyper02
| [cluster->device*]% commit
| Successfully committed 2 Devices
| [cluster->device]% get hyper02 kernelparameters
| intel_iommu=on

## case nested parentheses continue until the outermost closes; an error names the first line
stdin:
| device
| foreach -n hyper01 (
|   foreach -n hyper02 (
|     get hostname)
|   get nosuch
| )
| get hyper01 category
status: 1
stdout:
| device
| foreach -n hyper01 (
|   foreach -n hyper02 (
|     get hostname)
|   get nosuch
| )
| hyper02
| get hyper01 category
| hypervisor
stderr:
| ocmsh: -:2: unknown property 'nosuch' for device

## case a '(' still open at the end of the input is an error naming its column
stdin:
| device
| foreach -n hyper01 (get hostname
|   get category
status: 1
stdout:
| device
| foreach -n hyper01 (get hostname
|   get category
stderr:
| ocmsh: -:2: unbalanced parenthesis at column 20

## case -m: an open '(' ends with its line, and the next line is a command of its own
args: -m
stdin:
| device
| foreach -n hyper01 (get hostname
| get hyper01 category
status: 1
stdout:
| device
| foreach -n hyper01 (get hostname
| get hyper01 category
| hypervisor
stderr:
| ocmsh: -:2: unbalanced parenthesis at column 20

## case --disablemultiline in -f scripts and -c too
file {DIR}/s.ocmsh:
| device; foreach -n hyper01 (get hostname
| )
args: --disablemultiline -f {DIR}/s.ocmsh
status: 1
stderr:
| ocmsh: {DIR}/s.ocmsh:1: unbalanced parenthesis at column 28
| ocmsh: {DIR}/s.ocmsh:2: unexpected ')' at column 1

## case a script file continues an open '(' too (-f)
file {DIR}/s.ocmsh:
| device; foreach -n hyper01 (
|   get hostname
| )
| get hyper02 hostname
args: -f {DIR}/s.ocmsh
stdout:
| hyper01
| hyper02

## case a quote left open does not continue: it is an error of its line
stdin:
| device
| foreach -n hyper01 (get "hostname
| get hyper01 category
status: 1
stdout:
| device
| foreach -n hyper01 (get "hostname
| get hyper01 category
| hypervisor
stderr:
| ocmsh: -:2: unbalanced quote at column 25
