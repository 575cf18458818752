"""FSC contracts: content, hashes, the parties that must sign, and the accept/reject/revoke signatures.

Field names, hash formats and error codes are those of FSC Core (Logius, fsc-core) and its manager
OpenAPI document. The content hash is SHA3-512 over the RFC 8785 (JCS) form of the content,
written as ``$1$1$<base64url>``; a grant hash chains the content hash with the grant, so it names
one grant of one contract. Signatures are compact JWS with ``x5t#S256`` in the header.

Beyond FSC, as a post-quantum building block: a signer may add an ML-DSA-65 signature over the same
payload in the protected header (``pq_sig``). Other FSC implementations ignore an unknown header
parameter, so contracts stay interoperable; a group that requires it refuses signatures without it.
"""

import base64
import datetime as dt
import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import rfc8785
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, mldsa

from thorbecke.node.pki import oin_of

FSC_VERSION = "1.0.0"
HASH_ALGORITHM = "HASH_ALGORITHM_SHA3_512"
SIGNATURE_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")
SIGNATURE_TYPES = ("accept", "reject", "revoke")
PQ_ALGORITHM = "ML-DSA-65"

PUBLICATION = "GRANT_TYPE_SERVICE_PUBLICATION"
CONNECTION = "GRANT_TYPE_SERVICE_CONNECTION"
DELEGATED_CONNECTION = "GRANT_TYPE_DELEGATED_SERVICE_CONNECTION"
DELEGATED_PUBLICATION = "GRANT_TYPE_DELEGATED_SERVICE_PUBLICATION"
_HASH_TYPE = {PUBLICATION: 2, CONNECTION: 3, DELEGATED_CONNECTION: 4, DELEGATED_PUBLICATION: 5}
PROTOCOLS = ("PROTOCOL_TCP_HTTP_1.1", "PROTOCOL_TCP_HTTP_2")
# FSC lets a grant carry use-case data in ``grant.data.properties`` (covered by the grant and content hashes, so by
# every signature) and the manager copies it into the access token's ``prp`` claim. This group's one property: the
# consumer's processing activity (its purpose), as a URI (docs/decisions/0019).
PURPOSE_PROPERTY = "purpose"
# FSC recommends a size limit for a grant's properties; a purpose needs far less than its 1 MB.
PROPERTIES_LIMIT = 1_000_000


# Not in FSC Core's error table: the spec leaves schema violations to OpenAPI validation (HTTP 400).
MALFORMED = "ERROR_CODE_UNPROCESSABLE_CONTRACT"
# FSC has one code for a submitting and a receiving peer that is not on the contract.
NOT_A_PARTY = "ERROR_CODE_PEER_NOT_PART_OF_CONTRACT"


class ContractError(Exception):
    """A refusal with the FSC manager error code and the HTTP status the spec gives it."""

    def __init__(self, code: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def b64url(data: bytes) -> str:
    """Base64url without padding, as JOSE and FSC's hashes write bytes."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical(value: object) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme."""
    return rfc8785.dumps(value)


def content_hash(content: dict[str, Any]) -> str:
    if content.get("hash_algorithm") != HASH_ALGORITHM:
        raise ContractError("ERROR_CODE_UNKNOWN_HASH_ALGORITHM_HASH", "the only hash algorithm is SHA3-512")
    return "$1$1$" + b64url(hashlib.sha3_512(canonical(content)).digest())


def grant_hash(content: dict[str, Any], grant: dict[str, Any]) -> str:
    data = grant["data"]
    digest = hashlib.sha3_512(content_hash(content).encode() + canonical(data)).digest()
    return f"$1${_HASH_TYPE[data['type']]}${b64url(digest)}"


def public_key_thumbprint(certificate: x509.Certificate) -> str:
    """SHA-256 over the DER SubjectPublicKeyInfo, lowercase hex: survives renewal with the same key."""
    spki = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).hexdigest()


def certificate_thumbprint(certificate: x509.Certificate) -> str:
    """x5t#S256: base64url SHA-256 of the certificate's DER (RFC 7515 section 4.1.8, RFC 8705)."""
    return b64url(certificate.fingerprint(hashes.SHA256()))


# --- grants -------------------------------------------------------------------------------------


def publication_grant(directory: str, provider: str, service: str, protocol: str = PROTOCOLS[0]) -> dict[str, Any]:
    return {
        "data": {
            "type": PUBLICATION,
            "directory": {"peer_id": directory},
            "service": {"peer_id": provider, "name": service, "protocol": protocol},
        }
    }


def connection_grant(
    outway: str, thumbprint: str, provider: str, service: str, purpose: str | None = None
) -> dict[str, Any]:
    """A ServiceConnectionGrant; with a purpose, the consumer's processing activity in its FSC ``properties``."""
    data: dict[str, Any] = {
        "type": CONNECTION,
        "outway": {"peer_id": outway, "public_key_thumbprint": thumbprint},
        "service": {"type": "SERVICE_TYPE_SERVICE", "peer_id": provider, "name": service},
    }
    if purpose:
        data["properties"] = {PURPOSE_PROPERTY: purpose}
    return {"data": data}


def granted_purpose(properties: object) -> str:
    """The purpose a grant's properties (or a token's ``prp`` claim, their copy) name; "" when they name none."""
    purpose = properties.get(PURPOSE_PROPERTY) if isinstance(properties, dict) else None
    return purpose if isinstance(purpose, str) else ""


def delegators(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """A connection grant's delegators: the peer its outway connects on behalf of (a DelegatedServiceConnection's
    ``delegator``, FSC Core's ``act.sub``) and the peer on whose behalf the service is offered (the service's
    ``delegator``, FSC Core's ``pdi``); None where the grant has none."""
    connection = data.get("delegator", {}).get("peer_id") if data["type"] == DELEGATED_CONNECTION else None
    publication = data["service"].get("delegator", {}).get("peer_id")
    return connection, publication


def new_content(
    group_id: str,
    grants: list[dict[str, Any]],
    valid_for: dt.timedelta = dt.timedelta(days=365),
    not_before: int | None = None,
) -> dict[str, Any]:
    now = int(time.time())
    start = now if not_before is None else not_before
    return {
        "fsc_version": FSC_VERSION,
        "iv": str(uuid.uuid4()),
        "group_id": group_id,
        "validity": {"not_before": start, "not_after": start + int(valid_for.total_seconds())},
        "grants": grants,
        "hash_algorithm": HASH_ALGORITHM,
        "created_at": now,
    }


def parties(content: dict[str, Any]) -> set[str]:
    """The peers that must accept before the contract is valid (FSC Core, per grant type)."""
    peers: set[str] = set()
    for grant in content["grants"]:
        data = grant["data"]
        if data["type"] in (PUBLICATION, DELEGATED_PUBLICATION):
            peers |= {data["directory"]["peer_id"], data["service"]["peer_id"]}
        else:
            peers |= {data["outway"]["peer_id"], data["service"]["peer_id"]}
            if "delegator" in data["service"]:
                peers.add(data["service"]["delegator"]["peer_id"])
        if "delegator" in data:
            peers.add(data["delegator"]["peer_id"])
    return peers


def check_content(content: dict[str, Any], group_id: str, now: int | None = None) -> None:
    """Refuse content that no peer of this group may accept, with the FSC error code."""
    now = int(time.time()) if now is None else now
    required = ("iv", "group_id", "validity", "grants", "hash_algorithm", "created_at")
    missing = [key for key in required if key not in content]
    if missing:
        raise ContractError(MALFORMED, f"contract content lacks {', '.join(missing)}", 400)
    if content.get("fsc_version", FSC_VERSION) != FSC_VERSION:
        raise ContractError("ERROR_CODE_UNKNOWN_FSC_VERSION", f"unknown fsc_version {content['fsc_version']!r}")
    if content["group_id"] != group_id:
        raise ContractError("ERROR_CODE_INCORRECT_GROUP_ID", f"this peer is in group {group_id!r}")
    content_hash(content)
    try:
        uuid.UUID(content["iv"])
        not_before, not_after = int(content["validity"]["not_before"]), int(content["validity"]["not_after"])
        types = [grant["data"]["type"] for grant in content["grants"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ContractError(MALFORMED, f"malformed contract content: {exc}", 400) from exc
    if not types or any(t not in _HASH_TYPE for t in types):
        raise ContractError(MALFORMED, "a contract needs one or more known grants", 400)
    for grant in content["grants"]:
        properties = grant["data"].get("properties")
        if properties is not None and not isinstance(properties, dict):
            raise ContractError(MALFORMED, "grant.data.properties must be a JSON object", 400)
        if properties and len(canonical(properties)) > PROPERTIES_LIMIT:
            raise ContractError(MALFORMED, "grant.data.properties is larger than 1 MB", 400)
    if not_after <= not_before or not_after <= now:
        raise ContractError(MALFORMED, "validity must end after it starts, in the future")
    if content["created_at"] > now + 60:
        raise ContractError(MALFORMED, "created_at lies in the future")
    publications = sum(t in (PUBLICATION, DELEGATED_PUBLICATION) for t in types)
    if publications and publications != len(types):
        raise ContractError("ERROR_CODE_GRANT_COMBINATION_NOT_ALLOWED", "publication grants stand alone")


SIGNATURE_FAILED = "ERROR_CODE_SIGNATURE_VERIFICATION_FAILED"

# --- signatures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    """A peer's signing material: its node certificate and key, and optionally an ML-DSA key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    pq_key: mldsa.MLDSA65PrivateKey | None = None
    # The intermediate CAs between the certificate and a trust anchor (after it in node.pem), for the x5c.
    intermediates: tuple[x509.Certificate, ...] = ()

    @classmethod
    def from_files(cls, certificate: Path, key: Path, pq_key: Path | None = None) -> "Signer":
        private = serialization.load_pem_private_key(key.read_bytes(), password=None)
        if not isinstance(private, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{key} is not an EC private key")
        quantum = serialization.load_pem_private_key(pq_key.read_bytes(), password=None) if pq_key else None
        if quantum is not None and not isinstance(quantum, mldsa.MLDSA65PrivateKey):
            raise ValueError(f"{pq_key} is not an ML-DSA-65 private key")
        leaf, *intermediates = x509.load_pem_x509_certificates(certificate.read_bytes())
        return cls(leaf, private, quantum, tuple(intermediates))

    @property
    def peer_id(self) -> str:
        return oin_of(self.certificate)

    def sign(self, content: dict[str, Any], kind: str, signed_at: int | None = None) -> str:
        if kind not in SIGNATURE_TYPES:
            raise ValueError(f"unknown signature type {kind!r}")
        payload = {
            "contract_content_hash": content_hash(content),
            "type": kind,
            "signed_at": int(time.time()) if signed_at is None else signed_at,
        }
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers: dict[str, Any] = {"x5t#S256": certificate_thumbprint(self.certificate)}
        if self.pq_key is not None:
            headers["pq_alg"] = PQ_ALGORITHM
            headers["pq_sig"] = b64url(self.pq_key.sign(body))
        return jwt.api_jws.encode(body, self.key, algorithm="ES256", headers=headers)


@dataclass(frozen=True)
class Verified:
    peer_id: str
    kind: str
    signed_at: int
    post_quantum: bool


CertificateLookup = Callable[[str], x509.Certificate | None]
PQKeyLookup = Callable[[str], mldsa.MLDSA65PublicKey | None]


def verify_signature(
    token: str,
    content: dict[str, Any],
    certificate_for: CertificateLookup,
    pq_key_for: PQKeyLookup | None = None,
    require_pq: bool = False,
) -> Verified:
    """Check a signature against the content; the certificate is found by its x5t#S256 thumbprint."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise ContractError(SIGNATURE_FAILED, f"not a JWS: {exc}") from exc
    if header.get("alg") not in SIGNATURE_ALGORITHMS:
        raise ContractError("ERROR_CODE_UNKNOWN_ALGORITHM_SIGNATURE", f"algorithm {header.get('alg')!r} is not allowed")
    certificate = certificate_for(str(header.get("x5t#S256", "")))
    if certificate is None:
        raise ContractError(SIGNATURE_FAILED, "the signing certificate is not known")
    try:
        body = jwt.api_jws.decode(token, certificate.public_key(), algorithms=list(SIGNATURE_ALGORITHMS))
        payload = json.loads(body)
        kind, signed_at, signed_hash = payload["type"], int(payload["signed_at"]), payload["contract_content_hash"]
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as exc:
        raise ContractError(SIGNATURE_FAILED, f"the signature does not verify: {exc}") from exc
    if signed_hash != content_hash(content):
        raise ContractError("ERROR_CODE_SIGNATURE_CONTRACT_CONTENT_HASH_MISMATCH", "signed for other content")
    if kind not in SIGNATURE_TYPES:
        raise ContractError(SIGNATURE_FAILED, f"unknown signature type {kind!r}")
    peer_id = oin_of(certificate)
    post_quantum = False
    if "pq_sig" in header:
        pq_key = pq_key_for(peer_id) if pq_key_for else None
        if header.get("pq_alg") != PQ_ALGORITHM or pq_key is None:
            raise ContractError(SIGNATURE_FAILED, "the ML-DSA key of the signer is unknown")
        try:
            pq_key.verify(unb64url(header["pq_sig"]), body)
        except Exception as exc:  # cryptography raises InvalidSignature; a bad encoding raises ValueError
            raise ContractError(SIGNATURE_FAILED, "the ML-DSA signature fails") from exc
        post_quantum = True
    if require_pq and not post_quantum:
        raise ContractError(SIGNATURE_FAILED, "this group requires an ML-DSA signature")
    return Verified(peer_id, kind, signed_at, post_quantum)


def state(content: dict[str, Any], signatures: dict[str, dict[str, str]], now: int | None = None) -> str:
    """'valid' only when every party accepted, none rejected or revoked, and the validity holds."""
    now = int(time.time()) if now is None else now
    if signatures.get("revoke"):
        return "revoked"
    if signatures.get("reject"):
        return "rejected"
    if not parties(content) <= set(signatures.get("accept", {})):
        return "proposed"
    validity = content["validity"]
    if now < validity["not_before"]:
        return "not_yet_valid"
    if now >= validity["not_after"]:
        return "expired"
    return "valid"
