"""The keys a node publishes at /v1/.well-known/jwks.json, and reading them from a peer's: its signing certificate
(x5c) and, when it has one, its ML-DSA key.

FSC allows only RSA and EC keys in the set, and strict parsers refuse a key of another type, so the ML-DSA key (a
JWK of type AKP) is not a key of the set: it is a member of the signing key, PQ_MEMBER, which every other
implementation ignores (RFC 7517 section 4: members not understood are ignored). Sets of older nodes, with the
AKP key beside the EC key, are still read."""

import base64
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from thorbecke.node import contracts as fsc

# The member of the signing key that carries the node's ML-DSA public key, as a JWK of its own.
PQ_MEMBER = "thorbecke_pq_key"


def jwks(signer: fsc.Signer) -> dict[str, Any]:
    numbers = signer.key.public_key().public_numbers()
    size = (numbers.curve.key_size + 7) // 8
    # x5c: the signing certificate first, then the intermediates up to (not including) a trust anchor (RFC 7517).
    chain = [c.public_bytes(serialization.Encoding.DER) for c in (signer.certificate, *signer.intermediates)]
    signing: dict[str, Any] = {
        "kty": "EC",
        "crv": "P-256",
        "x": fsc.b64url(numbers.x.to_bytes(size)),
        "y": fsc.b64url(numbers.y.to_bytes(size)),
        "use": "sig",
        "alg": "ES256",
        "kid": fsc.certificate_thumbprint(signer.certificate),
        "x5c": [base64.b64encode(der).decode() for der in chain],
        "x5t#S256": fsc.certificate_thumbprint(signer.certificate),
    }
    if signer.pq_key is not None:
        raw = signer.pq_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        signing[PQ_MEMBER] = {"kty": "AKP", "alg": fsc.PQ_ALGORITHM, "pub": fsc.b64url(raw), "kid": signer.peer_id}
    return {"keys": [signing]}


class KeySetError(ValueError):
    """A peer's key set that cannot be used: no signing certificate in it."""


def key_ids(document: dict[str, Any]) -> frozenset[str]:
    """The key ids (``kid``, ``x5t#S256``) a key set names, to tell whether a signature's key is in it."""
    keys = [*document["keys"], *(key[PQ_MEMBER] for key in document["keys"] if isinstance(key.get(PQ_MEMBER), dict))]
    return frozenset(str(key[name]) for key in keys for name in ("kid", "x5t#S256") if key.get(name))


def read_jwks(
    document: dict[str, Any],
) -> tuple[x509.Certificate, list[x509.Certificate], mldsa.MLDSA65PublicKey | None]:
    """A peer's signing certificate and the intermediates after it in the x5c (still to be checked against the
    trust anchors), and its ML-DSA key, if any."""
    keys = document["keys"]
    signing = next((key for key in keys if key.get("x5c")), None)
    if signing is None:
        raise KeySetError("no key in it has an x5c certificate")
    certificate, *intermediates = [x509.load_der_x509_certificate(base64.b64decode(der)) for der in signing["x5c"]]
    pq_key = None
    for key in [signing.get(PQ_MEMBER) or {}, *keys]:  # an older node's set: the AKP key beside the EC key
        if key.get("kty") == "AKP" and key.get("alg") == fsc.PQ_ALGORITHM:
            pq_key = mldsa.MLDSA65PublicKey.from_public_bytes(fsc.unb64url(key["pub"]))
            break
    return certificate, intermediates, pq_key
