"""The tenancy matrix: for every write endpoint, nobody but the owner changes anything."""

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.ai.test_catalogue import NEW as NEW_APPLICATION
from tests.ai.test_catalogue import reuse_request, utrecht_application
from tests.ai.test_classification_pages import classify_url
from tests.ai.test_framework_checklist import utrecht_algorithm
from tests.cloud.test_needs import form as need_form
from tests.cloud.test_needs import secret_need
from tests.cloud.test_pooling_pages import pooled_bundle
from tests.conftest import PASSWORD, snapshot
from tests.steering.test_bottlenecks import form as bottleneck_form
from tests.steering.test_bottlenecks import secret_bottleneck
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import can_change, can_manage_members, changeable

pytestmark = pytest.mark.django_db


# Every named page of the hub, classified. A new URL fails test_every_url_is_classified until
# it is added here, so a write endpoint cannot escape the matrix.
def utrecht_report():
    """A report on the Domplein, routed to gemeente Utrecht."""
    from thorbecke.signals.models import Category, ServiceRequest

    return ServiceRequest.objects.filter(organisation__code="gm0344").first() or ServiceRequest.objects.create(
        category=Category.objects.get(slug="container-is-vol"),
        organisation=Organisation.objects.get(code="gm0344"),
        lat=52.0907,
        long=5.1214,
        description="De container zit vol.",
    )


def utrecht_photo_url():
    """The photo of Utrecht's report, stored on first use."""
    from thorbecke.signals.models import Photo

    report = utrecht_report()
    Photo.objects.get_or_create(
        request=report, defaults={"content_type": "image/jpeg", "data": b"\xff\xd8\xff\xd9", "width": 1, "height": 1}
    )
    return f"/meldingen/{report.pk}/foto/"


def dike_rule():
    """A national routing rule: within Utrecht, dikes are the municipality's."""
    from thorbecke.signals.models import Category, RoutingRule

    utrecht = Organisation.objects.get(code="gm0344")
    rule, _ = RoutingRule.objects.get_or_create(
        category=Category.objects.get(slug="dijk-waterkering"),
        area=utrecht,
        defaults={"handled_by": utrecht, "reason": "Stadsdijken"},
    )
    return rule


def utrecht_concept_algorithm():
    """An algorithm Utrecht is still describing: a concept, for its own staff only."""
    from thorbecke.ai.models import Algorithm
    from thorbecke.ai.register import save_description
    from thorbecke.ai.schema import example_descriptions

    found = Algorithm.objects.filter(organisation__code="gm0344", name="Geheim concept-algoritme").first()
    document = dict(example_descriptions()[0], name="Geheim concept-algoritme")
    return found or save_description(document, organisation=Organisation.objects.get(code="gm0344"))


def utrecht_entity():
    """Utrecht's case system, which needs DigiD from the national building blocks."""
    from django.conf import settings

    from thorbecke.landscape.building_blocks import import_building_blocks
    from thorbecke.landscape.catalog import read_csv
    from thorbecke.landscape.importer import import_drafts
    from thorbecke.landscape.models import Entity

    found = Entity.objects.filter(namespace="gm0344", name="zaken").first()
    if found is None:
        import_building_blocks(settings.SHARED_DATA_DIR)
        csv = "kind,name,function,supplier,dependsOn\nComponent,zaken,zaaksysteem,Leverancier,component:shared/digid\n"
        import_drafts(Organisation.objects.get(code="gm0344"), read_csv(csv), "csv")
        found = Entity.objects.get(namespace="gm0344", name="zaken")
    return found


def utrecht_crypto():
    """Utrecht's cryptographic inventory: RSA signatures in its case system, kept 20 years."""
    import json

    from thorbecke.landscape.crypto import import_cbom, read_cbom
    from thorbecke.landscape.models import CryptoAsset

    utrecht_entity()
    if not CryptoAsset.objects.exists():
        bom = {
            "bomFormat": "CycloneDX",
            "specVersion": "1.6",
            "components": [
                {
                    "type": "cryptographic-asset",
                    "name": "RSA-2048",
                    "bom-ref": "rsa",
                    "cryptoProperties": {"assetType": "algorithm", "algorithmProperties": {"primitive": "signature"}},
                    "properties": [
                        {"name": "thorbecke:entity", "value": "component:zaken"},
                        {"name": "thorbecke:confidentiality-years", "value": "20"},
                    ],
                }
            ],
        }
        import_cbom(Organisation.objects.get(code="gm0344"), read_cbom(json.dumps(bom), "gm0344"))
    return CryptoAsset.objects.first()


def digid_exercise():
    from thorbecke.landscape.models import Exercise

    utrecht_entity()
    return Exercise.objects.first() or Exercise.objects.create(
        title="DigiD valt uit",
        organisation=Organisation.objects.get(code="gm0344"),
        scenario={"failure": "entity", "entity": "component:shared/digid"},
        findings={"failed": 1, "affected": 2, "organisations_affected": 2, "recovery_order": []},
    )


def _landscape_upload(accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    utrecht_entity()
    sheet = b"kind,name,dependsOn\nComponent,website,component:zaken\n"
    return "/landschap/gm0344/importeren/", {"format": "csv", "file": SimpleUploadedFile("landschap.csv", sheet)}


def green_bundle():
    """A STIX 2.1 bundle with one TLP:GREEN indicator, new each time."""
    import json
    import uuid

    from thorbecke.soc.sharing import MARKING_OF

    indicator = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": f"indicator--{uuid.uuid4()}",
        "created": "2026-11-01T10:00:00.000Z",
        "modified": "2026-11-01T10:00:00.000Z",
        "name": "Phishing domain",
        "pattern": "[domain-name:value = 'inloggen-digid.example']",
        "pattern_type": "stix",
        "valid_from": "2026-11-01T10:00:00Z",
        "object_marking_refs": [MARKING_OF["green"]],
    }
    return json.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": [indicator]})


def tls_agreement():
    from django.conf import settings

    from thorbecke.agreements.catalogue import import_agreements
    from thorbecke.agreements.models import Agreement

    if not Agreement.objects.exists():
        import_agreements(settings.SHARED_DATA_DIR)
    return Agreement.objects.get(slug="standaard-tls")


RULE = {
    "category": "dijk-waterkering",
    "area": "gm0344",
    "handled_by": "gm0344",
    "reason": "Stadsdijken",
    "active": "on",
}


def _member_url(accounts):
    member = accounts["utrecht-viewer"].membership
    return f"/organisaties/gm0344/medewerkers/{member.pk}/", {
        f"m{member.pk}-role": "editor",
        f"m{member.pk}-active": "on",
    }


def utrecht_gap(slug, state):
    from datetime import date

    from thorbecke.agreements.models import Agreement, Gap

    tls_agreement()
    gap, _made = Gap.objects.update_or_create(
        organisation=Organisation.objects.get(code="gm0344"),
        agreement=Agreement.objects.get(slug=slug),
        defaults={"state": state, "answer_due": date(2099, 1, 1)},
    )
    return gap


def screened_population():
    """A screening with its figures, as the proactive page shows them (tests/proactive/test_delivery.py)."""
    from thorbecke.proactive.models import NonTakeUp, Screening

    if not Screening.objects.exists():
        screening = Screening.objects.create(period="2026-01", source="test", results="test", persons=5)
        NonTakeUp.objects.bulk_create(
            [
                NonTakeUp(screening=screening, scheme="zorgtoeslag", gemeente=code, entitled=entitled,
                          receiving=receiving, unclaimed_per_month=120.0 * (entitled - receiving))
                for code, entitled, receiving in (("GM0344", 40, 31), ("GM0363", 90, 60), ("GM0014", 12, 11))
            ]
        )  # fmt: skip
    return True


def running_scan():
    from thorbecke.agreements.models import ScanRun

    return ScanRun.objects.first() or ScanRun.objects.create(total=40, done=12, counts={"pass": 30, "fail": 6})


def digid_declaration(accounts):
    from thorbecke.agreements.models import Agreement

    tls_agreement()
    return "/afspraken/organisaties/gm0344/verklaren/", {
        "declare-agreement": Agreement.objects.get(slug="bouwsteen-digid").pk,
        "declare-complies": "1",
        "declare-evidence": "Aangesloten sinds 2010.",
        "declare-person_name": "J. de Vries",
        "declare-person_role": "CIO",
    }


WRITE_ENDPOINTS = {
    "ai:algorithm-new": (
        lambda accounts: ("/algoritmes/beheer/nieuw/?template=bm-dataprotector", {"name": "Dataprotector"}),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},  # each for their own organisation
    ),
    "ai:algorithm-import": (
        lambda accounts: (
            "/algoritmes/beheer/importeren/",
            {"json": '{"name": "Ingevoerd", "standard_version": "1.0"}'},
        ),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "ai:algorithm-edit": (
        lambda accounts: (f"/algoritmes/{utrecht_concept_algorithm().public_id}/wijzigen/", {"name": "Nieuwe naam"}),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:algorithm-move": (
        lambda accounts: (f"/algoritmes/{utrecht_concept_algorithm().public_id}/status/", {"step": "publish"}),
        {"utrecht-editor", "utrecht-admin"},
    ),
    # An algorithm's links (decision 0041): its own organisation's activities, entities Utrecht may point at.
    "ai:algorithm-links": (
        lambda accounts: (
            f"/algoritmes/{utrecht_concept_algorithm().public_id}/koppelingen/",
            {"runs_on": utrecht_entity().ref, "note": "Draait op het zaaksysteem"},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    # name: (accounts -> (URL of an object owned by gm0344, valid POST data), roles at gm0344 that may write)
    "registry:edit": (
        lambda accounts: ("/organisaties/gm0344/wijzigen/", {"oin": "00000001001589623000", "contact_email": "a@b.nl"}),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "registry:member": (_member_url, {"utrecht-admin"}),
    "signals:forward": (
        lambda accounts: (
            f"/meldingen/{utrecht_report().pk}/doorsturen/",
            {"forward-organisation": "ws0155", "forward-note": "Dit is een sloot van het waterschap."},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "signals:assign": (
        lambda accounts: (
            f"/meldingen/{utrecht_report().pk}/toewijzen/",
            {"assign-assignee": accounts["utrecht-viewer"].pk},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    # Routing rules are agreed nationally: only the programme writes them.
    "signals:rule-new": (lambda accounts: ("/meldingen/regels/nieuw/", RULE), {"programme"}),
    "signals:rule": (
        lambda accounts: (f"/meldingen/regels/{dike_rule().pk}/", {**RULE, "reason": "Dijken in de stad"}),
        {"programme"},
    ),
    "landscape:import": (_landscape_upload, {"utrecht-editor", "utrecht-admin"}),
    # Any organisation's editors run exercises, as their own; the programme runs national ones.
    "landscape:exercise-new": (
        lambda accounts: (
            "/landschap/oefeningen/nieuw/",
            {"title": "DigiD valt uit", "target": utrecht_entity() and "entity:component:shared/digid"},
        ),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"},
    ),
    # Each organisation's editors share threat intelligence as their own organisation.
    "soc:share": (
        lambda accounts: ("/dreigingsinformatie/delen/", {"bundle": green_bundle()}),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    # The agreements are national: only the programme changes them.
    "agreements:edit": (
        lambda accounts: (
            f"/afspraken/{tls_agreement().slug}/wijzigen/",
            {"status": "mandatory", "check_method": "tls", "note": "Pas toe of leg uit."},
        ),
        {"programme"},
    ),
    # Comply or explain: the organisation answers and declares for itself; the programme decides.
    "agreements:gap-answer": (
        lambda accounts: (
            f"/afspraken/dialoog/{utrecht_gap('standaard-tls', 'open').pk}/antwoord/",
            {"answer-answer": "explain", "answer-text": "Wordt vervangen."},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "agreements:gap-decide": (
        lambda accounts: (
            f"/afspraken/dialoog/{utrecht_gap('standaard-tls', 'explained').pk}/besluit/",
            {"decision-accept": "1", "decision-reason": "Aanvaard."},
        ),
        {"programme"},
    ),
    "agreements:declare": (digid_declaration, {"utrecht-editor", "utrecht-admin"}),
    # Only the owner's editors classify its algorithm under the AI Act (tests/ai/test_classification_pages.py).
    "ai:classify": (lambda accounts: (classify_url([("1.1", "Nee")]), {}), {"utrecht-editor", "utrecht-admin"}),
    "signals:status": (
        lambda accounts: (
            f"/meldingen/{utrecht_report().pk}/status/",
            {"status": "closed", "note": "Opgelost.", "audience": "public"},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:framework-profile": (
        lambda accounts: (f"/algoritmes/{utrecht_algorithm({}).public_id}/kader/profiel/", {"type": "ai-systeem"}),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:framework-instrument-save": (
        lambda accounts: (
            f"/algoritmes/{utrecht_algorithm().public_id}/kader/instrumenten/iama/opslaan/",
            {"q0": "Ja"},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:framework-item-save": (
        lambda accounts: (f"/algoritmes/{utrecht_algorithm().public_id}/kader/ver-aia-27/opslaan/", {"state": "done"}),
        {"utrecht-editor", "utrecht-admin"},
    ),
}


def national_area():
    """A priority area for AI, as the programme set it."""
    from thorbecke.ai.models import PriorityArea

    return PriorityArea.objects.get_or_create(
        slug="open-overheid", defaults={"name_nl": "Open overheid", "description_nl": "Woo-verzoeken sneller."}
    )[0]


AREA = {"slug": "open-overheid", "name_nl": "Open overheid", "description_nl": "Woo-verzoeken sneller afhandelen."}
# Reusable AI (tests/ai/test_catalogue.py): each organisation offers its own; another organisation's editors ask to
# reuse Utrecht's; Utrecht's editors decide; the programme sets the priority areas.
WRITE_ENDPOINTS |= {
    "ai:application-new": (
        lambda accounts: ("/algoritmes/hergebruik/nieuw/", NEW_APPLICATION),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "ai:application-edit": (
        lambda accounts: (
            f"/algoritmes/hergebruik/{utrecht_application().public_id}/wijzigen/",
            {**NEW_APPLICATION, "name": "Woo-assistent"},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:reuse-ask": (
        lambda accounts: (
            f"/algoritmes/hergebruik/{utrecht_application().public_id}/hergebruiken/",
            {"motivation": "Voor onze Woo-verzoeken."},
        ),
        {"amsterdam-editor", "amsterdam-admin"},
    ),
    "ai:reuse-decide": (
        lambda accounts: (
            f"/algoritmes/hergebruik/verzoeken/{(r := reuse_request()).pk}/besluit/",
            {f"r{r.pk}-decision": "accept"},
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "ai:area-new": (lambda accounts: ("/algoritmes/hergebruik/gebieden/nieuw/", AREA), {"programme"}),
    "ai:area-edit": (
        lambda accounts: (
            f"/algoritmes/hergebruik/gebieden/{national_area().slug}/wijzigen/",
            {**AREA, "name_nl": "Open overheid en Woo"},
        ),
        {"programme"},
    ),
}


def steering_indicator() -> int:
    """The steering indicators, defined; the pk of the first (algorithms in the register)."""
    from thorbecke.steering import definitions
    from thorbecke.steering.models import Indicator

    definitions.sync()
    return Indicator.objects.get(code="ai-algorithms-published").pk


def commitment_form() -> dict:
    from django.utils import timezone

    from thorbecke.steering import periods

    due = periods.shift(periods.of(timezone.localdate()), 12)
    return {"indicator": steering_indicator(), "target": "3", "due": due, "responsible_name": "A. Jansen",
            "responsible_position": "CIO", "org_type": "waterschap"}  # fmt: skip


# Steering goals (decision 0046): goals and national targets are the programme's; an organisation's editors and
# administrators commit for it, the programme for every organisation of a type.
WRITE_ENDPOINTS |= {
    "steering:goal-new": (
        lambda accounts: (
            "/sturing/doelen/nieuw/",
            {"priority": "ai", "title_nl": "Doel", "title_en": "Goal", "indicators": [steering_indicator()]},
        ),
        {"programme"},
    ),
    "steering:indicator-target": (
        lambda accounts: (
            steering_indicator()
            and ("/sturing/indicatoren/ai-algorithms-published/doel/", {"target": "10", "target_year": "2030"})
        ),
        {"programme"},
    ),
    "steering:commitment-new": (
        lambda accounts: ("/sturing/toezeggingen/nieuw/", commitment_form()),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"},
    ),
}
# Data bottlenecks (tests/steering/test_bottlenecks.py): any organisation's editors report as their own organisation;
# the programme takes every step after that.
WRITE_ENDPOINTS |= {
    "steering:bottleneck-new": (
        lambda accounts: ("/sturing/gegevensknelpunten/nieuw/", bottleneck_form(confirm="1")),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "steering:bottleneck-step": (
        lambda accounts: (f"/sturing/gegevensknelpunten/{secret_bottleneck().pk}/stap/", {"action": "triaged"}),
        {"programme"},
    ),
}

# Cloud needs (tests/cloud/test_needs.py): an organisation's editors and administrators register needs as their own
# organisation, and change and remove only its needs.
WRITE_ENDPOINTS |= {
    "cloud:need-new": (
        lambda accounts: ("/cloud/behoeften/nieuw/", need_form()),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "cloud:need-edit": (
        lambda accounts: (f"/cloud/behoeften/{secret_need().pk}/wijzigen/", need_form(title="Gewijzigd")),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "cloud:need-delete": (
        lambda accounts: (f"/cloud/behoeften/{secret_need().pk}/verwijderen/", {}),
        {"utrecht-editor", "utrecht-admin"},
    ),
}


def _steering_initiative():
    from tests.steering.test_agenda import utrecht_initiative

    return utrecht_initiative()


def _steering_meeting():
    from tests.steering.test_committee import committee_meeting

    return committee_meeting()


def _utrecht_open_action():
    from thorbecke.steering.models import Action

    _steering_meeting()
    return Action.objects.get(text="Geheime actie onderhandelen")


def _new_initiative(accounts):
    from tests.steering.test_agenda import form_data

    _steering_initiative()  # the indicators are defined
    return "/sturing/investeringsagenda/nieuw/", form_data(
        title="Nieuw initiatief", **{"co_funders-0-organisation": "pv26"}
    )


# The investment agenda (tests/steering/test_agenda.py): each organisation's editors add and change their own
# initiatives; the programme sets their status. The Steering Committee (test_committee.py): the programme records
# meetings, decisions and actions; the owner of an action marks it done.
WRITE_ENDPOINTS |= {
    "steering:initiative-new": (
        _new_initiative,
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "steering:initiative-edit": (
        lambda accounts: (
            f"/sturing/investeringsagenda/{_steering_initiative().pk}/wijzigen/",
            _new_initiative(accounts)[1]
            | {
                "title": "Ander initiatief",
                "costs-0-year": "2029",
                "costs-1-year": "2030",
                "effects-TOTAL_FORMS": "0",
                "co_funders-TOTAL_FORMS": "0",
            },
        ),
        {"utrecht-editor", "utrecht-admin"},
    ),
    "steering:initiative-status": (
        lambda accounts: (f"/sturing/investeringsagenda/{_steering_initiative().pk}/status/", {"status": "approved"}),
        {"programme"},
    ),
    "steering:meeting-new": (
        lambda accounts: (
            "/sturing/stuurgroep/nieuw/",
            {"held_on": "2026-12-01", "title": "Stuurgroep", "present": "gm0344 pv26", "items": "Opening"},
        ),
        {"programme"},
    ),
    "steering:decision-new": (
        lambda accounts: (
            f"/sturing/stuurgroep/{_steering_meeting().pk}/besluit/",
            {"text": "Besloten", "reasoning": "Omdat het kan."},
        ),
        {"programme"},
    ),
    "steering:action-new": (
        lambda accounts: (
            f"/sturing/stuurgroep/besluiten/{_utrecht_open_action().decision_id}/actie/",
            {"text": "Uitwerken", "organisation": "gm0344", "deadline": "2027-01-31"},
        ),
        {"programme"},
    ),
    "steering:action-done": (
        lambda accounts: (f"/sturing/stuurgroep/acties/{_utrecht_open_action().pk}/gedaan/", {}),
        {"utrecht-editor", "utrecht-admin"},
    ),
}


def _cloud_provider():
    from thorbecke.cloud.models import Provider

    return Provider.objects.get_or_create(
        name="Polder Cloud BV", defaults={"country": "NL", "added_by": Organisation.objects.get(code="gm0344")}
    )[0]


def _cloud_offering():
    """Utrecht's own entry in the catalogue."""
    from tests.cloud.builders import offering
    from thorbecke.cloud.models import Offering

    return Offering.objects.filter(name="Utrechtse Wolk").first() or offering(
        "Utrechtse Wolk", by=_cloud_provider(), added_by=Organisation.objects.get(code="gm0344")
    )


def _cloud_offering_form(name: str) -> dict:
    from tests.cloud.test_catalogue_pages import offering_form

    return offering_form(_cloud_provider().pk, name=name)


# The cloud catalogue (tests/cloud/test_catalogue_pages.py): staff of any organisation (and the programme at its own
# seat) add providers and offerings as their own; only the owner's editors and administrators change an offering.
CATALOGUE_WRITERS = {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"}
WRITE_ENDPOINTS |= {
    "cloud:provider-new": (
        lambda accounts: ("/cloud/aanbieders/nieuw/", {"name": "Nieuwe Wolk BV", "country": "NL"}),
        CATALOGUE_WRITERS,
    ),
    "cloud:offering-new": (
        lambda accounts: ("/cloud/aanbod/nieuw/", _cloud_offering_form("Nieuwe dienst")),
        CATALOGUE_WRITERS,
    ),
    "cloud:offering-edit": (
        lambda accounts: (f"/cloud/aanbod/{_cloud_offering().pk}/wijzigen/", _cloud_offering_form("Andere naam")),
        {"utrecht-editor", "utrecht-admin"},
    ),
}
READ_ONLY = {
    "cloud:home",  # what each part of cloud is for
    "cloud:offerings",  # the catalogue is public: offerings, their providers and assessments
    "cloud:offering",
    "steering:bottlenecks",  # the public register: triaged as public only (tests/registry/test_private_reads.py)
    "steering:indicators",
    "steering:indicator",
    "steering:goals",
    "steering:commitments",
    "steering:committee",
    "steering:laws",
    "steering:law",
    "steering:dashboard",
    "steering:priority",
    # Public; what the meeting, the actions and an initiative show each reader: tests/registry/test_private_reads.py
    "steering:agenda",
    "steering:agenda-cost-benefit",
    "steering:agenda-joint",
    "steering:initiative",
    "steering:meetings",
    "steering:meeting",
    "steering:actions",
    "services:home",
    "services:search",
    "services:product",
    "services:life-events",
    "services:life-event",
    "registry:list",
    "registry:detail",
    "ai:framework",
    "ai:framework-requirement",
    "reporting:report",
    "reporting:figures",
    "reporting:outline",
    "reporting:place",
    "agreements:list",
    "agreements:detail",
    "agreements:scorecard",
    "agreements:scorecard-csv",
    "agreements:scorecard-json",
    "agreements:gaps",
    "agreements:gap",
    "agreements:organisation",
    "agreements:scans",
    "agreements:scans-json",
    "proactive:non-take-up",
    "ai:register",
    "ai:register-json",
    "ai:register-csv",
    "ai:catalogue",
    "ai:area",
    "ai:application",  # public; what it shows each reader: tests/registry/test_private_reads.py
}
# Pages only some people may see: (URL at gm0344, who may see it)
RESTRICTED_PAGES = {
    "registry:members": ("/organisaties/gm0344/medewerkers/", {"utrecht-admin"}),
    # A report is seen by the staff of the organisation it was routed to, and by no one else.
    "signals:detail": (
        lambda: f"/meldingen/{utrecht_report().pk}/",
        {"utrecht-editor", "utrecht-viewer", "utrecht-admin"},
    ),
    "signals:photo": (utrecht_photo_url, {"utrecht-editor", "utrecht-viewer", "utrecht-admin"}),
    "signals:rules": ("/meldingen/regels/", {"programme"}),
    # Everyone on staff sees the list of their own organisation's reports.
    "signals:list": (
        "/meldingen/",
        {"utrecht-editor", "utrecht-viewer", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"},
    ),
}
# The landscape shows where the government is vulnerable: staff only. An organisation's own entities and exercises
# are for its own staff and the programme; the national analysis and shared blocks for all staff (what each page
# shows of other organisations: tests/registry/test_private_reads.py).
ALL_STAFF = {"utrecht-editor", "utrecht-viewer", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"}
UTRECHT_AND_PROGRAMME = {"utrecht-editor", "utrecht-viewer", "utrecht-admin", "programme"}
RESTRICTED_PAGES |= {
    "landscape:overview": ("/landschap/", ALL_STAFF),
    "landscape:organisation": ("/landschap/gm0344/", UTRECHT_AND_PROGRAMME),
    "landscape:export": ("/landschap/gm0344/cyclonedx.json", UTRECHT_AND_PROGRAMME),
    "landscape:entity": (lambda: f"/landschap/entiteiten/{utrecht_entity().pk}/", UTRECHT_AND_PROGRAMME),
    "landscape:exercises": ("/landschap/oefeningen/", ALL_STAFF),
    "landscape:pqc": ("/landschap/pqc/", ALL_STAFF),
    "soc:list": ("/dreigingsinformatie/", ALL_STAFF),
    # An organisation's own list, seen by its staff of every role (the programme sees its own organisation's).
    "ai:own": ("/algoritmes/beheer/", ALL_STAFF),
    "ai:algorithm": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}/",
        UTRECHT_AND_PROGRAMME - {"programme"},
    ),
    "ai:algorithm-json": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}.json",
        UTRECHT_AND_PROGRAMME - {"programme"},
    ),
    "ai:algorithm-csv": (
        lambda: f"/algoritmes/{utrecht_concept_algorithm().public_id}.csv",
        UTRECHT_AND_PROGRAMME - {"programme"},
    ),
    "landscape:exercise": (lambda: f"/landschap/oefeningen/{digid_exercise().pk}/", UTRECHT_AND_PROGRAMME),
    "ai:classification-review": ("/algoritmes/classificaties/", ALL_STAFF),  # each sees its own organisation's
    "ai:framework-checklist": (lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/", UTRECHT_AND_PROGRAMME),
    "ai:framework-item": (
        lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/ver-aia-27/",
        UTRECHT_AND_PROGRAMME,
    ),
    "ai:framework-instrument": (
        lambda: f"/algoritmes/{utrecht_algorithm().public_id}/kader/instrumenten/iama/",
        UTRECHT_AND_PROGRAMME,
    ),
    # An organisation's own steering page: our commitments, our indicators, our gaps.
    "steering:organisation": ("/sturing/organisaties/gm0344/", UTRECHT_AND_PROGRAMME),
    # An organisation's digital legislation: its own staff and the programme (issue 25).
    "steering:organisation-legislation": ("/sturing/wetgeving/organisaties/gm0344/", UTRECHT_AND_PROGRAMME),
}
# A bottleneck not (yet) public is for the reporting organisation, its parties and the programme.
RESTRICTED_PAGES |= {
    "steering:bottlenecks-own": ("/sturing/gegevensknelpunten/eigen/", ALL_STAFF),
    "steering:bottleneck": (lambda: f"/sturing/gegevensknelpunten/{secret_bottleneck().pk}/", UTRECHT_AND_PROGRAMME),
}
# A cloud need is its organisation's: its staff and the programme (the list shows each its own; the programme all).
RESTRICTED_PAGES |= {
    "cloud:needs": ("/cloud/behoeften/", ALL_STAFF),
    "cloud:need": (lambda: f"/cloud/behoeften/{secret_need().pk}/", UTRECHT_AND_PROGRAMME),
}


def cloud_bundle_form() -> dict:
    """Two needs of Utrecht and Amsterdam that add up, to pool."""
    from tests.cloud.builders import need

    return {"title": "Samen inkopen", "needs": [need("gm0344").pk, need("gm0363").pk]}


# Pooled cloud demand (tests/cloud/test_pooling_pages.py): the programme's alone, as the cells lead to each
# organisation's needs and a bundle names its members.
WRITE_ENDPOINTS |= {
    "cloud:bundle-new": (lambda accounts: ("/cloud/vraagbundeling/bundels/nieuw/", cloud_bundle_form()), {"programme"}),
}
RESTRICTED_PAGES |= {
    "cloud:pooling": ("/cloud/vraagbundeling/", {"programme"}),
    "cloud:bundle": (lambda: f"/cloud/vraagbundeling/bundels/{pooled_bundle().pk}/", {"programme"}),
}
# Cloud: out of the public cloud and contracts are for staff only; each sees its own organisation's (what each
# shows of others: tests/registry/test_private_reads.py). Each organisation's editors add their own contracts.
RESTRICTED_PAGES |= {
    "cloud:public-cloud-exit": ("/cloud/uit-de-publieke-cloud/", ALL_STAFF),
    "cloud:contracts": ("/cloud/contracten/", ALL_STAFF),
}
WRITE_ENDPOINTS |= {
    "cloud:contract-new": (
        lambda accounts: (
            "/cloud/contracten/nieuw/",
            {
                "product": "Kantoor 365",
                "supplier": "Wolk BV",
                "annual_value_eur": "1000",
                "starts_on": "2026-01-01",
                "ends_on": "2027-12-31",
                "terms": "EUR 10 per gebruiker per maand",
            },
        ),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
}


def _pool_assignment():
    from tests.workforce.test_pools import utrecht_pool_assignment

    return utrecht_pool_assignment()


def pool_assignment_form() -> dict:
    return {"title": "Ontwikkelaar gezocht", "description": "Drie maanden.", "hours_per_week": "16",
            "starts_on": (date.today() + timedelta(days=30)).isoformat(), "region": "pv26", "languages": ["nl"],
            "c_B_1": "2!"}  # fmt: skip


# The open pool (tests/workforce/test_pool_privacy.py): any organisation's editors and administrators post
# assignments as their own organisation, and close only its own; all staff see the assignments, without candidates.
WRITE_ENDPOINTS |= {
    "workforce:pool-assignment-new": (
        lambda accounts: ("/vakmanschap/talentpool/opdrachten/nieuw/", pool_assignment_form()),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "workforce:pool-assignment-close": (
        lambda accounts: (f"/vakmanschap/talentpool/opdrachten/{_pool_assignment().pk}/sluiten/", {}),
        {"utrecht-editor", "utrecht-admin"},
    ),
}
RESTRICTED_PAGES |= {
    "workforce:pool": ("/vakmanschap/talentpool/", ALL_STAFF),
    "workforce:pool-assignment": (lambda: f"/vakmanschap/talentpool/opdrachten/{_pool_assignment().pk}/", ALL_STAFF),
}
# A pool member's own profile (join, change, export, delete, who opened it), scoped to the signed-in person, and
# opening a candidate (logged for the member): every actor against every read in tests/workforce/test_pool_privacy.py.
POOL_OWN = {"workforce:pool-profile", "workforce:pool-export", "workforce:pool-delete", "workforce:pool-views"}
POOL_OWN |= {"workforce:pool-candidate"}

SESSION = {"web:sign-in", "web:sign-out", "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}
SESSION |= {"eherkenning_authentication_init", "eherkenning_authentication_callback"}
# A citizen's own pages: scoped to the signed-in person, tested with two people in tests/services/test_citizens.py
CITIZEN_OWN = {"services:my-page", "services:message"}  # authentication itself, not changes to owned objects


def url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api-v1":
                continue  # the API has no write operation; test_api checks it answers 405
            yield from url_names(entry, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


# Open311 GeoReport v2 (JSON and XML for machines): reading is public, posting needs an api_key, which
# is tied to a client, not to an organisation's staff (tested in tests/signals/test_open311.py).
OPEN311 = {f"open311:{name}" for name in ("discovery", "services", "service", "requests", "request", "token")}
# Its OpenAPI document, and the 404 error list for any other path under /open311/v2/: public, and they read nothing.
OPEN311 |= {"open311:openapi", "open311:not-found"}
# TAXII 2.1 for security tools: reading follows TLP, writing needs an organisation's token (tests/soc).
TAXII = {f"taxii:{name}" for name in ("discovery", "api-root", "collections", "collection", "objects", "manifest")}
TAXII |= {"taxii:object", "taxii:versions", "taxii:status"}


# Starting a scan is the programme's alone; every other role gets 403 (tested in tests/agreements/test_scan_now.py,
# where the scan it starts is kept from the network).
PROGRAMME_ACTIONS = {"agreements:scan-start"}
# Setting an OIN likewise, and the national log of roles and access (tests/registry/test_oin_authority.py and
# test_roles.py).
PROGRAMME_ACTIONS |= {"registry:oin", "registry:staff-changes"}
# Computing the steering indicators now (tests/steering/test_dashboard.py).
PROGRAMME_ACTIONS |= {"steering:compute-now"}
# Publishing a version of the cloud definitions, from the repository or an uploaded file (tests/cloud/
# test_definitions_pages.py); the definitions and the sovereignty framework are public pages.
PROGRAMME_ACTIONS |= {"cloud:definitions-publish", "cloud:definitions-upload"}
READ_ONLY |= {"cloud:definitions", "cloud:sovereignty"}
# Publishing a profile set of the competence model (tests/workforce/test_competences_pages.py); the model, its
# archetypes and the front page are public pages.
PROGRAMME_ACTIONS |= {"workforce:competences-upload"}
READ_ONLY |= {"workforce:home", "workforce:competences", "workforce:archetypes"}
# The course catalogue (tests/workforce/test_courses_pages.py): public search, courses and learning paths; the
# programme alone uploads courses. AI literacy is each organisation's own: its staff see it (the programme also the
# national count), its editors and administrators record it for their own organisation.
PROGRAMME_ACTIONS |= {"workforce:courses-upload"}
READ_ONLY |= {"workforce:courses", "workforce:course", "workforce:learning-paths"}
RESTRICTED_PAGES |= {"workforce:ai-literacy": ("/vakmanschap/ai-geletterdheid/", ALL_STAFF)}


def ai_in_use():
    """An algorithm in use at Utrecht (a concept, so not public) and at Amsterdam."""
    from thorbecke.ai.models import Algorithm

    for code, name in (("gm0344", "Geheim AI-systeem"), ("gm0363", "Afvalroutes")):
        Algorithm.objects.get_or_create(
            organisation=Organisation.objects.get(code=code), name=name,
            defaults={"development_status": "In gebruik", "lifecycle": "concept"},
        )  # fmt: skip
    return True


WRITE_ENDPOINTS |= {
    "workforce:ai-literacy-record": (
        lambda accounts: ai_in_use() and (
            "/vakmanschap/ai-geletterdheid/vastleggen/",
            {"measured_on": "2026-11-01", "staff_operating": "10", "staff_trained": "4", "measure": "Workshop"},
        ),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},  # each for its own organisation
    ),
}  # fmt: skip


def _workforce_upload() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.workforce.test_reports import line
    from thorbecke.workforce import reports

    row = ",".join(str(found) for found in line().values())
    text = reports.template_csv() + row + "\r\n"
    return {"year": "2026", "file": SimpleUploadedFile("report.csv", text.encode(), content_type="text/csv")}


# Workforce reports (tests/workforce/test_reports_pages.py): an organisation's editors and administrators submit its
# own yearly report; the programme marks core profiles and publishes a year (decision 0061). The national views, the
# shortages, the in-house/hired view, the publications and the CSV template are public: every figure in them is a
# cell of the protected cube as published (decisions 0057, 0061).
WRITE_ENDPOINTS |= {
    "workforce:reports-upload": (
        lambda accounts: ("/vakmanschap/rapportages/uploaden/", _workforce_upload()),
        {"utrecht-editor", "utrecht-admin", "amsterdam-editor", "amsterdam-admin"},
    ),
    "workforce:sourcing-core": (
        lambda accounts: ("/vakmanschap/inzicht/inhuur/kern/", {"profile": "cwa-16458:6", "reason": "Eigen software"}),
        {"programme"},
    ),
    "workforce:publish": (
        lambda accounts: ("/vakmanschap/inzicht/publicaties/publiceren/", {"year": _workforce_report().year}),
        {"programme"},
    ),
}
RESTRICTED_PAGES |= {
    "workforce:reports": ("/vakmanschap/rapportages/", ALL_STAFF),
    "workforce:report": (lambda: f"/vakmanschap/rapportages/{_workforce_report().pk}/", UTRECHT_AND_PROGRAMME),
}
READ_ONLY |= {"workforce:insight", "workforce:shortages", "workforce:sourcing", "workforce:reports-template"}
READ_ONLY |= {"workforce:publications"}  # the programme's button posts to workforce:publish


def _workforce_report():
    from tests.workforce.test_reports_pages import secret_report

    return secret_report()


# Anyone may report and follow a report; the survey answers to a signed code that only the reporter
# receives (tested in tests/signals/test_reporting.py and test_handling.py).
PUBLIC_REPORTING = {
    "reporting:new",
    "reporting:follow",
    "reporting:survey",
    "reporting:follow-confirm",
    "reporting:unfollow",
}


def test_every_url_is_classified():
    classified = set(WRITE_ENDPOINTS) | READ_ONLY | set(RESTRICTED_PAGES) | SESSION | CITIZEN_OWN | OPEN311
    classified |= POOL_OWN
    classified |= PUBLIC_REPORTING | TAXII | PROGRAMME_ACTIONS
    assert set(url_names()) == classified


EVERYONE = ["utrecht-editor", "utrecht-viewer", "utrecht-admin", "amsterdam-editor", "amsterdam-admin", "programme"]


@pytest.mark.parametrize("name", sorted(WRITE_ENDPOINTS))
@pytest.mark.parametrize("username", EVERYONE)
def test_only_the_owners_write_roles_change_anything(client, accounts, name, username):
    make, writers = WRITE_ENDPOINTS[name]
    url, data = make(accounts)
    client.login(username=username, password=PASSWORD)
    before = snapshot()
    if username in writers:
        assert client.post(url, data).status_code == 302
        assert snapshot() != before
    else:
        assert client.get(url).status_code in (403, 404, 405)
        assert client.post(url, data).status_code in (403, 404)
        assert snapshot() == before


@pytest.mark.parametrize("name", sorted(WRITE_ENDPOINTS))
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, accounts, name):
    url, data = WRITE_ENDPOINTS[name][0](accounts)
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 302 and "/aanmelden/" in response["Location"]
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(RESTRICTED_PAGES))
@pytest.mark.parametrize("username", EVERYONE)
def test_restricted_pages_are_shown_only_to_those_allowed(client, accounts, name, username):
    url, allowed = RESTRICTED_PAGES[name]
    url = url() if callable(url) else url
    client.login(username=username, password=PASSWORD)
    # Refused (403), or as absent as what does not exist (404) where even its existence is not for them.
    assert client.get(url).status_code in ((200,) if username in allowed else (403, 404))


def test_permission_layer_decides_from_the_owning_organisation(accounts):
    utrecht, amsterdam = Organisation.objects.get(code="gm0344"), Organisation.objects.get(code="gm0363")
    assert can_change(accounts["utrecht-editor"], utrecht)
    assert not can_change(accounts["utrecht-editor"], amsterdam)
    assert not can_change(accounts["utrecht-viewer"], utrecht)
    assert not can_change(accounts["programme"], utrecht)
    assert list(changeable(accounts["amsterdam-admin"], Organisation.objects.all())) == [amsterdam]
    assert not changeable(accounts["programme"], Organisation.objects.all()).exists()


def test_only_the_programme_changes_national_agreements(accounts):
    class Agreement:  # the shape of a programme-owned object, as the agreements app will define it
        programme_owned = True
        pk = 1

    assert can_change(accounts["programme"], Agreement())
    assert not can_change(accounts["amsterdam-admin"], Agreement())


def test_only_administrators_manage_staff(accounts):
    utrecht = Organisation.objects.get(code="gm0344")
    assert can_manage_members(accounts["utrecht-admin"], utrecht)
    assert not can_manage_members(accounts["utrecht-editor"], utrecht)
    assert not can_manage_members(accounts["amsterdam-admin"], utrecht)
    assert not can_manage_members(accounts["programme"], utrecht)


def test_inactive_users_change_nothing(accounts):
    user = accounts["utrecht-editor"]
    user.is_active = False
    assert not can_change(user, Organisation.objects.get(code="gm0344"))
