#!/usr/bin/env python3
"""test_modpath.py - where commit installs the reserve filter module: beside
the nova package found in each image (Debian, CentOS 7, RDO, lib64), in
filtermodulepath when it is set, else in the release's usual folder with a
warning.  For the Python 3 layouts, nova's own HostManager (python3-nova,
Zed) then imports the filter from where ocmsh put it.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests", "lib"))
sys.path.insert(0, os.path.join(os.environ["top_srcdir"], "tests",
                                "novaconf"))

from nctest import (CENTOS7_DIR, IMAGE, MODULE_DIR, RDO9_DIR,  # noqa: E402
                    Sandbox, TAP, ZED_DEFAULTS, nova_package, script)

PKG = "ocmsh_filters"

# nova-scheduler's HostManager, built as nova builds it, with what needs
# a database left out; prints the module file of each enabled filter.
HOSTMANAGER = r'''
import json, sys
from unittest import mock
conf_path, module_dir = sys.argv[1], sys.argv[2]
import nova.conf
from nova import objects
from nova.scheduler import host_manager
objects.register_all()
nova.conf.CONF(['--config-file', conf_path], project='nova',
               default_config_files=[], default_config_dirs=[])
sys.path.append(module_dir)     # as site-packages is on a node's sys.path
with mock.patch.object(host_manager.HostManager, 'refresh_cells_caches'), \
        mock.patch.object(host_manager.HostManager, '_init_aggregates'), \
        mock.patch.object(host_manager.HostManager, '_init_instance_info'):
    hm = host_manager.HostManager()
print(json.dumps(dict((type(f).__name__,
                       sys.modules[type(f).__module__].__file__)
                      for f in hm.enabled_filters)))
'''


def zed_reserve():
    return script("openstack settings compute", "set release zed",
                  "set schedulerfilters %s PciPassthroughFilter "
                  "ReserveRamFilter ReserveAggregateRamFilter" %
                  " ".join(ZED_DEFAULTS), "commit")


def newton_reserve():
    return script("openstack settings compute",
                  "set schedulerfilters RetryFilter ReserveRamFilter "
                  "ComputeFilter PciPassthroughFilter", "commit")


def installed(sb, where):
    """Whether both files of the module are in the image at where."""
    return all(os.path.isfile(sb.path(IMAGE, where, PKG, f))
               for f in ("__init__.py", "reserve_ram_filter.py"))


def hostmanager(sb, where):
    """{filter: module file} as Zed's HostManager loads them."""
    p = subprocess.run([os.environ.get("PYTHON3") or "/usr/bin/python3",
                        "-B", "-c", HOSTMANAGER, sb.nova_conf(),
                        sb.path(IMAGE, where)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, timeout=300)
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"error": p.stderr[-2000:]}


t = TAP()

# ---- Python 3 layouts: the module beside nova, and nova imports it
for label, where in (("Debian", MODULE_DIR), ("RDO", RDO9_DIR),
                     ("RDO lib64", RDO9_DIR.replace("lib/", "lib64/"))):
    with Sandbox() as sb:
        nova_package(sb, where)
        r = sb.run(stdin=zed_reserve())
        t.ok(r.rc == 0 and "\n210 " not in r.err, "%s: commits, no "
             "warning" % label, r)
        t.ok(installed(sb, where), "%s: the module is beside nova, in %s"
             % (label, where))
        others = [d for d in (MODULE_DIR, CENTOS7_DIR, RDO9_DIR)
                  if d != where and installed(sb, d)]
        t.eq(others, [], "%s: and nowhere else" % label)
        loaded = hostmanager(sb, where)
        mine = sb.path(IMAGE, where, PKG, "reserve_ram_filter.py")
        t.eq([loaded.get(c) for c in ("ReserveRamFilter",
                                      "ReserveAggregateRamFilter")],
             [mine, mine], "%s: nova's HostManager imports both filters "
             "from there" % label)

# ---- CentOS 7 (the seed's image): Python 2.7's site-packages
with Sandbox() as sb:
    nova_package(sb, CENTOS7_DIR)
    r = sb.run(stdin=newton_reserve())
    t.ok(r.rc == 0 and "\n210 " not in r.err, "CentOS 7: commits", r)
    t.ok(installed(sb, CENTOS7_DIR), "CentOS 7: the module is in "
         "python2.7/site-packages, beside nova")
    t.ok(not installed(sb, MODULE_DIR), "CentOS 7: not in python3")

# ---- two nova packages (an upgrade left one): beside both
with Sandbox() as sb:
    nova_package(sb, CENTOS7_DIR)
    nova_package(sb, MODULE_DIR)
    r = sb.run(stdin=zed_reserve())
    t.ok(r.rc == 0, "two novas: commits", r)
    t.ok(installed(sb, CENTOS7_DIR) and installed(sb, MODULE_DIR),
         "two novas: the module is beside each")

# ---- no nova package: the release's usual folder, with a warning
for release, cmds, where in (("newton", newton_reserve(), CENTOS7_DIR),
                             ("zed", zed_reserve(), MODULE_DIR)):
    with Sandbox() as sb:
        sb.write(sb.path(IMAGE, "etc", "hostname"), "node\n")
        r = sb.run(stdin=cmds)
        t.ok(r.rc == 0, "no nova (%s): commits" % release, r)
        t.ok(any(line.startswith("210 ") and "no nova package found in "
                 "the image" in line and "/" + where in line
                 for line in r.err.splitlines()),
             "no nova (%s): warning 210 names the folder" % release, r)
        t.ok(installed(sb, where), "no nova (%s): the module is in %s" %
             (release, where))

# ---- filtermodulepath wins, without a search
with Sandbox() as sb:
    nova_package(sb, MODULE_DIR)
    r = sb.run(stdin=script("openstack settings compute",
                            "set filtermodulepath /opt/site") +
               zed_reserve())
    t.ok(r.rc == 0 and "\n210 " not in r.err, "filtermodulepath: "
         "commits", r)
    t.ok(installed(sb, "opt/site") and not installed(sb, MODULE_DIR),
         "filtermodulepath: the module goes there only")
t.done()
