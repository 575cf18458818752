"""The outway: takes a request from the organisation's own application and sends it to another
organisation's inway, under a contract, over mutual TLS.

The application names the grant in the ``Fsc-Grant-Hash`` header (as the FSC reference
implementation does). The outway obtains a certificate-bound access token from the provider's
manager (cached until shortly before it expires), logs the request and, once the record is durable,
forwards it with the
token in ``Fsc-Authorization``, a new ``Fsc-Transaction-Id`` and the W3C ``traceparent``.
"""

import json
import ssl
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt

from thorbecke.node import contracts as fsc
from thorbecke.node.http_io import (
    HOP_BY_HOP,
    OUTWAY,
    Receive,
    Send,
    body,
    fsc_error,
    header,
    new_span_id,
    new_trace_id,
    now_ms,
    parse_traceparent,
    respond,
    traceparent,
    uuid7,
)
from thorbecke.node.inway import PURPOSE_HEADER, complete, delegator_attributes
from thorbecke.node.manager import Manager
from thorbecke.node.processing_log import (
    ACTIVITY,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    LogWriteError,
    Record,
)
from thorbecke.node.upstream import Pool, UpstreamError

# Not in FSC Core's outway table; the reference implementation also answers a missing or unknown grant.
GRANT_UNKNOWN = "ERROR_CODE_GRANT_NOT_FOUND"
# The application tells its outway whose data the request concerns, so the outway logs one record for
# that person; the header never leaves the organisation.
SUBJECT_HEADER = b"thorbecke-data-subject"
_PASS = {b"fsc-grant-hash", SUBJECT_HEADER}


class Outway:
    def __init__(self, manager: Manager, committer: GroupCommitter, client_context: ssl.SSLContext) -> None:
        self.manager, self.committer, self.client_context = manager, committer, client_context
        self._tokens: dict[str, tuple[str, str, float]] = {}
        self._inways: dict[str, Pool] = {}

    async def token_for(self, grant_hash: str, data: dict[str, Any]) -> tuple[str, str]:
        """(token, inway address) for a grant, from the cache or the provider's manager."""
        cached = self._tokens.get(grant_hash)
        if cached and cached[2] > time.time() + 10:
            return cached[0], cached[1]
        provider = data["service"]["peer_id"]
        address = self.manager.store.manager_address_of(provider)
        if address is None:
            raise LookupError(f"the manager of {provider} is not known")
        form = urlencode({"grant_type": "client_credentials", "scope": grant_hash, "client_id": self.manager.peer_id})
        response = await self.manager.pool(address).request(
            "POST", b"/v1/token", [(b"content-type", b"application/x-www-form-urlencoded")], form.encode()
        )
        answer = json.loads(response.body or b"{}")
        if response.status != 200:
            raise PermissionError(f"{provider} gave no token: {answer.get('error')}: {answer.get('error_description')}")
        token = answer["access_token"]
        # Only the provider's inway can and must verify the token; the outway reads where it goes.
        claims = jwt.decode(token, options={"verify_signature": False})
        if claims.get("gid") != self.manager.group_id:
            raise PermissionError("the token is for another group")
        self._tokens[grant_hash] = (token, claims["aud"], float(claims["exp"]))
        return token, claims["aud"]

    def _pool(self, address: str) -> Pool:
        if address not in self._inways:
            parts = urlsplit(address)
            self._inways[address] = Pool(parts.hostname or "127.0.0.1", parts.port or 443, self.client_context)
        return self._inways[address]

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] == "CONNECT":
            await fsc_error(send, 405, OUTWAY, "ERROR_CODE_METHOD_UNSUPPORTED", "CONNECT is not supported")
            return
        start = now_ms()
        grant_hash = (header(scope, b"fsc-grant-hash") or b"").decode(errors="replace")
        found = self.manager.store.grant(grant_hash)
        if found is None or found[1]["type"] not in (fsc.CONNECTION, fsc.DELEGATED_CONNECTION):
            await fsc_error(send, 400, OUTWAY, GRANT_UNKNOWN, "name a connection grant in Fsc-Grant-Hash")
            return
        contract, data = found
        if data["outway"]["peer_id"] != self.manager.peer_id or contract.state() != "valid":
            await fsc_error(send, 403, OUTWAY, GRANT_UNKNOWN, f"this grant is not ours or is {contract.state()}")
            return
        incoming = parse_traceparent(header(scope, b"traceparent"))
        trace_id, parent = incoming if incoming else (new_trace_id(), None)
        span_id, transaction = new_span_id(), uuid7()
        attributes: dict[str, Any] = {
            "fsc.direction": "DIRECTION_OUTGOING",
            "fsc.transaction_id": transaction,
            "fsc.grant_hash": grant_hash,
            "fsc.source.outway_peer_id": self.manager.peer_id,
            "fsc.destination.service_peer_id": data["service"]["peer_id"],
            "fsc.service_name": data["service"]["name"],
        }
        attributes |= delegator_attributes(*fsc.delegators(data))
        # The organisation's own processing activity: the one its contract grants; the application's header only
        # where the grant names none (a service that is not purpose-bound). The inway refuses a header that differs.
        purpose = fsc.granted_purpose(data.get("properties")) or (header(scope, PURPOSE_HEADER) or b"").decode(
            errors="replace"
        )
        if purpose:
            attributes[ACTIVITY] = purpose
        subject = (header(scope, SUBJECT_HEADER) or b"").decode(errors="replace")
        if subject:
            kind, _, number = subject.partition(":")
            if not number:
                await fsc_error(send, 400, OUTWAY, GRANT_UNKNOWN, "Thorbecke-Data-Subject is <type>:<id>, e.g. BSN:...")
                return
            attributes[SUBJECT], attributes[SUBJECT_TYPE] = number, kind
        try:
            token, inway = await self.token_for(grant_hash, data)
        except (LookupError, PermissionError, UpstreamError, ValueError, KeyError) as exc:
            await fsc_error(send, 502, OUTWAY, "ERROR_CODE_SERVICE_UNREACHABLE", f"no access token: {exc}")
            return
        name = f"outway {scope['method']} {scope['path']}"
        record = Record(trace_id, span_id, name, start, now_ms(), parent_span_id=parent, attributes=attributes)
        # Durable before the request leaves, as FSC's logging extension demands (see the inway).
        try:
            await self.committer.write([record])
        except LogWriteError as exc:
            await fsc_error(send, 500, OUTWAY, "TRANSACTION_LOG_WRITE_ERROR", f"the log did not acknowledge: {exc}")
            return
        headers = [(k, v) for k, v in scope["headers"] if k not in HOP_BY_HOP and k not in _PASS]
        headers += [
            (b"fsc-authorization", b"Bearer " + token.encode()),
            (b"fsc-transaction-id", transaction.encode()),
            (b"traceparent", traceparent(trace_id, span_id)),
        ]
        target = scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")
        forwarded = now_ms()
        try:
            answer = await self._pool(inway).request(scope["method"], target, headers, await body(receive))
        except UpstreamError as exc:
            await fsc_error(send, 502, OUTWAY, "ERROR_CODE_SERVICE_UNREACHABLE", str(exc))
            complete(self.committer, [record], forwarded, None)
            return
        if answer.status == 401 and answer.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_EXPIRED":
            self._tokens.pop(grant_hash, None)
        response_headers = [(k, v) for k, v in answer.headers if k not in HOP_BY_HOP]
        response_headers.append((b"fsc-transaction-id", transaction.encode()))
        await respond(send, answer.status, answer.body, response_headers)
        complete(self.committer, [record], forwarded, answer.status)
