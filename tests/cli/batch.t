# The batch error rule and the exit statuses (ocmsh(1) OPTIONS and EXIT STATUS).

## case 0: every command worked and nothing is left staged
stdin:
| device list -f hostname:14
| device set hyper01 memory 1
| device commit
stdout-has:
| Successfully committed 1 Devices

## case 1: the first failing command stops the input and discards staged changes
stdin:
| device
| set hyper01 memory 1
| set hyper02 memory x
| commit
status: 1
stderr:
| ocmsh: -:3: invalid value 'x' for property 'memory': not an integer
state-after: absent

## case 1: what earlier commits wrote stays
stdin:
| device set hyper01 memory 1
| commit
| device set hyper02 memory 2
| bogus
| commit
status: 1
stdout:
| Successfully committed 1 Devices
stderr:
| ocmsh: -:4: unknown command 'bogus' (try 'help')

## case 1 after the rest of the state was kept: the file has the first commit
keep: yes
stdin:
| device get hyper01 memory
| device get hyper02 memory
stdout:
| 1
| 262144

## case 3: input ended with staged changes, named on stderr and discarded
stdin:
| device set hyper01 memory 1
| openstack flavors add f1
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01, flavor f1
state-after: absent

## case 3 with -k: errors were reported and changes were left staged
args: -k
stdin:
| device set hyper01 memory x
| device set hyper01 memory 1
status: 3
stderr:
| ocmsh: -:1: invalid value 'x' for property 'memory': not an integer
| ocmsh: input ended with uncommitted changes, discarded: device hyper01

## case 1 with -k: errors were reported, nothing was left staged
args: -k
stdin:
| device set hyper01 memory x
| device set hyper01 memory 1
| commit
| bogus
status: 1
stdout:
| Successfully committed 1 Devices
stderr:
| ocmsh: -:1: invalid value 'x' for property 'memory': not an integer
| ocmsh: -:4: unknown command 'bogus' (try 'help')

## case -q is the default: stop at the first error
args: -q
stdin:
| bogus
| device set hyper01 memory 1
status: 1
stderr:
| ocmsh: -:1: unknown command 'bogus' (try 'help')

## case -k then -q: the last one wins
args: -k -q
stdin:
| bogus
| bogus2
status: 1
stderr:
| ocmsh: -:1: unknown command 'bogus' (try 'help')

## case several commands on a line: the rest of the line does not run
stdin:
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

## case parse errors name their column
args: -k
stdin:
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
| two words
| its
| a b"c
| ab cd

## case output to a file, appended, and through a pipeline
stdin:
| device list -f hostname:14 > {DIR}/out.txt
| device get hyper01 memory >> {DIR}/out.txt
| openstack flavors list -f name:10 | grep m1.t
| !echo from a shell
stdout:
| m1.tiny
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
status: 1
stderr:
| ocmsh: {DIR}/script.ocmsh:5: invalid value 'many' for property 'memory': not an integer

## case 3 from -c too
args: -c "device set hyper01 memory 1"
status: 3
stderr:
| ocmsh: input ended with uncommitted changes, discarded: device hyper01
