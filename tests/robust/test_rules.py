#!/usr/bin/env python3
"""One rule per kind of value and per kind of name, the same at `set`, at
`add`/`clone`, when the state file is read and when importnovaconf reads a
nova.conf (ocmsh(1) VALUES and NAMES): text that is not UTF-8, a control
character or line break, a name that the node-set syntax or the command
language reads as something else, a name that differs from another only in
case, a duplicate in a list that takes each value once and '..' in an image
path are refused with one clear error naming the culprit (and its byte, or
FILE:LINE:COL), and nothing is staged or written.  Also the reader's own
limits: a NUL byte in an input line, foreach nested too deeply, a folder
given as a script."""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
from ocmshtest import TAP, Sandbox  # noqa: E402

t = TAP()


def run_bytes(sb, script, *args, timeout=60):
    """Runs a script given as bytes on stdin (Latin-1, NUL and control
    bytes survive); a Result whose err keeps undecodable bytes as \\xNN."""
    import subprocess
    from ocmshtest import OCMSH, Result
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e.pop("OCMSH_ROOT", None)
    p = subprocess.run([OCMSH, "-n", "--example", "-s", sb.state, "-R",
                        sb.root] + list(args), input=script,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=e, timeout=timeout)
    return Result(p.returncode, p.stdout.decode(errors="backslashreplace"),
                  p.stderr.decode(errors="backslashreplace"))


def committed(sb):
    """Commits the built-in cluster once: the state file exists."""
    r = sb.run("-c", "commit")
    assert r.rc == 0, r
    return sb.read(sb.state).decode()


# ---- set: text that is not UTF-8 is refused with its byte ----
with Sandbox() as sb:
    base = committed(sb)
    r = run_bytes(sb, b"device\nset hyper01 category caf\xe9\n"
                  b"get hyper01 category\n")
    t.eq(r.rc, 1, "set category Latin-1: exit 1")
    t.contains(r.err, "invalid value 'caf\\xe9' for property 'category': "
               "not valid UTF-8 at byte 4", "set Latin-1: the byte named")
    t.ok(r.out.endswith("get hyper01 category\nhypervisor\n"),
         "set Latin-1: nothing staged", r)
    r = run_bytes(sb, b"openstack flavors\nset m1.small extraspecs "
                  b"note=caf\xe9 gpu=true\ncommit\n")
    t.eq(r.rc, 1, "extraspecs note=Latin-1 gpu=true: exit 1")
    t.contains(r.err, "'note=caf\\xe9' for property 'extraspecs': not valid "
               "UTF-8 at byte 9", "extraspecs Latin-1: the byte named")
    r = run_bytes(sb, b"openstack flavors\nset m1.small extraspecs "
                  b"n\xe9=1 gpu=true\ncommit\n")
    t.eq(r.rc, 1, "extraspecs Latin-1 key: exit 1")
    r = run_bytes(sb, b"openstack settings compute\nremovefrom "
                  b"schedulerfilters caf\xe9\n")
    t.eq(r.rc, 1, "removefrom Latin-1: exit 1, not a silent 0")
    t.contains(r.err, "invalid value 'caf\\xe9' for property "
               "'schedulerfilters': not valid UTF-8 at byte 4",
               "removefrom Latin-1: the byte named")
    t.eq(sb.read(sb.state).decode(), base, "Latin-1: nothing committed")
    v = os.path.join(sb.dir, "latin1")
    sb.write(v, b"caf\xe9\n")
    r = sb.run("-c", "device; set hyper01 category @%s; commit" % v)
    t.eq(r.rc, 1, "@FILE holding Latin-1: exit 1")
    t.contains(r.err, "not valid UTF-8 at byte 4", "@FILE Latin-1: byte")
    sb.write(v, b"hyper\xff01\n")
    r = sb.run("-q", "-c", "openstack hostaggregates; add agg; "
               "set nodes ^%s; commit" % v)
    t.eq(r.rc, 1, "node list ^FILE holding Latin-1: exit 1")
    t.eq(sb.read(sb.state).decode(), base, "@FILE: nothing committed")

# ---- set: control characters and line breaks, anywhere in a value ----
with Sandbox() as sb:
    base = committed(sb)
    v = os.path.join(sb.dir, "v")
    cases = [
        ("category", b"multi\nline", "control character U+000A at byte 6"),
        ("category", b"tab\there", "control character U+0009 at byte 4"),
        ("category", b"nul\x00x", "control character U+0000 at byte 4"),
        ("category", b"del\x7f", "control character U+007F at byte 4"),
        ("category", "c1\u0085x".encode(), "control character U+0085 at "
         "byte 3"),
        ("category", "ls\u2028x".encode(), "line separator U+2028 at byte 3"),
    ]
    for prop, text, why in cases:
        sb.write(v, text)
        r = sb.run("-c", "device; set hyper01 %s @%s" % (prop, v))
        t.eq(r.rc, 1, "set %s %r: exit 1" % (prop, text))
        t.contains(r.err, why, "set %s %r: %s" % (prop, text, why))
    # a value's own bytes are never echoed raw
    sb.write(v, b"a\nb")
    r = sb.run("-c", "device; set hyper01 category @%s" % v)
    t.contains(r.err, "invalid value 'a\\x0ab'", "the message escapes it")
    for label, script in [
        ("a filter", "openstack settings compute; set schedulerfilters "
         "RetryFilter @%s" % v),
        ("a map value", "openstack flavors; set m1.small extraspecs "
         "'{\"k\":\"a\\nb\"}'"),
        ("a map key", "openstack flavors; set m1.small extraspecs "
         "'{\"a\\nb\":\"1\"}'"),
        ("a JSON string", "openstack settings compute; set "
         "pcipassthroughwhitelist '{\"vendor_id\":\"10de\\n[database]\"}'"),
        ("a JSON key", "openstack settings compute; set "
         "pcipassthroughwhitelist '{\"a\\tb\":\"1\"}'"),
        ("a joined string", "device; set hyper01 kernelparameters a @%s" % v),
    ]:
        r = sb.run("-c", script + "; commit")
        t.eq(r.rc, 1, "%s with a line break: exit 1" % label)
        t.contains(r.err, "control character U+00", "%s: the reason" % label)
    t.eq(sb.read(sb.state).decode(), base, "control characters: nothing "
         "committed")
    t.ok("[database]" not in sb.read(sb.nova_conf()).decode(),
         "nova.conf holds no injected header")

# ---- set: '..' in an image path ----
with Sandbox() as sb:
    base = committed(sb)
    for path in ("/../escaped", "/cm/images/../../x", "/a/..", "/.."):
        r = sb.run("-c", "softwareimage; set default-image path %s; commit"
                   % path)
        t.eq(r.rc, 1, "path %s: exit 1" % path)
        t.contains(r.err, "invalid value '%s' for property 'path': '..' "
                   "is not allowed in a path" % path, "path %s: why" % path)
    t.eq(sb.read(sb.state).decode(), base, "'..' paths: nothing committed")
    t.ok(not os.path.exists(os.path.join(sb.dir, "escaped")),
         "nothing was written outside the root")
    r = sb.run("-c", "softwareimage; set default-image path /a..b/c.../..x; "
               "get default-image path")
    t.eq((r.err, r.out), ("ocmsh: input ended with uncommitted changes, "
                          "discarded: softwareimage default-image\n",
                          "/a..b/c.../..x\n"), "'..' inside a name is fine")

# ---- set: a list that takes each value once ----
with Sandbox() as sb:
    r = sb.run("-c", "device; set hyper01 roles openstackcompute "
               "openstackcompute")
    t.eq(r.rc, 1, "set roles twice: exit 1")
    t.contains(r.err, "'openstackcompute' is already in 'roles' (it may "
               "appear only once)", "set roles twice: the message")

# ---- add, clone: names that cannot be addressed ----
BAD_NAMES = [
    ("..", "'..'"), ("a..b", "'..'"), ("n[1-2]", "'['"), ("a]", "']'"),
    ("a,b", "','"), ("^x", "'^'"), ("-x", "'-'"), ("*", "'*'"),
    ("@x", "'@'"), (".", "'.'"), ("'a;b'", "';'"), ("'a(b'", "'('"),
    ("'a)b'", "')'"), ("'a|b'", "'|'"), ("'a>b'", "'>'"),
    ("'a\"b'", "'\"'"), ("\"a'b\"", "'''"), ("'a\\b'", "'\\'"),
    ("'a b'", "blank"), ("'!x'", "'!'"), ("'#x'", "'#'"), ("a/b", "'/'"),
]
with Sandbox() as sb:
    base = committed(sb)
    for word, why in BAD_NAMES:
        r = sb.run("-c", "device; add %s" % word)
        t.eq(r.rc, 1, "add %s: exit 1" % word)
        t.ok("invalid device name" in r.err and why in r.err,
             "add %s: refused naming %s" % (word, why), r.err)
        r = sb.run("-c", "device; clone hyper01 %s" % word)
        t.ok(r.rc == 1 and "invalid device name" in r.err,
             "clone hyper01 %s: refused" % word, r.err)
    for word in ("Hyper01", "HYPER01"):
        r = sb.run("-c", "device; add %s" % word)
        t.eq(r.rc, 1, "add %s: exit 1" % word)
        t.contains(r.err, "device '%s' differs from 'hyper01' only in case"
                   % word, "add %s: the clash is named" % word)
        r = sb.run("-c", "device; clone hyper02 %s" % word)
        t.contains(r.err, "differs from 'hyper01' only in case",
                   "clone hyper02 %s: refused" % word)
    r = sb.run("-c", "openstack flavors; add M1.Small")
    t.contains(r.err, "flavor 'M1.Small' differs from 'm1.small' only in "
               "case", "flavors: the same rule")
    r = run_bytes(sb, b"device\nadd caf\xe9\n")
    t.contains(r.err, "invalid device name 'caf\\xe9': not valid UTF-8 at "
               "byte 4", "add Latin-1: refused with the byte")
    r = sb.run("-c", "device; add node-1.x_y:z; add caf\u00e9; "
               "remove node-1.x_y:z caf\u00e9; commit")
    t.ok(r.rc == 0, "ordinary names still work", r)
    t.eq(sb.read(sb.state).decode(), base, "bad names: nothing committed")
    r = sb.run("-c", "openstack pcialiases; add 'gpu p100'")
    t.contains(r.err, "invalid pcialias name 'gpu p100'", "alias names: "
               "blanks refused")
    r = sb.run("-c", "openstack pcialiases; add a:b")
    t.contains(r.err, "invalid PCI alias name 'a:b'", "alias names: the "
               "type's own rule too")

# ---- the loader: the same rules as set and add ----
with Sandbox() as sb:
    base = committed(sb)
    LOAD = [
        ("a name with node-set syntax", ("  hyper04:\n", "  'a,b':\n"),
         "invalid device name 'a,b'"),
        ("a name with '..'", ("  hyper04:\n", "  a..b:\n"),
         "invalid device name 'a..b'"),
        ("a name with a control character", ("  hyper04:\n",
                                             "  \"hy\\tper\":\n"),
         "invalid device name 'hy\\x09per'"),
        ("names that differ in case", ("  hyper04:\n", "  Hyper01:\n"),
         "device 'Hyper01' differs from 'hyper01' only in case"),
        ("a duplicate list entry", ("roles: [openstackcontroller]",
                                    "roles: [openstackcontroller, "
                                    "openstackcontroller]"),
         "'openstackcontroller' is already in 'roles'"),
        ("a duplicate filter", ("[RetryFilter, ", "[RetryFilter, "
                                "RetryFilter, "),
         "'RetryFilter' is already in 'schedulerfilters'"),
        ("a line break in a value", ("category: controller",
                                     "category: \"a\\n[database]\""),
         "control character U+000A at byte 2"),
        ("a line break in a filter", ("[RetryFilter, ",
                                      "[\"Retry\\n[database]\", "),
         "control character U+000A at byte 6"),
        ("a NUL in a value", ("category: controller",
                              "category: \"a\\0b\""),
         "control character U+0000 at byte 2"),
        ("a C1 control in a value", ("category: controller",
                                     "category: \"a\\x85b\""),
         "control character U+0085 at byte 2"),
        ("a control character in a map key", ("disk: 80\n",
                                              "disk: 80\n        "
                                              "extraspecs: {\"a\\rb\": "
                                              "x}\n"),
         "control character U+000D at byte 2"),
        ("'..' in a path", ("path: /cm/images/default-image",
                            "path: /cm/images/../../escaped"),
         "'..' is not allowed in a path"),
        ("a line break in a whitelist", ("release: newton\n",
                                         "release: newton\n        "
                                         "pcipassthroughwhitelist: "
                                         "[{vendor_id: \"10de\\n\"}]\n"),
         "control character U+000A"),
    ]
    for label, (old, new), why in LOAD:
        assert old in base, old
        text = base.replace(old, new, 1)
        sb.write(sb.state, text)
        r = sb.run("-c", "device; set hyper01 category x; commit")
        t.eq(r.rc, 1, "load %s: exit 1" % label)
        m = re.search(re.escape(sb.state) + r":(\d+):(\d+): (.*)", r.err)
        t.ok(m is not None and why in m.group(3), "load %s: FILE:LINE:COL: "
             "%s" % (label, why), r.err)
        t.eq(sb.read(sb.state).decode(), text, "load %s: the file is kept"
             % label)
        t.ok("[database]" not in sb.read(sb.nova_conf()).decode(),
             "load %s: nova.conf untouched" % label)
    sb.write(sb.state, base.replace("category: controller",
                                    "category: caf\u00e9"))
    r = sb.run("-c", "device; get controller01 category")
    t.eq((r.rc, r.out), (0, "caf\u00e9\n"), "load: UTF-8 text is fine")

# ---- importnovaconf: the same rules ----
CONF = "[DEFAULT]\nscheduler_default_filters = RetryFilter\n"
IMPORTS = [
    ("an alias name with a blank",
     'pci_alias = {"name": "gpu p100", "vendor_id": "10de", '
     '"product_id": "15f8"}\n', 3,
     "PCI alias 'gpu p100': invalid pcialias name 'gpu p100'"),
    ("an alias name with ':'",
     'pci_alias = {"name": "ok", "vendor_id": "10de", '
     '"product_id": "15f8"}\n'
     'pci_alias = {"name": "a:b", "vendor_id": "10de", '
     '"product_id": "15f8"}\n', 4,
     "PCI alias 'a:b': invalid PCI alias name 'a:b'"),
    ("alias names that differ in case",
     'pci_alias = {"name": "gpu", "vendor_id": "10de", '
     '"product_id": "15f8"}\n'
     'pci_alias = {"name": "GPU", "vendor_id": "10de", '
     '"product_id": "1024"}\n', 4,
     "pcialias 'GPU' differs from 'gpu' only in case"),
    ("an alias name with a control character",
     'pci_alias = {"name": "a\\u000ab", "vendor_id": "10de", '
     '"product_id": "15f8"}\n', 3,
     "invalid pcialias name 'a\\x0ab'"),
    ("a continued available_filters value",
     "scheduler_available_filters = nova.scheduler.filters.all_filters\n"
     "  [database]\n", 3,
     "control character U+000A"),
    ("a filter that is not UTF-8",
     b"scheduler_available_filters = caf\xe9\n", 3,
     "not valid UTF-8 at byte 4"),
    ("an enabled filter that is not UTF-8",
     b"scheduler_default_filters = RetryFilter,caf\xe9\n", 3,
     "not valid UTF-8 at byte 4"),
    ("a whitelist string with a line break",
     'pci_passthrough_whitelist = {"vendor_id": "10de\\n"}\n', 3,
     "control character U+000A"),
]
for label, extra, line, why in IMPORTS:
    with Sandbox() as sb:
        base = committed(sb)
        conf = sb.nova_conf()
        data = CONF.encode() + (extra if isinstance(extra, bytes)
                                else extra.encode())
        sb.write(conf, data)
        r = sb.run("-q", "-c",
                   "openstack importnovaconf default-image; commit")
        t.eq(r.rc, 1, "import %s: exit 1" % label)
        t.contains(r.err, "%s:%d: " % (conf, line), "import %s: FILE:LINE"
                   % label)
        t.contains(r.err, why, "import %s: %s" % (label, why))
        t.eq(sb.read(sb.state).decode(), base, "import %s: nothing "
             "committed" % label)
        r = sb.run("-c", "device; get hyper01 category")
        t.ok((r.rc, r.out) == (0, "hypervisor\n"), "import %s: the state "
             "still loads" % label, r)
with Sandbox() as sb:
    committed(sb)
    sb.write(sb.nova_conf(), CONF + 'pci_alias = {"name": "gpu-p100",\n'
             '  "vendor_id": "10de", "product_id": "15f8"}\n')
    r = sb.run("-c", "openstack importnovaconf default-image; "
               "openstack pcialiases; get gpu-p100 productid")
    # the alias is the state's own: importing it leaves nothing staged
    t.ok((r.rc, r.out) == (0, "15f8\n"), "an alias continued on a second "
         "line is one JSON text", r)

# ---- the reader: a NUL byte in a line ----
with Sandbox() as sb:
    base = committed(sb)
    r = run_bytes(sb, b"device\nset hyper01 category a\x00b; commit\n")
    t.eq(r.rc, 1, "NUL in a line: exit 1")
    t.contains(r.err, "-:2: NUL byte at column 23", "NUL: the column named")
    t.eq(sb.read(sb.state).decode(), base, "NUL: nothing run")
    f = os.path.join(sb.dir, "script")
    sb.write(f, b"device\n\x00\n")
    r = sb.run("-f", f)
    t.eq(r.rc, 1, "NUL in a -f file: exit 1")
    t.contains(r.err, "%s:2: NUL byte at column 1" % f, "-f: file and line")
    r = sb.run("-c", "run %s" % f)
    t.contains(r.err, "NUL byte at column 1", "run FILE: the same")

# ---- foreach nesting ----
with Sandbox() as sb:
    for n, rc in ((64, 0), (65, 1), (20000, 1)):
        line = "device; " + "foreach hyper01 (" * n + "get hostname" + \
            ")" * n
        f = os.path.join(sb.dir, "nest")
        sb.write(f, line + "\n")
        start = time.time()
        r = sb.run("-f", f, timeout=60)
        took = time.time() - start
        t.eq(r.rc, rc, "foreach nested %d deep: exit %d" % (n, rc))
        if rc:
            t.contains(r.err, "foreach nested more than 64 deep",
                       "foreach nested %d deep: the message" % n)
            t.ok(took < 20, "foreach nested %d deep: refused at once "
                 "(%.1f s)" % (n, took))
        else:
            t.eq(r.out, "hyper01\n", "foreach nested 64 deep runs")

# ---- a folder as a script ----
with Sandbox() as sb:
    r = sb.run("-f", sb.dir)
    t.eq(r.rc, 1, "-f FOLDER: exit 1")
    t.contains(r.err, "is a folder, not a file", "-f FOLDER: the message")
    r = sb.run("-c", "run %s" % sb.dir)
    t.eq(r.rc, 1, "run FOLDER: exit 1")
    t.contains(r.err, "is a folder, not a file", "run FOLDER: the message")

t.done()
