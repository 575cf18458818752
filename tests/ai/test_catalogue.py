"""Reusable AI (issue 24 item 5): the catalogue of applications, requests to reuse and their decisions, the
programme's priority areas, and the catalogue's API."""

from html import unescape

import pytest

from tests.ai.test_framework_checklist import utrecht_algorithm
from tests.conftest import PASSWORD
from thorbecke.ai.checklist import checklist
from thorbecke.ai.framework import load_framework
from thorbecke.ai.models import (
    AiApplication,
    Algorithm,
    ChecklistItem,
    ChecklistState,
    Lifecycle,
    PriorityArea,
    ReuseRequest,
    ReuseState,
)
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Documentassistent",
    "purpose": "Vat Woo-documenten samen voor de behandelaar.",
    "model_name": "GEITje",
    "model_version": "7B",
    "model_origin": "Open model op Hugging Face",
    "model_licence": "Apache-2.0",
    "data_provenance": "Openbare Woo-besluiten van de gemeente.",
}


def published_scan_car() -> Algorithm:
    algorithm = utrecht_algorithm()
    Algorithm.objects.filter(pk=algorithm.pk).update(lifecycle=Lifecycle.PUBLISHED)
    algorithm.refresh_from_db()
    return algorithm


def utrecht_application(algorithm: Algorithm | None = None) -> AiApplication:
    """Utrecht's document assistant, pointing at its published scan car's register entry unless told otherwise."""
    found = AiApplication.objects.filter(organisation__code="gm0344", name="Documentassistent").first()
    if found:
        return found
    return AiApplication.objects.create(
        organisation=Organisation.objects.get(code="gm0344"),
        algorithm=algorithm or published_scan_car(),
        **NEW,
    )


def reuse_request(code: str = "gm0363", motivation: str = "Voor onze Woo-verzoeken.") -> ReuseRequest:
    application = utrecht_application()
    found = ReuseRequest.objects.filter(application=application, requester__code=code).first()
    return found or ReuseRequest.objects.create(
        application=application, requester=Organisation.objects.get(code=code), motivation=motivation
    )


def signed_in(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_an_editor_offers_an_application_that_only_its_own_organisation_changes(client, accounts):
    published_scan_car()
    algorithm = Algorithm.objects.get(name="Scanauto")
    data = {**NEW, "algorithm": algorithm.pk, "open_source": "on", "licence": "EUPL-1.2",
            "repository_url": "https://github.com/example/documentassistent"}  # fmt: skip
    response = signed_in(client, "utrecht-editor").post("/algoritmes/hergebruik/nieuw/", data)
    application = AiApplication.objects.get()
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    assert application.organisation.code == "gm0344" and application.algorithm == algorithm

    edit = f"/algoritmes/hergebruik/{application.public_id}/wijzigen/"
    for outsider in ("amsterdam-editor", "amsterdam-admin", "utrecht-viewer", "programme"):
        assert signed_in(client, outsider).post(edit, {**data, "name": "Overgenomen"}).status_code == 403
    assert AiApplication.objects.get().name == "Documentassistent"
    assert signed_in(client, "utrecht-admin").post(edit, {**data, "name": "Woo-assistent"}).status_code == 302
    assert AiApplication.objects.get().name == "Woo-assistent"


def test_an_application_points_only_at_its_own_organisations_register_entry(client, accounts):
    amsterdam = Algorithm.objects.create(organisation=Organisation.objects.get(code="gm0363"), name="Parkeerscan")
    response = signed_in(client, "utrecht-editor").post(
        "/algoritmes/hergebruik/nieuw/", {**NEW, "algorithm": amsterdam.pk}
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not AiApplication.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"open_source": "on"}, "An open-source application names its licence and its repository."),
        ({"quality_metric": "accuracy"}, "A measurement names its metric, its value and its date."),
        ({"repository_url": "geen adres"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_changes_nothing(client, accounts, extra, message):
    response = signed_in(client, "utrecht-editor").post("/en/algorithms/reuse/new/", {**NEW, **extra})
    assert response.status_code == 400 and message in response.content.decode()
    assert not AiApplication.objects.exists()


def test_the_page_shows_the_register_entry_its_lifecycle_and_framework_status(client, accounts):
    application = utrecht_application()
    algorithm = application.algorithm
    ChecklistItem.objects.create(
        algorithm=algorithm, organisation=algorithm.organisation, item="urn:nl:ak:ver:aia-27", state=ChecklistState.DONE
    )
    framework = load_framework()
    lines = checklist(algorithm, framework.profile(algorithm.ai_act_profile), framework)
    total = len(lines.requirements) + sum(len(measures) for _phase, measures in lines.phases)
    page = client.get(f"/en/algorithms/reuse/{application.public_id}/").content.decode()
    assert "Scanauto" in page and "Published" in page
    assert f"1 of {total} requirements and measures met" in page
    assert "GEITje (version 7B)" in page and "Openbare Woo-besluiten" in page


def test_a_concept_register_entry_is_shown_only_to_the_operators_staff(client, accounts):
    from tests.registry.test_permissions import utrecht_concept_algorithm

    application = utrecht_application(algorithm=utrecht_concept_algorithm())
    url = f"/algoritmes/hergebruik/{application.public_id}/"
    assert "Geheim concept-algoritme" not in client.get(url).content.decode()
    assert "Geheim concept-algoritme" not in signed_in(client, "amsterdam-editor").get(url).content.decode()
    assert "Geheim concept-algoritme" in signed_in(client, "utrecht-viewer").get(url).content.decode()
    assert client.get(f"/api/v1/ai-applications/{application.public_id}").json()["algorithm"] is None


def test_another_organisation_asks_and_the_operator_accepts(client, accounts):
    application = utrecht_application()
    url = f"/algoritmes/hergebruik/{application.public_id}/"
    response = signed_in(client, "amsterdam-editor").post(url + "hergebruiken/", {"motivation": "Voor onze Woo."})
    assert response.status_code == 302
    request = ReuseRequest.objects.get()
    assert request.requester.code == "gm0363" and request.requested_by == accounts["amsterdam-editor"]
    assert "Voor onze Woo." in signed_in(client, "utrecht-viewer").get(url).content.decode()

    decide = f"/algoritmes/hergebruik/verzoeken/{request.pk}/besluit/"
    response = signed_in(client, "utrecht-editor").post(decide, {f"r{request.pk}-decision": "accept"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ReuseState.ACCEPTED and request.decided_by == accounts["utrecht-editor"]
    client.logout()
    page = client.get(url).content.decode()
    assert "gemeente Amsterdam" in page and "Voor onze Woo." not in page  # who uses it, not what they asked
    assert client.get("/api/v1/ai-applications").json()["results"][0]["usedBy"] == ["gm0363"]
    # Decided once: a second answer changes nothing.
    signed_in(client, "utrecht-editor").post(
        decide, {f"r{request.pk}-decision": "decline", f"r{request.pk}-reason": "x"}
    )
    assert ReuseRequest.objects.get().state == ReuseState.ACCEPTED


def test_the_operator_declines_with_a_reason_the_asker_reads(client, accounts):
    request = reuse_request()
    decide = f"/en/algorithms/reuse/requests/{request.pk}/decide/"
    response = signed_in(client, "utrecht-admin").post(decide, {f"r{request.pk}-decision": "decline"})
    assert response.status_code == 400 and "Say why you decline." in response.content.decode()
    assert ReuseRequest.objects.get().state == ReuseState.REQUESTED
    reason = {f"r{request.pk}-decision": "decline", f"r{request.pk}-reason": "Alleen voor gemeenten onder 100.000."}
    assert signed_in(client, "utrecht-admin").post(decide, reason).status_code == 302
    assert ReuseRequest.objects.get().state == ReuseState.DECLINED
    page = signed_in(client, "amsterdam-editor").get(request.application.get_absolute_url()).content.decode()
    assert "Alleen voor gemeenten onder 100.000." in page
    # After a decline it may ask again.
    again = f"/algoritmes/hergebruik/{request.application.public_id}/hergebruiken/"
    assert client.post(again, {"motivation": "Nu wel?"}).status_code == 302
    assert ReuseRequest.objects.count() == 2


def test_asking_for_your_own_application_is_refused_with_a_clear_message(client, accounts):
    application = utrecht_application()
    response = signed_in(client, "utrecht-editor").post(
        f"/en/algorithms/reuse/{application.public_id}/ask/", {"motivation": "Wij willen het zelf."}
    )
    assert response.status_code == 403
    assert "This application is your own organisation's: you cannot ask to reuse it." in unescape(
        response.content.decode()
    )
    assert not ReuseRequest.objects.exists()


@pytest.mark.parametrize("username", ["amsterdam-editor", "amsterdam-admin", "programme", "utrecht-viewer"])
def test_nobody_but_the_operators_editors_decides(client, accounts, username):
    request = reuse_request()
    response = signed_in(client, username).post(
        f"/algoritmes/hergebruik/verzoeken/{request.pk}/besluit/", {f"r{request.pk}-decision": "accept"}
    )
    assert response.status_code == 403
    assert ReuseRequest.objects.get().state == ReuseState.REQUESTED


def test_a_viewer_and_the_programme_do_not_ask_in_an_organisations_name(client, accounts):
    application = utrecht_application()
    url = f"/algoritmes/hergebruik/{application.public_id}/hergebruiken/"
    for username in ("programme",):
        assert signed_in(client, username).post(url, {"motivation": "Graag."}).status_code == 403
    amsterdam = AiApplication.objects.create(organisation=Organisation.objects.get(code="gm0363"), **NEW)
    viewer = f"/algoritmes/hergebruik/{amsterdam.public_id}/hergebruiken/"
    assert signed_in(client, "utrecht-viewer").post(viewer, {"motivation": "Graag."}).status_code == 403
    assert not ReuseRequest.objects.exists()


def test_an_organisation_asks_once_until_it_is_decided(client, accounts):
    application = utrecht_application()
    url = f"/algoritmes/hergebruik/{application.public_id}/hergebruiken/"
    signed_in(client, "amsterdam-editor").post(url, {"motivation": "Graag."})
    response = client.post(url, {"motivation": "Nog een keer."}, follow=True)
    assert "al gevraagd" in response.content.decode()
    assert ReuseRequest.objects.count() == 1
    empty = client.post(url, {"motivation": ""})
    assert empty.status_code == 400 and ReuseRequest.objects.count() == 1


def test_only_the_programme_sets_priority_areas(client, accounts):
    area = {"slug": "bezwaar-en-beroep", "name_nl": "AI voor bezwaar en beroep", "name_en": "AI for objection and "
            "appeal", "description_nl": "Snellere afhandeling.", "description_en": "Faster handling."}  # fmt: skip
    for username in ("utrecht-admin", "utrecht-editor", "amsterdam-admin"):
        assert signed_in(client, username).post("/algoritmes/hergebruik/gebieden/nieuw/", area).status_code == 403
    assert not PriorityArea.objects.exists()
    response = signed_in(client, "programme").post("/algoritmes/hergebruik/gebieden/nieuw/", area)
    assert response.status_code == 302 and PriorityArea.objects.get().changed_by == accounts["programme"]
    edit = "/algoritmes/hergebruik/gebieden/bezwaar-en-beroep/wijzigen/"
    assert signed_in(client, "utrecht-admin").post(edit, {**area, "name_nl": "Iets anders"}).status_code == 403
    assert PriorityArea.objects.get().name_nl == "AI voor bezwaar en beroep"

    # The operator places its application under the area; the area's page lists it, in either language.
    application = utrecht_application()
    data = {**NEW, "algorithm": application.algorithm_id, "areas": [PriorityArea.objects.get().pk]}
    signed_in(client, "utrecht-editor").post(f"/algoritmes/hergebruik/{application.public_id}/wijzigen/", data)
    client.logout()
    page = client.get("/en/algorithms/reuse/areas/bezwaar-en-beroep/").content.decode()
    assert "AI for objection and appeal" in page and "Documentassistent" in page
    assert "AI voor bezwaar en beroep" in client.get("/algoritmes/hergebruik/").content.decode()


def test_the_api_lists_and_shows_public_fields_only(client, accounts):
    application = utrecht_application()
    reuse_request("gm0014", motivation="Geheime motivatie")
    listed = client.get("/api/v1/ai-applications?organisation=gm0344")
    assert listed.status_code == 200 and listed["API-Version"]
    (item,) = listed.json()["results"]
    assert item["id"] == str(application.public_id) and item["usedBy"] == []
    detail = client.get(item["_links"]["self"]["href"])
    body = detail.json()
    assert body["model"] == {"name": "GEITje", "version": "7B", "origin": "Open model op Hugging Face",
                             "licence": "Apache-2.0"}  # fmt: skip
    assert body["algorithm"] == str(application.algorithm.public_id)
    assert "Geheime motivatie" not in detail.content.decode() + listed.content.decode()
    assert client.get("/api/v1/ai-applications?area=bestaat-niet").json()["count"] == 0
    missing = client.get("/api/v1/ai-applications/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert client.post("/api/v1/ai-applications").status_code == 405
