"""An echo service: the stand-in source system of the gateway benchmark and the crash tests.

It answers every request with a small JSON document naming what it saw (method, path, FSC
transaction id), so a test can tell which requests reached the source. Given a file, it also appends
the transaction id of every request it receives to it, one a line, before answering: what reached the
source is known even of requests whose answer never came back (the crash tests).

    python -m thorbecke.demo.echo PORT [RECEIVED_FILE]
"""

import asyncio
import functools
import json
import sys
from typing import TextIO

from thorbecke.node.http_io import Receive, Send, body, header, respond_json
from thorbecke.node.server import Server


async def echo(scope: dict, receive: Receive, send: Send, received: TextIO | None = None) -> None:
    if scope["type"] != "http":
        return
    await body(receive)
    transaction = (header(scope, b"fsc-transaction-id") or b"").decode()
    if received is not None:
        received.write(transaction + "\n")  # line-buffered: in the file even if this process is killed
    await respond_json(send, 200, {"method": scope["method"], "path": scope["path"], "transaction": transaction})


def main() -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def serve() -> None:
        received = open(sys.argv[2], "a", buffering=1) if len(sys.argv) > 2 else None
        server = Server(functools.partial(echo, received=received), "127.0.0.1", int(sys.argv[1]))
        await server.start()
        print(json.dumps({"port": server.port}), flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
