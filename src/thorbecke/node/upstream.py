"""A keep-alive HTTP/1.1 client pool for one origin, used by the outway (to inways, over mutual TLS)
and by the inway (to the source system). Parsing is httptools, as in the server."""

import asyncio
import ssl
from dataclasses import dataclass

import httptools


class UpstreamError(Exception):
    """The other side could not be reached or broke the connection."""


@dataclass
class Response:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def header(self, name: bytes) -> bytes | None:
        return next((v for k, v in self.headers if k == name), None)


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._parser = httptools.HttpResponseParser(self)
        self._waiter: asyncio.Future[Response] | None = None
        self._headers: list[tuple[bytes, bytes]] = []
        self._body = bytearray()
        self.reusable = True
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not subclasses

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(UpstreamError(f"connection lost: {exc or 'closed by peer'}"))

    def data_received(self, data: bytes) -> None:
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.reusable = False
            if self._waiter is not None and not self._waiter.done():
                self._waiter.set_exception(UpstreamError(f"malformed response: {exc}"))

    def on_message_begin(self) -> None:
        self._headers, self._body = [], bytearray()

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.lower(), value))

    def on_body(self, body: bytes) -> None:
        self._body += body

    def on_message_complete(self) -> None:
        self.reusable = self._parser.should_keep_alive()
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(Response(self._parser.get_status_code(), self._headers, bytes(self._body)))

    async def request(self, data: bytes) -> Response:
        assert self.transport is not None
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        try:
            return await self._waiter
        finally:
            self._waiter = None


class Pool:
    """Connections to one host:port, reused across requests; at most `size` open at once."""

    def __init__(
        self, host: str, port: int, ssl_context: ssl.SSLContext | None = None, size: int = 64, timeout: float = 30
    ) -> None:
        self.host, self.port, self.ssl_context, self.timeout = host, port, ssl_context, timeout
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(size)
        self.authority = f"{host}:{port}".encode()

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, connection = await asyncio.wait_for(
                loop.create_connection(_Connection, self.host, self.port, ssl=self.ssl_context), self.timeout
            )
        except (OSError, ssl.SSLError, TimeoutError) as exc:
            raise UpstreamError(f"cannot connect to {self.host}:{self.port}: {exc}") from exc
        return connection

    async def request(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes = b""
    ) -> Response:
        head = [b"%s %s HTTP/1.1" % (method.encode(), target), b"host: " + self.authority]
        head += [k + b": " + v for k, v in headers if k not in (b"host", b"content-length", b"connection")]
        head.append(b"content-length: %d" % len(body))
        data = b"\r\n".join(head) + b"\r\n\r\n" + body
        async with self._slots:
            connection = None
            while self._idle:
                candidate = self._idle.pop()
                if not candidate.closed:
                    connection = candidate
                    break
            fresh = connection is None
            if connection is None:
                connection = await self._connect()
            try:
                # asyncio.timeout, not wait_for: wait_for wraps the request in a task of its own, per request.
                async with asyncio.timeout(self.timeout):
                    response = await connection.request(data)
            except UpstreamError:
                if fresh:
                    raise
                # A kept-alive connection the other side had closed: try once on a new one.
                connection = await self._connect()
                async with asyncio.timeout(self.timeout):
                    response = await connection.request(data)
            except TimeoutError as exc:
                if connection.transport:
                    connection.transport.close()
                raise UpstreamError(f"{self.host}:{self.port} did not answer within {self.timeout} s") from exc
            if connection.reusable and not connection.closed:
                self._idle.append(connection)
            elif connection.transport:
                connection.transport.close()
            return response

    def close(self) -> None:
        for connection in self._idle:
            if connection.transport:
                connection.transport.close()
        self._idle.clear()
