"""The node's FSC manager: the contract workflow between peers, token issuing, and the manager API.

One ASGI app serves the FSC manager API (``/v1/...``) to other peers over mutual TLS; the same
object offers the organisation's own actions (propose, accept, reject, revoke), which sign the
contract and send the signature to every other party. Contracts and signatures are kept in the
contract store (contract_store.py), so a restarted node knows its contracts; the keys it publishes and reads are in
jwks.py.
"""

import asyncio
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
from cryptography import x509
from cryptography.x509.oid import NameOID

from thorbecke.node import contracts as fsc
from thorbecke.node import tokens, transaction_log
from thorbecke.node.contract_store import Contract, ContractStore
from thorbecke.node.directory import published_services
from thorbecke.node.http_io import MANAGER, Receive, Send, body, fsc_error, header, query, respond_json
from thorbecke.node.jwks import jwks, key_ids, read_jwks
from thorbecke.node.ocsp import fetch_statuses
from thorbecke.node.pki import TrustError, Verifier, oin_of
from thorbecke.node.processing_log import ProcessingLog
from thorbecke.node.transaction_log import LogQuery
from thorbecke.node.upstream import Pool, UpstreamError

# A peer's key set is fetched once and used until it is this old (seconds), or until a signature names a key
# that is not in it (a renewed certificate); the fetch as a whole may take KEY_SET_TIMEOUT seconds.
KEY_SET_MAX_AGE = 3600.0
KEY_SET_TIMEOUT = 10.0
CERTIFICATE_FAILED = "ERROR_CODE_PEER_CERTIFICATE_VERIFICATION_FAILED"


@dataclass(frozen=True)
class Service:
    """A service this node offers: its source system's URL, or one the node runs itself (`builtin`)."""

    name: str
    url: str
    purpose: str = ""  # the provider's own processing activity, in its log
    builtin: str = ""
    allowed_purposes: tuple[str, ...] = ()  # the consumers' processing activities this service serves


class Manager:
    def __init__(
        self,
        group_id: str,
        name: str,
        address: str,
        signer: fsc.Signer,
        verifier: Verifier,
        database: Path,
        inway_address: str,
        services: dict[str, Service],
        client_context: Any,
        require_pq: bool = False,
    ) -> None:
        self.group_id, self.name, self.address = group_id, name, address
        self.signer, self.verifier = signer, verifier
        self.peer_id = signer.peer_id
        self.inway_address, self.services = inway_address, services
        self.require_pq = require_pq
        self._client_context = client_context
        self._pools: dict[str, Pool] = {}
        self.key_set_max_age = KEY_SET_MAX_AGE
        self._key_sets: dict[str, tuple[float, frozenset[str]]] = {}  # peer id: (fetched at, monotonic; key ids)
        self.store = ContractStore(database)
        # The node's processing log, where the inway and outway write their TransactionLog records; set by the
        # runner once the log is open. ``/v1/logs`` reads it (FSC's logging extension).
        self.transaction_log: ProcessingLog | None = None
        self.store.remember_certificate(signer.certificate)
        if signer.pq_key is not None:
            self.store.remember_pq_key(self.peer_id, signer.pq_key.public_key())

    # -- the organisation's own actions ---------------------------------------------------------
    async def propose(self, grants: list[dict[str, Any]], **validity: Any) -> Contract:
        content = fsc.new_content(self.group_id, grants, **validity)
        fsc.check_content(content, self.group_id)
        if self.peer_id not in fsc.parties(content):
            raise fsc.ContractError(fsc.NOT_A_PARTY, "this peer is not a party")
        jws = self.signer.sign(content, "accept")
        contract = self.store.save(content, "accept", self.peer_id, jws)
        await self._send_to_parties(contract, "POST", "/v1/contracts", jws)
        return contract

    async def sign(self, digest: str, kind: str) -> Contract:
        contract = self.store.contract(digest)
        if contract is None:
            raise KeyError(digest)
        jws = self.signer.sign(contract.content, kind)
        contract = self.store.save(contract.content, kind, self.peer_id, jws)
        await self._send_to_parties(contract, "PUT", f"/v1/contracts/{digest}/{kind}", jws)
        return contract

    async def _send_to_parties(self, contract: Contract, method: str, path: str, jws: str) -> None:
        payload = json.dumps({"contract_content": contract.content, "signature": jws}).encode()
        for peer_id in sorted(fsc.parties(contract.content) - {self.peer_id}):
            address = self.store.manager_address_of(peer_id)
            if address is None:
                raise fsc.ContractError(fsc.NOT_A_PARTY, f"no manager address for {peer_id}")
            response = await self.pool(address).request(
                method,
                path.encode(),
                [(b"content-type", b"application/json"), (b"fsc-manager-address", self.address.encode())],
                payload,
            )
            if response.status >= 300:
                raise fsc.ContractError(
                    (response.header(b"fsc-error-code") or b"ERROR").decode(),
                    f"{peer_id} refused: {response.body.decode(errors='replace')}",
                    response.status,
                )

    async def announce(self, address: str) -> None:
        """Tell the manager at ``address`` (the group's directory, or a peer after a move) where this manager is."""
        response = await self.pool(address).request(
            "PUT", b"/v1/announce", [(b"fsc-manager-address", self.address.encode())]
        )
        if response.status != 200:
            code = (response.header(b"fsc-error-code") or b"ERROR").decode()
            raise fsc.ContractError(code, f"{address} refused the announcement: {response.status}", response.status)

    def pool(self, address: str) -> Pool:
        if address not in self._pools:
            parts = urlsplit(address)
            self._pools[address] = Pool(parts.hostname or "127.0.0.1", parts.port or 443, self._client_context)
        return self._pools[address]

    # -- receiving signatures from other peers --------------------------------------------------
    def _receive(self, caller: str, content: dict[str, Any], jws: str, kind: str) -> Contract:
        fsc.check_content(content, self.group_id)
        parties = fsc.parties(content)
        if caller not in parties:
            raise fsc.ContractError(fsc.NOT_A_PARTY, f"the submitting peer {caller} is not a party")
        if self.peer_id not in parties:
            raise fsc.ContractError(fsc.NOT_A_PARTY, f"the receiving peer {self.peer_id} is not a party")
        verified = fsc.verify_signature(
            jws, content, self.store.certificate_for, self.store.pq_key_for, self.require_pq
        )
        if verified.peer_id != caller:
            raise fsc.ContractError("ERROR_CODE_PEER_ID_SIGNATURE_MISMATCH", "signed by another peer than the caller")
        if verified.kind != kind:
            raise fsc.ContractError(fsc.SIGNATURE_FAILED, f"a {verified.kind} signature sent as {kind}")
        return self.store.save(content, kind, caller, jws)

    # -- tokens ---------------------------------------------------------------------------------
    def issue_token(self, caller: str, certificate: x509.Certificate, form: dict[str, str]) -> str:
        if form.get("grant_type") != "client_credentials":
            raise tokens.TokenRefused("unsupported_grant_type", "grant_type must be client_credentials")
        if form.get("client_id") != caller:
            raise tokens.TokenRefused("invalid_client", "client_id is not the peer of the certificate")
        found = self.store.grant(form.get("scope", ""))
        if found is None:
            raise tokens.TokenRefused("invalid_scope", "no grant with this hash")
        contract, data = found
        if data["type"] not in (fsc.CONNECTION, fsc.DELEGATED_CONNECTION):
            raise tokens.TokenRefused("invalid_scope", "only connection grants give access")
        if contract.state() != "valid":
            raise tokens.TokenRefused("invalid_grant", f"the contract is {contract.state()}")
        if data["service"]["peer_id"] != self.peer_id or data["service"]["name"] not in self.services:
            raise tokens.TokenRefused("invalid_scope", "this peer does not offer that service")
        if data["outway"]["peer_id"] != caller:
            raise tokens.TokenRefused("unauthorized_client", "the grant is for another outway")
        if data["outway"]["public_key_thumbprint"] != fsc.public_key_thumbprint(certificate):
            raise tokens.TokenRefused("unauthorized_client", "the grant is for another outway key")
        claims = tokens.new_claims(
            form["scope"],
            self.group_id,
            caller,
            self.peer_id,
            data["service"]["name"],
            self.inway_address,
            fsc.certificate_thumbprint(certificate),
            data.get("properties"),
            *fsc.delegators(data),
        )
        return tokens.issue(claims, self.signer.key, fsc.certificate_thumbprint(self.signer.certificate))

    async def learn_keys(self, address: str, peer_id: str | None = None) -> frozenset[str]:
        """Fetch a peer's JWKS: its signing certificate (checked against the anchor) and its ML-DSA key; the key
        ids it names. With peer_id, the certificate must be that peer's."""
        response = await self.pool(address).request("GET", b"/v1/.well-known/jwks.json", [])
        if response.status != 200:
            raise UpstreamError(f"{address} gave no JWKS ({response.status})")
        document = json.loads(response.body)
        certificate, intermediates, pq_key = read_jwks(document)
        await fetch_statuses(self.verifier, certificate, intermediates)
        found = self.verifier.check(certificate, intermediates)
        if peer_id is not None and found != peer_id:
            raise TrustError(f"the key set at {address} is of {found}")
        self.store.remember_certificate(certificate)
        if pq_key is not None:
            self.store.remember_pq_key(found, pq_key)
        self._key_sets[found] = (time.monotonic(), key_ids(document) | {fsc.certificate_thumbprint(certificate)})
        return self._key_sets[found][1]

    # -- the FSC manager API --------------------------------------------------------------------
    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        try:
            chain = scope["extensions"]["tls"]["client_cert_chain"]
            certificate, *intermediates = [x509.load_pem_x509_certificate(pem.encode()) for pem in chain]
            await fetch_statuses(self.verifier, certificate, intermediates)
            caller = self.verifier.check(certificate, intermediates)
        except (KeyError, IndexError, ValueError, TrustError) as exc:
            await fsc_error(send, 400, MANAGER, "ERROR_CODE_PEER_CERTIFICATE_VERIFICATION_FAILED", str(exc))
            return
        self.store.remember_certificate(certificate)
        method, path = scope["method"], scope["path"]
        try:
            await self._route(method, path, scope, receive, send, caller, certificate)
        except fsc.ContractError as exc:
            await fsc_error(send, exc.status, MANAGER, exc.code, exc.message)
        except (ValueError, KeyError, TypeError) as exc:
            await fsc_error(send, 400, MANAGER, fsc.MALFORMED, f"malformed request: {exc}")

    async def _route(
        self, method: str, path: str, scope: dict, receive: Receive, send: Send, caller: str, certificate: Any
    ) -> None:
        if method == "GET" and path == "/v1/peer":
            extensions = {"EXTENSION_TRANSACTION_LOGGING": "1.0.0"}
            info = {"peer_id": self.peer_id, "peer_name": self.name, "fsc_version": fsc.FSC_VERSION}
            await respond_json(send, 200, {**info, "enabled_extensions": extensions})
        elif method == "GET" and path == "/v1/peers":
            wanted = {p for p in query(scope).get("peer_id", "").split(",") if p}
            name = query(scope).get("peer_name", "").lower()
            found = [p for p in self.store.peers() if (p["id"] in wanted if wanted else name in p["name"].lower())]
            await respond_json(send, 200, {"peers": found, "pagination": {"next_cursor": ""}})
        elif method == "GET" and path == "/v1/services":
            asked = query(scope)
            listing = published_services(
                self.store, self.peer_id, asked.get("peer_id", ""), asked.get("service_name", "")
            )
            await respond_json(send, 200, {"services": listing, "pagination": {"next_cursor": ""}})
        elif method == "GET" and path == "/v1/logs" and self.transaction_log is not None:
            log, wanted = self.transaction_log, LogQuery.parse(query(scope))
            await respond_json(send, 200, await asyncio.to_thread(transaction_log.page, log, caller, wanted))
        elif method == "GET" and path == "/v1/.well-known/jwks.json":
            await respond_json(send, 200, jwks(self.signer))
        elif method == "PUT" and path == "/v1/announce":
            address = (header(scope, b"fsc-manager-address") or b"").decode()
            if not address.startswith("https://"):
                raise fsc.ContractError(fsc.MALFORMED, "Fsc-Manager-Address must be an https URL", 400)
            self.store.remember_peer(caller, _organisation(certificate), address)
            await respond_json(send, 200, {})
        elif method == "GET" and path == "/v1/contracts":
            wanted = [h for h in query(scope).get("grant_hash", "").split(",") if h]
            mine = [c.as_fsc() for c in self.store.contracts() if caller in fsc.parties(c.content)]
            if wanted:
                mine = [
                    c for c in mine if any(fsc.grant_hash(c["content"], g) in wanted for g in c["content"]["grants"])
                ]
            await respond_json(send, 200, {"contracts": mine, "pagination": {"next_cursor": ""}})
        elif method == "POST" and path == "/v1/contracts":
            request = json.loads(await body(receive))
            await self._learn_caller(scope, caller, _organisation(certificate), request["signature"])
            self._receive(caller, request["contract_content"], request["signature"], "accept")
            await respond_json(send, 201, {})
        elif method == "PUT" and path.startswith("/v1/contracts/") and path.count("/") == 4:
            _, _, _, digest, kind = path.split("/")
            if kind not in fsc.SIGNATURE_TYPES:
                await fsc_error(send, 404, MANAGER, fsc.MALFORMED, "unknown path")
                return
            request = json.loads(await body(receive))
            if fsc.content_hash(request["contract_content"]) != digest:
                raise fsc.ContractError("ERROR_CODE_URL_PATH_CONTENT_HASH_MISMATCH", "path and content differ")
            await self._learn_caller(scope, caller, _organisation(certificate), request["signature"])
            self._receive(caller, request["contract_content"], request["signature"], kind)
            await respond_json(send, 201, {})
        elif method == "POST" and path == "/v1/token":
            form = dict(parse_qsl((await body(receive)).decode()))
            try:
                token = self.issue_token(caller, certificate, form)
            except tokens.TokenRefused as exc:
                await respond_json(send, 400, {"error": exc.code, "error_description": str(exc)})
                return
            await respond_json(send, 200, {"access_token": token, "token_type": "bearer"})
        else:
            await fsc_error(send, 404, MANAGER, fsc.MALFORMED, f"no such endpoint: {method} {path}")

    async def _learn_caller(self, scope: dict, caller: str, name: str, jws: str) -> None:
        """A peer that sends a contract or signature is a peer this manager negotiated with: FSC has it persist the
        peer's id, name (the organisation in its certificate) and manager address, and list it at /v1/peers."""
        address = (header(scope, b"fsc-manager-address") or b"").decode()
        if not address.startswith("https://"):
            return
        if self.store.manager_address_of(caller) != address:
            self._key_sets.pop(caller, None)
        self.store.remember_peer(caller, name, address)
        try:
            key_id = str(jwt.get_unverified_header(jws).get("x5t#S256", ""))
        except jwt.PyJWTError:
            key_id = ""  # verify_signature refuses it with its own code
        cached = self._key_sets.get(caller)
        if cached and time.monotonic() - cached[0] < self.key_set_max_age and (not key_id or key_id in cached[1]):
            return
        try:
            await asyncio.wait_for(self.learn_keys(address, caller), KEY_SET_TIMEOUT)
        except (TrustError, ValueError, KeyError, TypeError) as exc:
            message = f"the key set of peer {caller} at {address} is unusable: {exc}"
            raise fsc.ContractError(CERTIFICATE_FAILED, message, 400) from exc
        except (UpstreamError, TimeoutError) as exc:
            if self.require_pq:
                message = f"cannot read the key set of peer {caller}: {exc}"
                raise fsc.ContractError(fsc.SIGNATURE_FAILED, message) from exc

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self.store.close()


def _organisation(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(names[0].value) if names else oin_of(certificate)
