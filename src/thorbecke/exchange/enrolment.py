"""Enrolment of an organisation's node in the demo group: a certificate from the demo trust anchor
and a node configuration, in ``<data dir>/nodes/<code>/``.

Outside the demo an organisation brings its PKIoverheid certificate and writes the configuration
itself. An organisation whose OIN is not in the register gets a test OIN (prefix 00000099, the
OIN-stelsel's range for tests), derived from its code: never an invented real-looking OIN.

The hub records a node (``Peer``) only through ``record_peer``, which checks that the node's certificate names the
organisation it is recorded for (decision 0028).
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from django.utils.translation import gettext as _

from thorbecke.exchange.models import Peer
from thorbecke.node.config import FILE_NAME, write_new
from thorbecke.node.pki import TrustAnchor, TrustError, oin_of
from thorbecke.registry.models import Organisation
from thorbecke.registry.oin import TEST_OIN_PREFIX

GROUP_ID = "thorbecke-demo"


class PeerRefused(ValueError):
    """A node the hub does not record, with the reason: its certificate does not name the organisation."""


def test_oin(code: str) -> str:
    number = int.from_bytes(hashlib.sha256(code.encode()).digest()[:8]) % 10**9
    return f"{TEST_OIN_PREFIX}{number:09d}000"


def node_oin(organisation: Organisation) -> str:
    """The OIN an organisation's node certificate must carry: the one the programme verified, else (the demo) the
    test OIN derived from its code. Once an OIN is verified, a certificate with the test OIN no longer names it."""
    return organisation.oin or test_oin(organisation.code)


def anchor(data_dir: Path) -> TrustAnchor:
    directory = data_dir / "trust-anchor"
    if (directory / "ca.pem").exists():
        return TrustAnchor.opened(directory)
    return TrustAnchor.create(directory, GROUP_ID)


def _folder(data_dir: Path, code: str) -> Path:
    return data_dir / "nodes" / code


def enrol(organisation: Organisation, data_dir: Path, ports: dict[str, int]) -> Path:
    """Issue the node's certificate and write its configuration; returns the configuration's path."""
    folder = _folder(data_dir, organisation.code)
    config = folder / FILE_NAME
    if config.exists():
        raise FileExistsError(f"{organisation.code} already has a node configuration in {config}")
    oin = node_oin(organisation)
    holder = organisation_for_peer(oin)
    if holder is not None and holder.pk != organisation.pk:
        raise ValueError(f"the OIN {oin} of {organisation.code} names the node of {holder.code}; not enrolled")
    group_anchor = anchor(data_dir)
    group_anchor.issue(folder, organisation.name, oin)
    trust = ([group_anchor.certificate_path], [group_anchor.crl_path])
    return write_new(folder, GROUP_ID, organisation.name, trust, ports)


def node_config(
    code: str, data_dir: Path, enrol_with: dict[str, int] | None = None, say: Callable[[str], None] = print
) -> Path:
    """Where the node configuration of the organisation with this code is (it need not exist); with ports to enrol
    with, the organisation is first enrolled when it has none. Raises Organisation.DoesNotExist for a code the
    register does not have."""
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise Organisation.DoesNotExist(f"no organisation with code {code!r} in the register")
    config = _folder(data_dir, code) / FILE_NAME
    if enrol_with is not None and not config.exists():
        config = enrol(found, data_dir, enrol_with)
        say(f"Enrolled {found.name} in the demo group: {config}")
    return config


def organisation_for_peer(peer_id: str) -> Organisation | None:
    """The organisation behind a peer: as the hub recorded it (from the node's certificate, when it joined), else by
    the OIN the programme verified, else by the test OIN derived from its code. The record comes first so that an OIN
    stored later never takes over a node the hub already knows as another organisation's (issue 23)."""
    recorded = Peer.objects.select_related("organisation").filter(peer_id=peer_id).first()
    if recorded is not None:
        return recorded.organisation
    found = Organisation.objects.filter(oin=peer_id).first()
    if found is not None or not peer_id.startswith(TEST_OIN_PREFIX):
        return found
    for code in Organisation.objects.values_list("code", flat=True):
        if test_oin(code) == peer_id:
            return Organisation.objects.get(code=code)
    return None


def record_peer(organisation: Organisation, certificate: str, manager_address: str) -> Peer:
    """Record (or update) an organisation's node in the hub's directory, under the OIN in its certificate: the one way
    a ``Peer`` is written, since every citizen's "who used my data" names organisations by it.

    Refused, with nothing stored, when the certificate (PEM; the node's own first, then its chain) has no subject
    serialNumber, when that OIN is not ``node_oin(organisation)``, or when the hub already knows the OIN as another
    organisation's node. Whether a trusted CA issued the certificate is checked where the node is reached (mutual
    TLS with the group's anchors), not here."""
    try:
        own = x509.load_pem_x509_certificates(certificate.encode())[0]
    except (ValueError, IndexError) as exc:
        message = _("The node certificate of %(code)s cannot be read; the node is not recorded.")
        raise PeerRefused(message % {"code": organisation.code}) from exc
    try:
        oin = oin_of(own)
    except TrustError as exc:
        message = _(
            "The node certificate of %(code)s has no serialNumber (OIN) in its subject; the node is not recorded."
        )
        raise PeerRefused(message % {"code": organisation.code}) from exc
    expected = node_oin(organisation)
    if oin != expected:
        message = _(
            "The node certificate of %(code)s carries the OIN %(found)s, but the register has %(expected)s for it; "
            "the node is not recorded."
        )
        raise PeerRefused(message % {"code": organisation.code, "found": oin, "expected": expected})
    holder = organisation_for_peer(oin)
    if holder is not None and holder.pk != organisation.pk:
        message = _("The OIN %(oin)s of %(code)s names the node of %(holder)s; the node is not recorded.")
        raise PeerRefused(message % {"oin": oin, "code": organisation.code, "holder": holder.code})
    peer, _created = Peer.objects.update_or_create(
        peer_id=oin,
        defaults={"organisation": organisation, "manager_address": manager_address, "certificate": certificate},
    )
    return peer
