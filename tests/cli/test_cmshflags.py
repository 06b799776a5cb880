#!/usr/bin/env python3
"""test_cmshflags.py - cmsh's -z/--controlflag and -t/--tty, whose output
(an ETX byte, Readline's prompts on a pipe) a transcript cannot show.

BCM AM 2.5.1 "Options Usage For cmsh": --controlflag|-z "ETX in
non-interactive mode", --tty|-t "Pretend a TTY is available".
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

ETX = "\x03"
t = TAP()

with Sandbox() as sb:
    r = sb.run("-z", "-c", "device get hyper01 category; bogus")
    t.eq((r.rc, r.out), (1, "hypervisor\n" + ETX),
         "-z -c: one ETX after the output of the line")
    r = sb.run("--controlflag", stdin="device\nget hyper01 category\n"
               "bogus\n\n")
    t.eq(r.out, "device\n" + ETX + "get hyper01 category\nhypervisor\n" +
         ETX + "bogus\n" + ETX + "\n" + ETX,
         "--controlflag: an ETX after each line of piped input, its echo "
         "and its output, also after a failing or blank line")
    t.eq(r.err, "ocmsh: -:3: unknown command 'bogus' (try 'help')\n",
         "...the error on stderr as without it")
    sb.write(os.path.join(sb.dir, "s.ocmsh"), "device\nforeach -n "
             "hyper[01-02] (\n  get hostname\n)\n")
    sb.write(os.path.join(sb.dir, "inner.ocmsh"), "device get hyper01 "
             "hostname\ndevice get hyper02 hostname\n")
    r = sb.run("-z", "-f", os.path.join(sb.dir, "s.ocmsh"))
    t.eq(r.out, ETX + "hyper01\nhyper02\n" + ETX,
         "-z -f: one ETX per command, a continued one included")
    r = sb.run("-z", "-c", "run " + os.path.join(sb.dir, "inner.ocmsh"))
    t.eq(r.out, "hyper01\nhyper02\n" + ETX,
         "-z: run FILE is one command: no ETX for its lines")
    r = sb.run("-c", "device get hyper01 category")
    t.eq(r.out, "hypervisor\n", "without -z no ETX")

    r = sb.run("-t", stdin="device\nget hyper01 category\nbogus\n")
    t.ok(r.rc == 0 and "[cluster]% device" in r.out and
         "[cluster->device]% get hyper01 category" in r.out and
         "hypervisor" in r.out,
         "-t: piped input is read as from a terminal: prompts", r)
    t.eq(r.err, "unknown command 'bogus' (try 'help')\n",
         "-t: errors as in an interactive session, without the line", )
    r = sb.run("--tty", stdin="device set hyper01 memory 1\nquit\nyes\n")
    t.ok("There are uncommitted changes: device hyper01" in r.out and
         r.rc == 0, "--tty: quit with staged changes asks first", r)
t.done()
