"""Data bottlenecks: reported with the law as wetten.overheid.nl identifiers, matched against open reports and
precedents before filing, triaged, handled, escalated and decided by the programme on a clock per stage, and shown
in the public register once triaged as public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD
from thorbecke.registry.models import Organisation
from thorbecke.steering import bottlenecks as rules
from thorbecke.steering.bottleneck_matching import similar
from thorbecke.steering.laws import LawError, parse, parse_many
from thorbecke.steering.models import Bottleneck, BottleneckStep

pytestmark = pytest.mark.django_db

AWIR_49H = "jci1.3:c:BWBR0018472&artikel=49h"
TAX = "rijk-belastingdienst"
PRECEDENT = {
    "title": "Gemeenten krijgen geen gegevens van gedupeerde ouders van de toeslagenaffaire",
    "description": "De Belastingdienst/Toeslagen mag de namen en adressen van gedupeerde ouders niet aan de gemeente "
    "geven: de wet kent geen grondslag. De gemeente kan ouders daardoor niet zelf benaderen.",
    "effect": "Ouders krijgen later of geen hulp bij wonen, inkomen, schulden en zorg.",
    "kind": "legal",
    "da_type": "rechtmatigheid",
    "data_description": "Namen en adressen van gedupeerde ouders (Belastingdienst/Toeslagen)",
    "process": "Hulp aan gedupeerden van de hersteloperatie toeslagen",
    "laws": [AWIR_49H],
}
# The same bottleneck in other words; and another one entirely.
PARAPHRASE = (
    "Toeslagen deelt gegevens van gedupeerden niet met ons",
    "Wij willen gedupeerde ouders in onze gemeente actief hulp aanbieden, maar UHT levert ons hun gegevens niet.",
    "Gezinnen wachten onnodig lang op ondersteuning.",
)
IN_ENGLISH = (
    "Affected parents data not shared with municipality",
    "The tax office benefits department does not give us the addresses of parents harmed by the childcare "
    "benefits scandal, so we cannot reach out.",
    "Families wait for help.",
)
UNRELATED = (
    "Adresgegevens BAG en BRP lopen uiteen",
    "De adressen in de basisregistraties verschillen, waardoor brieven niet aankomen.",
    "Mensen missen post van de overheid.",
)


def file(code: str = "gm0599", **changes) -> Bottleneck:
    """A bottleneck reported by ``code`` with the Belastingdienst as a party."""
    organisation = Organisation.objects.get(code=code)
    return rules.report(organisation, None, [Organisation.objects.get(code=TAX)], **(PRECEDENT | changes))


def decided_precedent(programme=None) -> Bottleneck:
    """The toeslagen bottleneck, triaged as public and decided: a precedent."""
    found = Bottleneck.objects.filter(title=PRECEDENT["title"], precedent=True).first()
    if found:
        return found
    bottleneck = file()
    rules.move(bottleneck, "triaged", programme)
    rules.move(bottleneck, "decided", programme, decision="Delen met toestemming van de ouder (artikel 49h Awir).",
               reasoning="De wet geeft sinds het amendement-Lodders een grondslag, met toestemming van de ouder.")
    return Bottleneck.objects.get(pk=bottleneck.pk)


def secret_bottleneck() -> Bottleneck:
    """Utrecht's report the programme has not triaged: for Utrecht, its parties and the programme only."""
    found = Bottleneck.objects.filter(title="Geheim knelpunt").first()
    return found or file("gm0344", title="Geheim knelpunt", description="Geheime beschrijving van het knelpunt.")


def test_law_identifiers_are_checked_by_form_and_written_one_way():
    assert parse("bwbr0018472").reference == "BWBR0018472"
    assert parse("BWBR0018472/Artikel 49h").reference == AWIR_49H
    law = parse("jci1.3:c:BWBR0002221&hoofdstuk=II&artikel=6&z=2025-01-01&g=2025-01-01")
    assert law.bwb_id == "BWBR0002221"
    assert parse(AWIR_49H).url == "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel=49h"
    assert [x.reference for x in parse_many("BWBR0018472\nBWBR0018472; BWBR0015703")] == ["BWBR0018472", "BWBR0015703"]
    for wrong in ("AVG", "BWBR001847", "BWBX0018472", "jci1.3:c:BWBR0018472&kamer=2", "jci1.3:c:BWBR0018472&z=1-1"):
        with pytest.raises(LawError):
            parse(wrong)


def form(**changes):
    data = {
        "title": PARAPHRASE[0], "description": PARAPHRASE[1], "effect": PARAPHRASE[2], "language": "nl",
        "kind": "legal",
        "da_type": "rechtmatigheid", "data_service": "", "data_description": "Gegevens van gedupeerde ouders",
        "parties": [], "life_event": "", "process": "Hulp aan gedupeerde ouders", "laws": "BWBR0018472/Artikel 49h",
    }  # fmt: skip
    return data | changes


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"laws": "Awir artikel 49h"}, "laws"),
        ({"data_description": ""}, "data_description"),
        ({"process": ""}, "process"),
        ({"da_type": "onbekend"}, "da_type"),
        ({"kind": "political"}, "kind"),
        ({"parties": ["no-such-organisation"]}, "parties"),
        ({"effect": " "}, "effect"),
        ({"obligation": "no-such-obligation"}, "obligation"),
        ({"language": "fr"}, "language"),
    ],
)
def test_a_malformed_bottleneck_is_refused_with_its_field_named_and_changes_nothing(client, accounts, changes, field):
    client.login(username="utrecht-editor", password=PASSWORD)
    response = client.post("/sturing/gegevensknelpunten/nieuw/", form(**changes, confirm="1"))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Bottleneck.objects.exists() and not BottleneckStep.objects.exists()


def test_a_known_precedent_is_shown_with_its_reasons_before_filing_then_the_report_is_filed(client, accounts):
    precedent = decided_precedent(accounts["programme"])
    client.login(username="utrecht-editor", password=PASSWORD)
    checked = client.post("/sturing/gegevensknelpunten/nieuw/", form())
    assert checked.status_code == 200 and Bottleneck.objects.count() == 1, "checking files nothing"
    (match,) = checked.context["matches"]
    assert match.bottleneck == precedent
    text = checked.content.decode()
    assert "a similar description" not in text  # the page is Dutch
    assert "een vergelijkbare beschrijving" in text and "dezelfde wet (BWBR0018472)" in text
    filed = client.post("/sturing/gegevensknelpunten/nieuw/", form(confirm="1"))
    bottleneck = Bottleneck.objects.exclude(pk=precedent.pk).get()
    assert filed.status_code == 302 and filed["Location"] == f"/sturing/gegevensknelpunten/{bottleneck.pk}/"
    assert bottleneck.organisation.code == "gm0344" and bottleneck.laws == [AWIR_49H]
    assert list(bottleneck.parties.values_list("code", flat=True)) == ["gm0344"]
    assert [s.action for s in bottleneck.steps.all()] == ["reported"]


def test_matching_finds_by_text_data_and_law_and_not_what_is_unlike(register):
    precedent = decided_precedent()
    by_text = similar("\n".join(PARAPHRASE))
    assert [m.bottleneck for m in by_text] == [precedent] and by_text[0].similarity >= 0.9
    # Across languages the text alone does not match; the law does.
    assert similar("\n".join(IN_ENGLISH)) == []
    (by_law,) = similar("\n".join(IN_ENGLISH), laws=["BWBR0018472"])
    assert by_law.bottleneck == precedent and len(by_law.reasons) == 1
    assert similar("\n".join(UNRELATED), laws=["BWBR0015703"]) == []


def test_another_organisations_report_is_matched_only_once_triaged_as_public(register):
    waiting = file("gm0363")
    utrecht = Organisation.objects.get(code="gm0344").pk
    assert similar("\n".join(PARAPHRASE), organisation_id=utrecht) == []
    assert [m.bottleneck for m in similar("\n".join(PARAPHRASE), organisation_id=waiting.organisation_id)] == [waiting]
    rules.move(waiting, "triaged", None)
    assert [m.bottleneck for m in similar("\n".join(PARAPHRASE), organisation_id=utrecht)] == [waiting]


def test_the_programme_triages_escalates_and_decides_on_a_clock_per_stage(client, accounts):
    bottleneck = file()
    client.login(username="programme", password=PASSWORD)
    url = f"/sturing/gegevensknelpunten/{bottleneck.pk}/stap/"
    assert client.post(url, {"action": "escalated", "note": "Te vroeg"}).status_code == 400, "not yet triaged"
    assert client.post(url, {"action": "triaged", "public": "on"}).status_code == 302
    assert client.post(url, {"action": "escalated", "note": ""}).status_code == 400, "escalation needs a reason"
    assert client.post(url, {"action": "escalated", "note": "Vraagt een wetswijziging."}).status_code == 302
    refused = client.post(url, {"action": "decided", "decision": "Delen met toestemming.", "reasoning": ""})
    assert refused.status_code == 400 and "reasoning" in refused.context["step_form"].errors
    assert Bottleneck.objects.get(pk=bottleneck.pk).stage == "commission", "a refused step changes nothing"
    assert client.post(url, {"action": "decided", "decision": "Delen met toestemming.",
                             "reasoning": "Artikel 49h Awir."}).status_code == 302  # fmt: skip
    bottleneck.refresh_from_db()
    assert bottleneck.stage == "decided" and bottleneck.precedent and bottleneck.public
    steps = list(bottleneck.steps.values_list("action", "stage", "by__username"))
    assert steps == [("reported", "reported", None), ("triaged", "handling", "programme"),
                     ("escalated", "commission", "programme"), ("decided", "decided", "programme")]  # fmt: skip
    assert [c.stage for c in rules.clocks(bottleneck)] == ["reported", "handling", "commission"]
    assert not any(c.late or c.running for c in rules.clocks(bottleneck))


def test_a_stage_past_its_service_level_is_visibly_late(client, accounts):
    bottleneck = file()
    assert not rules.is_late(bottleneck)
    fifteen_days_ago = timezone.now() - timedelta(days=15)
    Bottleneck.objects.filter(pk=bottleneck.pk).update(stage_since=fifteen_days_ago)
    BottleneckStep.objects.filter(bottleneck=bottleneck).update(at=fifteen_days_ago)
    bottleneck.refresh_from_db()
    assert rules.is_late(bottleneck), "triage takes 14 calendar days"
    (clock,) = rules.clocks(bottleneck)
    assert clock.late and clock.running and clock.due == fifteen_days_ago + timedelta(days=14)
    client.login(username="programme", password=PASSWORD)
    page = client.get(f"/en/steering/data-bottlenecks/{bottleneck.pk}/").content.decode()
    assert "late: past its service level" in page
    queue = client.get("/en/steering/data-bottlenecks/ours/").content.decode()
    assert "<strong>late</strong>" in queue


def test_a_report_is_for_its_parties_until_triaged_as_public(client, accounts):
    secret = secret_bottleneck()
    url = f"/sturing/gegevensknelpunten/{secret.pk}/"
    for who, status in (("utrecht-viewer", 200), ("programme", 200), ("amsterdam-editor", 404), (None, 404)):
        client.logout()
        if who:
            client.login(username=who, password=PASSWORD)
        assert client.get(url).status_code == status, who
    client.logout()
    assert "Geheim knelpunt" not in client.get("/sturing/gegevensknelpunten/").content.decode()
    rules.move(secret, "triaged", accounts["programme"], note="")
    public = client.get(url).content.decode()
    assert "Geheim knelpunt" in public and "programme" not in public, "staff names stay off the public record"
    assert "Geheim knelpunt" in client.get("/sturing/gegevensknelpunten/").content.decode()


def test_a_report_kept_out_of_the_register_at_triage_stays_out(client, accounts):
    kept = file()
    rules.move(kept, "triaged", accounts["programme"], public=False)
    assert client.get(f"/sturing/gegevensknelpunten/{kept.pk}/").status_code == 404


def test_the_api_gives_the_public_register_with_its_decisions_and_nothing_else(client, register):
    precedent = decided_precedent()
    secret_bottleneck()
    listing = client.get("/api/v1/data-bottlenecks").json()
    assert [b["id"] for b in listing["results"]] == [precedent.pk], "a report not triaged is not public"
    (entry,) = listing["results"]
    assert entry["precedent"] and entry["reasoning"].startswith("De wet geeft")
    assert entry["laws"] == [{"reference": AWIR_49H, "bwbId": "BWBR0018472",
                              "url": "https://wetten.overheid.nl/jci1.3:c:BWBR0018472&artikel=49h"}]  # fmt: skip
    assert client.get("/api/v1/data-bottlenecks?law=BWBR0018472").json()["count"] == 1
    assert client.get("/api/v1/data-bottlenecks?law=BWBR0015703").json()["count"] == 0
    refused = client.get("/api/v1/data-bottlenecks?law=Awir")
    assert refused.status_code == 400 and refused.json()["invalidParams"][0]["name"] == "law"
    assert client.get(f"/api/v1/data-bottlenecks/{secret_bottleneck().pk}").status_code == 404


def incomes_service() -> str:
    """The Belastingdienst's incomes service in the data system's directory; its key."""
    from thorbecke.exchange.models import DataService, Peer, ProcessingActivity

    tax = Organisation.objects.get(code=TAX)
    activity = ProcessingActivity.objects.create(
        organisation=tax, slug="inkomens", name_nl="Inkomens", name_en="Incomes", purpose_nl="p", purpose_en="p",
        legal_basis="Awr", legal_basis_url="https://wetten.overheid.nl/BWBR0002320", retention="7 jaar",
    )  # fmt: skip
    peer = Peer.objects.create(organisation=tax, peer_id="00000001003214345000", manager_address="https://x")
    DataService.objects.create(
        peer=peer, name="inkomens", inway_address="https://x", activity=activity, title_nl="Inkomensgegevens",
        title_en="Income data", description_nl="d", description_en="d",
    )  # fmt: skip
    return f"{TAX}/inkomens"


def test_the_data_comes_from_the_directory_and_matches_on_the_same_service(client, accounts):
    key = incomes_service()
    earlier = file(data_service=key, data_description="")
    rules.move(earlier, "triaged", None)
    client.login(username="utrecht-editor", password=PASSWORD)
    assert f'value="{key}"' in client.get("/en/steering/data-bottlenecks/new/").content.decode()
    checked = client.post("/en/steering/data-bottlenecks/new/", form(
        title=UNRELATED[0], description=UNRELATED[1], effect=UNRELATED[2], data_service=key, data_description="",
        laws="",
    ))  # fmt: skip
    (match,) = checked.context["matches"]
    assert match.bottleneck == earlier and match.reasons == [f"the same data service ({key})"]
    page = client.get(f"/en/steering/data-bottlenecks/{earlier.pk}/").content.decode()
    assert "Income data (Belastingdienst" in page


def test_a_legal_bottleneck_points_at_the_obligation_it_concerns(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    filed = client.post("/sturing/gegevensknelpunten/nieuw/", form(obligation="ai-act-4", confirm="1"))
    bottleneck = Bottleneck.objects.get()
    assert filed.status_code == 302 and bottleneck.obligation == "ai-act-4"
    page = client.get(f"/sturing/gegevensknelpunten/{bottleneck.pk}/").content.decode()
    assert 'href="/sturing/wetgeving/ai-act/#ai-act-4"' in page


def test_a_report_is_marked_with_the_language_it_is_written_in(client, accounts):
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post("/sturing/gegevensknelpunten/nieuw/", form(language="en", title="Addresses withheld", confirm="1"))
    bottleneck = Bottleneck.objects.get()
    page = client.get(f"/sturing/gegevensknelpunten/{bottleneck.pk}/").content.decode()
    assert '<h1 class="utrecht-heading-1" lang="en">Addresses withheld</h1>' in page
