#!/usr/bin/env python3
"""I/O failures during commit: a full disk (ENOSPC) and EIO injected at
every step of a commit, in turn (ocmsh-fault, OCMSH_FAULT=enospc:N and
eio:N: every write, the fsync of each file, each rename, each folder
fsync); short writes at every step; a read-only image folder (a read-only
bind mount or an immutable folder, whichever this machine allows) and an
image whose etc/nova is a file.  The failed commit says why, every file
stays byte-identical, the changes stay staged, and in the same session
(piped stdin, which goes on after errors) a second commit succeeds once the fault is gone."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "robust"))
from ocmshtest import OCMSH, TAP, Sandbox, seed_script  # noqa: E402
from rlib import CHANGE, FAULT, FIRST, plain, restore, run, tree  # noqa

t = TAP()
MID = os.path.join(tempfile.mkdtemp(prefix="ocmsh-iofail-"), "mid.txt")
# The shell escape that lists every file of the sandbox with its digest,
# between the failed commit and the retry.
LIST = ("!cd %s && find . -type f ! -name '*.lck' | LC_ALL=C sort | "
        "xargs sha256sum > " + MID + "\n")


def digests(sb):
    """What LIST writes, computed here from a snapshot."""
    out = []
    for k in sorted(k for k in tree(sb) if not k.endswith(".lck")):
        with open(os.path.join(sb.dir, k), "rb") as f:
            out.append("%s  ./%s" % (hashlib.sha256(f.read()).hexdigest(),
                                     k))
    return sorted(out)


def mid():
    with open(MID) as f:
        return sorted(f.read().splitlines())


MESSAGES = {"enospc": "No space left on device", "eio": "Input/output error"}
counts = {}

with Sandbox() as sb:
    r = run(sb, OCMSH, stdin=seed_script())
    t.eq(r.rc, 0, "the seed runs")
    base = tree(sb)
    before = digests(sb)
    r = run(sb, OCMSH, stdin=CHANGE)
    t.eq(r.rc, 0, "the reference commit works")
    ref = plain(tree(sb))

    for kind in ("enospc", "eio"):
        bad = []
        n = 0
        while True:
            n += 1
            restore(sb, base)
            if os.path.exists(MID):
                os.unlink(MID)
            r = run(sb, FAULT,
                    stdin=CHANGE + (LIST % sb.dir) + "commit\n",
                    env={"OCMSH_FAULT": "%s:%d" % (kind, n)})
            if r.rc == 0 and "commit failed" not in r.err:
                break		# the fault came after the last step
            if r.rc != 1:
                bad.append("step %d: rc %r" % (n, r.rc))
            if "commit failed: " not in r.err or MESSAGES[kind] not in r.err \
                    or "nothing was changed" not in r.err:
                bad.append("step %d: message: %s" % (n, r.err))
            if not os.path.exists(MID) or mid() != before:
                bad.append("step %d: files changed by the failed commit"
                           % n)
            if plain(tree(sb)) != ref:
                bad.append("step %d: the retry did not write what the "
                           "reference commit wrote" % n)
        counts[kind] = n - 1
        t.ok(n > 12, "%s: %d steps, each failed in turn" % (kind, n - 1))
        t.ok(not bad, "%s: each failure reported, nothing changed, the "
             "retry in the same session commits" % kind, "\n".join(bad[:20]))

    # short writes: atomic_write() finishes them
    bad = []
    n = 0
    while True:
        n += 1
        restore(sb, base)
        r = run(sb, FAULT, stdin=CHANGE,
                env={"OCMSH_FAULT": "short:%d" % n})
        if r.rc != 0:
            bad.append("step %d: %r" % (n, r))
        if plain(tree(sb)) != ref:
            bad.append("step %d: files differ from the reference" % n)
        if n > counts["enospc"]:
            break
    counts["short"] = n
    t.ok(not bad, "short writes at each of %d steps: the commit writes "
         "every byte" % n, "\n".join(bad[:20]))


def ro_mechanism(folder):
    """How to make folder read-only for root here: 'bind' (a read-only
    bind mount in a private mount namespace), 'immutable' (chattr +i), or
    None."""
    probe = tempfile.mkdtemp(prefix="ocmsh-ro-")
    try:
        p = subprocess.run(["unshare", "-m", "sh", "-c",
                            "mount --bind -o ro %s %s && ! touch %s/x" %
                            (probe, probe, probe)],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if p.returncode == 0:
            return "bind"
        p = subprocess.run(["chattr", "+i", probe],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if p.returncode == 0:
            ok = subprocess.run(["touch", probe + "/x"],
                                stderr=subprocess.DEVNULL).returncode != 0
            subprocess.run(["chattr", "-i", probe])
            if ok:
                return "immutable"
        return None
    except FileNotFoundError:
        return None
    finally:
        shutil.rmtree(probe, ignore_errors=True)


# A read-only image folder: the commit fails, then the folder is made
# writable again from the same session and the commit goes through.
with Sandbox() as sb:
    r = run(sb, OCMSH, stdin=seed_script())
    etc_nova = os.path.dirname(sb.nova_conf())
    before = digests(sb)
    how = ro_mechanism(etc_nova)
    print("# read-only folder by: %s" % (how or "etc/nova as a file only"))
    if how == "bind":
        setup = "mount --bind -o ro %s %s && " % (etc_nova, etc_nova)
        undo = "!umount %s\n" % etc_nova
        err = "Read-only file system"
    elif how == "immutable":
        subprocess.run(["chattr", "+i", etc_nova], check=True)
        setup = ""
        undo = "!chattr -i %s\n" % etc_nova
        err = "Operation not permitted"
    if how:
        script = CHANGE + (LIST % sb.dir) + undo + "commit\n"
        cmd = [OCMSH, "-n", "--example", "-s", sb.state, "-R",
               sb.root]
        env = dict(os.environ, HOME=sb.dir)
        if how == "bind":
            cmd = ["unshare", "-m", "sh", "-c", setup + 'exec "$@"', "sh"] \
                + cmd
        p = subprocess.run(cmd, input=script.encode(), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        subprocess.run(["chattr", "-i", etc_nova], stderr=subprocess.DEVNULL)
        e = p.stderr.decode()
        t.ok("commit failed: " in e and err in e and "nova.conf" in e,
             "read-only image folder (%s): the commit fails naming the "
             "file and the reason" % how, e)
        t.eq(mid(), before, "read-only image folder: nothing changed")
        t.ok("gpu-v100" in sb.read(sb.nova_conf()).decode() and
             "gpu-v100" in sb.read(sb.state).decode(),
             "read-only image folder: the retry commits", e)

# etc/nova is a file where a folder should be.
with Sandbox() as sb:
    img = sb.path("/cm/images/default-image")
    sb.write(os.path.join(img, "etc", "nova"), "not a folder\n")
    before = digests(sb)
    fix = "!rm %s/etc/nova\n" % img
    r = run(sb, OCMSH, stdin=FIRST + (LIST % sb.dir) + fix + "commit\n")
    t.ok("commit failed: " in r.err and "is not a folder" in r.err and
         "etc/nova" in r.err, "etc/nova a file: the commit fails saying "
         "why", r)
    t.eq(mid(), before, "etc/nova a file: nothing written, no state file")
    t.ok(r.rc == 1 and os.path.isfile(sb.nova_conf()) and
         os.path.isfile(sb.state), "etc/nova a file: the retry commits", r)

print("# faults injected: %d ENOSPC, %d EIO, %d short writes" %
      (counts["enospc"], counts["eio"], counts["short"]))
shutil.rmtree(os.path.dirname(MID), ignore_errors=True)
t.done()
