"""The node's own administration API: the organisation proposes, accepts, rejects and revokes
contracts here, publishes events and manages subscriptions, reads its processing log, and (a directory) the services
published in it. It listens on loopback only and asks for the bearer token in the node's ``admin.token`` file
(readable by the node's owner only)."""

import hmac
import json

from thorbecke.node import contracts as fsc
from thorbecke.node.directory import published_services
from thorbecke.node.events import EventError, Inbox, Outbox
from thorbecke.node.http_io import Receive, Send, body, header, query, respond_json
from thorbecke.node.manager import Manager
from thorbecke.node.processing_log import ProcessingLog
from thorbecke.node.upstream import UpstreamError


class Admin:
    def __init__(self, manager: Manager, log: ProcessingLog, token: str) -> None:
        self.manager, self.log, self._token = manager, log, token.encode()
        self.outbox: Outbox | None = None
        self.inbox: Inbox | None = None

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        given = (header(scope, b"authorization") or b"").removeprefix(b"Bearer ")
        if not hmac.compare_digest(given, self._token):
            await respond_json(
                send, 401, {"title": "the admin token is missing or wrong"}, [(b"www-authenticate", b"Bearer")]
            )
            return
        method, path = scope["method"], scope["path"]
        try:
            if method == "GET" and path == "/contracts":
                listing = [
                    {
                        "hash": c.hash,
                        "state": c.state(),
                        "grant_hashes": [fsc.grant_hash(c.content, g) for g in c.content["grants"]],
                        **c.as_fsc(),
                    }
                    for c in self.manager.store.contracts()
                ]
                await respond_json(send, 200, {"contracts": listing})
            elif method == "POST" and path == "/contracts":
                request = json.loads(await body(receive))
                contract = await self.manager.propose(request["grants"])
                grant_hashes = [fsc.grant_hash(contract.content, g) for g in contract.content["grants"]]
                await respond_json(
                    send, 201, {"hash": contract.hash, "state": contract.state(), "grant_hashes": grant_hashes}
                )
            elif method == "PUT" and path.startswith("/contracts/") and path.count("/") == 3:
                _, _, digest, kind = path.split("/")
                if kind not in fsc.SIGNATURE_TYPES:
                    await respond_json(send, 404, {"title": f"unknown action {kind!r}"})
                    return
                contract = await self.manager.sign(digest, kind)
                await respond_json(send, 200, {"hash": contract.hash, "state": contract.state()})
            elif method == "GET" and path == "/directory/services":
                # The listing this node gives peers at /v1/services when the group uses it as its directory.
                listing = published_services(self.manager.store, self.manager.peer_id)
                await respond_json(send, 200, {"services": listing})
            elif method == "GET" and path == "/directory/peers":
                await respond_json(send, 200, {"peers": self.manager.store.peers()})
            elif method == "POST" and path == "/subscriptions" and self.outbox:
                request = json.loads(await body(receive))
                self.outbox.subscribe(request["name"], request["grant_hash"], list(request.get("types", [])))
                await respond_json(send, 201, {"name": request["name"]})
            elif method == "POST" and path == "/events" and self.outbox:
                request = json.loads(await body(receive))
                extensions = {"dplsubjecttype": request["subject_type"]} if request.get("subject_type") else {}
                event_id = self.outbox.publish(
                    request["type"], request.get("data"), request.get("subject", ""), extensions
                )
                await respond_json(send, 201, {"id": event_id})
            elif method == "GET" and path == "/events" and self.outbox:
                await respond_json(send, 200, self.outbox.status())
            elif method == "POST" and path == "/events/retry-dead" and self.outbox:
                await respond_json(send, 200, {"retried": self.outbox.retry_dead()})
            elif method == "GET" and path == "/events/inbox":
                after = int(query(scope).get("after", "0"))
                found = self.inbox.since(after) if self.inbox else []
                await respond_json(send, 200, {"events": [{"position": seq, "event": e} for seq, e in found]})
            elif path == "/log/verify" and method in ("GET", "POST"):
                # POST names the checkpoints a second party holds: a rewritten history contradicts them.
                published = json.loads(await body(receive)).get("published", []) if method == "POST" else []
                problems = self.log.verify(published)
                await respond_json(send, 200 if not problems else 409, {"intact": not problems, "problems": problems})
            elif method == "GET" and path == "/log/checkpoint":
                # The latest signed checkpoint, to hand to a second party (a hub, a supervisor).
                await respond_json(send, 200, {"checkpoint": self.log.latest_checkpoint()})
            elif method == "GET" and path == "/log/subject":
                subject = query(scope).get("id", "")
                if not subject:
                    await respond_json(send, 400, {"title": "give the data subject's id as ?id="})
                    return
                await respond_json(send, 200, {"records": self.log.for_subject(subject)})
            else:
                await respond_json(send, 404, {"title": f"no such endpoint: {method} {path}"})
        except KeyError as exc:
            await respond_json(send, 404, {"title": f"unknown contract or field: {exc}"})
        except fsc.ContractError as exc:
            await respond_json(send, exc.status, {"title": exc.message, "code": exc.code})
        except (ValueError, TypeError, UpstreamError, EventError) as exc:
            await respond_json(send, 400, {"title": str(exc)})
