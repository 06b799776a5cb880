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
