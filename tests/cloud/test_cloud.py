"""test_cloud.py - connecting to a cloud the OpenStack way (nova/clouds.c,
nova/cloud.c, nova/http.c), importing it (sync_import), and the openstack
CLI as an independent client of what ocmsh applied.

nova's real compute API is started once; keystone is a stand-in
(keystone.py) whose catalog points at it, over HTTP or HTTPS with a
self-signed certificate.  Bad input (an unknown cloud, an unreadable or
malformed clouds.yaml, a refused login, an unreachable endpoint, a TLS
failure, a server that never answers) must give one clear line and send
nothing to nova; no secret may appear in any output.
"""

import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cloudtest import TAP, Nova, Scratch  # noqa: E402
from keystone import Keystone, compute, endpoint  # noqa: E402

t = TAP()
SECRETS = ['pw-Xq7-secret', 'ac-Zr9-secret', 'wrong-Kp2-guess']
outputs = []


def tool(sc, *args, **kw):
    r = sc.tool(*args, **kw)
    outputs.append(r.out + r.err)
    return r


def one_line(r, want, name):
    """r failed with exit 1 and one line on stderr containing want."""
    lines = r.err.splitlines()
    t.ok(r.rc == 1 and len(lines) == 1 and want in lines[0] and not r.out,
         name, r)


def password_cloud(ks, password='pw-Xq7-secret', **extra):
    entry = {'auth': {'auth_url': ks.url, 'username': 'admin',
                      'password': password, 'project_name': 'admin',
                      'user_domain_name': 'Default',
                      'project_domain_name': 'Default'},
             'region_name': 'RegionOne'}
    if password is None:
        del entry['auth']['password']
    entry.update(extra)
    return entry


def test_keystone(nova, sc):
    ks = Keystone(users={'admin': 'pw-Xq7-secret'},
                  appcreds={'ac1': 'ac-Zr9-secret'}, catalog=[compute(
                      endpoint(nova.url),
                      endpoint('http://127.0.0.1:1/v2.1', 'internal'),
                      endpoint('http://127.0.0.1:1/v2.1', 'public', 'R2'))])
    sc.clouds({
        'pw': password_cloud(ks),
        'internal': password_cloud(ks, interface='internal'),
        'r2': password_cloud(ks, region_name='R2'),
        'nosecret': password_cloud(ks, password=None),
        'bad': password_cloud(ks, password='wrong-Kp2-guess'),
        'ac': {'auth_type': 'v3applicationcredential', 'auth': {
            'auth_url': ks.url, 'application_credential_id': 'ac1',
            'application_credential_secret': 'ac-Zr9-secret'}},
    })
    sc.write('secure.yaml', json.dumps({'clouds': {'nosecret': {
        'auth': {'password': 'pw-Xq7-secret'}}}}))
    r = tool(sc, 'check', cloud='pw')
    t.eq((r.rc, r.out), (0, '%s 2.87\n' % nova.url), 'password login: the '
         'compute endpoint from the catalog, microversion 2.87')
    login = ks.logins[-1]['auth']
    t.eq((login['identity']['methods'], login['scope']['project']),
         (['password'], {'name': 'admin', 'domain': {'name': 'Default'}}),
         'keystone v3 password method, project scope')
    n = len(ks.logins)
    r = tool(sc, 'check2', cloud='pw')
    t.ok(r.rc == 0 and len(ks.logins) == n + 1, 'two connections in one run '
         'log in once (the token is reused)', r)
    r = tool(sc, 'check', cloud='ac')
    t.ok(r.rc == 0 and ks.logins[-1]['auth']['identity']['methods'] ==
         ['application_credential'], 'application credential login', r)
    one_line(tool(sc, 'check', cloud='internal'),
             "cloud 'internal': cannot reach http://127.0.0.1:1/v2.1/",
             'interface internal picks the internal endpoint')
    one_line(tool(sc, 'check', cloud='r2'),
             "cloud 'r2': cannot reach http://127.0.0.1:1/v2.1/",
             'region_name picks the region')
    r = tool(sc, 'check', cloud='nosecret')
    t.eq(r.rc, 0, 'the password from secure.yaml')
    os.unlink(sc.path('secure.yaml'))
    one_line(tool(sc, 'check', cloud='nosecret'), "cloud 'nosecret' has no "
             "password (set it in secure.yaml or OS_PASSWORD)",
             'no password anywhere')
    r = tool(sc, 'check', env={'OS_CLOUD': 'nosecret',
                               'OS_PASSWORD': 'pw-Xq7-secret'})
    t.eq(r.rc, 0, 'OS_CLOUD names the cloud, OS_PASSWORD fills it in')
    r = tool(sc, 'check', env={
        'OS_AUTH_URL': ks.url, 'OS_USERNAME': 'admin', 'OS_PASSWORD':
        'pw-Xq7-secret', 'OS_PROJECT_NAME': 'admin',
        'OS_USER_DOMAIN_NAME': 'Default', 'OS_PROJECT_DOMAIN_NAME':
        'Default', 'OS_CLIENT_CONFIG_FILE': sc.path('none.yaml')})
    t.eq(r.rc, 0, 'the OS_* variables alone')
    nova.clear_log()
    n = len(ks.logins)
    r = tool(sc, 'apply', sc.view('v.json', {'x': {'ram': 512}}),
             sc.path('rec.json'), cloud='bad')
    one_line(r, "cloud 'bad': login refused by %s: 401 The request you "
             "have made requires authentication" % ks.url, 'a refused login')
    t.eq((nova.requests(), len(ks.logins)), ([], n + 1), 'nothing is sent '
         'to nova, one login is tried')
    ks.stop()


def test_bad_files(nova, sc):
    one_line(tool(sc, 'check', cloud='nope'), "no cloud 'nope' in %s" %
             sc.config, 'an unknown cloud name')
    os.unlink(sc.config)
    os.mkdir(sc.config)
    one_line(tool(sc, 'check', cloud='pw'), '%s: is a folder, not a file' %
             sc.config, 'an unreadable clouds.yaml')
    os.rmdir(sc.config)
    sc.write('clouds.yaml', 'clouds:\n  pw:\n    auth: [x\n')
    one_line(tool(sc, 'check', cloud='pw'), '%s:4:1: did not find expected '
             "',' or ']' while parsing a flow sequence" % sc.config,
             'malformed YAML: FILE:LINE:COL')
    sc.write('clouds.yaml', 'clouds: 5\n')
    one_line(tool(sc, 'check', cloud='pw'), '%s:1:9: clouds must be a '
             'mapping' % sc.config, 'clouds not a mapping: FILE:LINE:COL')
    sc.write('clouds.yaml', 'clouds:\n  pw:\n    auth_type: v2password\n')
    one_line(tool(sc, 'check', cloud='pw'), "%s:3:16: auth_type 'v2password' "
             'is not supported' % sc.config, 'an auth_type not supported')
    sc.clouds({'down': {'auth_type': 'admin_token', 'auth': {
        'endpoint': 'http://127.0.0.1:1/v2.1', 'token': 'admin:admin'}}})
    one_line(tool(sc, 'check', cloud='down'), "cloud 'down': cannot reach "
             'http://127.0.0.1:1/v2.1/: ', 'an unreachable endpoint')


def test_tls(nova, sc):
    cert, key = sc.path('cert.pem'), sc.path('key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048',
                    '-nodes', '-keyout', key, '-out', cert, '-days', '2',
                    '-subj', '/CN=127.0.0.1', '-addext',
                    'subjectAltName=IP:127.0.0.1'], check=True,
                   capture_output=True)
    ks = Keystone(users={'admin': 'pw-Xq7-secret'}, tls=(cert, key),
                  catalog=[compute(endpoint(nova.url))])
    sc.clouds({'tls': password_cloud(ks),
               'ca': password_cloud(ks, cacert=cert),
               'noverify': password_cloud(ks, verify=False)})
    r = tool(sc, 'check', cloud='tls')
    one_line(r, "cloud 'tls': TLS failure with %s/auth/tokens: " % ks.url,
             'a certificate not trusted: a TLS failure')
    t.eq(ks.logins, [], 'and no login was sent')
    t.eq(tool(sc, 'check', cloud='ca').rc, 0, 'trusted through cacert')
    t.eq(tool(sc, 'check', cloud='noverify').rc, 0, 'verify: false when the '
         'file says so')
    ks.stop()
    ks = Keystone(hang=True)
    sc.clouds({'hang': password_cloud(ks, api_timeout=2)})
    start = time.time()
    one_line(tool(sc, 'check', cloud='hang'), "cloud 'hang': no answer from "
             '%s/auth/tokens within 2 s' % ks.url, 'a server that never '
             'answers: the timeout')
    t.ok(time.time() - start < 15, 'the timeout bounds the wait')
    ks.stop()


def prepare(nova):
    """A cloud made through nova's API."""
    nova.add_host('hyper01', 262144)
    nova.add_host('hyper02', 131072)
    nova.add_host('compute03', 65536)
    st, j = nova.api('POST', '/flavors', {'flavor': {
        'name': 'gpu.large', 'ram': 16384, 'vcpus': 8, 'disk': 100}})
    nova.api('POST', '/flavors/%s/os-extra_specs' % j['flavor']['id'],
             {'extra_specs': {'pci_passthrough:alias': 'gpu-k40:1'}})
    nova.api('POST', '/flavors', {'flavor': {
        'name': 'private.small', 'ram': 2048, 'vcpus': 1, 'disk': 20,
        'swap': 1024, 'OS-FLV-EXT-DATA:ephemeral': 10, 'rxtx_factor': 2.0,
        'os-flavor-access:is_public': False}})
    st, j = nova.api('POST', '/os-aggregates', {'aggregate': {
        'name': 'gpu', 'availability_zone': 'gpuzone'}})
    aid = j['aggregate']['id']
    nova.api('POST', '/os-aggregates/%d/action' % aid, {'set_metadata': {
        'metadata': {'reserve_ram_filter_mb': '4096'}}})
    for h in ('hyper02', 'hyper01'):
        nova.api('POST', '/os-aggregates/%d/action' % aid,
                 {'add_host': {'host': h}})
    nova.api('POST', '/os-aggregates', {'aggregate': {'name': 'empty'}})


def test_import(nova, sc):
    prepare(nova)
    sc.clouds({'test': nova.cloud()})
    r = tool(sc, 'import', cloud='test')
    t.eq(r.rc, 0, 'import runs')
    j = json.loads(r.out)
    t.eq(j['devices'], {
        'compute03': {'roles': ['openstackcompute'], 'memory': 65536},
        'hyper01': {'roles': ['openstackcompute'], 'memory': 262144},
        'hyper02': {'roles': ['openstackcompute'], 'memory': 131072}},
        'hypervisors as devices with their memory')
    fl = j['openstack/default/flavors']
    t.eq(fl['gpu.large'], {'vcpus': 8, 'ram': 16384, 'disk': 100,
                           'extraspecs': {'pci_passthrough:alias':
                                          'gpu-k40:1'}},
         'a flavor with its extra specs, defaults left out')
    t.eq(fl['private.small'], {'vcpus': 1, 'ram': 2048, 'disk': 20,
                               'ephemeral': 10, 'swap': 1024,
                               'rxtxfactor': 2.0, 'public': False},
         'a private flavor with swap, ephemeral and rxtx factor')
    ag = j['openstack/default/hostaggregates']
    t.eq(ag, {'gpu': {'nodes': ['hyper01', 'hyper02'],
                      'availabilityzone': 'gpuzone',
                      'metadata': {'reserve_ram_filter_mb': '4096'}},
              'empty': {}}, 'aggregates with hosts, zone and metadata')
    view = sc.write('import.json', r.out)
    nova.clear_log()
    r = tool(sc, 'apply', view, sc.path('irec.json'), cloud='test')
    t.eq((r.rc, nova.writes()), (0, []), 'applying the import changes '
         'nothing in the cloud')
    rec = json.load(open(sc.path('irec.json')))
    t.eq((sorted(rec['flavors']), sorted(rec['hostaggregates'])),
         (['gpu.large', 'private.small'], ['empty', 'gpu']),
         'and adopts every object')
    return j


def openstack(sc, *args):
    env = sc.env({'OS_CLOUD': 'test'})
    p = subprocess.run(['openstack'] + list(args) + ['-f', 'json'],
                       env=env, cwd=sc.dir, capture_output=True, text=True,
                       timeout=120)
    return json.loads(p.stdout) if p.returncode == 0 else p.stderr


def test_cli(nova, sc, view):
    view['openstack/default/flavors']['cli.check'] = {
        'vcpus': 2, 'ram': 4096, 'disk': 40, 'extraspecs': {'gpu': 'true'}}
    view['openstack/default/hostaggregates']['gpu']['metadata']['x'] = 'y'
    r = tool(sc, 'apply', sc.write('cli.json', json.dumps(view)),
             sc.path('irec.json'), cloud='test')
    t.eq(r.rc, 0, 'a flavor and a metadata key applied')
    f = openstack(sc, 'flavor', 'show', 'cli.check')
    t.ok(isinstance(f, dict) and f.get('ram') == 4096 and
         f.get('properties') in ({'gpu': 'true'}, "gpu='true'"),
         'the openstack CLI sees the flavor and its extra spec', f)
    a = openstack(sc, 'aggregate', 'show', 'gpu')
    t.ok(isinstance(a, dict) and sorted(a.get('hosts', [])) ==
         ['hyper01', 'hyper02'] and a.get('availability_zone') ==
         'gpuzone' and 'x' in str(a.get('properties')),
         'and the aggregate with its hosts, zone and metadata', a)


def main():
    with Nova() as nova, Scratch() as sc:
        test_keystone(nova, sc)
        test_bad_files(nova, sc)
        test_tls(nova, sc)
        view = test_import(nova, sc)
        test_cli(nova, sc, view)
    text = ''.join(outputs)
    t.eq([s for s in SECRETS if s in text], [], 'no secret in any output')
    t.done()


if __name__ == '__main__':
    main()
