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
"""

import os
import shutil
import subprocess
import sys
import tempfile

OCMSH = os.environ.get("OCMSH") or os.path.join(
    os.environ.get("top_builddir", "."), "ocmsh")
TOP_SRCDIR = os.environ.get("top_srcdir", ".")


class Result:
    """The outcome of one ocmsh run."""

    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return "rc=%r\n--- stdout\n%s--- stderr\n%s" % (self.rc, self.out,
                                                      self.err)


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
        self.root = os.path.join(self.dir, "root")
        os.makedirs(self.root)
        return self

    def __exit__(self, *exc):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

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
        with open(path, "rb") as f:
            return f.read()

    def write(self, path, data, mode=None):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(path, mode)

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
