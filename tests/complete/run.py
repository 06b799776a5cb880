#!/usr/bin/env python3
"""Runs the completion table tests/complete/cases.txt through
`ocmsh --complete` (TAP).

Each case is one line:

    [SETUP :: [SETUP :: ...]] LINE<TAB> OP CANDIDATES

Each SETUP (optional) is a command line run first in the same session (so
staged changes exist, as in an interactive session); LINE is the line
being typed, up to the cursor (it may end in a space).  OP is
    ->   the candidates are exactly these (sorted as given)
    ~>   the candidates include these
    !>   the candidates include none of these
CANDIDATES are separated by blanks; (none) is the empty list.  Blank lines
and lines starting with '#' are ignored.

The cases run in a scratch folder holding a few files for file-name
completion (see FIXTURE), with a fresh state (the built-in example
cluster).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))

from ocmshtest import TAP, Sandbox, TOP_SRCDIR  # noqa: E402

FIXTURE = {
    "scripts/seed.ocmsh": "device\n",
    "scripts/other.txt": "",
    "dumps/hyper01.dump": "",
    "dumps/hyper02.dump": "",
    "names.txt": "hyper01\n",
    ".hidden": "",
}

OPS = ("->", "~>", "!>")


def parse(path):
    """Yields (line number, setup, line, op, candidates) per case."""
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            text = raw.rstrip("\n")
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            if "<TAB>" not in text:
                raise SystemExit("%s:%d: no <TAB>" % (path, n))
            head, tail = text.split("<TAB>", 1)
            tail = tail.strip()
            op = tail[:2]
            if op not in OPS:
                raise SystemExit("%s:%d: expected one of %s after <TAB>"
                                 % (path, n, " ".join(OPS)))
            cands = tail[2:].split()
            if cands == ["(none)"]:
                cands = []
            parts = head.split(" :: ")
            yield n, parts[:-1], parts[-1], op, cands


def main():
    t = TAP()
    cases = os.path.join(TOP_SRCDIR, "tests", "complete", "cases.txt")
    with Sandbox() as sb:
        cwd = os.path.join(sb.dir, "cwd")
        for rel, data in FIXTURE.items():
            sb.write(os.path.join(cwd, rel), data)
        os.chdir(cwd)
        total = 0
        for n, setup, line, op, want in parse(cases):
            total += 1
            r = sb.run("--complete", "\n".join(setup + [line]))
            got = r.out.splitlines()
            name = "cases.txt:%d: %s<TAB>" % (n, " :: ".join(setup + [line]))
            if r.rc != 0 or r.err:
                t.ok(False, name, r)
                continue
            if op == "->":
                t.eq(got, want, name)
            elif op == "~>":
                missing = [w for w in want if w not in got]
                t.ok(not missing, name, "missing %r in %r" % (missing, got))
            else:
                extra = [w for w in want if w in got]
                t.ok(not extra, name, "unexpected %r in %r" % (extra, got))
            # candidates are always sorted and unique
            if got != sorted(set(got)):
                t.ok(False, name + " (sorted, unique)", got)
        t.ok(total >= 100, "the table holds %d cases" % total)
        # a failing setup line is reported, not completed after
        r = sb.run("--complete", "device\nuse nosuchnode\nset ")
        t.eq(r.rc, 1, "--complete: a failing setup line exits 1")
        t.contains(r.err, "ocmsh: --complete:2:", "...naming its line")
        t.eq(r.out, "", "...and prints no candidates")
        # completion never writes the state
        r = sb.run("--complete", "openstack flavors\nclone m1.small x\nset x ")
        t.ok(r.rc == 0 and not os.path.exists(sb.state),
             "--complete after staged changes writes nothing")
    t.done()


main()
