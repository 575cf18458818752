"""An OIN names an organisation's node in the data system: it comes from the national programme after checking it,
never from the organisation's own editor, and a stored OIN never takes over a node the hub knows (issue 23, item 1)."""

import pytest

from tests.conftest import PASSWORD, snapshot
from thorbecke.exchange import enrolment
from thorbecke.exchange.enrolment import enrol, organisation_for_peer
from thorbecke.exchange.models import Peer
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

RVIG = "rijk-rijksdienst-voor-identiteitsgegevens"
EDIT = "/organisaties/gm0344/wijzigen/"
SET_OIN = "/organisaties/gm0344/oin/"
VERIFIED = "00000001001589623000"
REASON = "Gecontroleerd in het OIN-register van Logius op 6 december 2026."


@pytest.fixture
def rvig_node(register):
    """RvIG's node as the demo records it: its peer id is the test OIN in its certificate."""
    return Peer.objects.create(
        organisation=Organisation.objects.get(code=RVIG),
        peer_id=enrolment.test_oin(RVIG),
        manager_address="https://127.0.0.1:8443",
        certificate="-----BEGIN CERTIFICATE-----",
    )


def test_an_editor_cannot_claim_another_organisations_node(client, accounts, rvig_node):
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(EDIT, {"oin": rvig_node.peer_id, "contact_email": ""})
    assert Organisation.objects.get(code="gm0344").oin == ""
    # "Who used my data" and the directory still name RvIG for RvIG's node.
    assert organisation_for_peer(rvig_node.peer_id).code == RVIG


def test_the_edit_form_shows_the_oin_without_offering_it(client, accounts):
    Organisation.objects.filter(code="gm0344").update(oin=VERIFIED)
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get(EDIT).content.decode()
    assert 'name="oin"' not in page and VERIFIED in page and "landelijk programma" in page


def test_an_oin_stored_later_does_not_take_over_a_node_the_hub_knows(rvig_node):
    # However it got there (an import, an old edit): the node the hub recorded stays RvIG's.
    Organisation.objects.filter(code="gm0344").update(oin=rvig_node.peer_id)
    assert organisation_for_peer(rvig_node.peer_id).code == RVIG


def test_a_node_is_not_enrolled_under_an_oin_that_names_another_organisations_node(rvig_node, tmp_path):
    utrecht = Organisation.objects.get(code="gm0344")
    utrecht.oin = rvig_node.peer_id
    with pytest.raises(ValueError, match=RVIG):
        enrol(utrecht, tmp_path, {"manager": 1, "inway": 2, "outway": 3})
    assert not (tmp_path / "nodes" / "gm0344").exists()


@pytest.mark.parametrize("username", ["utrecht-editor", "utrecht-admin", "amsterdam-admin"])
def test_no_organisation_sets_an_oin(client, accounts, username):
    client.login(username=username, password=PASSWORD)
    before = snapshot()
    assert client.get(SET_OIN).status_code == 403
    assert client.post(SET_OIN, {"oin": VERIFIED, "reason": REASON}).status_code == 403
    assert snapshot() == before


def test_the_programme_sets_an_oin_with_a_reason_and_the_change_is_shown(client, accounts):
    client.login(username="programme", password=PASSWORD)
    page = client.post(SET_OIN, {"oin": VERIFIED, "reason": REASON}, follow=True).content.decode()
    assert "Uw wijzigingen zijn opgeslagen." in page and REASON in page
    utrecht = Organisation.objects.get(code="gm0344")
    assert utrecht.oin == VERIFIED
    change = utrecht.oin_changes.get()
    assert (change.old_oin, change.new_oin, change.reason) == ("", VERIFIED, REASON)
    assert change.changed_by == accounts["programme"] and change.changed_at is not None
    client.post(SET_OIN, {"oin": "", "reason": "Het OIN-register kent dit nummer niet meer."})
    assert [(c.old_oin, c.new_oin) for c in utrecht.oin_changes.all()] == [(VERIFIED, ""), ("", VERIFIED)]
    history = client.get(SET_OIN).content.decode()
    assert "programme" in history and REASON in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"oin": VERIFIED, "reason": ""}, "Dit veld is verplicht"),
        ({"oin": "123", "reason": REASON}, "precies 20 posities"),
        ({"oin": "00000005001589623000", "reason": REASON}, "prefix 00000005"),
        ({"oin": enrolment.test_oin(RVIG), "reason": REASON}, "testnummers"),
        ({"oin": "00000001002564440000", "reason": REASON}, "bestaat al"),  # Amsterdam's, below
    ],
)
def test_bad_input_from_the_programme_is_explained_and_changes_nothing(client, accounts, data, message):
    Organisation.objects.filter(code="gm0363").update(oin="00000001002564440000")
    client.login(username="programme", password=PASSWORD)
    before = snapshot()
    response = client.post(SET_OIN, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before
    assert not Organisation.objects.get(code="gm0344").oin_changes.exists()


def test_the_programme_page_explains_in_english(client, accounts):
    client.login(username="programme", password=PASSWORD)
    response = client.post("/en/organisations/gm0344/oin/", {"oin": "123", "reason": REASON})
    assert response.status_code == 400 and "exactly 20 positions" in response.content.decode()
