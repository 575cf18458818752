"""Small pieces shared by the node's ASGI apps: reading requests and writing JSON and FSC errors."""

import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

Send = Callable[[dict], Awaitable[None]]
Receive = Callable[[], Awaitable[dict]]

MANAGER, INWAY, OUTWAY = "ERROR_DOMAIN_MANAGER", "ERROR_DOMAIN_INWAY", "ERROR_DOMAIN_OUTWAY"
# Headers that belong to one hop; the gateways set their own traceparent for the next one.
HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"host", b"content-length", b"traceparent"})


def header(scope: dict, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return None


def query(scope: dict) -> dict[str, str]:
    return dict(parse_qsl(scope["query_string"].decode()))


async def body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def respond(send: Send, status: int, payload: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers or []})
    await send({"type": "http.response.body", "body": payload})


async def respond_json(send: Send, status: int, value: Any, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await respond(send, status, json.dumps(value).encode(), [(b"content-type", b"application/json"), *(headers or [])])


async def fsc_error(
    send: Send, status: int, domain: str, code: str, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """The FSC error response: the Fsc-Error-Code header and a {message, domain, code} body."""
    extra = [(b"fsc-error-code", code.encode()), *(headers or [])]
    if status == 401:
        extra.append((b"www-authenticate", b"Bearer"))
    await respond_json(send, status, {"message": message, "domain": domain, "code": code}, extra)


def uuid7() -> str:
    """A UUID version 7 (time-ordered), as the FSC reference implementation uses for transaction ids."""
    value = (int(time.time() * 1000) << 80) | (0x7 << 76) | (int.from_bytes(os.urandom(10)) & ((1 << 76) - 1))
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    text = f"{value:032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def parse_traceparent(value: bytes | None) -> tuple[str, str] | None:
    """(trace_id, parent span id) from a W3C traceparent header, or None when absent or malformed."""
    if not value:
        return None
    parts = value.decode(errors="replace").split("-")
    if len(parts) != 4 or len(parts[1]) != 32 or len(parts[2]) != 16 or parts[1] == "0" * 32:
        return None
    try:
        int(parts[1], 16), int(parts[2], 16)
    except ValueError:
        return None
    return parts[1], parts[2]


def traceparent(trace_id: str, span_id: str) -> bytes:
    return f"00-{trace_id}-{span_id}-01".encode()


def new_span_id() -> str:
    return os.urandom(8).hex()


def new_trace_id() -> str:
    return os.urandom(16).hex()


def now_ms() -> int:
    return int(time.time() * 1000)
