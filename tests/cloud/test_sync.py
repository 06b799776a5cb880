"""test_sync.py - the flavor and aggregate reconcile (nova/sync*.c) against
nova's real compute API (Debian's python3-nova, started here once):
the seed procedure applied, a second run that sends nothing, replace,
drift, adopt, delete, a failure half-way and its completion, nova's 409
and 400 (extra spec validation) shown with nova's message, and the
extra specs read one flavor at a time below microversion 2.61.
"""

import json
import os
import subprocess
import sys
import threading

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'lib'))

from cloudtest import TAP, TOOL, Nova, Scratch, state_view  # noqa: E402
from ocmshtest import Sandbox, seed_script  # noqa: E402

t = TAP()
GPU_SPECS = {'pci_passthrough:alias': 'gpu-p100:1', 'gpu': 'true'}
GPU_META = {'reserve_ram_filter_flavor_extra_spec': 'gpu',
            'reserve_ram_filter_mb': '4096'}


def apply(sc, view, *flags, record='rec.json'):
    return sc.tool(*flags, 'apply', view, sc.path(record), cloud='test')


def plan(sc, view, record='rec.json', cloud='test'):
    return sc.tool('plan', view, sc.path(record), cloud=cloud)


def seed_view(sc):
    """The state after examples/seed.ocmsh, as a view."""
    with Sandbox() as sb:
        r = sb.run(stdin=seed_script())
        t.eq(r.rc, 0, 'the seed procedure runs')
        view = state_view(sb.state)
    return sc.write('seed.json', json.dumps(view))


def test_seed(nova, sc):
    view = seed_view(sc)
    r = plan(sc, view)
    t.contains(r.out, 'create flavor g1.medium.p100', 'plan: create the GPU '
               'flavor')
    t.contains(r.out, 'add host hyper02 to aggregate gpu', 'plan: add hosts')
    t.eq(nova.writes(), [], 'planning sends nothing')
    r = apply(sc, view)
    t.eq(r.rc, 0, 'the seed state is applied')
    t.contains(r.out, '0 failed, 0 not sent', 'every call done')
    fl = nova.flavors()
    t.eq(fl['g1.medium.p100']['extra_specs'], GPU_SPECS,
         'nova lists g1.medium.p100 with both extra specs')
    t.eq((fl['m1.large']['vcpus'], fl['m1.large']['ram'],
          fl['m1.large']['disk']), (4, 8192, 80), 'and the m1 flavors')
    ag = nova.aggregates()['gpu']
    t.eq(sorted(ag['hosts']), ['hyper01', 'hyper02'],
         'aggregate gpu has hyper01 and hyper02')
    t.eq(ag['metadata'], GPU_META, 'and both metadata keys')
    with open(sc.path('rec.json')) as f:
        rec = f.read()
    nova.clear_log()
    r = apply(sc, view)
    t.eq((r.rc, nova.writes()), (0, []), 'a second run sends nothing')
    t.contains(r.out, '0 calls', 'and plans nothing')
    with open(sc.path('rec.json')) as f:
        t.eq(f.read(), rec, 'the record is unchanged: the digests of the '
             'planned objects are those nova gives back')
    return json.load(open(view))


def test_change(nova, sc, view):
    v = json.loads(json.dumps(view))
    fl = v['openstack/default/flavors']
    fl['g1.medium.p100']['extraspecs'] = {'gpu': 'false', 'x:y': 'z'}
    ag = v['openstack/default/hostaggregates']['gpu']
    ag['nodes'] = ['hyper01']
    ag['metadata'] = {'reserve_ram_filter_mb': '8192'}
    ag['availabilityzone'] = 'gpuzone'
    path = sc.write('change.json', json.dumps(v))
    nova.clear_log()
    r = plan(sc, path)
    t.contains(r.out, 'set extra specs of flavor g1.medium.p100: gpu=false, '
               'x:y=z', 'plan: only the changed extra specs are set')
    t.contains(r.out, 'unset extra spec pci_passthrough:alias',
               'plan: a removed extra spec is unset')
    t.contains(r.out, 'set metadata of aggregate gpu: reserve_ram_filter_mb='
               '8192, reserve_ram_filter_flavor_extra_spec unset',
               'plan: metadata set and unset in one call')
    t.contains(r.out, 'remove host hyper02 from aggregate gpu', 'plan: a '
               'host removed')
    r = apply(sc, path)
    t.eq(r.rc, 0, 'changes in place need no --force')
    t.eq(len(nova.writes()), 5, 'five calls: nothing else is sent')
    t.eq(nova.flavors()['g1.medium.p100']['extra_specs'],
         {'gpu': 'false', 'x:y': 'z'}, 'nova has the new extra specs')
    a = nova.aggregates()['gpu']
    t.eq((a['hosts'], a['metadata'], a['availability_zone']),
         (['hyper01'], {'reserve_ram_filter_mb': '8192',
                        'availability_zone': 'gpuzone'}, 'gpuzone'),
         'nova has the new hosts, metadata and zone')
    r = apply(sc, sc.path('seed.json'))
    t.eq(r.rc, 76, 'nova cannot unset a zone: refused without --force')
    t.contains(r.err, 'hostaggregate gpu needs replacing', 'as a replacement')
    r = apply(sc, sc.path('seed.json'), '-f')
    t.eq(r.rc, 0, 'with --force: back to the seed state')
    a = nova.aggregates()['gpu']
    t.eq((a['availability_zone'], sorted(a['hosts']), a['metadata']),
         (None, ['hyper01', 'hyper02'], GPU_META),
         'the aggregate is made again without a zone')


def test_replace(nova, sc):
    v = json.load(open(sc.path('seed.json')))
    v['openstack/default/flavors']['m1.small']['ram'] = 3072
    path = sc.write('replace.json', json.dumps(v))
    old = nova.flavors()['m1.small']['id']
    nova.clear_log()
    r = apply(sc, path)
    t.eq(r.rc, 76, 'a ram change is refused without --force (exit 76)')
    t.contains(r.err, 'flavor m1.small needs replacing (delete + create, '
               'new id)', 'and says why')
    t.eq(nova.writes(), [], 'nothing is sent')
    r = plan(sc, path)
    t.contains(r.out, 'flavor m1.small: replace (delete + create, new id): '
               'ram 2048 -> 3072; needs --force', 'the plan shows the '
               'replacement')
    r = apply(sc, path, '-f')
    t.eq(r.rc, 0, 'with --force it is replaced')
    f = nova.flavors()['m1.small']
    t.ok(f['ram'] == 3072 and f['id'] != old, 'new ram, new id')
    apply(sc, sc.path('seed.json'), '-f')


def test_drift(nova, sc):
    fid = nova.flavors()['m1.large']['id']
    nova.api('POST', '/flavors/%s/os-extra_specs' % fid,
             {'extra_specs': {'hw:cpu_policy': 'dedicated'}})
    nova.clear_log()
    r = apply(sc, sc.path('seed.json'))
    t.eq(r.rc, 76, 'a managed flavor changed in the cloud is refused')
    t.contains(r.err, 'flavor m1.large changed in the cloud since the last '
               'sync', 'naming it')
    t.eq(nova.writes(), [], 'nothing is sent')
    r = plan(sc, sc.path('seed.json'))
    t.contains(r.out, 'extraspecs           -                        '
               'hw:cpu_policy=dedicated', 'the plan shows state and cloud '
               'side by side')
    r = apply(sc, sc.path('seed.json'), '-f')
    t.eq(r.rc, 0, '--force overwrites the cloud')
    t.eq(nova.flavors()['m1.large']['extra_specs'], {}, 'the extra spec '
         'is gone')
    nova.api('DELETE', '/flavors/%s' % nova.flavors()['m1.tiny']['id'])
    r = apply(sc, sc.path('seed.json'))
    t.ok(r.rc == 76 and 'flavor m1.tiny changed in the cloud' in r.err,
         'a managed flavor deleted in the cloud is drift too', r)
    r = apply(sc, sc.path('seed.json'), '-f')
    t.ok(r.rc == 0 and 'm1.tiny' in nova.flavors(), 'forced: re-created')


def test_adopt(nova, sc):
    st, j = nova.api('POST', '/flavors', {'flavor': {
        'name': 'adopted', 'ram': 1024, 'vcpus': 1, 'disk': 10}})
    nova.api('POST', '/flavors/%s/os-extra_specs' % j['flavor']['id'],
             {'extra_specs': {'old': 'spec'}})
    nova.api('POST', '/flavors', {'flavor': {
        'name': 'foreign', 'ram': 512, 'vcpus': 1, 'disk': 1}})
    v = json.load(open(sc.path('seed.json')))
    v['openstack/default/flavors']['adopted'] = {
        'vcpus': 1, 'ram': 1024, 'disk': 10, 'extraspecs': {'new': 'spec'}}
    path = sc.write('adopt.json', json.dumps(v))
    r = plan(sc, path)
    t.contains(r.out, 'flavor adopted: update; adopted (not managed by ocmsh '
               'before)', 'a flavor ocmsh never managed is adopted')
    t.contains(r.out, '1 flavor in the cloud not managed by ocmsh, left '
               'alone: foreign', 'one not in the state is left alone')
    r = apply(sc, path)
    t.eq(r.rc, 0, 'adopting needs no --force')
    t.eq(nova.flavors()['adopted']['extra_specs'], {'new': 'spec'},
         'the adopted flavor follows the state')
    r = apply(sc, sc.path('seed.json'))
    t.ok(r.rc == 0 and 'adopted' not in nova.flavors(),
         'once managed, removing it from the state deletes it', r)
    t.ok('foreign' in nova.flavors(), 'the unmanaged flavor stays')


def test_halfway(nova, sc):
    v = json.load(open(sc.path('seed.json')))
    for i in range(6):
        v['openstack/default/flavors']['h%d' % i] = {
            'vcpus': 1, 'ram': 512, 'disk': 1, 'extraspecs': {'n': str(i)}}
    path = sc.write('halfway.json', json.dumps(v))
    nova.die_after(5)
    r = apply(sc, path, '-p', '1')
    t.eq(r.rc, 76, 'the API stopping between two calls: exit 76')
    t.eq(r.out.count('done: '), 5, 'the report names the 5 calls made')
    t.eq(r.out.count('failed: '), 1, 'the one that failed')
    t.ok(r.out.count('failed: set extra specs of flavor h2: n=2: ') and
         ('cannot reach http://127.0.0.1:' in r.out or
          'lost the connection to http://127.0.0.1:' in r.out),
         'with why', r.out)
    t.eq(r.out.count('not sent: '), 6, 'and the 6 never sent')
    t.contains(r.out, '12 calls: 5 done, 1 failed, 6 not sent', 'in all')
    t.ok(nova.wait_exit(), 'the server stopped')
    nova.start()
    nova.clear_log()
    r = apply(sc, path)
    t.eq(r.rc, 0, 'the next run finishes the job')
    t.eq(len(nova.writes()), 7, 'sending only what was missing (7 calls)')
    fl = nova.flavors()
    t.eq([fl['h%d' % i]['extra_specs'] for i in range(6)],
         [{'n': str(i)} for i in range(6)], 'all six flavors complete')
    nova.clear_log()
    r = apply(sc, path)
    t.eq((r.rc, nova.writes()), (0, []), 'and a third run sends nothing')


def test_409(nova, sc):
    v = json.load(open(sc.path('halfway.json')))
    v['openstack/default/flavors']['dup'] = {'vcpus': 1, 'ram': 512}
    path = sc.write('dup.json', json.dumps(v))
    fifo = sc.path('pause')
    os.mkfifo(fifo)
    env = sc.env({'CLOUD_TOOL_PAUSE': fifo})
    p = subprocess.Popen([TOOL, '-c', 'test', 'apply', path,
                          sc.path('rec.json')], cwd=sc.dir, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    t.eq(p.stderr.readline(), 'paused\n', 'the driver has planned')
    # ... and waits: another client takes the name
    st, j = nova.api('POST', '/flavors', {'flavor': {
        'name': 'dup', 'ram': 512, 'vcpus': 1, 'disk': 1}})
    with open(fifo, 'w') as f:
        f.write('go\n')
    out, err = p.communicate(timeout=120)
    t.eq(p.returncode, 76, 'a create that collides fails (exit 76)')
    t.contains(out, 'failed: create flavor dup (vcpus 1, ram 512, disk 0): '
               '409 Flavor with name dup already exists', "with nova's 409")
    t.contains(err, '409 Flavor with name dup already exists', 'on stderr '
               'too')
    nova.api('DELETE', '/flavors/%s' % j['flavor']['id'])
    r = apply(sc, path)
    t.eq(r.rc, 0, 'once it is gone the next run creates it')


def test_400(nova, sc):
    v = json.load(open(sc.path('dup.json')))
    v['openstack/default/flavors']['bad'] = {
        'vcpus': 1, 'ram': 512, 'extraspecs': {'hw:cpu_policy': 'bogus'}}
    path = sc.write('bad.json', json.dumps(v))
    r = apply(sc, path)
    t.eq(r.rc, 76, "an extra spec nova's validation refuses: exit 76")
    t.contains(r.err, "set extra specs of flavor bad: hw:cpu_policy=bogus: "
               "400 Validation failed; 'bogus' is not one of: dedicated, "
               "shared, mixed", "nova's message, one line")
    v['openstack/default/flavors']['bad']['extraspecs'] = {
        'hw:cpu_policy': 'shared'}
    path = sc.write('good.json', json.dumps(v))
    nova.clear_log()
    r = apply(sc, path)
    t.eq((r.rc, len(nova.writes())), (0, 1), 'fixed in the state: the next '
         'run only sets the extra spec (the flavor was made)')


def test_old_microversion(nova, sc):
    nova.clear_log()
    r = plan(sc, sc.path('good.json'), cloud='old')
    t.contains(r.out, 'nothing to send', 'microversion 2.53: the cloud reads '
               'the same (extra specs one flavor at a time)')
    gets = [x for x in nova.requests() if x.endswith('/os-extra_specs')]
    t.ok(len(gets) >= 10, 'one GET of os-extra_specs per flavor', gets)


def test_written(sc):
    rec = {'flavors': {'m1.tiny': 'sha256:aa'},
           'hostaggregates': {'gpu': 'sha256:bb'}}
    written = {'/cm/images/default-image/etc/nova/nova.conf':
               {'digest': 'sha256:cc'},
               'cloud:test/flavors/gone': {'digest': 'sha256:dd'},
               'cloud:other/flavors/m1.tiny': {'digest': 'sha256:ee'}}
    r = sc.tool('written', 'test', sc.write('wrec.json', json.dumps(rec)),
                sc.write('written.json', json.dumps(written)))
    dec = json.JSONDecoder()
    w, end = dec.raw_decode(r.out)
    back, _ = dec.raw_decode(r.out[end:].lstrip())
    t.eq(sorted(w), ['/cm/images/default-image/etc/nova/nova.conf',
                     'cloud:other/flavors/m1.tiny', 'cloud:test/flavors/'
                     'm1.tiny', 'cloud:test/hostaggregates/gpu'],
         "the record kept in the state's written map, next to the files "
         "and other clouds' entries")
    t.eq(back, rec, 'and read back from it')


def main():
    with Scratch() as sc:
        test_written(sc)
    with Nova() as nova, Scratch() as sc:
        nova.add_host('hyper01')
        nova.add_host('hyper02')
        sc.clouds({'test': nova.cloud(),
                   'old': nova.cloud(compute_api_version='2.53')})
        view = test_seed(nova, sc)
        test_change(nova, sc, view)
        test_replace(nova, sc)
        test_drift(nova, sc)
        test_adopt(nova, sc)
        test_halfway(nova, sc)
        test_409(nova, sc)
        test_400(nova, sc)
        test_old_microversion(nova, sc)
    t.done()


if __name__ == '__main__':
    main()
