"""Comply or explain, end to end through the pages: a measured failure opens a gap and a notice, the
organisation answers with a plan or an explanation, the programme decides, overdue gaps escalate, an
accepted explanation shows as an explained deviation, and the gap closes when the agreement is met."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from tests.conftest import PASSWORD, snapshot
from thorbecke.agreements import dialogue
from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.checks.base import Result
from thorbecke.agreements.models import Agreement, Gap, GapState, Measurement, Status
from thorbecke.agreements.scorecards import for_agreement, scorecards
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandatory(accounts):
    import_agreements(settings.SHARED_DATA_DIR)
    for user in accounts.values():
        user.email = f"{user.username}@example.nl"
        user.save()
    hsts = Agreement.objects.get(slug="standaard-https-en-hsts")
    hsts.status, hsts.applies_to = Status.MANDATORY, ["gemeente"]
    hsts.save()
    return hsts


def measured(code, verdict, check="https-hsts"):
    organisation = Organisation.objects.get(code=code)
    Measurement.record(organisation, f"{code}.example", [Result(check, verdict)])


def gap_of(code):
    return Gap.objects.get(organisation__code=code)


def test_a_measured_failure_opens_one_gap_with_a_notice_to_the_organisation(mandatory):
    measured("gm0344", "fail")
    measured("gm0363", "pass")
    assert dialogue.reconcile() == {"opened": 1, "resolved": 0}
    gap = gap_of("gm0344")
    assert gap.state == GapState.OPEN and gap.answer_due == timezone.localdate() + timedelta(days=42)
    assert gap.finding == {"check": "https-hsts", "light": "fails"}
    [notice] = mail.outbox
    assert set(notice.to) == {"utrecht-editor@example.nl", "utrecht-admin@example.nl"}
    assert "HTTPS en HSTS" in notice.subject and f"/afspraken/dialoog/{gap.pk}/" in notice.body
    assert dialogue.reconcile() == {"opened": 0, "resolved": 0}  # one gap per agreement, not one per scan
    assert [s.action for s in gap.steps.all()] == ["opened"]


def test_only_mandatory_agreements_that_apply_now_open_gaps(mandatory):
    measured("gm0344", "fail")
    mandatory.applies_to = ["provincie"]
    mandatory.save()
    assert dialogue.reconcile()["opened"] == 0
    mandatory.applies_to, mandatory.mandatory_from = [], date.today() + timedelta(days=30)
    mandatory.save()
    assert dialogue.reconcile()["opened"] == 0
    mandatory.mandatory_from, mandatory.status = None, Status.RECOMMENDED
    mandatory.save()
    assert dialogue.reconcile()["opened"] == 0
    assert not Gap.objects.exists()


def test_the_organisation_answers_with_a_plan_and_an_overdue_plan_escalates_once(client, mandatory):
    measured("gm0344", "fail")
    dialogue.reconcile()
    gap = gap_of("gm0344")
    url = f"/afspraken/dialoog/{gap.pk}/antwoord/"
    past = {"answer-answer": "plan", "answer-text": "Nieuwe server", "answer-complies_by": "2020-01-01"}
    client.login(username="utrecht-editor", password=PASSWORD)
    response = client.post(url, past)
    assert response.status_code == 400 and "moet na vandaag liggen" in response.content.decode()
    assert client.post(url, {**past, "answer-complies_by": ""}).status_code == 400  # a plan needs its date
    gap.refresh_from_db()
    assert gap.state == GapState.OPEN and gap.steps.count() == 1
    soon = timezone.localdate() + timedelta(days=60)
    assert client.post(url, {**past, "answer-complies_by": soon.isoformat()}).status_code == 302
    gap.refresh_from_db()
    assert (gap.state, gap.planned_for) == (GapState.PLANNED, soon)
    step = gap.steps.last()
    assert (step.action, step.by.username, step.text, step.date) == ("planned", "utrecht-editor", "Nieuwe server", soon)
    assert dialogue.escalate(today=soon) == 0
    mail.outbox.clear()
    assert dialogue.escalate(today=soon + timedelta(days=1)) == 1
    assert dialogue.escalate(today=soon + timedelta(days=2)) == 0  # once
    assert mail.outbox[0].to == ["programme@example.nl"]
    page = client.get("/en/agreements/gaps/").content.decode()
    assert "escalated" in page and "HTTPS en HSTS" in page


def test_the_programme_accepts_or_rejects_a_plan_and_an_accepted_plan_still_escalates(client, mandatory):
    measured("gm0344", "fail")
    dialogue.reconcile()
    gap = gap_of("gm0344")
    soon = timezone.localdate() + timedelta(days=60)
    plan = {"answer-answer": "plan", "answer-text": "Nieuwe server", "answer-complies_by": soon.isoformat()}
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", plan)
    decision = {"decision-accept": "0", "decision-reason": "Te laat: voor de zomer."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", decision).status_code == 403
    client.login(username="programme", password=PASSWORD)
    page = client.get(f"/afspraken/dialoog/{gap.pk}/").content.decode()
    assert "Besluit over het plan" in page and "Plan aanvaarden" in page
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", decision).status_code == 302
    gap.refresh_from_db()
    assert gap.state == GapState.OPEN  # rejected: answer again, by a new date
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", {**plan, "answer-text": "Nieuwe server in mei"})
    client.login(username="programme", password=PASSWORD)
    mail.outbox.clear()
    accept = {"decision-accept": "1", "decision-reason": "Akkoord."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", accept).status_code == 302
    gap.refresh_from_db()
    assert (gap.state, gap.planned_for) == (GapState.AGREED, soon)
    assert "Plan aanvaard" in mail.outbox[0].subject and mail.outbox[0].to[0].startswith("utrecht-")
    before = snapshot()
    response = client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", accept)
    assert response.status_code == 400 and snapshot() == before  # decided already
    assert [s.action for s in gap.steps.all()] == ["opened", "planned", "refused", "planned", "agreed"]
    assert dialogue.escalate(today=soon + timedelta(days=1)) == 1  # an accepted date that passes escalates
    measured("gm0344", "pass")
    assert dialogue.reconcile()["resolved"] == 1


def test_an_explanation_is_decided_by_the_programme_and_an_accepted_one_stays_visible(client, mandatory):
    measured("gm0344", "fail")
    dialogue.reconcile()
    gap = gap_of("gm0344")
    explain = {"answer-answer": "explain", "answer-text": "De site wordt opgeheven."}
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", explain).status_code == 403
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", explain).status_code == 302
    # The organisation cannot decide on its own explanation.
    decision = {"decision-accept": "0", "decision-reason": "Opheffen is geen reden."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", decision).status_code == 403
    client.login(username="programme", password=PASSWORD)
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", decision).status_code == 302
    gap.refresh_from_db()
    assert gap.state == GapState.OPEN  # rejected: answer again
    before = snapshot()
    response = client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", {**decision, "decision-accept": "1"})
    assert response.status_code == 400 and snapshot() == before  # nothing to decide on now
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", {**explain, "answer-text": "Vervalt per 1 maart."})
    client.login(username="programme", password=PASSWORD)
    accept = {"decision-accept": "1", "decision-reason": "Redelijk."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", accept).status_code == 302
    gap.refresh_from_db()
    assert gap.state == GapState.ACCEPTED
    steps = [(s.action, s.by.username if s.by else None) for s in gap.steps.all()]
    assert steps == [
        ("opened", None),
        ("explained", "utrecht-editor"),
        ("rejected", "programme"),
        ("explained", "utrecht-editor"),
        ("accepted", "programme"),
    ]
    [listed] = client.get("/api/v1/agreements/gaps?organisation=gm0344").json()["results"]
    assert listed["state"] == "accepted" and listed["agreement"] == "standaard-https-en-hsts"
    assert [(s["action"], s["organisation"]) for s in listed["steps"]][-2:] == [
        ("explained", "gm0344"),
        ("accepted", "rijk-ministerie-van-binnenlandse-zaken"),
    ]
    assert client.get("/api/v1/agreements/gaps?state=nonsense").status_code == 400
    # Accepted: no longer red, but never shown as meeting the agreement.
    rows = {row.organisation.code: row.lights for row in scorecards()}
    assert rows["gm0344"]["https-hsts"] == "explained"
    assert "explained deviation" in client.get("/en/agreements/scorecard/").content.decode()
    measured("gm0363", "fail")
    dialogue.reconcile()  # Amsterdam fails too, and has not answered yet
    assert for_agreement(mandatory) == {"meets": 0, "fails": 1, "explained": 1, "error": 0, "partly": 0, "open_gaps": 1}
    page = client.get("/en/agreements/standaard-https-en-hsts/").content.decode()
    assert "Explained deviations" in page and "?agreement=standaard-https-en-hsts" in page
    listed = client.get("/en/agreements/gaps/?agreement=standaard-https-en-hsts").content.decode()
    assert "Amsterdam" in listed and "Utrecht" in listed
    # Met again: the gap closes by itself, accepted or not.
    measured("gm0344", "pass")
    assert dialogue.reconcile() == {"opened": 0, "resolved": 1}  # Utrecht's; Amsterdam's stays open
    gap.refresh_from_db()
    assert gap.state == GapState.RESOLVED and gap.closed_at is not None
    assert {row.organisation.code: row.lights for row in scorecards()}["gm0344"]["https-hsts"] == "meets"


def test_what_cannot_be_measured_is_declared_with_evidence_and_a_named_person(client, mandatory):
    digid = Agreement.objects.get(slug="bouwsteen-digid")
    digid.status = Status.MANDATORY
    digid.save()
    url = "/afspraken/organisaties/gm0344/verklaren/"
    declaration = {
        "declare-agreement": digid.pk,
        "declare-complies": "0",
        "declare-evidence": "Aansluiting loopt; aanvraag ingediend bij Logius.",
        "declare-person_name": "J. de Vries",
        "declare-person_role": "CIO",
    }
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert client.post(url, declaration).status_code == 403
    client.login(username="utrecht-editor", password=PASSWORD)
    before = snapshot()
    hsts = {**declaration, "declare-agreement": mandatory.pk}  # measured: a declaration never overrules it
    assert client.post(url, hsts).status_code == 400
    assert client.post(url, {**declaration, "declare-person_name": ""}).status_code == 400
    assert snapshot() == before and not Gap.objects.exists()
    assert client.post(url, declaration).status_code == 302
    gap = gap_of("gm0344")
    assert gap.agreement == digid and gap.finding["declared"] is False
    page = client.get("/en/agreements/organisations/gm0344/").content.decode()
    assert "declared: does not comply" in page and "J. de Vries" in page and "awaiting an answer" in page
    assert client.post(url, {**declaration, "declare-complies": "1"}).status_code == 302
    gap.refresh_from_db()
    assert gap.state == GapState.RESOLVED
    assert "declared: complies" in client.get("/en/agreements/organisations/gm0344/").content.decode()
    # On the public scorecard as declared, apart from the measured lights. To declare: DigiD, the 17 of the
    # 19 mandatory GDI standards the hub cannot measure (it measures the OpenAPI ones), the Forum's
    # NL GOV OAuth profile (Digitoegankelijk is read from the register of accessibility statements), and 10
    # more the Forum lists as verplicht for a gemeente
    # (Aquo-standaard, Authenticatie-standaarden, ECLI, EML_NL, IPv6, IFC, STARTTLS en DANE, WPA2 Enterprise,
    # NLCIUS, XBRL), and 12 more from the second pass over the Forum's lists (Ades Baseline Profiles, BWB,
    # GWSW, NEN-ISO/IEC 27001 and 27002, NLCS, PDF (NEN-ISO), SETU, SIKB0101, SIKB0102, STIX en TAXII, VISI)
    # and 2 from the last pass (RPKI, WDO Datamodel): more mandatory standards from the Forum, none of them
    # measured by the hub.
    rows = client.get("/en/agreements/scorecard.json").json()["organisations"]
    [row] = [r for r in rows if r["organisation"] == "gm0344"]
    assert row["declared"] == {"met": 1, "mandatory": 43} and set(row["checks"].values()) == {"none"}
    assert "1 of 43 declared as met" in client.get("/en/agreements/scorecard/").content.decode()


def test_the_gaps_list_filters_by_organisation_picked_by_name(client, mandatory):
    measured("gm0344", "fail")
    measured("gm0363", "fail")
    dialogue.reconcile()
    page = client.get("/afspraken/dialoog/").content.decode()
    assert '<option value="gm0344">gemeente Utrecht</option>' in page  # picked by name, from those with a gap
    assert '<option value="gm0014">' not in page
    listed = client.get("/afspraken/dialoog/?organisation=gm0344").content.decode()
    assert "1 tekortkoming" in listed and "gemeente Amsterdam</a>" not in listed
    unknown = client.get("/en/agreements/gaps/?organisation=gm9999").content.decode()
    assert "Select a valid choice" in unknown and "2 gaps" in unknown  # said, and nothing hidden


def test_a_gap_names_who_answered_only_to_their_colleagues_and_the_programme(client, mandatory):
    measured("gm0344", "fail")
    dialogue.reconcile()
    gap = gap_of("gm0344")
    dialogue.plan(gap, User.objects.get(username="utrecht-editor"), "Nieuwe server", date.today() + timedelta(days=60))
    url = f"/afspraken/dialoog/{gap.pk}/"
    for reader, named in [("utrecht-viewer", True), ("programme", True), ("amsterdam-admin", False), (None, False)]:
        client.logout()
        if reader:
            client.login(username=reader, password=PASSWORD)
        page = client.get(url).content.decode()
        assert "gemeente Utrecht" in page and "Nieuwe server" in page, reader
        assert ("utrecht-editor" in page) is named, reader


def test_standing_tells_another_part_who_meets_fails_or_explained(mandatory, accounts):
    """The read function for steering's legislation: per agreement, the organisations with a finding and their
    state; an explanation the programme accepted is "explained"; no finding is left out; an unknown slug too."""
    measured("gm0344", "fail")
    measured("gm0363", "pass")
    measured("gm0014", "fail")
    dialogue.reconcile()
    dialogue.explain(gap_of("gm0014"), accounts["utrecht-editor"], "Een uitleg.")
    dialogue.decide(gap_of("gm0014"), accounts["programme"], True, "Aanvaard.")
    found = dialogue.standing(["standaard-https-en-hsts", "bestaat-niet"])
    assert set(found) == {"standaard-https-en-hsts"}
    hsts = found["standaard-https-en-hsts"]
    codes = dict(Organisation.objects.filter(pk__in=hsts.states).values_list("pk", "code"))
    assert {codes[pk]: state for pk, state in hsts.states.items()} == {
        "gm0344": "fails",
        "gm0363": "meets",
        "gm0014": "explained",
    }
    assert not hsts.declared and hsts.name == "HTTPS en HSTS"


def test_the_answer_is_a_group_of_buttons_each_with_its_label_beside_it(client, accounts):
    """A choice of one in a whole form (web/fields.html) is a fieldset with a legend and a label per button, never
    the bare widget, whose labels ran over the next field."""
    from tests.registry.test_permissions import utrecht_gap

    client.force_login(accounts["utrecht-editor"])
    page = client.get(f"/afspraken/dialoog/{utrecht_gap('standaard-tls', 'open').pk}/").content.decode()
    form = page.split('class="utrecht-form"')[1]
    assert 'thorbecke-radio-group' in form and "Uw antwoord</legend>" in form
    assert form.count("utrecht-form-label--radio") == 2
