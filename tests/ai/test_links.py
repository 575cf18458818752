"""An algorithm's links (issue 24 item 7, decision 0041): the processing activities it serves, the landscape entities it
runs on and its supplier; changed by the owner's editors only, shown to each reader as far as they may see."""

import pytest

from tests.ai.test_exchange_format import standard_description
from tests.conftest import PASSWORD, snapshot
from tests.registry.test_permissions import utrecht_entity
from thorbecke.ai.exchange_format import import_descriptions
from thorbecke.ai.models import Algorithm, AlgorithmRunsOn
from thorbecke.ai.register import move
from thorbecke.exchange.models import ProcessingActivity
from thorbecke.landscape.algorithms import supplier_key
from thorbecke.landscape.catalog import read_csv
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import Entity
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

# Utrecht's own parking-permit engine (its namespace: confidential), on the shared DigiD; a supplier outside the EU.
UTRECHT_CSV = (
    "kind,name,title,function,supplier,supplier-country,dependsOn\n"
    "Component,vergunningmotor,Geheime vergunningmotor,vergunningen,Verre Leverancier,US,component:shared/digid\n"
)
AMSTERDAM_CSV = "kind,name,title,function\nComponent,parkeerbeslisser,Parkeerbeslisser,parkeren\n"


def activity(code: str, slug: str, name: str) -> ProcessingActivity:
    found, _ = ProcessingActivity.objects.get_or_create(
        organisation=Organisation.objects.get(code=code),
        slug=slug,
        defaults={
            "name_nl": name,
            "name_en": f"{name} (en)",
            "purpose_nl": f"Doel van {name}",
            "purpose_en": f"Purpose of {name}",
            "legal_basis": "Artikel 1 Testwet",
            "legal_basis_url": "https://wetten.overheid.nl/",
            "retention": "7 jaar",
        },
    )
    return found


@pytest.fixture
def linked(accounts):
    """Utrecht's published parking algorithm, a landscape at Utrecht and Amsterdam, processing activities at both."""
    utrecht_entity()  # the shared building blocks and Utrecht's case system
    import_drafts(Organisation.objects.get(code="gm0344"), read_csv(UTRECHT_CSV), "csv")
    import_drafts(Organisation.objects.get(code="gm0363"), read_csv(AMSTERDAM_CSV), "csv")
    document = standard_description(name="Parkeervergunning toekennen", supplier="Verre Leverancier B.V.")
    [algorithm] = import_descriptions(document, Organisation.objects.get(code="gm0344"))
    move(algorithm, "publish", None)
    return {
        "algorithm": algorithm,
        "own": activity("gm0344", "parkeervergunningen", "Parkeervergunningen verlenen"),
        "other": activity("gm0344", "kwijtschelding", "Kwijtschelding gemeentelijke belastingen"),
        "amsterdam": activity("gm0363", "parkeerboetes", "Parkeerboetes innen"),
    }


def utrecht_linked_algorithm() -> Algorithm:
    """Utrecht's published parking algorithm, serving one of its processing activities and running on its case system
    (for the permission matrix and the browser's pages)."""
    from thorbecke.ai.links import save_links

    found = Algorithm.objects.filter(organisation__code="gm0344", name="Parkeervergunning toekennen").first()
    if found is None:
        entity = utrecht_entity()
        document = standard_description(name="Parkeervergunning toekennen", supplier="Leverancier B.V.")
        [found] = import_descriptions(document, Organisation.objects.get(code="gm0344"))
        move(found, "publish", None)
        served = activity("gm0344", "parkeervergunningen", "Parkeervergunningen verlenen")
        save_links(found, [served], [entity.ref, "component:shared/digid"], None)
    return found


def links_url(algorithm: Algorithm, language: str = "nl") -> str:
    return f"/algoritmes/{algorithm.public_id}/koppelingen/" if language == "nl" else (
        f"/en/algorithms/{algorithm.public_id}/links/"
    )  # fmt: skip


def sign_in(client, username: str) -> None:
    client.logout()
    client.login(username=username, password=PASSWORD)


def test_the_owners_editor_links_activities_and_entities_and_the_history_says_so(client, linked):
    algorithm = linked["algorithm"]
    sign_in(client, "utrecht-editor")
    page = client.get(links_url(algorithm)).content.decode()
    assert "Parkeervergunningen verlenen" in page and "Kwijtschelding gemeentelijke belastingen" in page
    # The description's own supplier, found in the landscape under its own spelling.
    assert "Verre Leverancier B.V." in page and "In het landschap is dit Verre Leverancier (gevestigd in US)" in page
    response = client.post(
        links_url(algorithm),
        {
            "activities": [linked["own"].pk],
            "runs_on": "component:vergunningmotor\nComponent:shared/digid\n",  # own namespace when none is given
            "note": "Koppelingen gelegd",
        },
    )
    assert response.status_code == 302
    assert list(algorithm.processing_activities.all()) == [linked["own"]]
    assert sorted(AlgorithmRunsOn.objects.filter(algorithm=algorithm).values_list("ref", flat=True)) == [
        "component:gm0344/vergunningmotor",
        "component:shared/digid",
    ]
    version = algorithm.versions.order_by("-number").first()
    assert version.author.username == "utrecht-editor"
    assert "gm0344/parkeervergunningen" in version.note and "component:shared/digid" in version.note
    english = client.get(links_url(algorithm, "en")).content.decode()
    assert "Processing activities it serves" in english and "Parkeervergunningen verlenen (en)" in english


@pytest.mark.parametrize("username", ["utrecht-viewer", "amsterdam-editor", "amsterdam-admin", "programme"])
def test_nobody_but_the_owners_editors_changes_the_links(client, linked, username):
    algorithm = linked["algorithm"]
    sign_in(client, username)
    before = snapshot()
    assert client.get(links_url(algorithm)).status_code in (403, 404)
    data = {"activities": [linked["own"].pk], "runs_on": "component:shared/digid"}
    assert client.post(links_url(algorithm), data).status_code in (403, 404)
    assert snapshot() == before and not algorithm.runs_on.exists()


def test_only_the_organisations_own_activities_are_offered_and_accepted(client, linked):
    algorithm = linked["algorithm"]
    sign_in(client, "utrecht-editor")
    assert "Parkeerboetes innen" not in client.get(links_url(algorithm)).content.decode()
    before = snapshot()
    response = client.post(links_url(algorithm), {"activities": [linked["own"].pk, linked["amsterdam"].pk]})
    assert response.status_code == 400
    assert "geldige keuze" in response.content.decode()  # Django's "Select a valid choice", in Dutch
    assert snapshot() == before and not algorithm.processing_activities.exists()


@pytest.mark.parametrize(
    ("runs_on", "message"),
    [
        ("dit is geen verwijzing", "Geen verwijzing naar het landschap"),
        ("component:shared/bestaat-niet", "Niet in het landschap: component:shared/bestaat-niet"),
        # Amsterdam's own entity exists, but Utrecht may not see it: the same answer as for one that does not exist.
        ("component:gm0363/parkeerbeslisser", "Niet in het landschap: component:gm0363/parkeerbeslisser"),
    ],
)
def test_a_reference_that_names_no_entity_the_owner_may_see_is_refused_and_nothing_changes(
    client, linked, runs_on, message
):
    algorithm = linked["algorithm"]
    assert Entity.objects.filter(namespace="gm0363", name="parkeerbeslisser").exists()
    sign_in(client, "utrecht-editor")
    before = snapshot()
    response = client.post(links_url(algorithm), {"activities": [linked["own"].pk], "runs_on": runs_on})
    assert response.status_code == 400 and message in response.content.decode()
    assert snapshot() == before and not algorithm.processing_activities.exists()


@pytest.fixture
def with_links(client, linked):
    sign_in(client, "utrecht-editor")
    runs_on = "component:gm0344/vergunningmotor\ncomponent:shared/digid"
    assert (
        client.post(links_url(linked["algorithm"]), {"activities": [linked["own"].pk], "runs_on": runs_on}).status_code
        == 302
    )
    client.logout()
    return linked


SECRET = ["Geheime vergunningmotor", "component:gm0344/vergunningmotor"]


@pytest.mark.parametrize(
    ("username", "sees_own", "sees_shared"),
    [
        (None, False, False),  # the landscape is for government staff only
        ("amsterdam-editor", False, True),  # the shared building blocks, not Utrecht's own entities
        ("utrecht-viewer", True, True),
        ("programme", True, True),
    ],
)
def test_the_public_page_shows_the_links_as_far_as_the_reader_may_see(
    client, with_links, username, sees_own, sees_shared
):
    if username:
        sign_in(client, username)
    page = client.get(with_links["algorithm"].get_absolute_url()).content.decode()
    # The processing activity is public, as the register of processing activities is (/api/v1/processing-activities).
    assert "Parkeervergunningen verlenen" in page and "Kwijtschelding" not in page
    assert all((secret in page) == sees_own for secret in SECRET)
    assert ("component:shared/digid" in page) == sees_shared
    # Its supplier in the landscape is known only through Utrecht's own entity: outsiders read the description alone.
    assert "Verre Leverancier B.V." in page
    assert ("Leverancier in het IT-landschap" in page) == sees_own


def test_the_landscape_entity_page_shows_the_algorithms_that_run_on_it(client, with_links):
    concept = import_descriptions(
        standard_description(name="Geheim conceptalgoritme"), Organisation.objects.get(code="gm0344")
    )[0]
    Algorithm.objects.get(pk=concept.pk).runs_on.create(ref="component:shared/digid")
    digid = Entity.objects.get(namespace="shared", name="digid")
    sign_in(client, "amsterdam-editor")
    page = client.get(f"/landschap/entiteiten/{digid.pk}/").content.decode()
    assert "Parkeervergunning toekennen" in page and "Geheim conceptalgoritme" not in page
    sign_in(client, "utrecht-viewer")
    page = client.get(f"/landschap/entiteiten/{digid.pk}/").content.decode()
    assert "Parkeervergunning toekennen" in page and "Geheim conceptalgoritme" in page
    english = client.get(f"/en/landscape/entities/{digid.pk}/").content.decode()
    assert "Algorithms that run on it" in english


@pytest.mark.parametrize(
    ("description", "landscape"),
    [
        ("Centric Netherlands BV", "Centric Netherlands"),
        ("Octobox Nederland B.V.", "octobox nederland"),
        ("Oribi B.V. \u2013 https://www.oribi.nl", "Oribi"),
        ("ZyLAB eDiscovery & Compliance Services B.V.", "ZyLAB eDiscovery & Compliance Services"),
    ],
)
def test_a_suppliers_spellings_meet(description, landscape):
    """The 27 examples' providers as written, against a landscape that writes them without a legal form."""
    assert supplier_key(description) == supplier_key(landscape) != ""


def test_internally_developed_matches_no_supplier():
    assert supplier_key("Intern ontwikkeld") != supplier_key("Gemeente Tilburg")


def test_without_a_landscape_a_reference_is_checked_for_its_form_and_shown_to_nobody(client, with_links, monkeypatch):
    """A hub without the landscape app: the register cannot tell who may see an entity, so it shows none."""
    from thorbecke.ai import links

    monkeypatch.setattr(links, "_landscape", [])
    sign_in(client, "utrecht-viewer")
    page = client.get(with_links["algorithm"].get_absolute_url()).content.decode()
    assert "Parkeervergunningen verlenen" in page and "component:shared/digid" not in page
    sign_in(client, "utrecht-editor")
    url = links_url(with_links["algorithm"])
    assert "alleen op hun vorm" in client.get(url).content.decode()
    assert client.post(url, {"runs_on": "geen verwijzing"}).status_code == 400
    assert client.post(url, {"runs_on": "component:shared/nog-niet-bekend"}).status_code == 302
