"""An echo service: the stand-in source system of the gateway benchmark and the crash tests.

It answers every request with a small JSON document naming what it saw (method, path, FSC
transaction id), so a test can tell which requests reached the source.

    python -m thorbecke.demo.echo PORT
"""

import asyncio
import json
import sys

from thorbecke.node.http_io import Receive, Send, body, header, respond_json
from thorbecke.node.server import Server


async def echo(scope: dict, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await body(receive)
    transaction = (header(scope, b"fsc-transaction-id") or b"").decode()
    await respond_json(send, 200, {"method": scope["method"], "path": scope["path"], "transaction": transaction})


def main() -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def serve() -> None:
        server = Server(echo, "127.0.0.1", int(sys.argv[1]))
        await server.start()
        print(json.dumps({"port": server.port}), flush=True)
        await asyncio.Event().wait()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
