"""A small HTTP/1.1 server for the node's ASGI apps that terminates TLS itself.

ASGI servers (uvicorn, granian) do not hand the client certificate to the app, and the inway must
know which organisation is calling. Terminating mutual TLS in the node's own process lets this
server put the verified peer certificate in the ASGI TLS extension
(``scope["extensions"]["tls"]["client_cert_chain"]``), so the gateway apps stay plain ASGI apps.
Parsing is httptools (llhttp, in C); the event loop is uvloop when installed.
"""

import asyncio
import socket
import ssl
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import unquote

import httptools

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]

_REASONS = {
    200: b"OK",
    201: b"Created",
    204: b"No Content",
    400: b"Bad Request",
    401: b"Unauthorized",
    403: b"Forbidden",
    404: b"Not Found",
    405: b"Method Not Allowed",
    413: b"Content Too Large",
    422: b"Unprocessable Content",
    500: b"Internal Server Error",
    502: b"Bad Gateway",
    503: b"Service Unavailable",
}


def _presented_chain(tls: ssl.SSLObject) -> list[str]:
    """The client's certificate and the intermediates it sent after it, PEM, as ASGI's ``client_cert_chain`` has
    them. Python 3.13 has ``get_unverified_chain`` (DER bytes); before, only the private ``_sslobj`` has it."""
    public = getattr(tls, "get_unverified_chain", None)
    if public is not None:
        return [ssl.DER_cert_to_PEM_cert(der) for der in public() or []]
    private = getattr(getattr(tls, "_sslobj", None), "get_unverified_chain", None)
    if private is not None:
        return [certificate.public_bytes(ssl._ssl.ENCODING_PEM) for certificate in private() or []]  # type: ignore[attr-defined]
    der = tls.getpeercert(binary_form=True)
    return [ssl.DER_cert_to_PEM_cert(der)] if der else []


class _Request:
    __slots__ = ("body", "headers", "keep_alive", "method", "url")

    def __init__(self) -> None:
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = bytearray()
        self.method = b""
        self.keep_alive = True


class _Protocol(asyncio.Protocol):
    def __init__(self, app: ASGIApp, max_body: int, server: "Server") -> None:
        self._app = app
        self._max_body = max_body
        self._server = server
        self._parser = httptools.HttpRequestParser(self)
        self._current: _Request | None = None
        self._pending: asyncio.Queue[_Request | None] = asyncio.Queue()
        self._transport: asyncio.Transport | None = None
        self._tls: dict[str, Any] | None = None
        self._worker: asyncio.Task | None = None
        self._too_large = False

    # -- connection --
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]  # uvloop's transports are not subclasses
        self._client = transport.get_extra_info("peername")
        self._sockname = transport.get_extra_info("sockname")
        tls = transport.get_extra_info("ssl_object")
        if tls is not None:
            self._tls = {
                "client_cert_chain": _presented_chain(tls),
                "client_cert_name": None,
                "client_cert_error": None,
                "tls_version": None,
                "cipher_suite": None,
            }
        self._server.connections.add(self)
        self._worker = asyncio.get_running_loop().create_task(self._serve())

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.connections.discard(self)
        self._pending.put_nowait(None)

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            # CONNECT or an Upgrade header: the request itself is complete and queued (and answered, then the
            # connection closed, see on_headers_complete); whatever follows would be another protocol.
            pass
        except httptools.HttpParserError:
            self._reply_and_close(400, b'{"message":"malformed HTTP request"}')

    # -- httptools callbacks --
    def on_message_begin(self) -> None:
        self._current = _Request()
        self._too_large = False

    def on_url(self, url: bytes) -> None:
        assert self._current is not None
        self._current.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        assert self._current is not None
        self._current.headers.append((name.lower(), value))

    def on_headers_complete(self) -> None:
        assert self._current is not None
        self._current.method = self._parser.get_method()
        self._current.keep_alive = self._parser.should_keep_alive() and not self._parser.should_upgrade()

    def on_body(self, body: bytes) -> None:
        assert self._current is not None
        self._current.body += body
        if len(self._current.body) > self._max_body:
            self._too_large = True
            self._reply_and_close(413, b'{"message":"the request body is too large"}')

    def on_message_complete(self) -> None:
        if self._current is not None and not self._too_large:
            self._pending.put_nowait(self._current)
        self._current = None

    def _reply_and_close(self, status: int, body: bytes) -> None:
        if self._transport and not self._transport.is_closing():
            self._transport.write(_head(status, [(b"content-type", b"application/json")], len(body), False) + body)
            self._transport.close()

    # -- requests, one at a time per connection (HTTP/1.1 pipelining keeps order) --
    async def _serve(self) -> None:
        while True:
            request = await self._pending.get()
            if request is None or self._transport is None or self._transport.is_closing():
                return
            await self._handle(request)
            if not request.keep_alive:
                self._transport.close()
                return

    async def _handle(self, request: _Request) -> None:
        try:
            url = httptools.parse_url(request.url)
            path, query = url.path or b"", url.query or b""
        except httptools.HttpParserInvalidURLError:
            if request.method != b"CONNECT":  # CONNECT names host:port; the apps answer it (FSC: 405)
                self._reply_and_close(400, b'{"message":"malformed request target"}')
                return
            path, query = request.url, b""
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method.decode(),
            "scheme": "https" if self._tls is not None else "http",
            "path": unquote(path.decode(errors="replace")),
            "raw_path": path,
            "query_string": query,
            "root_path": "",
            "headers": request.headers,
            "client": self._client,
            "server": self._sockname,
            "extensions": {"tls": self._tls} if self._tls is not None else {},
        }
        body_sent = False

        async def receive() -> dict:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": bytes(request.body), "more_body": False}
            await asyncio.Event().wait()  # nothing more will come; the app only waits here on disconnect
            return {"type": "http.disconnect"}

        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        done = False

        async def send(message: dict) -> None:
            nonlocal status, headers, done
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    done = True

        try:
            await self._app(scope, receive, send)
        except Exception:
            self._server.errors += 1
            status, headers, chunks, done = (
                500,
                [(b"content-type", b"application/json")],
                [b'{"message":"error"}'],
                True,
            )
        if not done:
            status, headers, chunks = 500, [(b"content-type", b"application/json")], [b'{"message":"no response"}']
        body = b"".join(chunks)
        headers = [(k, v) for k, v in headers if k != b"content-length"]
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(_head(status, headers, len(body), request.keep_alive) + body)


def _head(status: int, headers: list[tuple[bytes, bytes]], length: int, keep_alive: bool) -> bytes:
    lines = [b"HTTP/1.1 %d %s" % (status, _REASONS.get(status, b"Status"))]
    lines += [name + b": " + value for name, value in headers]
    lines.append(b"content-length: %d" % length)
    if not keep_alive:
        lines.append(b"connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


class Server:
    """Serve an ASGI app on host:port, with TLS (and client certificates) when ssl_context is given."""

    def __init__(
        self,
        app: ASGIApp,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext | None = None,
        max_body: int = 1_048_576,
        sock: socket.socket | None = None,
    ) -> None:
        self.app, self.host, self.port, self.ssl_context, self.max_body = app, host, port, ssl_context, max_body
        self.sock = sock
        self.connections: set[_Protocol] = set()
        self.errors = 0
        self._server: asyncio.base_events.Server | None = None

    @classmethod
    def on(cls, sock: socket.socket, app: ASGIApp, ssl_context: ssl.SSLContext | None = None) -> "Server":
        """Serve on a socket bound earlier (see :func:`bound`)."""
        host, port = sock.getsockname()[:2]
        return cls(app, host, port, ssl_context, sock=sock)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        where = {"sock": self.sock} if self.sock else {"host": self.host, "port": self.port}
        self._server = await loop.create_server(
            lambda: _Protocol(self.app, self.max_body, self), **where, ssl=self.ssl_context, backlog=1024
        )
        if self.port == 0:
            self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for connection in list(self.connections):
                if connection._transport is not None:
                    connection._transport.close()
            await self._server.wait_closed()


def bound(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: any free one), so an app can be told its own address before it serves."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def _trust(context: ssl.SSLContext, ca: str | Sequence[str]) -> None:
    """The group's trust anchors as the only roots; a peer sends its intermediates in the handshake."""
    for anchor in [ca] if isinstance(ca, str) else ca:
        context.load_verify_locations(anchor)


def server_context(certificate: str, key: str, ca: str | Sequence[str], require_client: bool = True) -> ssl.SSLContext:
    """TLS 1.3 only (NCSC 'good'), the group's trust anchors as the only CAs for client certificates. The
    certificate file may hold the node's intermediates after its own certificate: they are sent to the peer."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(certificate, key)
    _trust(context, ca)
    context.verify_mode = ssl.CERT_REQUIRED if require_client else ssl.CERT_NONE
    return context


def client_context(certificate: str, key: str, ca: str | Sequence[str]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(certificate, key)
    _trust(context, ca)
    return context
