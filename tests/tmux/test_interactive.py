#!/usr/bin/env python3
"""Real interactive sessions under tmux (TAP): Tab presses in Readline on
the flavor-editing path, double Tab listings, '?' help, starred prompts,
Ctrl-D with staged changes, Ctrl-C, history recall with the up arrow, an
unclosed '(' continued at a "> " prompt, and watch until Ctrl-C.

Each session runs in a detached tmux server on a private socket
(tmux -L), 200x50, with INPUTRC=/dev/null and TERM=xterm; keys go in with
send-keys and the screen comes back with capture-pane.  Every expectation
polls the screen for up to TIMEOUT seconds, so a loaded machine only makes
the test slower; the server is killed at the end.
"""

import os
import shlex
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))

from ocmshtest import OCMSH, TAP, Sandbox  # noqa: E402

TIMEOUT = 10.0
PROMPT = "[cluster]% "


class Session:
    """One ocmsh in a private tmux server."""

    count = 0

    def __init__(self, sb, extra_args=()):
        Session.count += 1
        self.sock = "ocmsh-test-%d-%d" % (os.getpid(), Session.count)
        env = {
            "INPUTRC": "/dev/null", "TERM": "xterm", "HOME": sb.dir,
            "XDG_STATE_HOME": os.path.join(sb.dir, "xdg"),
            "LC_ALL": "C.UTF-8",
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        # the exit status lands in a file: the pane is gone by then
        self.status = os.path.join(sb.dir, "status-%d" % Session.count)
        cmd = "env -i PATH=/usr/bin:/bin %s %s -n --example -s %s -R %s %s; " \
              "echo $? > %s" % (
                  " ".join("%s=%s" % (k, shlex.quote(v))
                           for k, v in env.items()),
                  shlex.quote(OCMSH), shlex.quote(sb.state),
                  shlex.quote(sb.root),
                  " ".join(shlex.quote(a) for a in extra_args),
                  shlex.quote(self.status))
        e = dict(os.environ)
        e.pop("TMUX", None)
        self.env = e
        self.tmux("new-session", "-d", "-x", "200", "-y", "50", cmd)

    def tmux(self, *args, check=True):
        """Runs a tmux command on this session's server."""
        p = subprocess.run(["tmux", "-L", self.sock, "-f", "/dev/null"] +
                           list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=self.env, timeout=30)
        if check and p.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args),
                                                p.stderr.decode()))
        return p

    def keys(self, *keys):
        """Sends key names (Tab, Enter, C-d, Up...)."""
        self.tmux("send-keys", "-t", "0", *keys)

    def type(self, text):
        """Sends text literally."""
        self.tmux("send-keys", "-t", "0", "-l", text)

    def screen(self):
        """The visible screen, trailing blanks kept out."""
        p = self.tmux("capture-pane", "-p", "-t", "0", check=False)
        return p.stdout.decode(errors="replace")

    def lines(self):
        return [ln.rstrip() for ln in self.screen().splitlines()]

    def last_line(self):
        """The last non-empty line: where the cursor is."""
        ls = [ln for ln in self.lines() if ln]
        return ls[-1] if ls else ""

    def wait(self, pred, what):
        """Polls until pred(screen) holds; returns (ok, screen)."""
        end = time.time() + TIMEOUT
        scr = ""
        while time.time() < end:
            if self.exited():
                break
            scr = self.screen()
            if pred(scr):
                return True, scr
            time.sleep(0.05)
        scr = self.screen() if not self.exited() else scr
        return pred(scr), "waiting for %s\n--- screen\n%s" % (what, scr)

    def wait_last(self, want):
        """Waits until the cursor line reads exactly want."""
        def pred(scr):
            ls = [ln.rstrip() for ln in scr.splitlines() if ln.strip()]
            return bool(ls) and ls[-1] == want.rstrip()
        return self.wait(pred, "last line %r" % want)

    def wait_text(self, text):
        return self.wait(lambda scr: text in scr, repr(text))

    def exited(self):
        return os.path.exists(self.status)

    def wait_exit(self):
        """Waits for ocmsh to end; returns its exit status or None."""
        end = time.time() + TIMEOUT
        while time.time() < end:
            if self.exited():
                with open(self.status) as f:
                    data = f.read().strip()
                if data:
                    return int(data)
            time.sleep(0.05)
        return None

    def close(self):
        self.tmux("kill-server", check=False)


def check(t, result, name):
    ok, diag = result
    return t.ok(ok, name, None if ok else diag)


def flavor_path(t, sb):
    """The flavor-editing path of the issue, Tab by Tab."""
    s = Session(sb)
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "the prompt comes up")
        s.type("openstack flavors")
        s.keys("Enter")
        fl = "[cluster->openstack[default]->flavors]% "
        check(t, s.wait_last(fl), "openstack flavors enters flavors")

        s.type("clone m1.me")
        s.keys("Tab")
        check(t, s.wait_last(fl + "clone m1.medium"),
              "clone m1.me<TAB> completes m1.medium")
        s.type("g1.medium.p100")
        check(t, s.wait_last(fl + "clone m1.medium g1.medium.p100"),
              "...followed by a space")
        s.keys("Enter")
        starred = "[cluster->openstack[default]->flavors*[g1.medium.p100*]]% "
        check(t, s.wait_last(starred), "the clone stars the mode and the "
              "flavor in the prompt")

        s.type("set g1")
        s.keys("Tab")
        check(t, s.wait_last(starred + "set g1.medium.p100"),
              "after the clone, set g1<TAB> completes g1.medium.p100")
        s.type("ext")
        s.keys("Tab")
        check(t, s.wait_last(starred + "set g1.medium.p100 extraspecs"),
              "set g1.medium.p100 ext<TAB> completes extraspecs")
        s.type("X")
        check(t, s.wait_last(starred + "set g1.medium.p100 extraspecs X"),
              "...followed by a space")
        s.keys("C-u")
        check(t, s.wait_last(starred), "C-u clears the line")

        # double Tab lists the candidates; the line stays as typed
        s.type("set g1.medium.p100 ")
        s.keys("Tab")
        s.keys("Tab")
        ok, scr = s.wait(lambda x: "rxtxfactor" in x and "ephemeral" in x and
                         x.count(starred + "set g1.medium.p100") >= 2,
                         "a listing")
        check(t, (ok, scr), "a double Tab lists the properties")
        listing = [ln for ln in s.lines() if "rxtxfactor" in ln]
        t.ok(listing and not listing[0].startswith("["),
             "...on lines of their own", s.screen())
        check(t, s.wait_last(starred + "set g1.medium.p100"),
              "...and the line is redrawn as typed")
        s.keys("C-u")

        # a JSON value in quotes: keys complete inside the quotes
        s.type("set g1.medium.p100 extraspecs '{\"pc")
        s.keys("Tab")
        check(t, s.wait_last(starred + "set g1.medium.p100 extraspecs "
                             "'{\"pci_passthrough:alias\":\""),
              "a JSON key completes inside single quotes, no space after")
        s.keys("C-u")
        s.type("set g1.medium.p100 extraspecs {\\\"pc")
        s.keys("Tab")
        check(t, s.wait_last(starred + "set g1.medium.p100 extraspecs "
                             "{\\\"pci_passthrough:alias\\\":\\\""),
              "...and with backslashes, quoted the same way")
        s.keys("C-u")

        # a lone candidate in quotes closes them
        s.type("show 'm1.sm")
        s.keys("Tab")
        s.type("X")
        check(t, s.wait_last(starred + "show 'm1.small' X"),
              "a quoted word completes, closes its quote and gets a space")
        s.keys("C-u")

        # '?' shows the next words with help; inside quotes it is a '?'
        s.type("set g1.medium.p100 v")
        s.type("?")
        ok, scr = s.wait_text("Number of virtual CPUs")
        check(t, (ok, scr), "'?' shows the candidates with their help")
        check(t, s.wait_last(starred + "set g1.medium.p100 v"),
              "...and the line is redrawn without the '?'")
        s.keys("C-u")
        s.type("set g1.medium.p100 extraspecs '{\"a?")
        check(t, s.wait_last(starred + "set g1.medium.p100 extraspecs "
                             "'{\"a?"), "'?' inside quotes is a character")
        s.keys("C-u")

        s.type("home")
        s.keys("Enter")
        check(t, s.wait_last(PROMPT), "home")
        s.type("openstack settings compute")
        s.keys("Enter")
        comp = "[cluster->openstack[default]->settings->compute]% "
        check(t, s.wait_last(comp), "openstack settings compute")
        s.type("append schedulerfilters Pci")
        s.keys("Tab")
        check(t, s.wait_last(comp + "append schedulerfilters "
                             "PciPassthroughFilter"),
              "append schedulerfilters Pci<TAB> completes "
              "PciPassthroughFilter")
        s.keys("Enter")
        check(t, s.wait_last("[cluster->openstack*[default*]->settings*->"
                             "compute*]%"),
              "a settings change stars openstack, default, settings, compute")

        # Ctrl-C drops the line, not the session
        s.type("set release zed")
        s.keys("C-c")
        ok, scr = s.wait(lambda x: "^C" in x, "^C")
        check(t, s.wait_last("[cluster->openstack*[default*]->settings*->"
                             "compute*]%"),
              "Ctrl-C drops the line being typed and keeps the session")
        # Ctrl-C right behind the keys, while Readline is still busy with
        # them: the signal must not wait for the next key
        cpt = "[cluster->openstack*[default*]->settings*->compute*]%"
        late = 0
        for i in range(20):
            s.tmux("send-keys", "-t", "0", "set release zed %d" % i, "C-c")
            ok, scr = s.wait_last(cpt)
            late += 0 if ok else 1
            if not ok:
                s.keys("Enter")     # the old behaviour: the next key acts
                s.wait_last(cpt)
        t.eq(late, 0, "Ctrl-C right behind 20 typed lines: a fresh prompt "
             "each time, no key needed")
        s.type("modified")
        s.keys("Enter")
        check(t, s.wait_text("g1.medium.p100"),
              "...with its staged changes")

        # Ctrl-D with staged changes asks first
        s.keys("C-d")
        check(t, s.wait_text("Quit and discard them? (yes/no)"),
              "Ctrl-D with staged changes asks first")
        t.contains(s.screen(), "There are uncommitted changes:",
                   "...saying there are uncommitted changes")
        s.type("no")
        s.keys("Enter")
        check(t, s.wait_last("[cluster->openstack*[default*]->settings*->"
                             "compute*]%"), "answering no goes on")
        s.keys("C-d")
        ok, scr = s.wait(lambda x: x.count("Quit and discard") >= 2,
                         "the question again")
        check(t, (ok, scr), "Ctrl-D asks again")
        s.type("yes")
        s.keys("Enter")
        t.eq(s.wait_exit(), 0, "answering yes quits with status 0")
        t.ok(not os.path.exists(sb.state),
             "the discarded changes were never written")
    finally:
        s.close()


def history(t, sb):
    """History in $XDG_STATE_HOME/ocmsh/history, recalled with Up."""
    hist = os.path.join(sb.dir, "xdg", "ocmsh", "history")
    s = Session(sb)
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "a second session starts")
        s.type("device")
        s.keys("Enter")
        dev = "[cluster->device]% "
        check(t, s.wait_last(dev), "device")
        s.type("use hyper02")
        s.keys("Enter")
        check(t, s.wait_last("[cluster->device[hyper02]]% "), "use hyper02")
        s.keys("Up")
        check(t, s.wait_last("[cluster->device[hyper02]]% use hyper02"),
              "Up recalls the last command")
        s.keys("Up")
        check(t, s.wait_last("[cluster->device[hyper02]]% device"),
              "Up again the one before")
        s.keys("Down", "C-u")
        s.type("quit")
        s.keys("Enter")
        t.eq(s.wait_exit(), 0, "quit without staged changes does not ask")
    finally:
        s.close()
    try:
        with open(hist) as f:
            lines = f.read().splitlines()
    except OSError as e:
        lines = [str(e)]
    t.eq([ln for ln in lines if not ln.startswith("#")][-3:],
         ["device", "use hyper02", "quit"],
         "the history file lives in $XDG_STATE_HOME/ocmsh/history")
    t.eq(os.stat(hist).st_mode & 0o777 if os.path.exists(hist) else None,
         0o600, "...readable by its owner only")

    s = Session(sb)
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "a third session starts")
        s.keys("Up")
        check(t, s.wait_last(PROMPT + "quit"),
              "Up in a new session recalls the last session's command")
        s.keys("Up")
        check(t, s.wait_last(PROMPT + "use hyper02"), "...and the ones "
              "before it")
        s.keys("C-u")
        s.type("device use hyper01")
        s.keys("Enter")
        s.type("set kernelparameters intel_iommu=on")
        s.keys("Enter")
        check(t, s.wait_last("[cluster->device*[hyper01*]]%"),
              "a device change stars device and the device")
        s.type("exit")
        s.keys("Enter")
        check(t, s.wait_last("[cluster->device*]%"),
              "exit deselects; the mode keeps its star")
        s.type("quit")
        s.keys("Enter")
        check(t, s.wait_text("Quit and discard them? (yes/no)"),
              "quit with staged changes asks first")
        s.keys("C-d")
        t.eq(s.wait_exit(), 0, "Ctrl-D at the question quits")
    finally:
        s.close()


def multiline(t, sb):
    """An unclosed '(' goes on at a "> " prompt; -m turns that off (BCM
    AM 2.5.1, --disablemultiline|-m "Disable multiline support")."""
    s = Session(sb)
    dev = "[cluster->device]% "
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "a multiline session starts")
        s.type("device")
        s.keys("Enter")
        check(t, s.wait_last(dev), "device")
        s.type("foreach -n hyper[01-02] (")
        s.keys("Enter")
        check(t, s.wait_last("> "), "an open '(' asks for more at '> '")
        s.type("get hostname")
        s.keys("Enter")
        check(t, s.wait_last("> "), "...line after line")
        s.type(")")
        s.keys("Enter")
        ok, scr = s.wait(lambda x: "hyper01\nhyper02\n" + dev.rstrip() in
                         "\n".join(ln.rstrip() for ln in x.splitlines()),
                         "the output")
        check(t, (ok, scr), "the closing ')' runs the command")
        s.type("foreach -n hyper01 (")
        s.keys("Enter")
        s.type("set memory 1")
        s.keys("Enter")
        check(t, s.wait_last("> "), "a second multiline command")
        s.keys("C-c")
        check(t, s.wait_last(dev), "Ctrl-C at '> ' drops the whole command")
        s.type("modified")
        s.keys("Enter")
        check(t, s.wait_text("No modified objects of type device"),
              "...and nothing of it ran")
        s.keys("Up")
        check(t, s.wait_last(dev + "modified"), "history: the last command")
        s.keys("Up")
        check(t, s.wait_last(dev + "foreach -n hyper[01-02] (; get "
                             "hostname; )"),
              "a multiline command is one history entry, lines joined "
              "by '; '")
        s.keys("C-u")
        s.type("quit")
        s.keys("Enter")
        t.eq(s.wait_exit(), 0, "quit")
    finally:
        s.close()
    s = Session(sb, ["-m"])
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "a session with -m starts")
        s.type("device; foreach -n hyper01 (get hostname")
        s.keys("Enter")
        check(t, s.wait_text("unbalanced parenthesis at column 28"),
              "-m: an open '(' is an error of its line")
        check(t, s.wait_last(PROMPT), "...and the prompt comes back")
        s.type("quit")
        s.keys("Enter")
        t.eq(s.wait_exit(), 0, "quit")
    finally:
        s.close()


def watching(t, sb):
    """watch re-runs a command until Ctrl-C, then the prompt comes back
    (BCM AM 2.5.5 "The watch Command": "A running watch command can be
    interrupted with a <Ctrl>-c")."""
    s = Session(sb)
    dev = "[cluster->device]% "
    try:
        check(t, s.wait_last(PROMPT.rstrip()), "a watch session starts")
        s.type("device")
        s.keys("Enter")
        s.type("watch -n 0.2 get hyper01 memory")
        s.keys("Enter")
        check(t, s.wait_text("Every 0.2s: get hyper01 memory"),
              "watch clears the screen and shows its header")
        ok, scr = s.wait(lambda x: "262144" in x and
                         "Every 0.2s" in x.splitlines()[0], "the output")
        check(t, (ok, scr), "...the first line of the screen, then the "
              "output")
        time.sleep(0.5)
        t.ok(not s.exited() and dev.rstrip() not in s.screen(),
             "...and it goes on", s.screen())
        s.keys("C-c")
        check(t, s.wait_last(dev), "Ctrl-C ends watch, not the session")
        s.type("watch -n 0 -c 2 get hyper01 hostname")
        s.keys("Enter")
        check(t, s.wait_last(dev), "watch -c 2 ends by itself")
        s.type("quit")
        s.keys("Enter")
        t.eq(s.wait_exit(), 0, "quit")
    finally:
        s.close()


def main():
    t = TAP()
    p = subprocess.run(["tmux", "-V"], stdout=subprocess.PIPE)
    t.eq(p.returncode, 0, "tmux runs (%s)" % p.stdout.decode().strip())
    with Sandbox() as sb:
        flavor_path(t, sb)
        history(t, sb)
        multiline(t, sb)
        watching(t, sb)
    t.done()


main()
