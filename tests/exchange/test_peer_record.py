"""The hub records an organisation's node only when the node's certificate names that organisation: the OIN in the
subject's serialNumber (as PKIoverheid and our CA put it there) must be the OIN the register has for it (issue 23,
item 1; decision 0028). A refused node leaves nothing stored."""

import datetime as dt
import re
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from thorbecke.demo import data_system
from thorbecke.exchange import enrolment
from thorbecke.exchange.enrolment import PeerRefused, anchor, organisation_for_peer, record_peer
from thorbecke.exchange.models import DataService, Peer
from thorbecke.node.config import write_new
from thorbecke.node.launcher import NodeProcess
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

RVIG, UTRECHT = data_system.RVIG, data_system.UTRECHT
VERIFIED = "00000001001589623000"
ADDRESS = "https://127.0.0.1:8443"
SOURCE = Path(__file__).parents[2] / "src"


def certificate(data_dir: Path, name: str, oin: str) -> str:
    """A node certificate from the demo's trust anchor, as enrolment issues it, carrying ``oin``."""
    folder = data_dir / "issued" / oin
    anchor(data_dir).issue(folder, name, oin)
    return (folder / "node.pem").read_text()


def without_serial_number() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Gemeente Utrecht")])
    now = dt.datetime.now(dt.UTC)
    built = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return built.public_bytes(serialization.Encoding.PEM).decode()


def test_a_node_whose_certificate_names_another_organisation_is_refused_and_nothing_is_stored(register, tmp_path):
    utrecht = Organisation.objects.get(code=UTRECHT)
    claimed = certificate(tmp_path, utrecht.name, enrolment.test_oin(RVIG))
    with pytest.raises(PeerRefused, match=enrolment.test_oin(RVIG)):
        record_peer(utrecht, claimed, ADDRESS)
    assert not Peer.objects.exists()
    assert organisation_for_peer(enrolment.test_oin(RVIG)).code == RVIG


def test_the_node_of_the_right_organisation_is_recorded_under_the_oin_in_its_certificate(register, tmp_path):
    utrecht = Organisation.objects.get(code=UTRECHT)
    own = certificate(tmp_path, utrecht.name, enrolment.test_oin(UTRECHT))
    peer = record_peer(utrecht, own, ADDRESS)
    assert (peer.organisation, peer.peer_id, peer.certificate) == (utrecht, enrolment.test_oin(UTRECHT), own)
    # Announcing again updates the one record.
    assert record_peer(utrecht, own, "https://127.0.0.1:9443").pk == peer.pk
    assert Peer.objects.get().manager_address == "https://127.0.0.1:9443"


def test_once_the_programme_verified_an_oin_only_that_oin_names_the_node(register, tmp_path):
    Organisation.objects.filter(code=UTRECHT).update(oin=VERIFIED)
    utrecht = Organisation.objects.get(code=UTRECHT)
    with pytest.raises(PeerRefused, match=VERIFIED):
        record_peer(utrecht, certificate(tmp_path, utrecht.name, enrolment.test_oin(UTRECHT)), ADDRESS)
    assert not Peer.objects.exists()
    assert record_peer(utrecht, certificate(tmp_path, utrecht.name, VERIFIED), ADDRESS).peer_id == VERIFIED


def test_a_certificate_without_a_serial_number_or_without_a_certificate_is_refused(register):
    utrecht = Organisation.objects.get(code=UTRECHT)
    with pytest.raises(PeerRefused, match="serialNumber"):
        record_peer(utrecht, without_serial_number(), ADDRESS)
    with pytest.raises(PeerRefused):
        record_peer(utrecht, "-----BEGIN CERTIFICATE-----", ADDRESS)
    assert not Peer.objects.exists()


def test_a_node_is_not_recorded_under_an_oin_the_hub_knows_as_another_organisations(register, tmp_path):
    """However an OIN came to be stored (an old edit, an import): the node the hub recorded keeps its organisation."""
    rvig = Organisation.objects.get(code=RVIG)
    record_peer(rvig, certificate(tmp_path, rvig.name, enrolment.test_oin(RVIG)), ADDRESS)
    Organisation.objects.filter(code=UTRECHT).update(oin=enrolment.test_oin(RVIG))
    utrecht = Organisation.objects.get(code=UTRECHT)
    with pytest.raises(PeerRefused, match=RVIG):
        record_peer(utrecht, certificate(tmp_path, utrecht.name, enrolment.test_oin(RVIG)), "https://127.0.0.1:9999")
    assert Peer.objects.get().organisation == rvig and Peer.objects.get().manager_address == ADDRESS


def _demo_node(data_dir: Path, key: str, name: str, oin: str, services: dict) -> NodeProcess:
    folder = data_dir / "nodes" / key
    group_anchor = anchor(data_dir)
    group_anchor.issue(folder, name, oin)
    ports = {"manager": 1, "inway": 2, "outway": 3, "admin": 4}
    trust = ([group_anchor.certificate_path], [group_anchor.crl_path])
    write_new(folder, "thorbecke-demo", name, trust, ports, services=services)
    return NodeProcess(name, folder, ports)


def test_the_demo_records_no_node_of_its_group_when_one_names_another_organisation(register, tmp_path):
    """The demo's publication goes through the same check, all or nothing: a node folder whose certificate claims
    RvIG's OIN for Utrecht relabels nobody's node."""
    data_system.register_activities()
    insight = data_system.activity_uri(data_system.HUB_ORGANISATION, data_system.INSIGHT)
    services = {"logboek": {"builtin": "logboek", "purpose": insight}}

    class Group:
        nodes = {
            "rvig": _demo_node(tmp_path, "rvig", "RvIG", enrolment.test_oin(RVIG), services),
            "utrecht": _demo_node(tmp_path, "utrecht", "Gemeente Utrecht", enrolment.test_oin(RVIG), services),
        }

    with pytest.raises(PeerRefused, match=UTRECHT):
        data_system.publish(Group())  # type: ignore[arg-type]
    assert not Peer.objects.exists() and not DataService.objects.exists()

    Group.nodes["utrecht"] = _demo_node(
        tmp_path, "utrecht-own", "Gemeente Utrecht", enrolment.test_oin(UTRECHT), services
    )
    data_system.publish(Group())  # type: ignore[arg-type]
    recorded = dict(Peer.objects.values_list("organisation__code", "peer_id"))
    assert recorded == {RVIG: enrolment.test_oin(RVIG), UTRECHT: enrolment.test_oin(UTRECHT)}


def test_only_the_one_check_writes_a_peer():
    """Every way the hub stores a node goes through enrolment.record_peer: a new one fails here until it does."""
    writes = re.compile(
        r"\b(Peer\.objects|\.peers)\.(create|update_or_create|get_or_create|bulk_create)\b|(?<!class )\bPeer\("
    )
    found = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        # The node (plain, no Django) has a Peer of its own: what it knows of the others in its group.
        if not {"migrations", "node"} & set(path.parts) and writes.search(path.read_text())
    ]
    assert found == ["thorbecke/exchange/enrolment.py"]
