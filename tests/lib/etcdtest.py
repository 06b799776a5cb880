"""etcdtest - etcd (Debian's etcd-server) started by the tests themselves.

    from etcdtest import Etcd
    with Etcd() as e:                 # one member on 127.0.0.1, free ports
        url = e.url("/cluster")       # etcd://127.0.0.1:PORT/cluster
    with Etcd(members=3) as e:        # three members: fault tests
        e.kill(e.leader())

Each member runs in a temporary data folder and is stopped by its PID on
every exit path: the context manager, atexit, SIGTERM/SIGINT/SIGHUP, and
for a test killed outright, the kernel (PR_SET_PDEATHSIG: a member dies
with the test process).  Nothing else is ever killed.
"""

import atexit
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ETCD = shutil.which("etcd") or "/usr/bin/etcd"
ETCDCTL = shutil.which("etcdctl") or "/usr/bin/etcdctl"
_running = []


def _stop_all(*args):
    """Stops every member still running (atexit and signal handler)."""
    for e in list(_running):
        e.stop()
    if args:
        sys.exit(128 + args[0])


atexit.register(_stop_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _stop_all)


def _die_with_parent():
    """In the child: the kernel kills it when the test process dies."""
    try:
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def free_ports(n):
    """n TCP ports on 127.0.0.1 that were free a moment ago."""
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def available():
    return os.access(ETCD, os.X_OK) and os.access(ETCDCTL, os.X_OK)


class Etcd:
    """One or three etcd members on 127.0.0.1."""

    def __init__(self, members=1, tls=None, extra=()):
        self.dir = tempfile.mkdtemp(prefix="ocmsh-etcd-")
        self.n = members
        self.tls = tls            # {"cert", "key", "ca"} for https clients
        self.extra = list(extra)
        ports = free_ports(2 * members)
        self.client = ports[:members]
        self.peer = ports[members:]
        self.procs = [None] * members
        cluster = ",".join("m%d=http://127.0.0.1:%d" % (i, self.peer[i])
                           for i in range(members))
        self.cluster = cluster
        _running.append(self)
        for i in range(members):
            self.start(i, new=True)
        self.wait_ready()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def scheme(self):
        return "https" if self.tls else "http"

    def start(self, i, new=False):
        """Starts (or restarts) member i."""
        c = "%s://127.0.0.1:%d" % (self.scheme(), self.client[i])
        p = "http://127.0.0.1:%d" % self.peer[i]
        cmd = [ETCD, "--name", "m%d" % i,
               "--data-dir", os.path.join(self.dir, "m%d" % i),
               "--listen-client-urls", c, "--advertise-client-urls", c,
               "--listen-peer-urls", p, "--initial-advertise-peer-urls", p,
               "--initial-cluster", self.cluster,
               "--initial-cluster-state", "new",
               "--initial-cluster-token", os.path.basename(self.dir),
               "--max-txn-ops", "100000",
               "--heartbeat-interval", "50", "--election-timeout", "500",
               "--logger", "zap", "--log-level", "error"] + self.extra
        if self.tls:
            cmd += ["--cert-file", self.tls["cert"], "--key-file",
                    self.tls["key"], "--client-cert-auth",
                    "--trusted-ca-file", self.tls["ca"]]
        log = open(os.path.join(self.dir, "m%d.log" % i), "ab")
        self.procs[i] = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            preexec_fn=_die_with_parent)
        log.close()

    def endpoints(self, members=None):
        idx = range(self.n) if members is None else members
        return ",".join("127.0.0.1:%d" % self.client[i] for i in idx)

    def url(self, prefix, members=None):
        return "etcd://%s%s" % (self.endpoints(members), prefix)

    def ctl(self, *args, member=0, check=True):
        """Runs etcdctl against one member; its stdout."""
        cmd = [ETCDCTL, "--endpoints",
               "%s://127.0.0.1:%d" % (self.scheme(), self.client[member])]
        if self.tls:
            cmd += ["--cacert", self.tls["ca"], "--cert",
                    self.tls["ccert"], "--key", self.tls["ckey"]]
        r = subprocess.run(cmd + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        if check and r.returncode != 0:
            raise RuntimeError("etcdctl %s: %s" % (args, r.stderr.decode()))
        return r.stdout.decode()

    def status(self, i):
        """Member i's status as JSON, or None."""
        if self.tls:
            try:
                return json.loads(self.ctl("endpoint", "status", "-w",
                                           "json", member=i))[0]["Status"]
            except (RuntimeError, ValueError, IndexError,
                    subprocess.TimeoutExpired):
                return None
        req = urllib.request.Request(
            "http://127.0.0.1:%d/v3/maintenance/status" % self.client[i],
            data=b"{}", method="POST")
        try:
            with urllib.request.urlopen(req, timeout=2) as f:
                return json.load(f)
        except OSError:
            return None

    def wait_ready(self, members=None, timeout=60):
        """Waits until the members answer and one of them leads."""
        end = time.time() + timeout
        idx = list(range(self.n)) if members is None else members
        while time.time() < end:
            st = [self.status(i) for i in idx]
            if all(s is not None and int(s.get("leader", 0)) != 0
                   for s in st):
                return
            for i in idx:
                if self.procs[i].poll() is not None:
                    raise RuntimeError("etcd m%d died:\n%s" % (i,
                                       self.log(i)))
            time.sleep(0.1)
        raise RuntimeError("etcd did not start:\n" + self.log(idx[0]))

    def leader(self):
        """The index of the leading member, or None."""
        for i in range(self.n):
            if self.procs[i] is None or self.procs[i].poll() is not None:
                continue
            s = self.status(i)
            if s and s.get("leader") and s["leader"] == s["header"].get(
                    "member_id"):
                return i
        return None

    def kill(self, i, sig=signal.SIGKILL):
        """Kills member i by its PID."""
        p = self.procs[i]
        if p is not None and p.poll() is None:
            p.send_signal(sig)
            p.wait()

    def log(self, i):
        try:
            with open(os.path.join(self.dir, "m%d.log" % i)) as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop(self):
        """Stops every member by its PID."""
        for p in self.procs:
            if p is not None and p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        if self in _running:
            _running.remove(self)

