"""keystone.py - a stand-in for keystone's v3 token API, for the tests of
logging in (password, application credential, token), the catalog and TLS.

    ks = Keystone(users={'admin': 'pw'}, appcreds={'ac1': 'secret'},
                  catalog=[...], tls=(certfile, keyfile))
    ks.url        # http(s)://127.0.0.1:PORT/v3
    ks.logins     # the auth bodies received
    ks.stop()

POST /v3/auth/tokens answers 201 with X-Subject-Token "admin:admin" (the
token nova's noauth2 test setup takes) and the catalog, or 401 with
keystone's error body.  A Keystone(hang=True) accepts connections and
never answers (for timeouts).
"""

import datetime
import json
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UNAUTHORIZED = {'error': {
    'code': 401, 'title': 'Unauthorized',
    'message': 'The request you have made requires authentication.'}}


def endpoint(url, interface='public', region='RegionOne'):
    """One catalog endpoint."""
    return {'interface': interface, 'region': region, 'region_id': region,
            'url': url, 'id': interface + region}


def compute(*endpoints):
    """The compute service of a catalog."""
    return {'type': 'compute', 'name': 'nova', 'id': 'nova',
            'endpoints': list(endpoints)}


class Keystone:
    """The server, in a thread of the test."""

    def __init__(self, users=None, appcreds=None, catalog=None, tls=None,
                 hang=False):
        self.users = users or {}
        self.appcreds = appcreds or {}
        self.catalog = catalog or []
        self.logins = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                n = int(self.headers.get('Content-Length') or 0)
                body = json.loads(self.rfile.read(n) or b'{}')
                owner.logins.append(body)
                if self.path.rstrip('/') != '/v3/auth/tokens':
                    return self.reply(404, {'error': {
                        'code': 404, 'message': 'Not Found'}})
                if not owner.accepts(body):
                    return self.reply(401, UNAUTHORIZED)
                exp = (datetime.datetime.utcnow() +
                       datetime.timedelta(hours=1))
                self.reply(201, {'token': {
                    'expires_at': exp.strftime('%Y-%m-%dT%H:%M:%S.000000Z'),
                    'catalog': owner.catalog}},
                    {'X-Subject-Token': 'admin:admin'})

            def reply(self, status, obj, headers=None):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        if hang:
            self.sock = socket.socket()
            self.sock.bind(('127.0.0.1', 0))
            self.sock.listen(16)
            self.server = None
            port = self.sock.getsockname()[1]
        else:
            self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
            self.server.daemon_threads = True
            if tls:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(*tls)
                self.server.socket = ctx.wrap_socket(self.server.socket,
                                                     server_side=True)
            port = self.server.server_address[1]
            threading.Thread(target=self.server.serve_forever,
                             daemon=True).start()
        self.url = '%s://127.0.0.1:%d/v3' % ('https' if tls else 'http', port)

    def accepts(self, body):
        """Whether the auth body names known credentials."""
        ident = body.get('auth', {}).get('identity', {})
        methods = ident.get('methods', [])
        if 'password' in methods:
            u = ident['password']['user']
            return self.users.get(u.get('name') or u.get('id')) == \
                u.get('password')
        if 'application_credential' in methods:
            ac = ident['application_credential']
            return self.appcreds.get(ac.get('id')) == ac.get('secret')
        if 'token' in methods:
            return ident['token'].get('id') == 'admin:admin'
        return False

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
        else:
            self.sock.close()
