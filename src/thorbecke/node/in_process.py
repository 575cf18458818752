"""The inway's call to a source the node runs itself: the source's ASGI app, called in this process.

No socket: no other process on the machine can reach the source, only the inway, after its checks (issue 23,
docs/decisions/0031). What the inway verified travels in an ASGI scope extension, which no HTTP server fills
from a request, so a source that finds it there can rely on it, and one that does not refuses, logging nothing.
"""

import json

from thorbecke.node.http_io import Send, respond
from thorbecke.node.server import ASGIApp
from thorbecke.node.upstream import Response

# The scope extension the inway fills; its "processor" is LDV's dpl.core.foreign_operation.processor for the
# source's records: the organisation, as the inway verified it, the source processes the data for.
FROM_INWAY = "thorbecke.inway"
_REFUSAL = json.dumps(
    {"type": "about:blank", "title": "Only through the inway", "status": 403,
     "detail": "this source answers only the requests its node's inway passes on"}
).encode()  # fmt: skip
_FAILED = Response(500, [(b"content-type", b"application/json")], b'{"message":"error"}')


class InProcess:
    """A built-in source, called as :class:`~thorbecke.node.upstream.Pool` calls a source system over HTTP."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def request(self, scope: dict, headers: list[tuple[bytes, bytes]], body: bytes, processor: str) -> Response:
        """The inway's request (its ``scope``), with the headers it passes on, for ``processor``."""
        inner = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": scope["method"],
            "scheme": "http",
            "path": scope["path"],
            "raw_path": scope["raw_path"],
            "query_string": scope["query_string"],
            "root_path": "",
            "headers": headers,
            "client": None,
            "server": None,
            "extensions": {FROM_INWAY: {"processor": processor}},
        }
        unread = [body]

        async def receive() -> dict:
            return {"type": "http.request", "body": unread.pop() if unread else b"", "more_body": False}

        status, answer_headers, chunks = 0, [], []

        async def send(message: dict) -> None:
            nonlocal status, answer_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                answer_headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", [])]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(inner, receive, send)
        except Exception:  # as the source's own server answered a source that failed
            return _FAILED
        return Response(status, answer_headers, b"".join(chunks)) if status else _FAILED


async def processor_or_refuse(scope: dict, send: Send) -> str | None:
    """The processor the inway verified, or None after refusing a request that did not come through the inway: a
    source never answers, nor logs a processing, without knowing for whom."""
    processor = scope.get("extensions", {}).get(FROM_INWAY, {}).get("processor")
    if processor:
        return processor
    await respond(send, 403, _REFUSAL, [(b"content-type", b"application/problem+json")])
    return None
