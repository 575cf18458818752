"""FSC access tokens: JWTs bound to the outway's certificate (RFC 8705), issued by the provider's manager."""

import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

TOKEN_LIFETIME = 300


@dataclass(frozen=True)
class TokenClaims:
    grant_hash: str
    group_id: str
    outway_peer: str
    service_peer: str
    service: str
    inway: str
    certificate_thumbprint: str
    not_before: int
    expires: int
    properties: dict[str, Any] | None = None  # the grant's FSC properties, copied into ``prp``
    # FSC Core's delegation claims: ``act.sub``, the peer the outway's peer connects on behalf of (the delegator
    # of a DelegatedServiceConnectionGrant); ``pdi``, the peer on whose behalf the service is offered (the
    # delegator of a DelegatedServicePublication, named in the connection grant's service).
    connection_delegator: str | None = None
    publication_delegator: str | None = None

    def as_jwt_claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {
            "gth": self.grant_hash,
            "gid": self.group_id,
            "sub": self.outway_peer,
            "iss": self.service_peer,
            "svc": self.service,
            "aud": self.inway,
            "nbf": self.not_before,
            "exp": self.expires,
            "cnf": {"x5t#S256": self.certificate_thumbprint},
        }
        if self.properties is not None:
            # FSC Core: the prp claim MUST be set when the grant has properties; the inway reads the purpose there.
            claims["prp"] = self.properties
        if self.connection_delegator:
            claims["act"] = {"sub": self.connection_delegator}
        if self.publication_delegator:
            claims["pdi"] = self.publication_delegator
        return claims


class TokenRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def issue(claims: TokenClaims, key: ec.EllipticCurvePrivateKey, certificate_thumbprint: str) -> str:
    return jwt.encode(claims.as_jwt_claims(), key, "ES256", headers={"x5t#S256": certificate_thumbprint})


def read(token: str, key: ec.EllipticCurvePublicKey, inway: str) -> dict[str, Any]:
    """The claims of a token this peer's manager signed for this inway, or TokenRefused with the FSC code."""
    try:
        return jwt.decode(
            token,
            key,
            algorithms=["ES256"],
            audience=inway,
            options={"require": ["gth", "gid", "sub", "iss", "svc", "aud", "exp", "nbf", "cnf"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenRefused("ERROR_CODE_ACCESS_TOKEN_EXPIRED", "the access token has expired") from exc
    except jwt.PyJWTError as exc:
        raise TokenRefused("ERROR_CODE_ACCESS_TOKEN_INVALID", f"the access token is not valid: {exc}") from exc


def new_claims(
    grant_hash: str,
    group_id: str,
    outway_peer: str,
    service_peer: str,
    service: str,
    inway: str,
    thumbprint: str,
    properties: dict[str, Any] | None = None,
    connection_delegator: str | None = None,
    publication_delegator: str | None = None,
) -> TokenClaims:
    now = int(time.time())
    return TokenClaims(
        grant_hash,
        group_id,
        outway_peer,
        service_peer,
        service,
        inway,
        thumbprint,
        now - 5,
        now + TOKEN_LIFETIME,
        properties,
        connection_delegator,
        publication_delegator,
    )
