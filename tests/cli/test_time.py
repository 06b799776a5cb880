#!/usr/bin/env python3
"""test_time.py - time CMD prints "time: 0.108s" after the command's output
(BCM AM 2.5.5 "The time Command": "[basecm11->device]% time ds node001" /
"node001 .... [ UP ]" / "time: 0.108s"); the seconds vary, so a
transcript cannot hold them.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

TIME = re.compile(r"^time: \d+\.\d{3}s$")
t = TAP()

with Sandbox() as sb:
    r = sb.run("-c", "device; time get hyper01 hostname")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and len(lines) == 2 and lines[0] == "hyper01" and
         TIME.match(lines[1]), "time CMD: the output, then time: N.NNNs", r)
    r = sb.run("-c", "time device foreach -n hyper[01-02] (get hostname)")
    lines = r.out.splitlines()
    t.ok(r.rc == 0 and lines[:2] == ["hyper01", "hyper02"] and
         TIME.match(lines[2]), "time takes a mode word, a body", r)
    r = sb.run("-x", "-c", "device; time use hyper01; get hostname")
    lines = r.out.splitlines()
    t.ok(lines[-2:] == ["[cluster->device[hyper01]]% get hostname",
                        "hyper01"],
         "time use: the command navigates as without time", r)
    r = sb.run("-c", "time bogus; time")
    t.ok(r.rc == 1 and TIME.match(r.out.strip()) and
         "unknown command 'bogus'" in r.err and
         "wrong number of arguments to 'time'" in r.err,
         "a failing command fails time too (after its time)", r)
    r = sb.run("-c", "device; time set hyper01 memory x; modified")
    t.ok("No modified objects of type device" in r.out,
         "...and stages nothing", r)
t.done()
