import pytest

from thorbecke.demo.data_system import RVIG, TAX, UTRECHT, register_activities
from thorbecke.exchange.federated import HUB_ORGANISATION
from thorbecke.exchange.models import DataService, Peer, ProcessingActivity
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(register):
    register_activities()
    rvig = Organisation.objects.get(code="rijk-rijksdienst-voor-identiteitsgegevens")
    peer = Peer.objects.create(
        organisation=rvig,
        peer_id="00000099000000004000",
        manager_address="https://127.0.0.1:8443",
        certificate="-----BEGIN CERTIFICATE-----",
    )
    service = DataService.objects.create(
        peer=peer,
        name="brp-personen",
        inway_address="https://127.0.0.1:8444",
        activity=ProcessingActivity.objects.get(slug="verstrekking-brp"),
        title_nl="Persoonsgegevens",
        title_en="Personal records",
        description_nl="Beschrijving",
        description_en="Text",
    )
    service.allowed_purposes.set(ProcessingActivity.objects.filter(slug="kwijtschelding"))
    return service


def test_every_processing_activity_id_resolves_to_its_register_entry(client, directory):
    for activity in ProcessingActivity.objects.all():
        path = activity.uri.split("://", 1)[1].split("/", 1)[1]
        body = client.get(f"/{path}").json()
        assert body["uri"] == activity.uri and body["legalBasisUrl"].startswith("https://")


def test_the_directory_lists_services_with_their_dcat_description(client, directory):
    (entry,) = client.get(
        "/api/v1/directory/services", {"organisation": "rijk-rijksdienst-voor-identiteitsgegevens"}
    ).json()["results"]
    assert entry["peerId"] == "00000099000000004000"
    assert entry["allowedPurposes"] == [ProcessingActivity.objects.get(slug="kwijtschelding").uri]
    assert "dcat" not in entry  # JSON-LD has its own address and media type
    served = client.get(entry["_links"]["dcat"]["href"])
    assert served["Content-Type"] == "application/ld+json"
    dcat = served.json()
    assert dcat["@type"] == "dcat:Dataset" and dcat["dct:accessRights"]["@id"].endswith("NON_PUBLIC")
    assert dcat["dcat:distribution"]["dcat:accessService"]["dcat:endpointURL"]["@id"] == "https://127.0.0.1:8444"
    assert client.get(entry["_links"]["self"]["href"]).json()["name"] == "brp-personen"
    (peer,) = client.get("/api/v1/directory/peers").json()["results"]
    assert peer["organisation"]["code"] == "rijk-rijksdienst-voor-identiteitsgegevens"


def test_an_unknown_service_or_activity_is_a_problem(client, directory):
    response = client.get("/api/v1/directory/services/gm0344/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/processing-activities/gm0344/bestaat-niet").status_code == 404


def _listed(client, **params) -> set[tuple[str, str]]:
    return {
        (e["organisation"]["code"], e["name"])
        for e in client.get("/api/v1/directory/services", {"pageSize": 100, **params}).json()["results"]
    }


def test_the_directory_lists_what_the_directory_node_lists(client, data_system):
    """The hub's node is the group's FSC directory; the demo's providers published their services in it by contract.
    The hub lists what its node lists, with the description it keeps beside it."""
    listed = _listed(client)
    assert {(RVIG, "brp-personen"), (TAX, "inkomen"), (UTRECHT, "logboek"), (HUB_ORGANISATION, "meldingen")} <= listed
    found = client.get("/api/v1/directory/services", {"organisation": TAX}).json()["results"]
    by_name = {e["name"]: e for e in found}
    entry = by_name["inkomen"]
    assert (
        entry["protocol"] == "PROTOCOL_TCP_HTTP_1.1" and client.get(entry["_links"]["dcat"]["href"]).json()["dct:title"]
    )
    # revoked at the source of the listing, the publication leaves the hub's directory; its description stays
    tax = data_system.nodes["tax"]
    grant = data_system.publish("tax", "inkomen", "hub")  # the contract in place: its grant hash
    (contract,) = [c for c in tax.admin("GET", "/contracts")[1]["contracts"] if grant in c["grant_hashes"]]
    assert tax.admin("PUT", f"/contracts/{contract['hash']}/revoke")[0] == 200
    assert (TAX, "inkomen") not in _listed(client)
    assert client.get(f"/api/v1/directory/services/{TAX}/inkomen").status_code == 404
    assert DataService.objects.filter(peer__peer_id=tax.peer_id, name="inkomen").exists()
    # a service published by contract that the hub has no description of is listed with what FSC says of it
    data_system.publish("utrecht", "parkeervergunningen", "hub")
    assert (UTRECHT, "parkeervergunningen") in _listed(client, organisation=UTRECHT)
    bare = client.get(f"/api/v1/directory/services/{UTRECHT}/parkeervergunningen").json()
    assert (bare["peerId"], bare["protocol"], set(bare["_links"])) == (
        data_system.nodes["utrecht"].peer_id,
        "PROTOCOL_TCP_HTTP_1.1",
        {"self"},
    )
    assert client.get(f"/api/v1/directory/services/{UTRECHT}/parkeervergunningen/dcat").status_code == 404


def test_the_directory_peers_are_those_the_directory_node_knows(client, data_system):
    peers = {p["peerId"]: p for p in client.get("/api/v1/directory/peers").json()["results"]}
    for key, node in data_system.nodes.items():
        assert peers[node.peer_id]["managerAddress"] == node.manager_address, key
    assert peers[data_system.nodes["tax"].peer_id]["organisation"]["code"] == TAX
