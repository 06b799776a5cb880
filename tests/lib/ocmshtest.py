"""ocmshtest - shared helpers for the Python tests that drive the ocmsh binary.

Every test program prints TAP (the automake harness reads it):

    from ocmshtest import TAP, Sandbox
    t = TAP()
    with Sandbox() as sb:
        r = sb.run(stdin="device\\nlist\\n")
        t.eq(r.rc, 0, "list runs")
    t.done()

A Sandbox is a fresh temporary folder with a state file path (sb.state,
not created) and a root folder for derived files (sb.root).  sb.run()
runs $OCMSH with -s/-R pointing there, -n (no start-up files), and returns
rc, out, err.  Nothing here knows about ocmsh's output formats.

OCMSH_TEST_BACKEND=etcd runs the same tests with the state in etcd: one
etcd member per test process (tests/lib/etcdtest.py), one fresh prefix
per Sandbox, and sb.state is that prefix's etcd:// URL.  A test puts a
state in with sb.write(sb.state, ...) (ocmsh -s FILE export URL) and reads
it with sb.read(sb.state) (ocmsh -s URL export FILE): the YAML is the
same bytes as with a state file.  sb.has_state() says whether a state
was committed at all (the file exists, or the prefix holds keys).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request

OCMSH = os.environ.get("OCMSH") or os.path.join(
    os.environ.get("top_builddir", "."), "ocmsh")
TOP_SRCDIR = os.environ.get("top_srcdir", ".")
BACKEND = os.environ.get("OCMSH_TEST_BACKEND") or "file"
if BACKEND not in ("file", "etcd"):
    raise SystemExit("OCMSH_TEST_BACKEND: '%s' is neither file nor etcd"
                     % BACKEND)
_etcd = None
_prefixes = 0


def on_etcd():
    """Whether the tests run with the state in etcd."""
    return BACKEND == "etcd"


def etcd():
    """This process's etcd member, started at the first call."""
    global _etcd
    if _etcd is None:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import etcdtest
        _etcd = etcdtest.Etcd()
    return _etcd


def fresh_prefix():
    """A prefix that no other sandbox of this process uses."""
    global _prefixes
    _prefixes += 1
    return "/t%06d" % _prefixes


def etcd_count(prefix):
    """(keys under PREFIX/, etcd's revision), from etcd's JSON gateway."""
    key = (prefix + "/").encode()
    end = key[:-1] + bytes([key[-1] + 1])
    body = {"key": base64.b64encode(key).decode(),
            "range_end": base64.b64encode(end).decode(),
            "count_only": True}
    req = urllib.request.Request(
        "http://127.0.0.1:%d/v3/kv/range" % etcd().client[0],
        data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as f:
        r = json.load(f)
    return int(r.get("count", 0)), int(r["header"]["revision"])


def _export(source, target, what):
    """ocmsh -s SOURCE export TARGET (the scratch files of export live
    outside the sandbox); RuntimeError with what when it fails."""
    p = subprocess.run([OCMSH, "-n", "-s", source, "export", target],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (what,
                                       p.stderr.decode(errors="replace")))


class Result:
    """The outcome of one ocmsh run."""

    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return "rc=%r\n--- stdout\n%s--- stderr\n%s" % (self.rc, self.out,
                                                      self.err)


class Session:
    """One ocmsh process fed through a pipe, a line at a time, with -x
    echoing each command after its prompt.  step() sends lines, then
    'alias syncN home', and returns what came out before that marker's
    echo, which comes only once everything before it has run (or the
    process ended at an error).  args follow "ocmsh -n -x"; with merge,
    standard error goes into standard output."""

    def __init__(self, args, home, env=None, merge=False):
        e = dict(os.environ, HOME=home)
        e.pop("OCMSH_STATE", None)
        e.pop("OCMSH_ROOT", None)
        e.update(env or {})
        self.p = subprocess.Popen(
            [OCMSH, "-n", "-x"] + list(args), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge else subprocess.PIPE,
            text=True, bufsize=1, env=e)
        self.n = 0

    def step(self, *lines):
        self.n += 1
        mark = "alias sync%d home" % self.n
        try:
            for line in lines + (mark,):
                self.p.stdin.write(line + "\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            pass                # it stopped at an error: read what it said
        got = []
        while True:
            line = self.p.stdout.readline()
            if line == "" or line.rstrip("\n").endswith("% " + mark):
                break
            got.append(line)
        return "".join(got)

    def finish(self):
        """Closes stdin; returns (status, rest of stdout, stderr)."""
        try:
            out, err = self.p.communicate(timeout=30)
        except BrokenPipeError:
            # stdin was already closed by a process that stopped
            out = self.p.stdout.read()
            err = self.p.stderr.read() if self.p.stderr else None
            self.p.wait(timeout=30)
        return self.p.returncode, out, err


class TAP:
    """A TAP producer: each check prints one test point."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines():
                    print("#   " + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name,
                       "got:  %r\nwant: %r" % (got, want))

    def contains(self, text, part, name):
        return self.ok(part in text, name,
                       "missing %r in:\n%s" % (part, text))

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


class Sandbox:
    """A scratch folder holding a state file and an image root."""

    def __init__(self, keep=False):
        self.keep = keep

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="ocmsh-test-")
        self.state = os.path.join(self.dir, "state", "cluster.yaml")
        os.makedirs(os.path.dirname(self.state))
        self.prefix = None
        if on_etcd():
            self.prefix = fresh_prefix()
            self.state = etcd().url(self.prefix)
        self.root = os.path.join(self.dir, "root")
        os.makedirs(self.root)
        return self

    def __exit__(self, *exc):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def copy(self):
        """A new sandbox (entered) with this one's files and state."""
        sb = Sandbox().__enter__()
        shutil.rmtree(sb.dir)
        shutil.copytree(self.dir, sb.dir, symlinks=True)
        if self.prefix:
            sb.state = self.state
            if self.has_state():
                sb.write(sb.state, self.read(self.state))
        return sb

    def path(self, *parts):
        """A path inside the image root (absolute image paths allowed)."""
        p = os.path.join(*parts).lstrip("/")
        return os.path.join(self.root, p)

    def nova_conf(self, image="/cm/images/default-image"):
        return self.path(image, "etc/nova/nova.conf")

    def run(self, *args, stdin=None, env=None, timeout=60, example=True):
        """Runs ocmsh -n --example -s STATE -R ROOT ARGS...; a Result.

        --example: a state that does not exist yet starts as the
        built-in example cluster, which most tests work on (example=False
        leaves it out: an empty cluster)."""
        e = dict(os.environ)
        e.pop("OCMSH_STATE", None)
        e.pop("OCMSH_ROOT", None)
        e["HOME"] = self.dir
        e["XDG_STATE_HOME"] = os.path.join(self.dir, "xdg")
        if env:
            e.update(env)
        cmd = [OCMSH, "-n"] + (["--example"] if example else []) + [
            "-s", self.state, "-R", self.root] + list(args)
        p = subprocess.run(cmd, input=(stdin or "").encode(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=e, timeout=timeout)
        return Result(p.returncode, p.stdout.decode(errors="replace"),
                      p.stderr.decode(errors="replace"))

    def read(self, path):
        """A file's bytes; sb.read(sb.state) is the state's YAML."""
        if path == self.state and self.prefix:
            return self.etcd_export()
        with open(path, "rb") as f:
            return f.read()

    def write(self, path, data, mode=None):
        """Creates a file; sb.write(sb.state, ...) puts in a state."""
        if path == self.state and self.prefix:
            return self.etcd_import(data)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(path, mode)

    def has_state(self):
        """Whether a state was written: the file, or keys in etcd."""
        if self.prefix:
            return etcd_count(self.prefix)[0] > 0
        return os.path.exists(self.state)

    def etcd_revision(self):
        """etcd's revision: it moves at each write to any key."""
        return etcd_count(self.prefix)[1]

    def etcd_import(self, data):
        """Puts a state (YAML) into a fresh prefix: ocmsh -s FILE export."""
        self.prefix = fresh_prefix()
        self.state = etcd().url(self.prefix)
        with tempfile.TemporaryDirectory(prefix="ocmsh-import-") as d:
            tmp = os.path.join(d, "state.yaml")
            with open(tmp, "wb") as f:
                f.write(data.encode() if isinstance(data, str) else data)
            _export(tmp, self.state, "cannot bring the state into etcd")

    def etcd_export(self):
        """The state in etcd as YAML (ocmsh -s URL export FILE); raises
        FileNotFoundError when the prefix is empty, as a missing file."""
        if not self.has_state():
            raise FileNotFoundError(self.state)
        with tempfile.TemporaryDirectory(prefix="ocmsh-export-") as d:
            tmp = os.path.join(d, "state.yaml")
            _export(self.state, tmp, "cannot read the state back from etcd")
            with open(tmp, "rb") as f:
                return f.read()

    def snapshot(self):
        """Every file below the sandbox, as {relative path: bytes}."""
        out = {}
        for base, dirs, files in os.walk(self.dir):
            for f in files:
                p = os.path.join(base, f)
                if os.path.islink(p):
                    out[os.path.relpath(p, self.dir)] = "->" + os.readlink(p)
                else:
                    out[os.path.relpath(p, self.dir)] = self.read(p)
        return out


def seed_script():
    """The text of examples/seed.ocmsh."""
    with open(os.path.join(TOP_SRCDIR, "examples", "seed.ocmsh")) as f:
        return f.read()
