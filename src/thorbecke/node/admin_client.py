"""Calls from the organisation's own applications to its node on loopback: the admin API, and the outway.

The one client for both, so every such call has the same timeout and the same errors: ConnectionError when
the node does not answer or answers something that is not JSON.
"""

import http.client
import json
from typing import Any

from thorbecke.node.config import NodeConfig


def call_json(
    port: int, method: str, path: str, headers: dict[str, str], payload: Any = None, timeout: float = 30
) -> tuple[int, Any]:
    """(status, decoded JSON body) of one request to a loopback port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        body = json.dumps(payload).encode() if payload is not None else None
        connection.request(method, path, body, {"Content-Type": "application/json", **headers})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ConnectionError(str(exc) or type(exc).__name__) from exc
    finally:
        connection.close()


class AdminClient:
    """The node's admin API (contracts, events, its own log), with the bearer token the node wrote."""

    def __init__(self, port: int, token: str, timeout: float = 30) -> None:
        self.port, self._token, self.timeout = port, token, timeout

    @classmethod
    def of(cls, config: NodeConfig, timeout: float = 30) -> "AdminClient":
        return cls(config.admin_port, config.admin_token.read_text(), timeout)

    def call(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        return call_json(self.port, method, path, {"Authorization": f"Bearer {self._token}"}, payload, self.timeout)
