"""The Steering Committee's record (issue 25 item 2): meetings with the members present per layer of government,
decisions and actions recorded by the programme, an action's state computed, its owner marking it done, and
confidential decisions and actions read only by the programme and the organisations they concern."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD, snapshot
from tests.steering.test_agenda import utrecht_initiative
from thorbecke.registry.models import Organisation
from thorbecke.steering.models import Action, ActionState, AgendaItem, Decision, Meeting

pytestmark = pytest.mark.django_db

PRESENT = (
    "rijk-ministerie-van-binnenlandse-zaken, pv26 gm0344\ngm0363 rijk-uitvoeringsinstituut-werknemersverzekeringen"
)


def signed_in(client, username: str):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def committee_meeting() -> Meeting:
    """A meeting with a public decision (an open action of Amsterdam, a late one of Utrecht) and a confidential
    decision on Utrecht's initiative, with a confidential action of Utrecht."""
    found = Meeting.objects.filter(title="Stuurgroep Digitale Overheid").first()
    if found:
        return found
    meeting = Meeting.objects.create(held_on=date(2026, 11, 12), title="Stuurgroep Digitale Overheid")
    meeting.present.set(Organisation.objects.filter(code__in=["gm0344", "gm0363", "pv26"]))
    AgendaItem.objects.create(meeting=meeting, number=1, title="Investeringsagenda 2027")
    public = Decision.objects.create(
        meeting=meeting,
        text="De agenda 2027 wordt vastgesteld.",
        reasoning="Past binnen de middelen.",
        priority="cloud",
    )
    today = timezone.localdate()
    Action.objects.create(decision=public, text="Begroting indienen", deadline=today + timedelta(days=30),
                          organisation=Organisation.objects.get(code="gm0363"))  # fmt: skip
    Action.objects.create(decision=public, text="Aanbesteding voorbereiden", deadline=today - timedelta(days=1),
                          organisation=Organisation.objects.get(code="gm0344"))  # fmt: skip
    secret = Decision.objects.create(
        meeting=meeting, text="Geheim besluit over de aanbesteding", reasoning="Marktgevoelig.", confidential=True,
        initiative=utrecht_initiative(),
    )  # fmt: skip
    Action.objects.create(decision=secret, text="Geheime actie onderhandelen", deadline=today + timedelta(days=10),
                          organisation=Organisation.objects.get(code="gm0344"))  # fmt: skip
    return meeting


def test_the_programme_records_a_meeting_and_each_layers_representation_shows(client, accounts):
    data = {"held_on": "2026-11-12", "title": "Stuurgroep", "present": PRESENT, "items": "Opening\n\nAgenda 2027\n"}
    response = signed_in(client, "programme").post("/sturing/stuurgroep/nieuw/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert list(meeting.items.values_list("number", "title")) == [(1, "Opening"), (2, "Agenda 2027")]
    en = client.get(f"/en/steering/committee/{meeting.pk}/").content.decode()
    for layer, count in (("Central government", 1), ("Provinces", 1), ("Municipalities", 2), ("Water boards", 0),
                         ("Public service providers", 1)):  # fmt: skip
        row = en.split(f'scope="row">{layer}</th>', 1)[1].split("</tr>", 1)[0]
        assert f'<td class="utrecht-table__cell">{count}</td>' in row, (layer, row)
    assert "not represented" in en.split('scope="row">Water boards</th>', 1)[1].split("</tr>", 1)[0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"present": "gm0344 gm9999"}, "present"), ({"held_on": "12-11-2026x"}, "held_on"), ({"items": ""}, "items")],
)
def test_a_malformed_meeting_is_refused_with_the_field_named_and_changes_nothing(client, accounts, changes, field):
    data = {"held_on": "2026-11-12", "title": "Stuurgroep", "present": PRESENT, "items": "Opening"} | changes
    before = snapshot()
    response = signed_in(client, "programme").post("/sturing/stuurgroep/nieuw/", data)
    assert response.status_code == 400 and field in response.context["form"].errors
    if field == "present":
        assert "gm9999" in response.context["form"].errors["present"][0]
    assert snapshot() == before and not Meeting.objects.exists()


def test_decisions_and_actions_are_recorded_by_the_programme_and_an_action_refused_with_its_field(client, accounts):
    meeting = committee_meeting()
    decision = {"text": "Cloudbeleid vaststellen", "reasoning": "Soevereiniteit.", "priority": "cloud"}
    assert (
        signed_in(client, "utrecht-admin").post(f"/sturing/stuurgroep/{meeting.pk}/besluit/", decision).status_code
        == 403
    )
    assert (
        signed_in(client, "programme").post(f"/sturing/stuurgroep/{meeting.pk}/besluit/", decision).status_code == 302
    )
    made = Decision.objects.get(text="Cloudbeleid vaststellen")
    assert made.recorded_by == accounts["programme"] and made.meeting == meeting
    url = f"/sturing/stuurgroep/besluiten/{made.pk}/actie/"
    before = snapshot()
    for bad, field in (({"organisation": "gm9999"}, "organisation"), ({"deadline": "morgen"}, "deadline")):
        data = {"text": "Uitwerken", "organisation": "pv26", "deadline": "2027-02-01"} | bad
        response = client.post(url, data)
        assert response.status_code == 400 and field in response.context["form"].errors
    assert snapshot() == before
    # A code is read in any case, as people type it.
    assert client.post(url, {"text": "Uitwerken", "organisation": " PV26", "deadline": "2027-02-01"}).status_code == 302
    assert made.actions.get().organisation.code == "pv26"


def test_an_actions_state_is_computed_from_its_deadline_and_whether_it_is_done():
    action = Action(deadline=date(2027, 1, 31))
    assert action.state(date(2027, 1, 31)) == ActionState.OPEN
    assert action.state(date(2027, 2, 1)) == ActionState.LATE
    action.done_on = date(2027, 3, 1)
    assert action.state(date(2027, 2, 1)) == ActionState.DONE


def test_only_the_owners_editors_mark_an_action_done(client, accounts):
    committee_meeting()
    late = Action.objects.get(text="Aanbesteding voorbereiden")
    url = f"/sturing/stuurgroep/acties/{late.pk}/gedaan/"
    for who in ("amsterdam-editor", "utrecht-viewer", "programme"):
        assert signed_in(client, who).post(url).status_code == 403
    late.refresh_from_db()
    assert late.done_on is None
    assert (
        signed_in(client, "utrecht-editor").post(url, {"next": "actions"})["Location"] == "/sturing/stuurgroep/acties/"
    )
    late.refresh_from_db()
    assert late.done_on == timezone.localdate() and late.done_by == accounts["utrecht-editor"]


def test_confidential_decisions_and_actions_are_read_only_by_the_programme_and_those_concerned(client, accounts):
    meeting = committee_meeting()
    secrets = ("Geheim besluit", "Geheime actie")
    for page in (meeting.get_absolute_url(), "/sturing/stuurgroep/acties/"):
        client.logout()
        text = client.get(page).content.decode()
        assert "De agenda 2027 wordt vastgesteld." in text or "Begroting indienen" in text
        assert not any(secret in text for secret in secrets)
        assert not any(s in signed_in(client, "amsterdam-editor").get(page).content.decode() for s in secrets)
        for who in ("utrecht-viewer", "programme"):
            text = signed_in(client, who).get(page).content.decode()
            assert "Geheime actie" in text, (who, page)
    secret_action = Action.objects.get(text="Geheime actie onderhandelen")
    assert (
        signed_in(client, "amsterdam-editor").post(f"/sturing/stuurgroep/acties/{secret_action.pk}/gedaan/").status_code
        == 404
    )


def test_the_open_actions_show_per_owner_with_the_late_ones_marked(client, accounts):
    committee_meeting()
    page = client.get("/en/steering/committee/actions/").content.decode()
    amsterdam, utrecht = page.index("gemeente Amsterdam"), page.index("gemeente Utrecht")
    assert amsterdam < utrecht, "owners in the register's order"
    assert "<strong>late</strong>" in page[utrecht:] and "1 is late" in page
    assert client.get("/sturing/stuurgroep/").status_code == 200


def test_a_decision_about_a_goal_links_it_in_both_languages(client, accounts):
    from thorbecke.steering.models import Goal

    meeting = committee_meeting()
    goal = Goal.objects.create(priority="cloud", title_nl="Soevereine cloud", title_en="Sovereign cloud")
    decision = {"text": "Cloudbeleid vaststellen", "reasoning": "Soevereiniteit.", "goal": goal.pk}
    recorded = signed_in(client, "programme").post(f"/sturing/stuurgroep/{meeting.pk}/besluit/", decision)
    assert recorded.status_code == 302
    assert Decision.objects.get(text="Cloudbeleid vaststellen").goal == goal
    nl = client.get(f"/sturing/stuurgroep/{meeting.pk}/").content.decode()
    assert f'href="/sturing/doelen/#goal-{goal.pk}">Soevereine cloud</a>' in nl
    assert ">Sovereign cloud</a>" in client.get(f"/en/steering/committee/{meeting.pk}/").content.decode()
    assert f'id="goal-{goal.pk}"' in client.get("/sturing/doelen/").content.decode()
