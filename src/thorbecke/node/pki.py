"""The group's trust anchor: a certificate authority playing the role of PKIoverheid.

Each organisation's node gets a certificate whose subject carries the organisation's OIN in the
serialNumber attribute, as PKIoverheid certificates do; FSC takes that OIN as the peer's identity.
Revocation is published as a CRL that inways reload on a fixed interval, which is the bound on how
long a revoked certificate can still be used (see ``CRL_REFRESH_SECONDS``).

Plain files: the node's gateway uses this module without the hub's database.
"""

import datetime as dt
import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from thorbecke.node.oin import InvalidOIN, check_oin

# An inway reloads the CRL this often, so a revoked certificate is refused within this many seconds.
CRL_REFRESH_SECONDS = 10
CRL_VALIDITY = dt.timedelta(days=1)


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


def oin_of(certificate: x509.Certificate) -> str:
    """The OIN in the subject's serialNumber, as PKIoverheid puts it there."""
    values = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if not values:
        raise TrustError("the certificate's subject has no serialNumber (OIN)")
    return str(values[0].value)


class TrustAnchor:
    """The group's CA in a directory: ca.pem, ca.key, issued certificates and the revocation list."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.certificate_path = directory / "ca.pem"
        self._key_path = directory / "ca.key"
        self._revoked_path = directory / "revoked.json"
        self.crl_path = directory / "crl.pem"

    @classmethod
    def create(cls, directory: Path, group: str) -> "TrustAnchor":
        anchor = cls(directory)
        if anchor.certificate_path.exists():
            raise FileExistsError(f"a trust anchor already exists in {directory}")
        key = ec.generate_private_key(ec.SECP384R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thorbecke demo trust anchor"),
                x509.NameAttribute(NameOID.COMMON_NAME, f"Thorbecke {group} root CA"),
            ]
        )
        now = _now()
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA384())
        )
        _write_private(anchor._key_path, _key_pem(key))
        _write(anchor.certificate_path, certificate.public_bytes(serialization.Encoding.PEM))
        anchor.publish_crl()
        return anchor

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.certificate_path.read_bytes())

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
    ) -> Issued:
        """A node certificate for an organisation, written as node.pem and node.key in directory."""
        try:
            check_oin(oin)
        except InvalidOIN as exc:
            raise ValueError(f"OIN {oin}: {exc}") from exc
        key = ec.generate_private_key(ec.SECP256R1())
        start = not_before or _now() - dt.timedelta(minutes=5)
        ca = self.certificate
        serial = x509.random_serial_number()
        names: list[x509.GeneralName] = [x509.DNSName(h) for h in hostnames]
        names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        certificate = (
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
            .add_extension(
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
        _write(issued.certificate, certificate.public_bytes(serialization.Encoding.PEM))
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

    def publish_crl(self) -> x509.CertificateRevocationList:
        now = _now()
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


class Verifier:
    """Checks a peer's certificate against the anchor and its CRL, reloading the CRL as it changes."""

    def __init__(self, ca_path: Path, crl_path: Path) -> None:
        self._ca = x509.load_pem_x509_certificate(ca_path.read_bytes())
        self._crl_path = crl_path
        self._revoked: frozenset[int] = frozenset()
        self._crl_mtime = -1.0
        self._signed: dict[bytes, str] = {}
        self.refresh()

    def refresh(self) -> None:
        mtime = self._crl_path.stat().st_mtime
        if mtime == self._crl_mtime:
            return
        crl = x509.load_pem_x509_crl(self._crl_path.read_bytes())
        if not crl.is_signature_valid(self._ca.public_key()):  # type: ignore[arg-type]
            raise TrustError(f"{self._crl_path} is not signed by the trust anchor")
        self._revoked = frozenset(r.serial_number for r in crl)
        self._crl_mtime = mtime

    def check(self, certificate: x509.Certificate, at: dt.datetime | None = None) -> str:
        """The peer's OIN when the certificate is the anchor's, current and not revoked."""
        at = at or _now()
        fingerprint = certificate.fingerprint(hashes.SHA256())
        oin = self._signed.get(fingerprint)
        if oin is None:
            # Verifying the signature costs more than the rest of a request: once per certificate.
            if certificate.issuer != self._ca.subject:
                raise TrustError("the certificate is not issued by the group's trust anchor")
            try:
                certificate.verify_directly_issued_by(self._ca)
            except (ValueError, TypeError, InvalidSignature) as exc:
                raise TrustError(f"the certificate's signature does not verify: {exc}") from exc
            oin = oin_of(certificate)
            if len(self._signed) > 100_000:
                self._signed.clear()
            self._signed[fingerprint] = oin
        if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
            raise TrustError("the certificate is expired or not yet valid")
        if certificate.serial_number in self._revoked:
            raise TrustError("the certificate is revoked")
        return oin
