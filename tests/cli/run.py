#!/usr/bin/env python3
"""run.py - transcript tests: runs every tests/cli/*.t case file.

A case file holds many cases.  Lines outside blocks that start with '#'
are comments.  A case:

    ## case NAME                   starts a case (NAME is free text)
    args: -x -q                    words after 'ocmsh -n --example -s STATE
                                   -R ROOT'
                                   (split like a shell would)
    raw: yes                       run 'ocmsh ARGS' alone: no -n, -s, -r
    env: NAME=VALUE                set a variable (repeatable)
    keep: yes                      reuse the previous case's sandbox
    state-before: FILE             copy tests/cli/data/FILE to {STATE}
    file PATH:                     a block: create the file PATH
    sparse PATH: SIZE              the file PATH, "format: 1" then zero bytes
                                   up to SIZE bytes (a sparse file)
    stdin:                         a block: the input (ends with a newline)
    stdin-file: PATH               the input is this file of the source tree
    stdout: / stderr:              a block: the exact expected output
    stdout-has: / stderr-has:      a block: each line must occur in it
    status: N                      expected exit status (default 0)
    state-after: unchanged         {STATE} has the bytes it had before
    state-after: absent            {STATE} does not exist
    state-after: FILE              {STATE} equals tests/cli/data/FILE
    state-after:                   a block: {STATE} equals the block
    file-after PATH: absent        PATH does not exist
    file-after PATH: =FILE         PATH equals tests/cli/data/FILE
    file-after PATH:               a block: PATH holds exactly the block
    untouched: yes                 no file in the sandbox changed, except
                                   lock files (*.lck), and with the state
                                   in etcd, etcd's revision did not move
    backend: file                  the case is about the state file itself
                                   (the loader's input, locks, paths):
                                   not run with the state in etcd

A block is the run of following lines that start with '|': "| text" is
the line "text", a lone "|" an empty line.  Outputs that are not given
must be empty.  Placeholders, in args, env, paths and blocks: {STATE}
(the state file), {STATEREL} (the same without a leading '/', as after
"a/" in a diff header), {ROOT} (the image root), {DIR} (the sandbox,
also HOME), {DATA} (tests/cli/data).

Each case prints one TAP test point per checked thing: status, stdout,
stderr, and every after-check.

With OCMSH_TEST_BACKEND=etcd (tests/etcd/cli-on-etcd.sh) the state is in
etcd (tests/lib/ocmshtest.py): {STATE} is a fresh prefix's etcd:// URL,
a state written before the run (state-before:, file {STATE}:) is brought
in with 'ocmsh -s FILE export URL', and the state-after: checks compare
what 'ocmsh -s URL export FILE' writes back ("absent": the prefix holds
no key).  A case marked 'backend: file' is left out, and so is a case
that keeps its sandbox (keep: yes) after one.
"""

import glob
import os
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, TOP_SRCDIR, Sandbox, on_etcd  # noqa: E402

HERE = os.path.join(TOP_SRCDIR, "tests", "cli")
DATA = os.path.join(HERE, "data")


class Case:
    """One parsed case."""

    def __init__(self, name, where):
        self.name, self.where = name, where
        self.args, self.env, self.files, self.after = "", {}, [], []
        self.raw = self.keep = self.untouched = False
        self.file_only = False
        self.stdin = None
        self.out = {}           # "stdout"/"stderr" -> (mode, text)
        self.status = 0
        self.state_before = None
        self.state_after = None  # ("unchanged"|"absent"|"file"|"text", x)


def parse(path):
    """Parses a case file into a list of Cases."""
    with open(path) as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cases, case, i = [], None, 0
    base = os.path.basename(path)

    def block(i):
        out = []
        while i < len(lines) and lines[i].startswith("|"):
            t = lines[i][1:]
            out.append(t[1:] if t.startswith(" ") else t)
            i += 1
        return "".join(x + "\n" for x in out), i

    while i < len(lines):
        line = lines[i]
        where = "%s:%d" % (base, i + 1)
        i += 1
        if line.startswith("## case "):
            case = Case(line[8:].strip(), where)
            cases.append(case)
            continue
        if line.strip() == "" or line.startswith("#"):
            continue
        if case is None:
            raise SystemExit("%s: text before the first case" % where)
        key, sep, val = line.partition(":")
        val = val.strip()
        if not sep:
            raise SystemExit("%s: expected 'key: value'" % where)
        if key == "args":
            case.args = val
        elif key == "raw":
            case.raw = val == "yes"
        elif key == "keep":
            case.keep = val == "yes"
        elif key == "backend":
            if val != "file":
                raise SystemExit("%s: backend must be 'file'" % where)
            case.file_only = True
        elif key == "untouched":
            case.untouched = val == "yes"
        elif key == "env":
            k, _, v = val.partition("=")
            case.env[k] = v
        elif key == "status":
            case.status = int(val)
        elif key == "state-before":
            case.state_before = val
        elif key.startswith("file "):
            text, i = block(i)
            case.files.append((key[5:].strip(), text))
        elif key.startswith("sparse "):
            case.files.append((key[7:].strip(), int(val)))
        elif key == "stdin":
            case.stdin, i = block(i)
        elif key == "stdin-file":
            with open(os.path.join(TOP_SRCDIR, val)) as f:
                case.stdin = f.read()
        elif key in ("stdout", "stderr", "stdout-has", "stderr-has"):
            text, i = block(i)
            stream, _, mode = key.partition("-")
            case.out[stream] = (mode or "exact", text)
        elif key == "state-after":
            if val in ("unchanged", "absent"):
                case.state_after = (val, None)
            elif val:
                case.state_after = ("file", val)
            else:
                text, i = block(i)
                case.state_after = ("text", text)
        elif key.startswith("file-after "):
            p = key[11:].strip()
            if val == "absent":
                case.after.append((p, None))
            elif val.startswith("="):
                with open(os.path.join(DATA, val[1:])) as f:
                    case.after.append((p, f.read()))
            else:
                text, i = block(i)
                case.after.append((p, text))
        else:
            raise SystemExit("%s: unknown key '%s'" % (where, key))
    return cases


def subst(text, sb):
    """Expands the placeholders."""
    for k, v in (("{STATE}", sb.state),
                 ("{STATEREL}", sb.state.lstrip("/")), ("{ROOT}", sb.root),
                 ("{DIR}", sb.dir), ("{DATA}", DATA)):
        text = text.replace(k, v)
    return text


def snapshot(sb):
    """The sandbox's files, lock files left out."""
    return {k: v for k, v in sb.snapshot().items()
            if not k.endswith(".lck")}


def read_or_none(sb, path):
    """A file's text (the state's YAML for {STATE}), None if absent."""
    try:
        return sb.read(path).decode(errors="replace")
    except FileNotFoundError:
        return None


def run_case(t, case, sb):
    """Runs one case in sandbox sb and checks it."""
    label = "%s %s" % (case.where, case.name)
    if case.state_before:
        with open(os.path.join(DATA, case.state_before), "rb") as f:
            sb.write(sb.state, f.read())
    for p, text in case.files:
        if isinstance(text, int):
            sb.write(subst(p, sb), "format: 1\n")
            os.truncate(subst(p, sb), text)
        else:
            sb.write(subst(p, sb), subst(text, sb))
    before_state = None
    if case.state_after == ("unchanged", None):
        before_state = read_or_none(sb, sb.state)
    before = snapshot(sb) if case.untouched else None
    if case.untouched and on_etcd():
        before_rev = sb.etcd_revision()

    env = dict(os.environ)
    for k in ("OCMSH_STATE", "OCMSH_ROOT", "OCMSH_SYSCONFDIR"):
        env.pop(k, None)
    env["HOME"] = sb.dir
    env["XDG_STATE_HOME"] = os.path.join(sb.dir, "xdg")
    env["OCMSH_SYSCONFDIR"] = os.path.join(sb.dir, "etc")
    env["USER"] = env["LOGNAME"] = "tester"
    for k, v in case.env.items():
        env[k] = subst(v, sb)
    args = [subst(a, sb) for a in shlex.split(case.args)]
    cmd = [OCMSH] + ([] if case.raw else
                     ["-n", "--example", "-s", sb.state, "-R",
                      sb.root]) + args
    try:
        p = subprocess.run(cmd, input=subst(case.stdin or "", sb).encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, timeout=30, cwd=sb.dir)
        rc = p.returncode
        got = {"stdout": p.stdout.decode(errors="replace"),
               "stderr": p.stderr.decode(errors="replace")}
    except subprocess.TimeoutExpired:
        rc, got = "timeout", {"stdout": "", "stderr": ""}

    t.eq(rc, case.status, "%s: status" % label)
    for stream in ("stdout", "stderr"):
        mode, want = case.out.get(stream, ("exact", ""))
        want = subst(want, sb)
        if mode == "exact":
            t.ok(got[stream] == want, "%s: %s" % (label, stream),
                 "--- want\n%s--- got\n%s" % (want, got[stream]))
        else:
            missing = [w for w in want.splitlines() if w not in got[stream]]
            t.ok(not missing, "%s: %s has" % (label, stream),
                 "missing %r in:\n%s" % (missing, got[stream]))
    if case.state_after:
        kind, x = case.state_after
        now = read_or_none(sb, sb.state)
        if kind == "unchanged":
            t.ok(now == before_state, "%s: state file unchanged" % label,
                 "--- before\n%s--- after\n%s" % (before_state, now))
        elif kind == "absent":
            t.ok(now is None, "%s: no state file" % label, now)
        else:
            if kind == "file":
                with open(os.path.join(DATA, x)) as f:
                    x = f.read()
            x = subst(x, sb)
            t.ok(now == x, "%s: state file" % label,
                 "--- want\n%s--- got\n%s" % (x, now))
    for p, want in case.after:
        now = read_or_none(sb, subst(p, sb))
        if want is None:
            t.ok(now is None, "%s: %s absent" % (label, p), now)
        else:
            want = subst(want, sb)
            t.ok(now == want, "%s: %s" % (label, p),
                 "--- want\n%s--- got\n%s" % (want, now))
    if case.untouched:
        after = snapshot(sb)
        changed = sorted(k for k in set(before) | set(after)
                         if before.get(k) != after.get(k))
        t.ok(not changed, "%s: no file changed" % label,
             "changed: %s" % changed)
        if on_etcd():
            t.eq(sb.etcd_revision(), before_rev,
                 "%s: nothing written to etcd" % label)


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, "*.t")))
    t = TAP()
    for path in files:
        sb = None
        skipping = False
        for case in parse(path):
            if on_etcd():
                skipping = case.file_only or (case.keep and skipping)
                if skipping:
                    continue
            if sb is None or not case.keep:
                if sb is not None:
                    sb.__exit__(None, None, None)
                sb = Sandbox().__enter__()
            try:
                run_case(t, case, sb)
            except RuntimeError as e:   # etcd: the state did not go in
                t.ok(False, "%s %s: run" % (case.where, case.name), e)
        if sb is not None:
            sb.__exit__(None, None, None)
    t.done()


if __name__ == "__main__":
    main()
