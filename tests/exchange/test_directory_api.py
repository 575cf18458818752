import pytest

from thorbecke.demo.data_system import register_activities
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
    ).json()
    assert entry["peerId"] == "00000099000000004000"
    assert entry["allowedPurposes"] == [ProcessingActivity.objects.get(slug="kwijtschelding").uri]
    dcat = entry["dcat"]
    assert dcat["@type"] == "dcat:Dataset" and dcat["dct:accessRights"]["@id"].endswith("NON_PUBLIC")
    assert dcat["dcat:distribution"]["dcat:accessService"]["dcat:endpointURL"]["@id"] == "https://127.0.0.1:8444"
    assert client.get(entry["_links"]["self"]["href"]).json()["name"] == "brp-personen"
    (peer,) = client.get("/api/v1/directory/peers").json()
    assert peer["organisation"]["code"] == "rijk-rijksdienst-voor-identiteitsgegevens"


def test_an_unknown_service_or_activity_is_a_problem(client, directory):
    response = client.get("/api/v1/directory/services/gm0344/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/processing-activities/gm0344/bestaat-niet").status_code == 404
