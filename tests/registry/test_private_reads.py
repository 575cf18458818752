"""The tenancy matrix for reads: for every page and API that shows an organisation's private data, a member of
another organisation, an anonymous visitor and a citizen get none of it (a refusal, or the page without it).

Every URL of the hub is classified here, as test_permissions.py classifies the writes: a new URL fails
test_every_url_is_classified_for_reads until it is. PRIVATE_READS gives, per URL, the URL at gm0344 (gemeente
Utrecht), who may see its private data, and the private strings; the owner's readers are shown them (so the strings
prove something), everybody else is not. An empty set of readers means nobody sees them there (a public page
about something private).
"""

import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.ai.test_catalogue import reuse_request, utrecht_application
from tests.ai.test_classification_pages import utrecht_algorithm as algorithm_to_classify
from tests.ai.test_framework_checklist import utrecht_algorithm
from tests.cloud.test_needs import secret_need
from tests.cloud.test_pooling_pages import pooled_bundle
from tests.conftest import PASSWORD
from tests.registry.test_permissions import (
    CITIZEN_OWN,
    OPEN311,
    POOL_OWN,
    PROGRAMME_ACTIONS,
    PUBLIC_REPORTING,
    READ_ONLY,
    SESSION,
    TAXII,
    WRITE_ENDPOINTS,
    digid_exercise,
    green_bundle,
    utrecht_concept_algorithm,
    utrecht_crypto,
    utrecht_entity,
    utrecht_photo_url,
    utrecht_report,
)
from tests.steering.test_bottlenecks import secret_bottleneck
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

UTRECHT_STAFF = {"utrecht-editor", "utrecht-viewer", "utrecht-admin"}
UTRECHT_AND_PROGRAMME = UTRECHT_STAFF | {"programme"}
# Utrecht's private archive: past its end of support, a supplier and a cloud outside the EU, a citizen service.
SECRET_CSV = (
    "kind,name,title,function,supplier,supplier-country,hosting-provider,jurisdiction,end-of-support,upl-product,"
    "dependsOn\nComponent,geheim,Geheim archief,archief,Verre Leverancier,US,Verre Wolk,US,2020-01-01,"
    "http://standaarden.overheid.nl/owms/terms/geheim,component:shared/digid\n"
)


def utrecht_landscape():
    from thorbecke.landscape.catalog import read_csv
    from thorbecke.landscape.importer import import_drafts
    from thorbecke.landscape.models import Entity

    utrecht_entity()
    if not Entity.objects.filter(namespace="gm0344", name="geheim").exists():
        import_drafts(Organisation.objects.get(code="gm0344"), read_csv(SECRET_CSV), "csv")
    utrecht_crypto()
    exercise = digid_exercise()
    exercise.notes = "Geheime oefennotitie"
    exercise.save()
    return exercise


def framework_work():
    from thorbecke.ai.models import ChecklistItem, InstrumentAnswer

    algorithm = utrecht_algorithm()
    InstrumentAnswer.objects.get_or_create(
        algorithm=algorithm,
        organisation=algorithm.organisation,
        instrument="iama",
        question="urn:nl:aivt:tr:iama:1.0:1.1.1",
        answer="Geheim IAMA-antwoord",
    )
    return ChecklistItem.objects.get_or_create(
        algorithm=algorithm,
        organisation=algorithm.organisation,
        item="urn:nl:ak:ver:aia-27",
        defaults={"responsible": "Team Geheim", "evidence": "https://example.org/geheim.pdf"},
    )


def digid_page():
    from thorbecke.landscape.models import Entity

    utrecht_landscape()
    return f"/landschap/entiteiten/{Entity.objects.get(namespace='shared', name='digid').pk}/"


def reporter_report():
    """Utrecht's report, with the reporter's own details: for the staff who handle it, never for the public."""
    report = utrecht_report()
    report.email, report.phone, report.first_name, report.last_name = "melder@example.org", "0612345678", "Mel", "Der"
    report.save()
    return report


def amber_indicator():
    """A TLP:AMBER indicator Utrecht shared with nobody else: for its own staff only."""
    from thorbecke.soc.sharing import MARKING_OF, check, store

    (indicator,) = json.loads(green_bundle())["objects"]
    indicator.update(name="Geheime indicator", object_marking_refs=[MARKING_OF["amber"]])
    utrecht = Organisation.objects.get(code="gm0344")
    store(check([indicator], utrecht), utrecht)
    return "/dreigingsinformatie/"


LANDSCAPE_SECRETS = ["Verre Leverancier", "Verre Wolk", "component:gm0344/geheim"]
REPORTER = ["melder@example.org", "0612345678"]


def utrecht_ai_literacy():
    import datetime

    from tests.registry.test_permissions import ai_in_use
    from thorbecke.workforce.ai_literacy import record

    ai_in_use()
    return record(Organisation.objects.get(code="gm0344"), measured_on=datetime.date(2026, 11, 1), staff_operating=9,
                  staff_trained=2, measure="Geheime maatregel")  # fmt: skip


PRIVATE_READS = {
    # AI literacy: an organisation's record and the algorithms it has in use (a concept among them) are for its own
    # staff; the programme sees each organisation's state and figures, never another's algorithm names.
    "workforce:ai-literacy": (
        lambda: utrecht_ai_literacy() and "/vakmanschap/ai-geletterdheid/", UTRECHT_STAFF,
        ["Geheim AI-systeem", "Geheime maatregel"],
    ),
    "api-v1:ai-literacy": (
        lambda: utrecht_ai_literacy() and "/api/v1/ai-literacy", UTRECHT_STAFF, ["Geheim AI-systeem"]
    ),
    # An algorithm's framework work names who is responsible and who reviewed: its own staff and the programme.
    "ai:framework-checklist": (
        lambda: framework_work() and f"/algoritmes/{utrecht_algorithm().public_id}/kader/",
        UTRECHT_AND_PROGRAMME,
        ["Team Geheim"],
    ),
    "ai:framework-instrument": (
        lambda: framework_work() and f"/algoritmes/{utrecht_algorithm().public_id}/kader/instrumenten/iama/",
        UTRECHT_AND_PROGRAMME,
        ["Geheim IAMA-antwoord"],
    ),
    "ai:framework-item": (
        lambda: framework_work() and f"/algoritmes/{utrecht_algorithm().public_id}/kader/ver-aia-27/",
        UTRECHT_AND_PROGRAMME,
        ["Team Geheim", "https://example.org/geheim.pdf"],
    ),
    # name: (() -> URL at gm0344, who sees its private data, the private strings; None: a refusal is all to check)
    "landscape:overview": (lambda: utrecht_landscape() and "/landschap/", UTRECHT_AND_PROGRAMME, LANDSCAPE_SECRETS),
    "landscape:pqc": (lambda: utrecht_landscape() and "/landschap/pqc/", UTRECHT_AND_PROGRAMME, ["RSA-2048"]),
    "landscape:organisation": (lambda: utrecht_landscape() and "/landschap/gm0344/", UTRECHT_AND_PROGRAMME, ["geheim"]),
    "landscape:export": (
        lambda: utrecht_landscape() and "/landschap/gm0344/cyclonedx.json",
        UTRECHT_AND_PROGRAMME,
        ["geheim"],
    ),
    # A shared building block's page: all staff see it, and others' entities that need it only as a count.
    "landscape:entity": (digid_page, UTRECHT_AND_PROGRAMME, ["component:gm0344/geheim", "component:gm0344/zaken"]),
    "landscape:exercises": (
        lambda: utrecht_landscape() and "/landschap/oefeningen/",
        UTRECHT_AND_PROGRAMME,
        ["DigiD valt uit"],
    ),
    "landscape:exercise": (
        lambda: f"/landschap/oefeningen/{utrecht_landscape().pk}/",
        UTRECHT_AND_PROGRAMME,
        ["Geheime oefennotitie"],
    ),
    # The list to pick what fails from: Utrecht's editors see their own; the programme picks among the shared ones.
    "landscape:exercise-new": (
        lambda: utrecht_landscape() and "/landschap/oefeningen/nieuw/",
        {"utrecht-editor", "utrecht-admin"},
        ["Verre Leverancier", "Verre Wolk", "Geheim archief"],
    ),
    "api-v1:landscape-impact": (
        lambda: utrecht_landscape() and "/api/v1/landscape/impact?entity=component:shared/digid",
        UTRECHT_AND_PROGRAMME,
        ["component:gm0344/geheim"],
    ),
    "api-v1:landscape-dependents": (
        lambda: utrecht_landscape() and "/api/v1/landscape/dependents?ref=component:gm0344/geheim",
        UTRECHT_AND_PROGRAMME,
        ["component:gm0344/geheim"],
    ),
    "api-v1:landscape-concentration": (
        lambda: utrecht_landscape() and "/api/v1/landscape/concentration?type=gemeente",
        UTRECHT_AND_PROGRAMME,
        ["Verre Leverancier"],
    ),
    "api-v1:landscape-cyclonedx": (
        lambda: utrecht_landscape() and "/api/v1/landscape/organisations/gm0344/cyclonedx",
        UTRECHT_AND_PROGRAMME,
        ["geheim"],
    ),
    "api-v1:landscape-post-quantum": (
        lambda: utrecht_landscape() and "/api/v1/landscape/post-quantum",
        UTRECHT_AND_PROGRAMME,
        ["gm0344"],
    ),
    # Reports are handled by the staff of the organisation they were routed to; the reporter's details stay there.
    "signals:list": (lambda: reporter_report() and "/meldingen/", UTRECHT_STAFF, ["De container zit vol."]),
    "signals:detail": (
        lambda: f"/meldingen/{reporter_report().pk}/",
        UTRECHT_STAFF,
        ["De container zit vol."],
    ),
    "signals:photo": (utrecht_photo_url, UTRECHT_STAFF, None),
    # The public page of a report and the public Open311 lists: never the reporter's details.
    "reporting:report": (lambda: f"/melding-doen/{reporter_report().pk}/", set(), REPORTER),
    "open311:requests": (lambda: reporter_report() and "/open311/v2/requests.json", set(), REPORTER),
    "open311:request": (lambda: f"/open311/v2/requests/{reporter_report().pk}.json", set(), REPORTER),
    "registry:members": ("/organisaties/gm0344/medewerkers/", {"utrecht-admin"}, ["utrecht-viewer"]),
    "soc:list": (amber_indicator, UTRECHT_STAFF, ["Geheime indicator"]),
    # An organisation's algorithms and their AI Act classification: its own staff only (concepts are not public).
    "ai:classification-review": (
        lambda: algorithm_to_classify() and "/algoritmes/classificaties/",
        UTRECHT_STAFF,
        ["Slimme afvalcontainer"],
    ),
    # An algorithm still being described: its own organisation's staff only; the public register never lists it.
    "ai:algorithm": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}/",
        UTRECHT_STAFF,
        ["Geheim concept"],
    ),
    "ai:algorithm-json": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}.json",
        UTRECHT_STAFF,
        ["Geheim concept"],
    ),
    "ai:algorithm-csv": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}.csv",
        UTRECHT_STAFF,
        ["Geheim concept"],
    ),
    "ai:own": (lambda: utrecht_concept_algorithm() and "/algoritmes/beheer/", UTRECHT_STAFF, ["Geheim concept"]),
    "ai:register": (lambda: utrecht_concept_algorithm() and "/algoritmes/?q=geheim", set(), ["Geheim concept"]),
    "ai:register-csv": (lambda: utrecht_concept_algorithm() and "/algoritmes/export.csv", set(), ["Geheim concept"]),
    "api-v1:algorithms": (lambda: utrecht_concept_algorithm() and "/api/v1/algorithms", set(), ["Geheim concept"]),
    # Reusable AI: a request to reuse is between the two organisations (here Groningen asks Utrecht), and an
    # application's register entry is shown only as the register shows it (a concept to its own staff).
    "ai:application": (lambda: concept_application() and reuse_request("gm0014", "Geheime motivatie") and
                        utrecht_application().get_absolute_url(), UTRECHT_STAFF,
                        ["Geheime motivatie", "Geheim concept-algoritme"]),
    "api-v1:ai-application": (lambda: reuse_request("gm0014", "Geheime motivatie") and
                              f"/api/v1/ai-applications/{concept_application().public_id}", set(),
                              ["Geheime motivatie", "gm0014"]),
    "api-v1:ai-applications": (lambda: concept_application() and reuse_request("gm0014", "Geheime motivatie") and
                               "/api/v1/ai-applications", set(), ["Geheime motivatie", "gm0014"]),
    # A data bottleneck the programme has not triaged: the reporting organisation (and its parties) and the programme.
    "steering:bottleneck": (lambda: f"/sturing/gegevensknelpunten/{secret_bottleneck().pk}/", UTRECHT_AND_PROGRAMME,
                            ["Geheime beschrijving"]),
    "steering:bottlenecks-own": (lambda: secret_bottleneck() and "/sturing/gegevensknelpunten/eigen/",
                                 UTRECHT_AND_PROGRAMME, ["Geheim knelpunt"]),
    "steering:bottlenecks": (lambda: secret_bottleneck() and "/sturing/gegevensknelpunten/", set(),
                             ["Geheim knelpunt"]),
    "api-v1:data-bottlenecks": (lambda: secret_bottleneck() and "/api/v1/data-bottlenecks", set(),
                                ["Geheim knelpunt"]),
    "api-v1:data-bottleneck": (lambda: f"/api/v1/data-bottlenecks/{secret_bottleneck().pk}", set(),
                               ["Geheim knelpunt"]),
    # The Steering Committee: a confidential decision on Utrecht's initiative, with a confidential action of Utrecht,
    # for the programme and Utrecht's staff only (tests/steering/test_committee.py).
    "steering:meeting": (lambda: steering_meeting().get_absolute_url(), UTRECHT_AND_PROGRAMME,
                         ["Geheim besluit", "Geheime actie"]),
    "steering:actions": (lambda: steering_meeting() and "/sturing/stuurgroep/acties/", UTRECHT_AND_PROGRAMME,
                         ["Geheime actie"]),
    "steering:initiative": (lambda: steering_meeting() and f"/sturing/investeringsagenda/{utrecht_initiative().pk}/",
                            UTRECHT_AND_PROGRAMME, ["Geheim besluit"]),
    # A cloud need: what an organisation is about to buy, and on which terms. Its own staff and the programme.
    "cloud:needs": (lambda: secret_need() and "/cloud/behoeften/", UTRECHT_AND_PROGRAMME, ["Geheime cloudbehoefte"]),
    "cloud:need": (lambda: f"/cloud/behoeften/{secret_need().pk}/", UTRECHT_AND_PROGRAMME,
                   ["Geheime cloudbehoefte", "Geheim keurmerk"]),
    "api-v1:cloud-need-matches": (lambda: f"/api/v1/cloud-needs/{secret_need().pk}/matches", UTRECHT_AND_PROGRAMME,
                                  ["Geheim keurmerk"]),
    # Pooled cloud demand: the aggregate, a cell's needs and a bundle's members are the programme's (decision 0054).
    "cloud:pooling": (lambda: pooled_bundle() and "/cloud/vraagbundeling/?layer=gemeente", {"programme"},
                      ["Geheime behoefte"]),
    "cloud:bundle": (lambda: f"/cloud/vraagbundeling/bundels/{pooled_bundle().pk}/", {"programme"},
                     ["Geheime behoefte"]),
    "api-v1:cloud-bundle": (lambda: f"/api/v1/cloud-bundles/{pooled_bundle().pk}", {"programme"},
                            ["Geheime behoefte"]),
    "api-v1:cloud-demand": (lambda: pooled_bundle() and "/api/v1/cloud-demand", {"programme"}, ["vCPU"]),
    # A workforce report is its organisation's staff's and the programme's; the national views show it only as a
    # protected cell, and its own figures beside them only to its own staff (decision 0057).
    "workforce:reports": (lambda: _workforce_report() and "/vakmanschap/rapportages/", UTRECHT_AND_PROGRAMME,
                          ["Utrecht, 2026"]),
    "workforce:report": (lambda: f"/vakmanschap/rapportages/{_workforce_report().pk}/", UTRECHT_AND_PROGRAMME,
                         ["1.717", "1.313"]),
    "workforce:insight": (lambda: _workforce_report() and "/vakmanschap/inzicht/", UTRECHT_STAFF, ["1.717"]),
    "workforce:shortages": (lambda: _workforce_report() and "/vakmanschap/inzicht/tekorten/", UTRECHT_STAFF,
                            ["1.313"]),
    "api-v1:workforce-reports": (lambda: _workforce_report() and "/api/v1/workforce-reports?organisation=gm0344",
                                 UTRECHT_AND_PROGRAMME, ["1717", "1313"]),
    "api-v1:workforce-shortages": (
        lambda: _workforce_report() and "/api/v1/workforce-shortages?organisation=gm0344", UTRECHT_AND_PROGRAMME,
        ["1313"]),
}  # fmt: skip


def _workforce_report():
    """Utrecht's secret report, in a published year: the national views show only published years (decision 0061)."""
    from tests.workforce.test_reports_pages import secret_report
    from thorbecke.workforce import publication

    found = secret_report()
    if publication.closed(found.year) is None:
        publication.publish(found.year)
    return found


def utrecht_on_us_cloud():
    """Utrecht's critical case system on a US cloud: for its own staff and the programme."""
    from thorbecke.landscape.models import Entity

    return Entity.objects.get_or_create(
        namespace="gm0344", kind="Component", name="geheim-zaaksysteem",
        defaults={"title": "Geheim kritiek zaaksysteem", "owner": Organisation.objects.get(code="gm0344"),
                  "source": "csv", "hosting": "cloud", "hosting_provider": "Verre Wolk", "jurisdiction": "US",
                  "availability": 3},
    )  # fmt: skip


def utrecht_pooled_contract():
    """Utrecht and Zeist hold the same product under different terms: Utrecht's terms are its own staff's and the
    programme's; Amsterdam, in no such opportunity, sees nothing of it."""
    from datetime import date

    from thorbecke.cloud.models import Contract

    for code, terms in (("gm0344", "Geheime Utrechtse voorwaarden"), ("gm0355", "Zeister voorwaarden")):
        Contract.objects.get_or_create(
            organisation=Organisation.objects.get(code=code), product="Kantoor 365", supplier="Wolk BV",
            defaults={"annual_value_eur": 1000, "starts_on": date(2026, 1, 1), "ends_on": date(2027, 12, 31),
                      "terms": terms},
        )  # fmt: skip
    return True


PRIVATE_READS |= {
    "cloud:public-cloud-exit": (
        lambda: utrecht_on_us_cloud() and "/cloud/uit-de-publieke-cloud/",
        UTRECHT_AND_PROGRAMME,
        ["Geheim kritiek zaaksysteem", "Verre Wolk"],
    ),
    "cloud:contracts": (
        lambda: utrecht_pooled_contract() and "/cloud/contracten/",
        UTRECHT_AND_PROGRAMME,
        ["Geheime Utrechtse voorwaarden"],
    ),
    # A member sees an opportunity it is in as count and total; the terms side by side are the programme's.
    "api-v1:cloud-contracts-pooling": (
        lambda: utrecht_pooled_contract() and "/api/v1/cloud-contracts/pooling",
        {"programme"},
        ["Geheime Utrechtse voorwaarden", "gm0355"],
    ),
}


def pool_assignment():
    from tests.workforce.test_pools import utrecht_pool_assignment

    return utrecht_pool_assignment()


# The open pool: an assignment's candidates (pseudonymous; their explanations are the secrets) are for the posting
# organisation's editors and administrators only; not its viewers, not the programme (decision 0058). Every actor
# against every read of a pool member: tests/workforce/test_pool_privacy.py.
PRIVATE_READS |= {
    "workforce:pool-assignment": (lambda: f"/vakmanschap/talentpool/opdrachten/{pool_assignment().pk}/",
                                  {"utrecht-editor", "utrecht-admin"}, ["Kandidaat 1 openen", "heeft e-3"]),
    "api-v1:pool-assignment-matches": (lambda: f"/api/v1/pool/assignments/{pool_assignment().pk}/matches",
                                       {"utrecht-editor", "utrecht-admin"}, ["heeft e-3"]),
}  # fmt: skip


def steering_meeting():
    from tests.steering.test_committee import committee_meeting

    return committee_meeting()


def utrecht_initiative():
    from tests.steering.test_agenda import utrecht_initiative

    return utrecht_initiative()


def concept_application():
    """Utrecht's application whose register entry is still a concept."""
    return utrecht_application(algorithm=utrecht_concept_algorithm())


# URLs whose pages hold no organisation's private data: public, or national (the programme's), or counts.
NO_PRIVATE_DATA = READ_ONLY - set(PRIVATE_READS)
NO_PRIVATE_DATA |= {"signals:rules", "api-v1:signals-figures", "api-v1:signals-classify", "api-v1:non-take-up"}
NO_PRIVATE_DATA |= {"api-v1:api-root", "api-v1:openapi-json", "api-v1:places"}
NO_PRIVATE_DATA |= {"api-v1:cloud-definitions", "api-v1:cloud-definitions-version"}  # national definitions
# The competence model and the published profile sets: national, public by design.
NO_PRIVATE_DATA |= {"api-v1:competences", "api-v1:competence-archetypes", "api-v1:job-profiles"}
NO_PRIVATE_DATA |= {"api-v1:courses", "api-v1:course", "api-v1:learning-path"}  # the public course catalogue
NO_PRIVATE_DATA |= {
    f"api-v1:{name}" for name in ("agreement", "agreement-gaps", "agreement-measurements", "agreements")
}
NO_PRIVATE_DATA |= {f"api-v1:{name}" for name in ("organisation", "organisations", "product", "product-door")}
NO_PRIVATE_DATA |= {"api-v1:product-search", "api-v1:processing-activities", "api-v1:processing-activity"}
NO_PRIVATE_DATA |= {"api-v1:directory-peers", "api-v1:directory-service", "api-v1:directory-service-dcat"}
NO_PRIVATE_DATA |= {"api-v1:directory-services"}
# Its own steering page shows its commitments, figures and gaps: each public elsewhere (commitments, gaps).
NO_PRIVATE_DATA |= {"steering:organisation"}
NO_PRIVATE_DATA |= {"api-v1:algorithm", "api-v1:algorithm-document"}  # published descriptions only
# An organisation's digital legislation is its own staff's and the programme's page (test_permissions.py), but it
# shows only what is public elsewhere: measurements, declarations, explained gaps and published algorithms.
NO_PRIVATE_DATA |= {"steering:organisation-legislation"}
# The steering indicators: figures computed from what the apps publish, public by design (issue 25).
NO_PRIVATE_DATA |= {f"api-v1:{name}" for name in ("indicators", "indicator", "indicators-dcat", "indicator-dcat")}
NO_PRIVATE_DATA |= {f"api-v1:indicator-observations{part}" for part in ("", "-csv", "-jsonstat")}
NO_PRIVATE_DATA |= {"api-v1:steering-initiatives", "api-v1:steering-initiative"}  # the agenda is public as a whole
NO_PRIVATE_DATA |= {"api-v1:cloud-offerings", "api-v1:cloud-offering"}  # the supply catalogue is public
# The national workforce figures: cells of the protected cube only (decision 0057). Putting a report is a PUT whose
# GET answers 405; its answer is the writer's own report (tests/workforce/test_reports_pages.py).
NO_PRIVATE_DATA |= {"api-v1:workforce-insight", "api-v1:workforce-report"}
# Read elsewhere: writes (POST; their GET answers 403/404/405 to others, test_permissions.py), sign-in, a citizen's
# own pages (tests/services/test_citizens.py), TAXII under TLP (tests/soc), Open311's other endpoints and reporting.
ELSEWHERE = (set(WRITE_ENDPOINTS) - set(PRIVATE_READS)) | SESSION | CITIZEN_OWN | TAXII | PROGRAMME_ACTIONS
ELSEWHERE |= (OPEN311 - set(PRIVATE_READS)) | PUBLIC_REPORTING | {"api-v1:my-processings"}
# A pool member's own profile, page and API, and opening a candidate: tests/workforce/test_pool_privacy.py.
ELSEWHERE |= POOL_OWN | {"api-v1:pool-profile", "api-v1:pool-export", "api-v1:pool-candidate-opening"}
# The pool's front page shows the signed-in member's own profile and all open assignments (public to staff).
NO_PRIVATE_DATA |= {"workforce:pool"}
# An organisation's assignments over the API: its own, which all staff see on the pages too (decision 0058).
NO_PRIVATE_DATA |= {"api-v1:pool-assignments"}


def all_url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_url_names(entry, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_url_is_classified_for_reads():
    assert not set(PRIVATE_READS) & NO_PRIVATE_DATA
    assert set(all_url_names()) == set(PRIVATE_READS) | NO_PRIVATE_DATA | ELSEWHERE


def citizen():
    from thorbecke.services.citizens import CitizenBackend

    return CitizenBackend().create_user({"bsn": "999990019", "name": "Sanne de Vries"})


def read(client, accounts, who, name):
    make, _readers, _secrets = PRIVATE_READS[name]
    url = make() if callable(make) else make
    if who == "citizen":
        client.force_login(citizen())
    elif who is not None:
        client.login(username=who, password=PASSWORD)
    return client.get(url)


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("image/"):
        return ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


OUTSIDERS = ["amsterdam-editor", "amsterdam-admin", None, "citizen"]


@pytest.mark.parametrize("name", sorted(PRIVATE_READS))
@pytest.mark.parametrize("who", OUTSIDERS, ids=lambda who: who or "anonymous")
def test_nobody_outside_the_organisation_reads_its_private_data(client, accounts, name, who):
    secrets = PRIVATE_READS[name][2]
    response = read(client, accounts, who, name)
    if secrets is None or response.status_code != 200:
        assert response.status_code in (302, 401, 403, 404), response.status_code
        if response.status_code == 302:
            assert "/aanmelden/" in response["Location"]
        return
    found = [secret for secret in secrets if secret in text_of(response)]
    assert not found, f"{who or 'anonymous'} reads {found} at {name}"


@pytest.mark.parametrize("name", sorted(name for name, (_m, readers, _s) in PRIVATE_READS.items() if readers))
def test_the_owners_readers_do_see_it(client, accounts, name):
    """The private strings are really on the page for those who may read them: the test above proves something."""
    _make, readers, secrets = PRIVATE_READS[name]
    for who in sorted(readers):
        client.logout()
        response = read(client, accounts, who, name)
        assert response.status_code == 200, (who, response.status_code)
        text = text_of(response)
        assert all(secret in text for secret in secrets or []), (who, [s for s in secrets or [] if s not in text])
