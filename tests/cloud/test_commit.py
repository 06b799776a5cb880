"""test_commit.py - ocmsh with a cloud set: commit keeps nova's flavors and
aggregates in line (the seed procedure), commit --dry-run and openstack
sync show the plan, a failure half-way exits 76 with the state committed
and sync finishes the job, drift is refused, a cloud that cannot be used
leaves the local commit as it is without a cloud, and openstack import
stages a cloud that the next commit leaves as it is.  nova's real API is
started once (novaserver.py).
"""

import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'lib'))

from cloudtest import OCMSH, TAP, TOKEN, Nova, Result, Scratch  # noqa: E402
from ocmshtest import Sandbox, seed_script  # noqa: E402

t = TAP()
GPU_SPECS = {'pci_passthrough:alias': 'gpu-p100:1', 'gpu': 'true'}
GPU_META = {'reserve_ram_filter_flavor_extra_spec': 'gpu',
            'reserve_ram_filter_mb': '4096'}


def run(sb, sc, stdin, *args):
    """ocmsh on the sandbox's state, clouds.yaml from the scratch folder."""
    return sb.run(*args, stdin=stdin, env=sc.env())


def everything(sb):
    """The bytes of every file of the sandbox (state, history, images)."""
    return b''.join(v if isinstance(v, bytes) else v.encode()
                    for v in sb.snapshot().values())


def test_seed(nova, sb, sc):
    r = run(sb, sc, '', '--complete', 'openstack; set cloud ')
    t.eq(r.out, 'test\n', "the cloud completes from clouds.yaml's entries")
    r = run(sb, sc, 'openstack\nset cloud test\ncommit\n')
    t.eq((r.rc, r.err), (0, ''), 'setting the cloud commits')
    t.contains(r.out, "cloud 'test': 5 calls sent", 'and creates the '
               "example's flavors in nova")
    r = run(sb, sc, seed_script())
    t.eq(r.rc, 0, 'the seed procedure runs with the cloud set')
    fl = nova.flavors()
    t.eq(fl['g1.medium.p100']['extra_specs'], GPU_SPECS,
         "nova's API lists g1.medium.p100 with both extra specs")
    ag = nova.aggregates()['gpu']
    t.eq((sorted(ag['hosts']), ag['metadata']), (['hyper01', 'hyper02'],
                                                 GPU_META),
         'and the aggregate gpu with hyper01, hyper02 and both metadata '
         'keys')
    nova.clear_log()
    r = run(sb, sc, 'openstack\nsync\n')
    t.eq((r.rc, nova.writes()), (0, []), 'a second sync sends nothing')
    t.contains(r.out, 'nothing to send: the cloud is in line', 'and says so')
    t.ok(TOKEN.encode() not in everything(sb), 'the token is in no file '
         'of the state, history or images')
    state = open(sb.state).read()
    t.contains(state, 'cloud:test/flavors/g1.medium.p100:', "the record is "
               "in the state's written map")


def test_dry_run(nova, sb, sc):
    r = run(sb, sc, 'openstack flavors\nset m1.small extraspecs gpu=true\n'
            'commit --dry-run\n')
    t.contains(r.out, 'set extra specs of flavor m1.small: gpu=true',
               'commit --dry-run shows the plan')
    t.eq(nova.writes(), [], 'and sends nothing')


def test_halfway(nova, sb, sc):
    nova.die_after(3)
    r = run(sb, sc, 'openstack flavors\n' + ''.join(
        'add f%d\nset ram 512\nset extraspecs n=%d\nexit\n' % (i, i)
        for i in range(4)) + 'commit\n')
    t.eq(r.rc, 76, 'the API stopping half-way: exit status 76')
    m = re.search(r"cloud 'test': (\d+) of 8 calls done, (\d+) failed, "
                  r"(\d+) not sent; the next sync finishes the job", r.out)
    t.ok(m and int(m.group(1)) == 3 and int(m.group(2)) >= 1 and
         sum(int(x) for x in m.groups()) == 8, 'the report: 3 done, the '
         'rest failed (sent when the API stopped) or not sent', r)
    t.ok(r.out.count('done: ') == 3 and r.out.count('failed: ') ==
         int(m.group(2)) if m else False, 'call by call')
    t.ok(re.search(r"ocmsh: -:\d+: cloud 'test': .*: (lost the connection "
                   r"to|cannot reach) http://127\.0\.0\.1:", r.err),
         'the error names the failed call', r.err)
    t.contains(open(sb.state).read(), 'f3:', 'the state is committed')
    t.ok(nova.wait_exit(), 'the server stopped')
    nova.start()
    nova.clear_log()
    r = run(sb, sc, 'openstack\nsync\n')
    t.eq((r.rc, len(nova.writes())), (0, 5), 'sync finishes the job with '
         'the 5 calls missing')
    t.eq([nova.flavors()['f%d' % i]['extra_specs'] for i in range(4)],
         [{'n': str(i)} for i in range(4)], 'every flavor complete')


def test_drift(nova, sb, sc):
    fid = nova.flavors()['f0']['id']
    nova.api('POST', '/flavors/%s/os-extra_specs' % fid,
             {'extra_specs': {'n': 'changed'}})
    nova.clear_log()
    r = run(sb, sc, 'openstack\nsync\n')
    t.eq(r.rc, 76, 'a flavor changed in the cloud: sync refuses (76)')
    t.contains(r.out, 'extraspecs           n=0                      '
               'n=changed', 'showing state and cloud side by side')
    t.eq(nova.writes(), [], 'sending nothing')
    r = run(sb, sc, 'openstack\nsync --force\n')
    t.ok(r.rc == 0 and nova.flavors()['f0']['extra_specs'] == {'n': '0'},
         'sync --force overwrites the cloud', r)


def test_bad_cloud(nova, sb, sc):
    r = run(sb, sc, 'openstack\nset cloud nope\ncommit\n')
    t.eq(r.rc, 76, 'a cloud that is not in clouds.yaml: exit 76')
    t.eq(r.err, "ocmsh: -:3: no cloud 'nope' in %s\n" % sc.config,
         'one line')
    t.contains(open(sb.state).read(), 'cloud: nope', 'the local commit '
               'happened as without a cloud')
    r = run(sb, sc, 'openstack\nset cloud test\ncommit\n')
    t.eq(r.rc, 0, 'and back')


def test_import(nova, sb, sc):
    state = os.path.join(sb.dir, 'imported', 'cluster.yaml')
    cmd = [OCMSH, '-n', '-s', state, '-R', sb.root]

    def ocmsh(stdin):
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                           env=sc.env(), timeout=120)
        return Result(p.returncode, p.stdout, p.stderr)
    r = ocmsh('openstack\nset cloud test\nimport --dry-run\n')
    t.contains(r.out, '+ flavor g1.medium.p100', 'import --dry-run lists '
               'what it would stage')
    nova.clear_log()
    # the PCI aliases live in nova.conf (importnovaconf), not in the API
    r = ocmsh('openstack\nset cloud test\nimport\npcialiases\n'
              'add gpu-p100\nset vendorid 10de\nset productid 15f8\n'
              '/\ncommit\n')
    t.ok(r.rc == 0, 'import into an empty state, then commit', r)
    t.contains(r.out, 'staged from cloud \'test\'', 'import says what it '
               'staged')
    t.eq(nova.writes(), [], 'the commit changes nothing in the cloud')
    t.contains(r.out, '+ category hypervisor', 'the hypervisors get a '
               'category')
    r = ocmsh('device\nget hyper01 roles\nget hyper01 memory\n'
              'get hyper01 category\nopenstack hostaggregates\n'
              'get gpu nodes\n')
    # piped input is echoed before its output
    t.eq(r.out, 'device\nget hyper01 roles\nopenstackcompute\n'
         'get hyper01 memory\n262144\nget hyper01 category\nhypervisor\n'
         'openstack hostaggregates\nget gpu nodes\nhyper01 hyper02\n',
         'devices from the hypervisors, aggregates with their hosts')


def main():
    with Nova() as nova, Scratch() as sc, Sandbox() as sb:
        nova.add_host('hyper01')
        nova.add_host('hyper02')
        sc.clouds({'test': nova.cloud()})
        test_seed(nova, sb, sc)
        test_dry_run(nova, sb, sc)
        test_halfway(nova, sb, sc)
        test_drift(nova, sb, sc)
        test_bad_cloud(nova, sb, sc)
        test_import(nova, sb, sc)
    t.done()


if __name__ == '__main__':
    main()
