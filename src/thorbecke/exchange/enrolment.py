"""Enrolment of an organisation's node in the demo group: a certificate from the demo trust anchor
and a node configuration, in ``<data dir>/nodes/<code>/``.

Outside the demo an organisation brings its PKIoverheid certificate and writes the configuration
itself. An organisation whose OIN is not in the register gets a test OIN (prefix 00000099, the
OIN-stelsel's range for tests), derived from its code: never an invented real-looking OIN.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from thorbecke.exchange.models import Peer
from thorbecke.node.config import FILE_NAME, write_new
from thorbecke.node.pki import TrustAnchor
from thorbecke.registry.models import Organisation
from thorbecke.registry.oin import TEST_OIN_PREFIX

GROUP_ID = "thorbecke-demo"


def test_oin(code: str) -> str:
    number = int.from_bytes(hashlib.sha256(code.encode()).digest()[:8]) % 10**9
    return f"{TEST_OIN_PREFIX}{number:09d}000"


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
    oin = organisation.oin or test_oin(organisation.code)
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
