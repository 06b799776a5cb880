#!/usr/bin/env python3
"""test_secure.py - etcd over TLS with client certificates (made here by
openssl) and etcd's user/password auth, from /etc/ocmsh/etcd.conf (here
$OCMSH_ETCD_CONF) or the command line: a wrong or missing credential is
one clear line and exit 1; the password is never printed."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("top_srcdir", "."), "tests",
                                "lib"))
from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402
from etcdtest import Etcd, available  # noqa: E402

SECRET = "s3cret-pw-xyzzy"


def run(sb, state, *args, env=None):
    e = dict(os.environ, HOME=sb.dir)
    e.pop("OCMSH_STATE", None)
    e["OCMSH_ETCD_CONF"] = os.path.join(sb.dir, "none.conf")
    e.update(env or {})
    p = subprocess.run([OCMSH, "-n", "-s", state, "-R", sb.root] +
                       list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=e, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certs(d):
    """A CA, a server certificate for 127.0.0.1 and a client one."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=ocmsh test CA", "-keyout", "ca.key", "-out",
            "ca.pem", cwd=d)
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n"
                "extendedKeyUsage=serverAuth,clientAuth\n")
    for name in ("server", "client"):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj",
                "/CN=" + name, "-keyout", name + ".key", "-out",
                name + ".csr", cwd=d)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem",
                "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", "san.ext", "-out", name + ".pem", cwd=d)
    p = lambda n: os.path.join(d, n)  # noqa: E731
    return {"ca": p("ca.pem"), "cert": p("server.pem"),
            "key": p("server.key"), "ccert": p("client.pem"),
            "ckey": p("client.key")}


t = TAP()
if not available():
    print("1..0 # SKIP etcd-server and etcd-client are not installed")
    sys.exit(0)

with Sandbox() as sb:
    open(os.path.join(sb.dir, "none.conf"), "w").close()
    tls = make_certs(sb.dir)
    with Etcd(tls=tls) as etcd:
        url = etcd.url("/s")
        rc, out, err = run(sb, url, "--example", "--etcd-cacert", tls["ca"],
                           "--etcd-cert", tls["ccert"], "--etcd-key",
                           tls["ckey"], "-c", "commit")
        t.eq((rc, err), (0, ""), "TLS with a client certificate, from the "
             "command line")
        conf = os.path.join(sb.dir, "etcd.conf")
        with open(conf, "w") as f:
            f.write("# test\ncacert = %s\ncert = %s\nkey = %s\n" %
                    (tls["ca"], tls["ccert"], tls["ckey"]))
        rc, out, err = run(sb, url, "-c", "device get hyper01 memory",
                           env={"OCMSH_ETCD_CONF": conf})
        t.eq((rc, out), (0, "262144\n"), "TLS from etcd.conf")
        rc, out, err = run(sb, url, "--etcd-cacert", tls["ca"], "-c",
                           "device list")
        t.eq(rc, 1, "no client certificate: exit 1")
        t.eq(len(err.splitlines()), 1, "in one line: " + err.strip())
        rc, out, err = run(sb, url, "-c", "device list")
        t.eq(rc, 1, "plain http to a TLS member: exit 1")
        t.eq(len(err.splitlines()), 1, "in one line: " + err.strip())

    with Etcd() as etcd:
        etcd.ctl("user", "add", "root:" + SECRET)
        etcd.ctl("user", "add", "admin:" + SECRET)
        etcd.ctl("user", "grant-role", "admin", "root")
        etcd.ctl("auth", "enable")
        url = etcd.url("/a")
        conf = os.path.join(sb.dir, "auth.conf")
        with open(conf, "w") as f:
            f.write("user = admin\npassword = %s\ntimeout = 5\n" % SECRET)
        rc, out, err = run(sb, url, "--example", "-c", "commit",
                           env={"OCMSH_ETCD_CONF": conf})
        t.eq((rc, err), (0, ""), "user and password from etcd.conf")
        pwf = os.path.join(sb.dir, "pw")
        with open(pwf, "w") as f:
            f.write(SECRET + "\n")
        rc, out, err = run(sb, url, "--etcd-user", "admin",
                           "--etcd-password-file", pwf, "-c",
                           "device get hyper02 memory")
        t.eq((rc, out), (0, "262144\n"), "user and password file from the "
             "command line")
        with open(pwf, "w") as f:
            f.write("wrong-" + SECRET + "\n")
        rc, out, err = run(sb, url, "--etcd-user", "admin",
                           "--etcd-password-file", pwf, "-c",
                           "device list")
        t.eq(rc, 1, "a wrong password: exit 1")
        t.contains(err, "refuses the login of user 'admin'", "and says so")
        t.eq(len(err.splitlines()), 1, "in one line")
        t.ok(SECRET not in err + out, "the password is not printed", err)
        rc, out, err = run(sb, url, "-c", "device list")
        t.eq(rc, 1, "no credentials: exit 1")
        t.eq(len(err.splitlines()), 1, "in one line: " + err.strip())
        rc, out, err = run(sb, url, "--help")
        t.ok(SECRET not in out, "--help shows no password", out)

t.done()
