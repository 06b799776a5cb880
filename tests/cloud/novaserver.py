"""novaserver.py - nova's real compute API on 127.0.0.1, for the tests.

Run as a program (the tests start it through cloudtest.NovaServer):

    python3 novaserver.py DIR

DIR holds nova.conf, the paste pipeline and the sqlite databases; they are
created on the first start and reused by a later start on the same DIR.
The program serves nova's own WSGI application
(nova.api.openstack.compute.wsgi:init_application) with python3's wsgiref,
with [api] auth_strategy = noauth2 (token "admin:admin"), transport_url
fake:// and a stub placement service on a second port that finds no
resource provider (nova then only logs a warning when a host joins an
aggregate).  When both listen it writes DIR/ports ("API PLACEMENT\n").

Besides nova's API the server answers a few test hooks under /_test/:
    POST /_test/hosts        {"host": NAME, "memory_mb": N}: a nova-compute
                             service and compute node of that name, mapped
                             to the cell (discover_hosts)
    POST /_test/die-after    {"n": N}: exit after N more write requests
    GET  /_test/log          the requests seen so far (method and path)
    POST /_test/log          forget them

With NOVASERVER_PARENT=PID in the environment the server exits when that
process is gone, so a test killed outright leaves no server behind.
NOVASERVER_PORT=N makes the API listen on port N (a restart on the same
folder keeps its address).
"""

import os
import sys

os.environ.setdefault('EVENTLET_NO_GREENDNS', 'yes')
import nova.monkey_patch  # noqa: E402,F401  (before anything else)

import json  # noqa: E402
import threading  # noqa: E402
import wsgiref.simple_server as wss  # noqa: E402

PASTE = """\
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2.1: openstack_compute_api_v21

[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = compute_req_id faultwrap noauth2 osapi_compute_app_v21
noauth2 = compute_req_id faultwrap noauth2 osapi_compute_app_v21

[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory

[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory

[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory

[pipeline:oscomputeversions]
pipeline = faultwrap oscomputeversionapp

[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory
"""

CONF = """\
[DEFAULT]
transport_url = fake://
state_path = {d}
host = novaapi
use_stderr = true
debug = false
default_log_levels = nova=WARN,oslo_db=WARN,oslo_policy=ERROR,stevedore=WARN,keystoneauth=WARN,oslo_messaging=WARN,nova.scheduler.client.report=ERROR,nova.compute.api=ERROR,oslo.privsep=WARN
[api]
auth_strategy = noauth2
[wsgi]
api_paste_config = {d}/api-paste.ini
[api_database]
connection = sqlite:///{d}/api.db
[database]
connection = sqlite:///{d}/cell1.db
[placement]
auth_type = none
endpoint_override = http://127.0.0.1:{pport}
[oslo_concurrency]
lock_path = {d}/lock
[notifications]
notification_format = unversioned
[oslo_messaging_notifications]
driver = noop
[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
"""


class Quiet(wss.WSGIRequestHandler):
    """A request handler that logs nothing."""

    def log_message(self, *args):
        pass


class Server(wss.WSGIServer):
    """wsgiref's server, one request at a time, reusing the address."""
    allow_reuse_address = True


def placement_app(environ, start_response):
    """A placement stub: no resource providers, anything else 404."""
    path = environ.get('PATH_INFO', '')
    environ['wsgiref.base_url'] = 'http://%s/' % environ['HTTP_HOST']
    if path.rstrip('/') == '/resource_providers':
        body = b'{"resource_providers": []}'
        status = '200 OK'
    elif path in ('', '/'):
        body = json.dumps({'versions': [{
            'id': 'v1.0', 'max_version': '1.39', 'min_version': '1.0',
            'status': 'CURRENT', 'links': [{
                'rel': 'self', 'href': environ['wsgiref.base_url']}]}]}
                          ).encode()
        status = '200 OK'
    else:
        body = b'{"errors": [{"status": 404, "title": "Not Found"}]}'
        status = '404 Not Found'
    start_response(status, [('Content-Type', 'application/json'),
                            ('Content-Length', str(len(body)))])
    return [body]


def listen(app, port=0):
    """A wsgiref server for app on 127.0.0.1 (port 0: any free one)."""
    return wss.make_server('127.0.0.1', port, app, server_class=Server,
                           handler_class=Quiet)


def make_dbs(d):
    """Creates the API and cell databases with nova-manage's own code."""
    from nova.cmd import manage
    with open(os.devnull, 'w') as null:
        old, sys.stdout = sys.stdout, null
        try:
            manage.ApiDbCommands().sync()
            cells = manage.CellV2Commands()
            cells.map_cell0('sqlite:///%s/cell0.db' % d)
            manage.DbCommands().sync()
            cells.create_cell(name='cell1')
        finally:
            sys.stdout = old


def add_host(name, memory_mb):
    """A nova-compute service and compute node named name, discovered."""
    from nova.cmd import manage
    from nova import context
    from nova import objects
    ctx = context.get_admin_context()
    cell = objects.CellMappingList.get_all(ctx)
    cell = [c for c in cell if c.name == 'cell1'][0]
    with context.target_cell(ctx, cell) as cctx:
        svc = objects.Service(cctx, host=name, binary='nova-compute',
                              topic='compute', report_count=1)
        svc.create()
        node = objects.ComputeNode(
            cctx, host=name, hypervisor_hostname=name, service_id=svc.id,
            vcpus=64, memory_mb=memory_mb, local_gb=1000, vcpus_used=0,
            memory_mb_used=0, local_gb_used=0, hypervisor_type='QEMU',
            hypervisor_version=7002000, cpu_info='{}', free_ram_mb=memory_mb,
            free_disk_gb=1000, current_workload=0, running_vms=0,
            disk_available_least=1000, host_ip='127.0.0.1',
            supported_hv_specs=[], pci_device_pools=None,
            cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
            disk_allocation_ratio=1.0)
        node.create()
    with open(os.devnull, 'w') as null:
        old, sys.stdout = sys.stdout, null
        try:
            manage.CellV2Commands().discover_hosts()
        finally:
            sys.stdout = old


class Hooks:
    """The /_test/ hooks wrapped around nova's application."""

    def __init__(self, app):
        self.app = app
        self.log = []
        self.die_after = None
        self.lock = threading.Lock()

    def reply(self, start_response, obj, status='200 OK'):
        body = json.dumps(obj).encode()
        start_response(status, [('Content-Type', 'application/json'),
                                ('Content-Length', str(len(body)))])
        return [body]

    def hook(self, environ, start_response):
        path = environ['PATH_INFO']
        method = environ['REQUEST_METHOD']
        n = int(environ.get('CONTENT_LENGTH') or 0)
        body = json.loads(environ['wsgi.input'].read(n) or b'{}')
        if path == '/_test/hosts':
            add_host(body['host'], body.get('memory_mb', 262144))
            return self.reply(start_response, {})
        if path == '/_test/die-after':
            self.die_after = int(body['n'])
            return self.reply(start_response, {})
        if path == '/_test/log':
            if method == 'POST':
                self.log = []
            return self.reply(start_response, self.log)
        return self.reply(start_response, {}, '404 Not Found')

    def __call__(self, environ, start_response):
        path = environ['PATH_INFO']
        method = environ['REQUEST_METHOD']
        if path.startswith('/_test/'):
            return self.hook(environ, start_response)
        self.log.append('%s %s' % (method, path))
        out = list(self.app(environ, start_response))
        if method != 'GET' and self.die_after is not None:
            self.die_after -= 1
            if self.die_after <= 0:
                self.pending_exit = True
        return out


class ExitingServer(Server):
    """Exits the process once the response that used the last write of a
    die-after count is sent."""

    def process_request(self, request, client_address):
        super().process_request(request, client_address)
        if getattr(self.hooks, 'pending_exit', False):
            os._exit(0)


def watch_parent():
    """Exits when the process NOVASERVER_PARENT is gone."""
    import time
    parent = int(os.environ.get('NOVASERVER_PARENT') or 0)
    while parent:
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(1)


def main():
    d = os.path.abspath(sys.argv[1])
    os.makedirs(os.path.join(d, 'lock'), exist_ok=True)
    placement = listen(placement_app)
    pport = placement.server_address[1]
    with open(os.path.join(d, 'api-paste.ini'), 'w') as f:
        f.write(PASTE)
    with open(os.path.join(d, 'nova.conf'), 'w') as f:
        f.write(CONF.format(d=d, pport=pport))
    os.environ['OS_NOVA_CONFIG_DIR'] = d
    sys.argv = [sys.argv[0]]
    fresh = not os.path.exists(os.path.join(d, 'api.db'))
    from nova.api.openstack import wsgi_app
    from nova.api.openstack.compute import wsgi
    wsgi_app.init_global_data(wsgi_app._get_config_files(), wsgi.NAME)
    if fresh:
        make_dbs(d)
    hooks = Hooks(wsgi.init_application())
    port = int(os.environ.get('NOVASERVER_PORT', '0'))
    api = wss.make_server('127.0.0.1', port, hooks,
                          server_class=ExitingServer, handler_class=Quiet)
    api.hooks = hooks
    threading.Thread(target=placement.serve_forever, daemon=True).start()
    threading.Thread(target=watch_parent, daemon=True).start()
    with open(os.path.join(d, 'ports.tmp'), 'w') as f:
        f.write('%d %d\n' % (api.server_address[1], pport))
    os.rename(os.path.join(d, 'ports.tmp'), os.path.join(d, 'ports'))
    api.serve_forever()


if __name__ == '__main__':
    main()
