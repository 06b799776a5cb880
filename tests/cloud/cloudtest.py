"""cloudtest.py - what the cloud tests share: nova's API started once per
test file (novaserver.py), a scratch folder with clouds.yaml, and the
driver of nova/'s client (tests/unit/cloud-tool).

    from cloudtest import Nova, Scratch, TAP
    with Nova() as nova, Scratch() as sc:
        sc.clouds({'test': nova.cloud()})
        r = sc.tool('check', cloud='test')

The server is stopped by its PID in every exit path: the context manager,
atexit, SIGTERM/SIGINT/SIGHUP, and (for a test killed outright) the
server's own watch of its parent.
"""

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
TOP_SRCDIR = os.environ.get('top_srcdir') or os.path.dirname(
    os.path.dirname(HERE))
TOP_BUILDDIR = os.environ.get('top_builddir') or '.'
TOOL = os.path.join(TOP_BUILDDIR, 'tests', 'unit', 'cloud-tool')
OCMSH = os.environ.get('OCMSH') or os.path.join(TOP_BUILDDIR, 'ocmsh')
PYTHON = sys.executable
TOKEN = 'admin:admin'

_servers = []


def _stop_all(*_args):
    """Stops every server still running (atexit and signal handler)."""
    for s in list(_servers):
        s.stop()
    if _args:
        sys.exit(128 + _args[0])


atexit.register(_stop_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _stop_all)


class TAP:
    """A TAP producer."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.n, name))
        if not cond:
            self.failed += 1
            for line in str(diag if diag is not None else '').splitlines():
                print('#   ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name, 'got:  %r\nwant: %r' % (got, want))

    def contains(self, text, part, name):
        return self.ok(part in text, name, 'missing %r in:\n%s' % (part, text))

    def done(self):
        print('1..%d' % self.n)
        sys.exit(1 if self.failed or self.n == 0 else 0)


class Nova:
    """nova's compute API on 127.0.0.1, in a folder of its own."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='ocmsh-nova-')
        self.proc = None
        self.port = None
        self.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, timeout=120):
        """Starts (or restarts, on the same port) the server."""
        ports = os.path.join(self.dir, 'ports')
        if os.path.exists(ports):
            os.unlink(ports)
        env = dict(os.environ, EVENTLET_NO_GREENDNS='yes',
                   NOVASERVER_PARENT=str(os.getpid()))
        if self.port:
            env['NOVASERVER_PORT'] = str(self.port)
        log = open(os.path.join(self.dir, 'server.log'), 'ab')
        self.proc = subprocess.Popen(
            [PYTHON, os.path.join(HERE, 'novaserver.py'), self.dir],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env)
        log.close()
        _servers.append(self)
        end = time.time() + timeout
        while not os.path.exists(ports):
            if self.proc.poll() is not None or time.time() > end:
                self.stop()
                raise RuntimeError('nova did not start:\n' + self.log(30))
            time.sleep(0.1)
        with open(ports) as f:
            self.port = int(f.read().split()[0])
        self.url = 'http://127.0.0.1:%d/v2.1' % self.port

    def stop(self):
        """Stops the server by its PID (nothing if it is gone)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _servers:
            _servers.remove(self)

    def wait_exit(self, timeout=30):
        """Waits until the server exited by itself (die-after)."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        return self.proc.poll() is not None

    def log(self, lines=20):
        """The last lines of the server's log."""
        with open(os.path.join(self.dir, 'server.log'), errors='replace') as f:
            return ''.join(f.readlines()[-lines:])

    def api(self, method, path, body=None, version='2.87'):
        """One call of nova's API: (status, JSON or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method)
        req.add_header('X-Auth-Token', TOKEN)
        req.add_header('Content-Type', 'application/json')
        req.add_header('OpenStack-API-Version', 'compute ' + version)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read()
                return r.status, json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, None

    def hook(self, path, body=None, method='POST'):
        """A /_test/ hook of novaserver.py."""
        req = urllib.request.Request(
            'http://127.0.0.1:%d/_test/%s' % (self.port, path),
            data=json.dumps(body or {}).encode(), method=method)
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())

    def add_host(self, name, memory_mb=262144):
        self.hook('hosts', {'host': name, 'memory_mb': memory_mb})

    def clear_log(self):
        self.hook('log')

    def requests(self):
        """The requests seen since clear_log(), "METHOD PATH"."""
        return self.hook('log', method='GET')

    def writes(self):
        """The requests that were not GETs."""
        return [r for r in self.requests() if not r.startswith('GET ')]

    def die_after(self, n):
        """The server exits after n more write requests."""
        self.hook('die-after', {'n': n})

    def cloud(self, **extra):
        """A clouds.yaml entry for this server (admin_token)."""
        entry = {'auth_type': 'admin_token',
                 'auth': {'endpoint': self.url, 'token': TOKEN}}
        entry.update(extra)
        return entry

    def flavors(self):
        """name -> nova's flavor record (with extra specs)."""
        st, j = self.api('GET', '/flavors/detail?is_public=None')
        return {f['name']: f for f in j['flavors']}

    def aggregates(self):
        """name -> nova's aggregate record."""
        st, j = self.api('GET', '/os-aggregates')
        return {a['name']: a for a in j['aggregates']}


class Result:
    """The outcome of one run of the driver."""

    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err

    def __repr__(self):
        return 'rc=%r\n--- stdout\n%s--- stderr\n%s' % (self.rc, self.out,
                                                      self.err)


class Scratch:
    """A scratch folder with clouds.yaml, views and records."""

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix='ocmsh-cloud-')
        self.config = os.path.join(self.dir, 'clouds.yaml')
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        with open(self.path(name), 'w') as f:
            f.write(text)
        return self.path(name)

    def clouds(self, entries, name='clouds.yaml'):
        """Writes clouds.yaml (JSON is YAML) with these entries."""
        return self.write(name, json.dumps({'clouds': entries}, indent=1))

    def env(self, extra=None):
        """A clean environment: no OS_* of the caller's, HOME here."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_') and k != 'XDG_CONFIG_HOME'}
        env['HOME'] = self.dir
        env['OS_CLIENT_CONFIG_FILE'] = self.config
        env.update(extra or {})
        return env

    def tool(self, *args, cloud=None, env=None, timeout=300):
        """Runs the driver: cloud-tool [-c CLOUD] ARGS."""
        cmd = [TOOL] + (['-c', cloud] if cloud else []) + list(args)
        p = subprocess.run(cmd, cwd=self.dir, env=self.env(env),
                           capture_output=True, text=True, timeout=timeout)
        return Result(p.returncode, p.stdout, p.stderr)

    def view(self, name, flavors=None, aggregates=None):
        """Writes a view with these flavors and aggregates."""
        v = {'openstack/default/flavors': flavors or {},
             'openstack/default/hostaggregates': aggregates or {}}
        return self.write(name, json.dumps(v, indent=1))


def state_view(path):
    """The view of an ocmsh state file (YAML) as cloud-tool reads it."""
    import yaml
    with open(path) as f:
        doc = yaml.safe_load(f)
    view = {'devices': doc.get('devices') or {}}
    for dep, obj in (doc.get('openstack') or {}).items():
        for coll in ('flavors', 'hostaggregates'):
            view['openstack/%s/%s' % (dep, coll)] = obj.get(coll) or {}
    return view
