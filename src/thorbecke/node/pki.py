"""Certificate authorities playing the role of PKIoverheid, and the check of a peer's certificate chain.

Each organisation's node gets a certificate whose subject carries the organisation's OIN in the
serialNumber attribute, as PKIoverheid certificates do; FSC takes that OIN as the peer's identity.
A group trusts one or more roots (trust anchors); a node certificate is issued by a root directly or,
as PKIoverheid issues them, through intermediate CAs, which the peer presents after its own certificate
(in TLS and in the x5c of its key set). Each CA publishes a CRL; the verifier needs a current CRL of
every issuer in the chain and refuses when one is missing or past its nextUpdate. Nodes reload the CRL
files on a fixed interval (``CRL_REFRESH_SECONDS``). See docs/decisions/0018-trust-chains.md.

Plain files: the node's gateway uses this module without the hub's database.
"""

import datetime as dt
import ipaddress
import itertools
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from thorbecke.node.oin import InvalidOIN, check_oin

# An inway reloads the CRL this often, so a revoked certificate is refused within this many seconds.
CRL_REFRESH_SECONDS = 10
CRL_VALIDITY = dt.timedelta(days=1)
# An OCSP answer without nextUpdate is used this long; a responder that did not answer is asked again after this.
OCSP_DEFAULT_VALIDITY = dt.timedelta(hours=1)
OCSP_RETRY_SECONDS = 30.0
# Intermediates allowed between a root and a node certificate (PKIoverheid uses two: domain CA, issuing CA).
MAX_INTERMEDIATES = 4


class TrustError(Exception):
    """A certificate that the group does not trust, with the reason."""


@dataclass(frozen=True)
class Issued:
    certificate: Path
    key: Path
    serial_number: int


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        handle.write(data)
    temporary.replace(path)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def load_chain(path: Path) -> list[x509.Certificate]:
    """All certificates in a PEM file, in order: a node's own certificate first, then its intermediates."""
    certificates = x509.load_pem_x509_certificates(path.read_bytes())
    if not certificates:
        raise ValueError(f"{path} holds no certificate")
    return certificates


def name_of(certificate: x509.Certificate) -> str:
    """The CA's or node's common name, for messages."""
    values = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else certificate.subject.rfc4514_string()


def oin_of(certificate: x509.Certificate) -> str:
    """The OIN in the subject's serialNumber, as PKIoverheid puts it there."""
    values = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if not values:
        raise TrustError("the certificate's subject has no serialNumber (OIN)")
    return str(values[0].value)


class TrustAnchor:
    """A CA in a directory: ca.pem, ca.key, issued certificates and the revocation list (crl.pem). A root (the
    group's trust anchor) or an intermediate under one; an intermediate also keeps chain.pem, its certificate and
    the intermediates above it, which the node certificates it issues carry after their own."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.certificate_path = directory / "ca.pem"
        self._key_path = directory / "ca.key"
        self._revoked_path = directory / "revoked.json"
        self._chain_path = directory / "chain.pem"
        self.crl_path = directory / "crl.pem"

    @classmethod
    def opened(cls, directory: Path) -> "TrustAnchor":
        """An existing CA, its CRL republished when half its validity has passed: verifiers refuse a chain whose
        CRL is past nextUpdate, so whoever holds the CA's key must keep publishing (PKIoverheid does, daily)."""
        authority = cls(directory)
        crl = x509.load_pem_x509_crl(authority.crl_path.read_bytes())
        if crl.next_update_utc is None or crl.next_update_utc - _now() < CRL_VALIDITY / 2:
            authority.publish_crl()
        return authority

    @classmethod
    def create(
        cls, directory: Path, group: str, path_length: int = 0, common_name: str = "", organisation: str = ""
    ) -> "TrustAnchor":
        """A root CA; path_length is how many intermediates may stand below it (0: it issues node certificates)."""
        key = ec.generate_private_key(ec.SECP384R1())
        name = _ca_name(common_name or f"Thorbecke {group} root CA", organisation or "Thorbecke demo trust anchor")
        return cls._create(directory, name, key, None, path_length)

    def issue_intermediate(self, directory: Path, common_name: str, path_length: int = 0) -> "TrustAnchor":
        """An intermediate CA under this one, as PKIoverheid's domain and issuing CAs stand under its root."""
        key = ec.generate_private_key(ec.SECP384R1())
        organisation = self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
        return self._create(directory, _ca_name(common_name, str(organisation)), key, self, path_length)

    @classmethod
    def _create(
        cls,
        directory: Path,
        name: x509.Name,
        key: ec.EllipticCurvePrivateKey,
        parent: "TrustAnchor | None",
        path_length: int,
    ) -> "TrustAnchor":
        authority = cls(directory)
        if authority.certificate_path.exists():
            raise FileExistsError(f"a certificate authority already exists in {directory}")
        now = _now()
        issuer_name = parent.certificate.subject if parent else name
        builder = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=3650 if parent is None else 1825))
            .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        )
        if parent is not None:
            issuer_key = parent.certificate.public_key()
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key),  # type: ignore[arg-type]
                critical=False,
            )
        certificate = builder.sign(parent._key() if parent else key, hashes.SHA384())
        _write_private(authority._key_path, _key_pem(key))
        _write(authority.certificate_path, _pem(certificate))
        if parent is not None:
            _write(authority._chain_path, _pem(certificate, *parent.chain))
        authority.publish_crl()
        return authority

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_path.read_bytes())

    @property
    def is_root(self) -> bool:
        return not self._chain_path.exists()

    @property
    def chain(self) -> list[x509.Certificate]:
        """This CA's certificate and the intermediates above it: what a node it issues presents after its own."""
        return load_chain(self._chain_path) if self._chain_path.exists() else []

    def _key(self) -> ec.EllipticCurvePrivateKey:
        key = serialization.load_pem_private_key(self._key_path.read_bytes(), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def issue(
        self,
        directory: Path,
        organisation: str,
        oin: str,
        hostnames: tuple[str, ...] = ("localhost",),
        days: int = 365,
        not_before: dt.datetime | None = None,
        ocsp_url: str = "",
    ) -> Issued:
        """A node certificate for an organisation, written as node.pem and node.key in directory (followed by
        this CA's chain when it is an intermediate); with ocsp_url, it names that OCSP responder (AIA)."""
        try:
            check_oin(oin)
        except InvalidOIN as exc:
            raise ValueError(f"OIN {oin}: {exc}") from exc
        key = ec.generate_private_key(ec.SECP256R1())
        start = not_before or _now() - dt.timedelta(minutes=5)
        ca = self.certificate
        serial = x509.random_serial_number()
        # digitalSignature: the node signs TLS handshakes, contracts and access tokens with this key.
        usage = x509.KeyUsage(True, False, False, False, False, False, False, False, False)
        names: list[x509.GeneralName] = [x509.DNSName(h) for h in hostnames]
        names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        builder = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                        x509.NameAttribute(NameOID.SERIAL_NUMBER, oin),
                        x509.NameAttribute(NameOID.COMMON_NAME, hostnames[0]),
                    ]
                )
            )
            .issuer_name(ca.subject)
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(usage, critical=True)
        )
        if ocsp_url:
            access = x509.AccessDescription(
                AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
            )
            builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
        certificate = (
            builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                critical=False,
            )
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()),  # type: ignore[arg-type]
                critical=False,
            )
            .sign(self._key(), hashes.SHA384())
        )
        issued = Issued(directory / "node.pem", directory / "node.key", serial)
        _write_private(issued.key, _key_pem(key))
        _write(issued.certificate, _pem(certificate, *self.chain))
        return issued

    def revoked(self) -> dict[int, str]:
        if not self._revoked_path.exists():
            return {}
        return {int(serial): when for serial, when in json.loads(self._revoked_path.read_text()).items()}

    def revoke(self, serial_number: int) -> None:
        revoked = self.revoked()
        revoked.setdefault(serial_number, _now().isoformat())
        _write(self._revoked_path, json.dumps({str(k): v for k, v in revoked.items()}, indent=1).encode())
        self.publish_crl()

    def ocsp_response(self, request: bytes) -> bytes:
        """The OCSP answer (RFC 6960) to a DER request, signed by this CA itself, from the same revocations as its
        CRL: 'good' for a serial it has not revoked (it keeps no list of what it issued), valid ``CRL_VALIDITY``."""
        try:
            asked = ocsp.load_der_ocsp_request(request)
        except ValueError:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST).public_bytes(
                serialization.Encoding.DER
            )
        revoked = self.revoked()
        when = revoked.get(asked.serial_number)
        now = _now()
        response = (
            ocsp.OCSPResponseBuilder()
            .add_response_by_hash(
                asked.issuer_name_hash,
                asked.issuer_key_hash,
                asked.serial_number,
                asked.hash_algorithm,
                ocsp.OCSPCertStatus.REVOKED if when else ocsp.OCSPCertStatus.GOOD,
                now,
                now + CRL_VALIDITY,
                dt.datetime.fromisoformat(when) if when else None,
                None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.certificate)
            .sign(self._key(), hashes.SHA384())
        )
        return response.public_bytes(serialization.Encoding.DER)

    def publish_crl(self, now: dt.datetime | None = None) -> x509.CertificateRevocationList:
        """The CA's CRL, valid from now (a test may publish one 'later') for ``CRL_VALIDITY``."""
        now = now or _now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(now)
            .next_update(now + CRL_VALIDITY)
        )
        for serial, when in self.revoked().items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(dt.datetime.fromisoformat(when))
                .build()
            )
        crl = builder.sign(self._key(), hashes.SHA384())
        _write(self.crl_path, crl.public_bytes(serialization.Encoding.PEM))
        return crl


def _ca_name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def pkioverheid_chain(directory: Path, generation: str = "G1") -> tuple[TrustAnchor, TrustAnchor]:
    """A root and an issuing CA under it, shaped as PKIoverheid's (test names: not the real Staat der Nederlanden
    CAs). Node certificates the intermediate issues carry the OIN in serialNumber and the organisation in O."""
    root = TrustAnchor.create(
        directory / "root",
        "pkioverheid",
        path_length=1,
        common_name=f"TEST Staat der Nederlanden Private Root CA - {generation}",
        organisation="TEST Staat der Nederlanden",
    )
    issuing = root.issue_intermediate(directory / "issuing", f"TEST Private Services CA - {generation}")
    return root, issuing


@dataclass(frozen=True)
class _Revocation:
    """What one issuer's current CRL says: until when it holds, and the serial numbers it revoked."""

    next_update: dt.datetime | None
    serials: frozenset[int]


@dataclass(frozen=True)
class _Step:
    """One certificate of a verified chain and its issuer, with what the per-request check reads, taken out once
    (a certificate's dates and fingerprint are computed on every access)."""

    position: int
    issued: x509.Certificate
    issuer: x509.Certificate
    issuer_id: bytes  # the issuer's SHA-256 fingerprint: the key of its CRL and OCSP answers
    serial: int
    not_before: dt.datetime
    not_after: dt.datetime


@dataclass(frozen=True)
class _Chain:
    presented: tuple[x509.Certificate, ...]
    oin: str
    certificates: tuple[x509.Certificate, ...]  # leaf first, the anchor last
    steps: tuple[_Step, ...]


def _what(position: int, certificate: x509.Certificate) -> str:
    return "the certificate" if position == 0 else f"the CA certificate {name_of(certificate)}"


def _paths(value: Path | Sequence[Path]) -> list[Path]:
    return [value] if isinstance(value, Path) else list(value)


class Verifier:
    """Checks a peer's certificate chain up to one of the group's trust anchors, and each certificate in it
    against its issuer's CRL; reloads the CRL files as they change.

    The rule for revocation (decision 0018): every certificate below the anchor needs a CRL of its issuer that
    is signed by that issuer and whose nextUpdate has not passed. A missing or expired CRL means the node cannot
    tell whether the certificate is revoked, and the chain is refused (fail closed)."""

    def __init__(self, anchors: Path | Sequence[Path], crls: Path | Sequence[Path]) -> None:
        roots = [certificate for path in _paths(anchors) for certificate in load_chain(path)]
        self._anchors = {c.fingerprint(hashes.SHA256()): c for c in roots}
        self._store = Store(roots)
        self._crl_paths = _paths(crls)
        self._crl_mtimes: tuple[float, ...] = ()
        self._crls: dict[bytes, list[x509.CertificateRevocationList]] = {}
        self._revocations: dict[bytes, _Revocation] = {}
        self._chains: dict[tuple[x509.Certificate, ...], tuple[str, tuple[x509.Certificate, ...]]] = {}
        # By the ids of the presented certificate objects (the inway keeps one per peer): no hashing per request.
        self._recent: dict[tuple[int, ...], _Chain] = {}
        # OCSP answers by (issuer fingerprint, serial): revoked or not, and until when the answer holds.
        self._ocsp: dict[tuple[bytes, int], tuple[bool, dt.datetime]] = {}
        self._ocsp_asked: dict[tuple[bytes, int], float] = {}
        self._responders: dict[tuple[x509.Certificate, ...], list[tuple[x509.Certificate, x509.Certificate, str]]] = {}
        self.refresh()

    def refresh(self) -> None:
        """Reload the CRL files when one changed; all or nothing, so a half-written file keeps the old state."""
        mtimes = tuple(path.stat().st_mtime for path in self._crl_paths)
        if mtimes == self._crl_mtimes:
            return
        crls: dict[bytes, list[x509.CertificateRevocationList]] = {}
        for path in self._crl_paths:
            data = path.read_bytes()
            crl = x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data)
            crls.setdefault(crl.issuer.public_bytes(), []).append(crl)
            for anchor in self._anchors.values():
                if anchor.subject == crl.issuer and not crl.is_signature_valid(anchor.public_key()):  # type: ignore[arg-type]
                    raise TrustError(f"{path} is not signed by the trust anchor {name_of(anchor)}")
        self._crls, self._revocations, self._crl_mtimes = crls, {}, mtimes

    def _revocation(self, issuer: x509.Certificate, issuer_id: bytes) -> _Revocation:
        """The issuer's newest CRL that it signed itself (no indirect CRLs), read once per reload."""
        known = self._revocations.get(issuer_id)
        if known is not None:
            return known
        try:
            usage = issuer.extensions.get_extension_for_class(x509.KeyUsage).value
            if not usage.crl_sign:
                raise TrustError(f"{name_of(issuer)} may not sign CRLs (key usage)")
        except x509.ExtensionNotFound:
            pass
        signed = [
            crl
            for crl in self._crls.get(issuer.subject.public_bytes(), [])
            if crl.is_signature_valid(issuer.public_key())  # type: ignore[arg-type]
        ]
        if not signed:
            raise TrustError(f"no CRL of {name_of(issuer)}: cannot tell whether what it issued is revoked")
        newest = max(signed, key=lambda crl: crl.last_update_utc)
        revocation = _Revocation(newest.next_update_utc, frozenset(r.serial_number for r in newest))
        self._revocations[issuer_id] = revocation
        return revocation

    def ocsp_due(
        self, certificate: x509.Certificate, intermediates: Sequence[x509.Certificate], now: float
    ) -> list[tuple[x509.Certificate, x509.Certificate, str]]:
        """The certificates of the chain that name an OCSP responder (http) and have no current answer, with their
        issuer and the responder's URL; each is asked at most every ``OCSP_RETRY_SECONDS`` (``now``: monotonic)."""
        at = _now()
        chain = self._chain(certificate, intermediates, at)
        due = []
        for issued, issuer, url in self._responders[chain.certificates]:  # usually none
            key = (issuer.fingerprint(hashes.SHA256()), issued.serial_number)
            answer = self._ocsp.get(key)
            if (answer is not None and answer[1] >= at) or now - self._ocsp_asked.get(key, -1e9) < OCSP_RETRY_SECONDS:
                continue
            self._ocsp_asked[key] = now
            due.append((issued, issuer, url))
        return due

    @staticmethod
    def _ocsp_urls(chain: tuple[x509.Certificate, ...]) -> list[tuple[x509.Certificate, x509.Certificate, str]]:
        """The certificates of a chain that name an http OCSP responder (AIA), with their issuer and its URL."""
        found = []
        for issued, issuer in itertools.pairwise(chain):
            try:
                access = issued.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
            except x509.ExtensionNotFound:
                continue
            urls = [
                str(d.access_location.value) for d in access if d.access_method == AuthorityInformationAccessOID.OCSP
            ]
            found += [(issued, issuer, url) for url in urls[:1] if url.startswith("http://")]
        return found

    def remember_ocsp(self, certificate: x509.Certificate, issuer: x509.Certificate, answer: bytes) -> None:
        """Keep an OCSP answer about the certificate once it checks out: successful, about this serial and issuer,
        signed by the issuer itself or by a responder the issuer certified for OCSP signing, and current."""
        response = ocsp.load_der_ocsp_response(answer)
        if response.response_status != ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise TrustError(f"the OCSP responder answered {response.response_status.name}")
        asked = ocsp.OCSPRequestBuilder().add_certificate(certificate, issuer, response.hash_algorithm).build()
        if (response.serial_number, response.issuer_key_hash, response.issuer_name_hash) != (
            asked.serial_number,
            asked.issuer_key_hash,
            asked.issuer_name_hash,
        ):
            raise TrustError("the OCSP answer is about another certificate")
        signer = issuer
        for delegated in response.certificates:
            usage = delegated.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            if ExtendedKeyUsageOID.OCSP_SIGNING in usage:
                delegated.verify_directly_issued_by(issuer)
                signer = delegated
        key, algorithm = signer.public_key(), response.signature_hash_algorithm
        try:
            if isinstance(key, ec.EllipticCurvePublicKey) and algorithm is not None:
                key.verify(response.signature, response.tbs_response_bytes, ec.ECDSA(algorithm))
            elif isinstance(key, rsa.RSAPublicKey) and algorithm is not None:  # PKIoverheid's CAs are RSA
                key.verify(response.signature, response.tbs_response_bytes, padding.PKCS1v15(), algorithm)
            else:
                raise TrustError("the OCSP answer is signed with a key type the node does not read")
        except InvalidSignature as exc:
            raise TrustError("the OCSP answer's signature does not verify") from exc
        until = response.next_update_utc or response.this_update_utc + OCSP_DEFAULT_VALIDITY
        if until < _now():
            raise TrustError("the OCSP answer is no longer current")
        status = response.certificate_status
        if status == ocsp.OCSPCertStatus.UNKNOWN:
            return
        key_id = (issuer.fingerprint(hashes.SHA256()), certificate.serial_number)
        self._ocsp[key_id] = (status == ocsp.OCSPCertStatus.REVOKED, until)

    def _verified_chain(
        self, certificate: x509.Certificate, intermediates: Sequence[x509.Certificate], at: dt.datetime
    ) -> tuple[str, tuple[x509.Certificate, ...]]:
        """The path from the certificate to an anchor, built and checked by cryptography's RFC 5280 verifier
        (signatures, validity, CA basic constraints, key usage, path length), once per presented chain."""
        key = (certificate, *intermediates)
        found = self._chains.get(key)
        if found is not None:
            return found
        if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
            raise TrustError("the certificate is expired or not yet valid")
        policy = PolicyBuilder().store(self._store).time(at).max_chain_depth(MAX_INTERMEDIATES)
        try:
            verified = policy.build_client_verifier().verify(certificate, list(intermediates))
        except VerificationError as exc:
            for intermediate in intermediates:
                if not intermediate.not_valid_before_utc <= at <= intermediate.not_valid_after_utc:
                    raise TrustError(f"the CA certificate {name_of(intermediate)} is expired or not yet valid") from exc
            raise TrustError(f"the certificate is not issued through a valid chain by a trust anchor: {exc}") from exc
        found = (oin_of(certificate), tuple(verified.chain))
        if len(self._chains) > 100_000:
            self._chains.clear()
            self._responders.clear()
        self._responders[found[1]] = self._ocsp_urls(found[1])
        self._chains[key] = found
        return found

    def check(
        self,
        certificate: x509.Certificate,
        intermediates: Sequence[x509.Certificate] = (),
        at: dt.datetime | None = None,
    ) -> str:
        """The peer's OIN when its certificate chains to an anchor, every certificate in the chain is current and
        none is revoked by its issuer's current CRL."""
        at = at or _now()
        chain = self._chain(certificate, intermediates, at)
        # Cheap per request (comparisons and dict lookups): the chain itself was verified once.
        for step in chain.steps:
            position, issued, issuer = step.position, step.issued, step.issuer
            if not step.not_before <= at <= step.not_after:
                raise TrustError(f"{_what(position, issued)} is expired or not yet valid")
            # A current OCSP answer counts beside the CRL: 'revoked' from either refuses, and a 'good' one
            # stands in for a CRL that is missing or expired.
            answer = self._ocsp.get((step.issuer_id, step.serial))
            ocsp_good = answer is not None and answer[1] >= at and not answer[0]
            if answer is not None and answer[1] >= at and answer[0]:
                raise TrustError(f"{_what(position, issued)} is revoked by {name_of(issuer)} (OCSP)")
            try:
                revocation = self._revocation(issuer, step.issuer_id)
            except TrustError:
                if ocsp_good:
                    continue
                raise
            if revocation.next_update is None or revocation.next_update < at:
                if ocsp_good:
                    continue
                raise TrustError(
                    f"the CRL of {name_of(issuer)} expired at {revocation.next_update}: "
                    "no current revocation information, refused"
                )
            if step.serial in revocation.serials:
                raise TrustError(f"{_what(position, issued)} is revoked by {name_of(issuer)}")
        anchor = chain.certificates[-1]
        if not anchor.not_valid_before_utc <= at <= anchor.not_valid_after_utc:
            raise TrustError(f"the trust anchor {name_of(anchor)} is expired or not yet valid")
        return chain.oin

    def _chain(
        self, certificate: x509.Certificate, intermediates: Sequence[x509.Certificate], at: dt.datetime
    ) -> _Chain:
        presented = (certificate, *intermediates)
        ids = tuple(map(id, presented))
        found = self._recent.get(ids)
        # The entry holds the objects, so their ids are not reused while it exists; 'is' guards anyway.
        if found is not None and all(a is b for a, b in zip(found.presented, presented, strict=True)):
            return found
        oin, certificates = self._verified_chain(certificate, intermediates, at)
        steps = tuple(
            _Step(
                position,
                issued,
                issuer,
                issuer.fingerprint(hashes.SHA256()),
                issued.serial_number,
                issued.not_valid_before_utc,
                issued.not_valid_after_utc,
            )
            for position, (issued, issuer) in enumerate(itertools.pairwise(certificates))
        )
        found = _Chain(presented, oin, certificates, steps)
        if len(self._recent) > 10_000:
            self._recent.clear()
        self._recent[ids] = found
        return found


def keep_crl_current(directory: Path, stop: threading.Event) -> threading.Thread:
    """Republish the CRL of the CA in ``directory`` whenever half its validity has passed, until ``stop`` is set.
    Verifiers refuse a chain whose CRL has lapsed, so whoever holds a CA's key keeps publishing while its nodes
    run: the demo's group, and a node enrolled from the hub's own anchor."""

    def publish() -> None:
        while not stop.wait(CRL_VALIDITY.total_seconds() / 8):
            TrustAnchor.opened(directory)

    thread = threading.Thread(target=publish, name="crl-publisher", daemon=True)
    thread.start()
    return thread
