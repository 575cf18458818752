"""The inway: answers requests from other organisations' outways, only under a valid contract.

Per request it checks, in this order: the peer certificate (issued by the group's anchor, current,
not revoked), the transaction id, the access token (signed by this peer's manager, for this
inway, not expired, for this group), that the token is bound to the presented certificate, that
the contract behind the grant is still valid, the service, and the purpose the token carries. A refusal is
answered with the FSC error code and logged; nothing reaches the source. An allowed request is
logged first: only after the log acknowledged the record is it passed to the source, and a record that
cannot be written refuses it with the logging extension's ``TRANSACTION_LOG_WRITE_ERROR``.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509

from thorbecke.node import tokens
from thorbecke.node.contracts import certificate_thumbprint, granted_purpose
from thorbecke.node.data_subjects import subjects_in
from thorbecke.node.http_io import (
    HOP_BY_HOP,
    INWAY,
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
)
from thorbecke.node.in_process import InProcess
from thorbecke.node.manager import Manager, Service
from thorbecke.node.ocsp import fetch_statuses
from thorbecke.node.pki import TrustError, Verifier
from thorbecke.node.processing_log import (
    ACTIVITY,
    PROCESSOR,
    SUBJECT,
    SUBJECT_TYPE,
    GroupCommitter,
    LogWriteError,
    Record,
    outcome,
)
from thorbecke.node.upstream import Pool, UpstreamError

# The group's profile on top of FSC Core: the consumer's purpose (its processing activity) is bound in the
# contract, in the connection grant's FSC properties, and reaches the inway in the access token's ``prp`` claim; a
# service serves only the purposes it allows (docs/decisions/0019). The header is the consumer application's own
# statement to its outway; at the inway it can only agree with the contract, never choose or widen the purpose.
PURPOSE_HEADER = b"thorbecke-purpose"
PURPOSE_REFUSED = "ERROR_CODE_PURPOSE_NOT_ALLOWED"
# In the inway's record: the consumer's purpose as the contract grants it (the provider's own activity is ACTIVITY).
GRANTED_PURPOSE = "thorbecke.granted_purpose"


@dataclass(frozen=True)
class Peer:
    oin: str
    serial: int
    thumbprint: str
    certificate: x509.Certificate
    intermediates: tuple[x509.Certificate, ...] = ()


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _purpose(service: Service, claims: dict[str, Any], named: bytes | None) -> dict[str, str]:
    """The log attributes of the purpose the verified token grants, or the refusal when the service does not serve
    it or the caller's header names another."""
    granted = granted_purpose(claims.get("prp"))
    asked = (named or b"").decode(errors="replace")
    if service.allowed_purposes and not granted:
        raise Refusal(403, PURPOSE_REFUSED, "the contract grants no purpose; this service serves named purposes only")
    if service.allowed_purposes and granted not in service.allowed_purposes:
        raise Refusal(403, PURPOSE_REFUSED, f"this service does not serve the purpose {granted!r}")
    if asked and granted and asked != granted:
        raise Refusal(403, PURPOSE_REFUSED, f"Thorbecke-Purpose names {asked!r}; the contract grants {granted!r}")
    return {GRANTED_PURPOSE: granted} if granted else {}


def delegator_attributes(connection: str | None, publication: str | None) -> dict[str, str]:
    """The record's delegators, as FSC's logging extension names them: the peer the request is made on behalf of
    (the source's) and the peer the service is offered on behalf of (the destination's)."""
    found = {}
    if connection:
        found["fsc.source.delegator_peer_id"] = connection
    if publication:
        found["fsc.destination.delegator_peer_id"] = publication
    return found


class Inway:
    def __init__(
        self, manager: Manager, verifier: Verifier, committer: GroupCommitter, sources: dict[str, Pool | InProcess]
    ) -> None:
        self.manager, self.verifier, self.committer, self.sources = manager, verifier, committer, sources
        self._peers: dict[tuple[str, ...], Peer] = {}  # by the chain presented
        self._tokens: dict[str, dict[str, Any]] = {}
        self._public_key = manager.signer.key.public_key()

    async def _peer(self, scope: dict) -> Peer:
        chain = scope.get("extensions", {}).get("tls", {}).get("client_cert_chain") or []
        if not chain:
            raise Refusal(401, "ERROR_CODE_ACCESS_TOKEN_INVALID", "no client certificate")
        presented = tuple(chain)
        peer = self._peers.get(presented)
        if peer is None:
            certificate, *intermediates = [x509.load_pem_x509_certificate(pem.encode()) for pem in presented]
            thumbprint = certificate_thumbprint(certificate)
            peer = Peer("", certificate.serial_number, thumbprint, certificate, tuple(intermediates))
            if len(self._peers) > 10_000:
                self._peers.clear()
            self._peers[presented] = peer
        await fetch_statuses(self.verifier, peer.certificate, peer.intermediates)  # none due: no await inside
        try:
            # Cheap per request (a set lookup and two comparisons); the CRL itself is reloaded on a timer.
            oin = self.verifier.check(peer.certificate, peer.intermediates)
        except TrustError as exc:
            raise Refusal(401, "ERROR_CODE_ACCESS_TOKEN_INVALID", f"certificate refused: {exc}") from exc
        return Peer(oin, peer.serial, peer.thumbprint, peer.certificate, peer.intermediates)

    def _claims(self, scope: dict, peer: Peer) -> dict[str, Any]:
        raw = header(scope, b"fsc-authorization")
        if not raw:
            raise Refusal(401, "ERROR_CODE_ACCESS_TOKEN_MISSING", "no access token in Fsc-Authorization")
        token = raw.decode(errors="replace").removeprefix("Bearer ").strip()
        claims = self._tokens.get(token)
        if claims is None or claims["exp"] <= time.time():
            try:
                claims = tokens.read(token, self._public_key, self.manager.inway_address)
            except tokens.TokenRefused as exc:
                raise Refusal(401, exc.code, str(exc)) from exc
            if len(self._tokens) > 10_000:
                self._tokens.clear()
            self._tokens[token] = claims
        if claims["cnf"].get("x5t#S256") != peer.thumbprint or claims["sub"] != peer.oin:
            raise Refusal(401, "ERROR_CODE_ACCESS_TOKEN_INVALID", "the token is bound to another certificate")
        if claims["gid"] != self.manager.group_id:
            raise Refusal(403, "ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN", "the token is for another group")
        found = self.manager.store.grant(claims["gth"])
        if found is None or found[0].state() != "valid":
            state = found[0].state() if found else "unknown"
            raise Refusal(401, "ERROR_CODE_ACCESS_TOKEN_INVALID", f"the contract behind the token is {state}")
        if claims["svc"] not in self.manager.services or claims["svc"] not in self.sources:
            raise Refusal(404, "ERROR_CODE_SERVICE_NOT_FOUND", f"this inway offers no service {claims['svc']!r}")
        return claims

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] == "CONNECT":
            # FSC lists this code for the outway only; the inway is a reverse proxy and has no use for CONNECT
            # either (docs/decisions/0016).
            await fsc_error(send, 405, INWAY, "ERROR_CODE_METHOD_UNSUPPORTED", "CONNECT is not supported")
            return
        start = now_ms()
        incoming = parse_traceparent(header(scope, b"traceparent"))
        trace_id, parent = incoming if incoming else (new_trace_id(), None)
        span_id = new_span_id()
        transaction = (header(scope, b"fsc-transaction-id") or b"").decode(errors="replace")
        attributes: dict[str, Any] = {"fsc.direction": "DIRECTION_INCOMING", "fsc.transaction_id": transaction}
        try:
            peer = await self._peer(scope)
            # LDV: a URL, the link to the calling application: the peer's manager, where its FSC interface is (the
            # outway itself has no address of its own); a peer this node has no address for is named by its OIN.
            attributes[PROCESSOR] = self.manager.store.manager_address_of(peer.oin) or f"urn:oin:{peer.oin}"
            if not transaction:
                raise Refusal(400, "MISSING_LOG_RECORD_ID", "no Fsc-Transaction-Id")
            if len(transaction) != 36:
                raise Refusal(400, "INVALID_LOG_RECORD_ID", "Fsc-Transaction-Id is not a UUID")
            claims = self._claims(scope, peer)
            attributes |= {
                "fsc.grant_hash": claims["gth"],
                "fsc.source.outway_peer_id": claims["sub"],
                "fsc.destination.service_peer_id": claims["iss"],
                "fsc.service_name": claims["svc"],
            }
            attributes |= delegator_attributes(claims.get("act", {}).get("sub"), claims.get("pdi"))
            service = self.manager.services[claims["svc"]]
            if service.purpose:
                attributes[ACTIVITY] = service.purpose
            attributes |= _purpose(service, claims, header(scope, PURPOSE_HEADER))
        except Refusal as refusal:
            attributes["thorbecke.refusal"] = refusal.code
            try:
                await self._log(trace_id, span_id, parent, scope, start, attributes)
            except LogWriteError:
                pass  # the refusal stands whether or not it could be logged
            await fsc_error(send, refusal.status, INWAY, refusal.code, refusal.message)
            return
        # FSC's logging extension: the record is durable before the request goes on, and a record that cannot
        # be written refuses the request, so no request reaches a source unrecorded (docs/decisions/0020).
        request_body = await body(receive)
        subjects = subjects_in(request_body, header(scope, b"content-type"))
        try:
            written = await self._log(trace_id, span_id, parent, scope, start, attributes, subjects)
        except LogWriteError as exc:
            await fsc_error(send, 500, INWAY, "TRANSACTION_LOG_WRITE_ERROR", f"the log did not acknowledge: {exc}")
            return
        forwarded = now_ms()
        headers = [(k, v) for k, v in scope["headers"] if k not in HOP_BY_HOP]
        headers.append((b"traceparent", traceparent(trace_id, span_id)))
        source = self.sources[claims["svc"]]
        try:
            if isinstance(source, InProcess):  # a source the node runs itself: told whom it processes for
                answer = await source.request(scope, headers, request_body, f"urn:oin:{peer.oin}")
            else:
                target = scope["raw_path"] + (b"?" + scope["query_string"] if scope["query_string"] else b"")
                answer = await source.request(scope["method"], target, headers, request_body)
        except UpstreamError as exc:
            await fsc_error(send, 502, INWAY, "ERROR_CODE_SERVICE_UNREACHABLE", str(exc))
            complete(self.committer, written, forwarded, None)
            return
        await respond(send, answer.status, answer.body, [(k, v) for k, v in answer.headers if k not in HOP_BY_HOP])
        complete(self.committer, written, forwarded, answer.status)

    async def _log(
        self,
        trace_id: str,
        span_id: str,
        parent: str | None,
        scope: dict,
        start: int,
        attributes: dict[str, Any],
        subjects: Sequence[tuple[str, str]] = (),
    ) -> list[Record]:
        """The call's record and, in the same commit, one child record per data subject the request names (LDV: a
        processing about several people is logged once per person, each under the known action); returns the
        records whose outcome follows: the subjects' records, or the call's own when it names no one."""
        now = now_ms()
        name = f"inway {scope['method']} {scope['path']}"
        record = Record(trace_id, span_id, name, start, now, parent_span_id=parent, attributes=attributes)
        ldv = {k: v for k, v in attributes.items() if not k.startswith("fsc.")}
        per_subject = [
            Record(
                trace_id,
                new_span_id(),
                f"{name} for one data subject",
                start,
                now,
                parent_span_id=span_id,
                attributes={**ldv, SUBJECT: number, SUBJECT_TYPE: kind},
            )
            for kind, number in subjects
        ]
        await self.committer.write([record, *per_subject])
        return per_subject or [record]


def complete(committer: GroupCommitter, written: list[Record], forwarded: int, answer_status: int | None) -> None:
    """Log the outcome of a call whose records went before it (docs/decisions/0023), one under each, without
    waiting: the answer has been passed on, and awaiting a second commit would hold the connection from its next
    request (it cost about 40% of the gateway's throughput). A failure leaves the call's first records, the evidence
    that it was made, and the next call's records meet the same failure and refuse it."""
    committer.submit([outcome(first, forwarded, answer_status) for first in written])
