"""The programme's pages on pooled demand: the aggregate with its filters and the needs of a cell, forming a bundle
(refused with the field named when the needs cannot add up), and a bundle's page."""

from datetime import date

import pytest

from tests.cloud.builders import PROGRAMME, need, offering, provider
from tests.conftest import PASSWORD
from thorbecke.cloud import pooling
from thorbecke.cloud.models import Bundle, Need
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def pooled_bundle() -> Bundle:
    """Utrecht's secret need and Amsterdam's, pooled; one offering meets both (made once)."""
    found = Bundle.objects.filter(title="Rekenkracht samen").first()
    if found:
        return found
    if not Need.objects.filter(title="Geheime behoefte").exists():
        by = provider("Rijksdatacentrum", "NL", government=True)
        offering("Rijkscloud IaaS", by=by, deployment="government-shared", price_eur=50)
    members = [need("gm0344", title="Geheime behoefte"),
               need("gm0363", volume=20, starts_on=date(2027, 4, 1), ends_on=date(2027, 9, 30))]  # fmt: skip
    return pooling.form_bundle("Rekenkracht samen", "", members, Organisation.objects.get(code=PROGRAMME))


def blocked_bundle() -> Bundle:
    """The pooled bundle's members and Rotterdam's need for a certificate no offering holds: no joint offer."""
    found = Bundle.objects.filter(title="Samen zonder aanbod").first()
    if found:
        return found
    members = [*pooled_bundle().needs.all(), need("gm0599", data_territory="nl", certifications=["BSI C5"])]
    return pooling.form_bundle("Samen zonder aanbod", "", members, Organisation.objects.get(code=PROGRAMME))


def test_only_the_programme_sees_pooled_demand(client, accounts):
    bundle = pooled_bundle()
    for url in (
        "/cloud/vraagbundeling/",
        "/cloud/vraagbundeling/bundels/nieuw/",
        f"/cloud/vraagbundeling/bundels/{bundle.pk}/",
    ):
        assert "/aanmelden/" in client.get(url)["Location"]
        client.login(username="utrecht-editor", password=PASSWORD)
        assert client.get(url).status_code == 403
        client.login(username="programme", password=PASSWORD)
        assert client.get(url).status_code == 200
        client.logout()


def test_the_aggregate_and_the_needs_of_a_cell(client, accounts):
    pooled_bundle()
    need("pv26", title="Provinciale opslag", volume=4)
    client.login(username="programme", password=PASSWORD)
    page = client.get("/en/cloud/pooled-demand/").content.decode()
    # Utrecht and Amsterdam start in 2027-Q1 and Q2: two municipal cells of one organisation each, and the province.
    assert "2027-Q1" in page and "2027-Q2" in page and "Geheime behoefte" not in page
    assert 'href="?kind=iaas&amp;period=2027-Q1&amp;layer=gemeente#needs"' in page
    cell = client.get("/en/cloud/pooled-demand/?kind=iaas&period=2027-Q1&layer=gemeente").content.decode()
    assert "Geheime behoefte" in cell and "Provinciale opslag" not in cell
    # A filter value not on the list is left out, not an error.
    assert client.get("/cloud/vraagbundeling/?layer=maan").status_code == 200
    assert "Rekenkracht samen" in page


def test_a_bundle_is_refused_with_the_field_named_and_nothing_changes(client, accounts):
    from tests.conftest import snapshot

    utrecht, saas = need("gm0344"), need("gm0599", service_model="saas", unit="users")
    client.login(username="programme", password=PASSWORD)
    before = (snapshot(), Bundle.objects.count())
    for needs, message in [([utrecht.pk], "at least two needs"), ([utrecht.pk, saas.pk], "different service models")]:
        response = client.post("/en/cloud/pooled-demand/bundles/new/", {"title": "Samen", "needs": needs})
        assert response.status_code == 400
        assert message in response.context["form"].errors["needs"][0]
    assert (snapshot(), Bundle.objects.count()) == before
    amsterdam = need("gm0363", volume=20)
    response = client.post(
        "/cloud/vraagbundeling/bundels/nieuw/", {"title": "Samen", "needs": [utrecht.pk, amsterdam.pk]}
    )
    bundle = Bundle.objects.get(title="Samen")
    assert response["Location"] == f"/cloud/vraagbundeling/bundels/{bundle.pk}/"
    assert bundle.created_by.code == PROGRAMME and bundle.needs.count() == 2


def test_a_bundle_page_shows_members_window_and_offers(client, accounts):
    bundle = pooled_bundle()
    client.login(username="programme", password=PASSWORD)
    page = client.get(f"/en/cloud/pooled-demand/bundles/{bundle.pk}/").content.decode()
    # 10 + 20 vCPU; Rijkscloud costs 50 x 10 x 12 + 50 x 20 x 6 = 12,000.
    assert "30 vCPU" in page and "€12,000" in page and "Rijkscloud IaaS" in page
    assert "April 1, 2027" in page and "Sept. 30, 2027" in page
    # Rotterdam's need asks for BSI C5, which no offering holds: the joint set runs out there.
    page = client.get(f"/en/cloud/pooled-demand/bundles/{blocked_bundle().pk}/").content.decode()
    assert "runs out at certifications" in page and "certified BSI C5" in page
