#!/usr/bin/env python3
"""test_values.py - every property against valid and hostile values.

For every property of every object type (found by walking the modes that
'help' lists, and the properties each mode's 'help' lists), a fixed set
of words is tried, each in its own commit.  Each word must either be
refused at 'set' (nothing staged), or be committed so that the next start
loads it and 'get' and 'show' print what they printed before the commit,
or be staged and then refused by the commit's validation (nothing
written).  The state file must load at every start, and words set takes
are never dropped in silence.  Then names: every name add takes can be
selected and removed again, and a name that differs from another only in
case is refused.

The cases run as a chain of ocmsh processes: each one loads the state
the previous one wrote, checks the previous case, then rolls back to the
base state, stages the next case on it and commits.  -x echoes every
command, so the output of each is known.
"""

import json
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

# Words for every property: numbers at and past the edges of every kind,
# the words YAML and JSON read as something else, quoting and syntax
# characters, control characters (C0, DEL, C1 and the Unicode line
# separators), non-ASCII, node-set and command syntax, paths that climb,
# and a long word.  Line breaks, NUL and bytes that are not UTF-8 come
# from files (@FILE), as no input line can hold them.
GENERIC = [
    "x", "", " lead", "0", "-1", "007", "1.5", "1e3", "nan", "0x1F",
    "10de", "8086", "true", "yes", "null", "~", "a: b", "- a", "#x", "[x]",
    "{}", "*a", "!t", "'q'", '"q"', "a\\b", "tab\there", "a=b", "/",
    "/../../etc", "/a/..", "/a..b/c", "\u00fcn\u00efcode \u4e2d",
    "ctl\x01x", "del\x7f", "esc\x1b[2J", "c1\u0085x", "ls\u2028x",
    "ps\u2029", "cr\rx", "9223372036854775808", "65536", "type-PF",
    "2023.1", "default-image", "hyper0[1-2]", "hyper01..hyper02", "a..b",
    "..", "a,b", "^x", "-x", "*", "@", "RetryFilter",
]

# JSON words, for the whitelist and the maps (extraspecs, metadata).
JSON = [
    '{"vendor_id":"10de","product_id":"1024"}',
    '{"vendor_id":8086,"t":true,"f":false,"n":null,"r":1.5,"s":"5"}',
    '{"address":{"domain":"0000","bus":"86","slot":"00","function":"0"},'
    '"physical_network":null}',
    '{"address":"0000:86:00.*"}', '{"address":{"bus":86}}',
    '{"address":{"x":"1"}}', '{"x":{"y":1}}', '{"a":[1]}',
    '[{"a":"b"},{"c":"d"}]', '[1]', '{"a":"b","a":"c"}', '{"":""}',
    '{"a":"x\\ny"}', '{"a":1e400}', '{"a":0.1,"n":"007"}',
    'pci_passthrough:alias=a1:1', 'k=v w', 'k=', 'notjson',
]

SEED = 20260101

# The base state: one object in every collection.
SETUP = ("openstack hostaggregates\nadd agg1\nopenstack pcialiases\nadd a1\n"
         "set vendorid 10de\nset productid 1024\nhome\ncommit\n")


def quote(word):
    """The word as the tokenizer reads it back: single quotes."""
    return "'" + word.replace("'", "'\\''") + "'"


def sections(text):
    """help's output as {section title: [(name, help)]}."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^=+ (.*?) =+$", line)
        if m:
            cur = out.setdefault(m.group(1), [])
            continue
        m = re.match(r"^(\S+) \.+ (.*)$", line)
        if m and cur is not None:
            cur.append((m.group(1), m.group(2)))
    return out


class Chain:
    """Runs the cases as a chain of processes on one sandbox."""

    def __init__(self, sb, t):
        self.sb, self.t = sb, t

    def run(self, lines):
        """Runs lines in one process; returns (outputs per line, stderr,
        the numbers of the lines that failed, whether the state loaded)."""
        r = self.sb.run("-x", stdin="".join(l + "\n" for l in lines))
        outs, cur, i = [], None, 0
        # only "\n" ends a line: splitlines() would also split at the
        # separators and control characters the words hold
        out = r.out[:-1] if r.out.endswith("\n") else r.out
        for line in out.split("\n"):
            if i < len(lines) and line.endswith("% " + lines[i]):
                cur = []
                outs.append(cur)
                i += 1
            elif cur is not None:
                cur.append(line)
        # a commit whose cloud (openstack cloud) cannot be brought in
        # line has committed all the same: that error is no failure here
        failed = {int(n) for n, msg in re.findall(r"^ocmsh: -:(\d+): (.*)",
                                                  r.err, re.M)
                  if not re.match(r"(no )?cloud '", msg)}
        # a state that does not load stops ocmsh before the first command
        return outs, r.err, failed, len(outs) > 0


def revision(sb):
    """The revision of the state file."""
    with open(sb.state) as f:
        return int(re.search(r"^revision: (\d+)$", f.read(), re.M).group(1))


def walk(sb):
    """The modes: [(mode words, object or None, [(property, help)])]."""
    found, todo = [], [[]]
    while todo:
        path = todo.pop(0)
        r = sb.run(stdin="".join(w + "\n" for w in path) + "help\n")
        secs = sections(r.out)
        title = path[-1] if path else "Top"
        mode = secs.get(title, [])
        for name, text in mode:
            if text.startswith("Enter ") and name not in path:
                todo.append(path + [name])
        props = []
        for k, v in secs.items():
            if k.endswith(" properties"):
                props = v
        if not path or not props:
            continue
        obj = None
        if any(n == "use" for n, _ in mode):
            # the first property is the key
            lst = sb.run(stdin="".join(w + "\n" for w in path) +
                         "list -f %s:40\n" % props[0][0])
            rows = lst.out.splitlines()
            obj = rows[2].strip() if len(rows) > 2 else None
            if obj is None:
                continue
        found.append((path, obj, props))
    return found


def cases(modes, sb):
    """The (mode, object, property, words) to try, in a fixed order."""
    rnd = random.Random(SEED)
    files = []
    for i, text in enumerate([b"multi\nline", b"ctl\x01\x7f", b"a\x00b",
                              "\u00fc\n".encode(), b"x" * 4000,
                              b"caf\xe9", b"\xff\xfe", b"a\rb", b"\xc3",
                              "x\u2028y".encode(), b"k=caf\xe9",
                              b"{\n  \"vendor_id\": \"10de\"\n}\n",
                              b"{\"a\":\"b\\nc\"}",
                              b"[{\"a\":\"b\"},\n {\"c\":\"d\"}]"]):
        p = os.path.join(sb.dir, "v%d" % i)
        sb.write(p, text)
        files.append("@" + p)
    out = []
    for path, obj, props in modes:
        for prop, text in props:
            json = "JSON" in text
            words = [[w] for w in GENERIC + (JSON if json else []) + files]
            words.append(["a", "b"])
            words.append(["x", "x"])
            words.append(["RetryFilter", "RetryFilter"])
            words.append(["".join(rnd.choice("ab:,=-[]{}\" \\'#")
                                  for _ in range(rnd.randrange(1, 12)))])
            for w in words:
                out.append((path, obj, prop, w))
    return out


def verify_lines(prev):
    """The commands that check the previous case after a fresh load."""
    if prev is None:
        return []
    p, obj, prop, _ = prev[0]
    return p + (["use " + obj] if obj else []) + ["get " + prop, "show",
                                                  "home"]


def apply_lines(case, base):
    """Back to the base state (committed), then the case's set and commit.
    Returns the lines and the index of the case's first command."""
    p, obj, prop, words = case
    lines = ["rollback %d" % base, "home", "commit"]
    return lines + p + (["use " + obj] if obj else []) + \
        ["get " + prop, "show",
         "set " + prop + " " + " ".join(map(quote, words)),
         "get " + prop, "show", "home", "commit"], len(lines)


class Files:
    """A copy of the sandbox's state, history and image root."""

    def __init__(self, sb):
        self.sb = sb
        self.dir = os.path.join(sb.dir, "saved")
        self.parts = [os.path.dirname(sb.state), sb.root]
        for i, d in enumerate(self.parts):
            shutil.copytree(d, os.path.join(self.dir, str(i)))

    def restore(self):
        for i, d in enumerate(self.parts):
            shutil.rmtree(d)
            shutil.copytree(os.path.join(self.dir, str(i)), d)


def main():
    t = TAP()
    with Sandbox() as sb:
        setup = sb.run(stdin=SETUP)
        t.eq(setup.rc, 0, "the base state commits")
        modes = walk(sb)
        names = {" ".join(p) for p, _, _ in modes}
        t.ok({"device", "softwareimage", "openstack flavors",
              "openstack hostaggregates", "openstack pcialiases",
              "openstack settings compute"} <= names,
             "every mode with properties is found", names)
        chain = Chain(sb, t)
        todo = cases(modes, sb)
        saved, base0 = Files(sb), revision(sb)
        base = base0
        prev = None     # (case, before, staged, outcome, stderr)
        readonly = set()
        for case in todo + [None]:
            if case is not None and key_of(case) in readonly:
                continue        # a key or a read-only property: tried
            verify = verify_lines(prev)
            lines, first = apply_lines(case, base) if case else ([], 0)
            outs, err, failed, loaded = chain.run(verify + lines)
            if prev is not None:
                check(t, prev, outs, err, loaded)
            if case is None:
                break
            first += len(verify)
            if first in failed or not loaded:
                # the previous case left a state that does not load (the
                # check said so) or cannot commit again (the restore's
                # commit is line first): go on from a copy of the base
                if loaded:
                    t.ok(False, "%s: the base state commits after it" %
                         name_of(prev), err)
                saved.restore()
                base = base0
                lines, first = apply_lines(case, base)
                outs, err, failed, loaded = chain.run(lines)
            prev = outcome_of(case, outs, err, failed, loaded, first)
            if prev is not None:
                base = revision(sb) - (prev[3] == "committed")
                if "property '%s' is read-only" % case[2] in err:
                    readonly.add(key_of(case))
        check_names(t, modes)
        t.done()


# Names for add: node-set and command syntax, case, control characters.
NAMES = [
    "ok-name.1", "..", ".", "a..b", "n[1-2]", "a]", "a,b", "^x", "x^", "-x",
    "*", "@x", "#x", "!x", "a;b", "a(b", "a)b", "a|b", "a>b", 'a"b', "a'b",
    "a\\b", "a b", "a/b", "a:b", "tab\tx", "ctl\x01", "c1\u0085",
    "ls\u2028", "\u00fcn\u00efcode", "A-Upper", "a-upper", "x1..x2",
]


def check_names(t, modes):
    """Every name add takes, use and remove address: add NAME either is
    refused, or the object can be selected, removed, and then nothing is
    staged; and a name that differs from one there only in case is
    refused."""
    with Sandbox() as sb:
        sb.run(stdin=SETUP)
        for path, obj, props in modes:
            if obj is None:
                continue
            lines = []
            for name in NAMES:
                q = quote(name)
                lines += ["home"] + path + ["add " + q, "home"] + path + \
                    ["use " + q, "home"] + path + ["remove " + q]
            lines += ["home"] + path + ["add " + quote(obj.upper())]
            lines += ["home", "modified"]
            r = sb.run("-x", stdin="".join(l + "\n" for l in lines))
            failed = {int(n) for n in re.findall(r"^ocmsh: -:(\d+):",
                                                 r.err, re.M)}
            mode = " ".join(path)
            n, p = 1, len(path)        # line numbers count from 1
            for name in NAMES:
                add, use, rm = n + p + 1, n + 2 * p + 3, n + 3 * p + 5
                if add not in failed:
                    t.ok(use not in failed and rm not in failed,
                         "%s: add %r, then use and remove it" % (mode, name),
                         r.err)
                n += 3 * p + 6
            t.ok(n + p + 1 in failed, "%s: add %r next to %r is "
                 "refused" % (mode, obj.upper(), obj), r.err)
            t.ok("No modified objects" in r.out, "%s: nothing is left "
                 "staged" % mode, r.out + r.err)


def key_of(case):
    """The mode, object and property of a case."""
    return (" ".join(case[0]), case[1], case[2])


def name_of(prev):
    """The test point name of a case."""
    path, _, prop, words = prev[0]
    return "%s %s %r: %s" % (" ".join(path), prop, words, prev[3])


def outcome_of(case, outs, err, failed, loaded, first):
    """(case, before, staged, outcome, stderr) of a case just run."""
    if not loaded:
        return None
    path, obj, _, _ = case
    n = first + len(path) + (1 if obj else 0)
    before = tuple(outs[n:n + 2]) if len(outs) >= n + 2 else None
    staged = tuple(outs[n + 3:n + 5]) if len(outs) >= n + 5 else None
    if n + 3 in failed:             # the set (line numbers from 1)
        outcome = "refused"
    elif n + 7 in failed:           # the commit
        outcome = "invalid"
    else:
        outcome = "committed"
    return (case, before, staged, outcome, err)


def canon(out):
    """Output lines with each JSON object's keys sorted: the state file
    holds a map's keys sorted, so that is how they come back."""
    if out is None:
        return None

    def one(line):
        i = line.find("{")
        if i < 0:
            return line
        try:
            v = json.loads(line[i:])
        except ValueError:
            return line
        return line[:i] + json.dumps(v, sort_keys=True)
    return tuple(tuple(one(l) for l in o) for o in out)


def check(t, prev, outs, err, loaded):
    """Checks a case in the process that loaded what it committed."""
    case, before, staged, outcome, err0 = prev
    path, obj, prop, words = case
    name = name_of(prev)
    if not t.ok(loaded and len(outs) >= len(path) + 3, name +
                ", the state loads", err):
        return
    n = len(path) + (1 if obj else 0)
    after = canon(tuple(outs[n:n + 2]))
    before, staged = canon(before), canon(staged)
    if outcome == "refused":
        t.ok(staged == before and after == before, name + ", nothing "
             "changed", "before: %r\nstaged: %r\nafter: %r\n%s" %
             (before, staged, after, err0))
    elif outcome == "invalid":
        t.ok(after == before, name + ", nothing written",
             "before: %r\nafter: %r\n%s" % (before, after, err0))
    else:
        t.ok(after == staged, name + ", loaded as set",
             "staged: %r\nafter: %r\n%s" % (staged, after, err0))
    if outcome != "refused" and all(w not in ("", "{}", "[]")
                                    for w in words):
        # words set takes are never dropped in silence (text that is not
        # UTF-8 once vanished, and a map lost the key that held it)
        t.ok(staged is not None and any(staged[0]), name + ", set took "
             "something", "staged: %r\n%s" % (staged, err0))


if __name__ == "__main__":
    main()
