"""The investment agenda (issue 25 item 3): initiatives added and changed by their owner, their status by the
programme, refused with the field named and nothing changed; the totals per year and source, cost and benefit per
indicator, the chances to fund or procure together; the pages and the API."""

import pytest

from tests.conftest import PASSWORD, snapshot
from thorbecke.registry.models import Organisation
from thorbecke.steering import agenda, definitions
from thorbecke.steering.models import (
    CoFunding,
    Cost,
    ExpectedEffect,
    Indicator,
    Initiative,
    InitiativeStatusChange,
    Phase,
    Status,
)

pytestmark = pytest.mark.django_db

ROWS = ("costs", "effects", "phases", "co_funders")


def form_data(**changes: str) -> dict:
    """A valid new initiative of two years, with one effect, one phase and one co-funder; ``changes`` override."""
    data = {
        "title": "Gezamenlijk zaaksysteem",
        "description": "Eén zaaksysteem voor de gemeenten in de regio, in de cloud.",
        "language": "nl",
        "priority": "cloud",
        "theme": "cloud",
        **{f"{name}-TOTAL_FORMS": "2" for name in ROWS},
        **{f"{name}-INITIAL_FORMS": "0" for name in ROWS},
        "costs-0-year": "2027", "costs-0-source": "existing", "costs-0-amount": "400000",
        "costs-1-year": "2028", "costs-1-source": "new", "costs-1-amount": "600000",
        "effects-0-indicator": "ai-algorithms-published", "effects-0-change": "3", "effects-0-by_year": "2028",
        "phases-0-name": "Aanbesteding", "phases-0-start": "2027-01", "phases-0-end": "2027-06",
        "co_funders-0-organisation": "gm0363", "co_funders-0-share": "25",
    }  # fmt: skip
    return data | changes


def signed_in(client, username: str):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def utrecht_initiative(**fields: object) -> Initiative:
    """Utrecht's shared case system: 2027 from its existing budget, 2028 new funding, Amsterdam funding a quarter."""
    found = Initiative.objects.filter(organisation__code="gm0344", title="Gezamenlijk zaaksysteem").first()
    if found:
        return found
    definitions.sync()
    initiative = Initiative.objects.create(
        organisation=Organisation.objects.get(code="gm0344"),
        title="Gezamenlijk zaaksysteem",
        description="Eén zaaksysteem voor de gemeenten in de regio, in de cloud.",
        priority="cloud",
        theme="cloud",
        **fields,
    )
    Cost.objects.create(initiative=initiative, year=2027, source="existing", amount=400_000)
    Cost.objects.create(initiative=initiative, year=2028, source="new", amount=600_000)
    ExpectedEffect.objects.create(
        initiative=initiative, indicator=Indicator.objects.get(code="ai-algorithms-published"), change=3, by_year=2028
    )
    Phase.objects.create(initiative=initiative, name="Aanbesteding", start="2027-01", end="2027-06")
    CoFunding.objects.create(initiative=initiative, organisation=Organisation.objects.get(code="gm0363"), share=25)
    return initiative


def counts() -> list[int]:
    return [model.objects.count() for model in (Initiative, Cost, ExpectedEffect, Phase, CoFunding)]


def test_an_editor_adds_an_initiative_of_its_own_organisation_with_its_rows(client, accounts):
    definitions.sync()
    response = signed_in(client, "utrecht-editor").post("/sturing/investeringsagenda/nieuw/", form_data())
    initiative = Initiative.objects.get()
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    assert initiative.organisation.code == "gm0344" and initiative.status == Status.PROPOSED
    assert sorted(initiative.costs.values_list("year", "source", "amount")) == [
        (2027, "existing", 400_000), (2028, "new", 600_000)
    ]  # fmt: skip
    assert initiative.effects.get().indicator.code == "ai-algorithms-published"
    assert initiative.phases.get().end == "2027-06"
    assert initiative.co_funders.get().organisation.code == "gm0363"

    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Gezamenlijk zaaksysteem" in page and 'lang="nl"' in page and "€\xa01.000.000" in page

    # Its own editor changes it (a row deleted); another organisation's editor may not.
    edit = f"/sturing/investeringsagenda/{initiative.pk}/wijzigen/"
    phase = initiative.phases.get()
    changed = form_data(**{"phases-TOTAL_FORMS": "1", "phases-INITIAL_FORMS": "1", "phases-0-id": str(phase.pk),
                           "phases-0-DELETE": "on", "costs-TOTAL_FORMS": "0", "effects-TOTAL_FORMS": "0",
                           "co_funders-TOTAL_FORMS": "0", "title": "Regionaal zaaksysteem"})  # fmt: skip
    assert client.post(edit, changed).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Regionaal zaaksysteem" and not initiative.phases.exists()
    assert signed_in(client, "amsterdam-editor").post(edit, form_data(title="Overgenomen")).status_code == 403
    assert Initiative.objects.get().title == "Regionaal zaaksysteem"


@pytest.mark.parametrize(
    ("changes", "row", "field"),
    [
        ({"effects-0-indicator": "no-such-indicator"}, "effects", "indicator"),
        ({"costs-0-amount": "-5"}, "costs", "amount"),
        ({"phases-0-end": "2026-12"}, "phases", "end"),
        ({"phases-0-start": "2027-13"}, "phases", "start"),
        ({"co_funders-0-organisation": "gm9999"}, "co_funders", "organisation"),
        ({"co_funders-0-organisation": "gm0344"}, "co_funders", "organisation"),
        ({"co_funders-0-share": "120"}, "co_funders", "share"),
        ({"title": ""}, None, "title"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_changes_nothing(client, accounts, changes, row, field):
    utrecht_initiative()
    before, rows_before = snapshot(), counts()
    response = signed_in(client, "utrecht-editor").post("/sturing/investeringsagenda/nieuw/", form_data(**changes))
    assert response.status_code == 400
    if row is None:
        errors, widget = response.context["form"].errors, f"id_{field}"
    else:
        errors = next(formset.forms[0].errors for _legend, formset in response.context["rows"] if formset.prefix == row)
        widget = f"id_{row}-0-{field}"
    assert field in errors, errors
    assert f'id="{widget}-error"' in response.content.decode(), "the error is shown at its field"
    assert counts() == rows_before and snapshot() == before


def test_a_row_that_repeats_one_the_initiative_has_is_refused_at_its_field(client, accounts):
    initiative = utrecht_initiative()
    before = snapshot()
    edit = f"/sturing/investeringsagenda/{initiative.pk}/wijzigen/"
    response = signed_in(client, "utrecht-editor").post(edit, form_data(**{"phases-0-start": "2027-02"}))
    assert response.status_code == 400 and snapshot() == before
    rows = {formset.prefix: formset for _legend, formset in response.context["rows"]}
    assert "source" in rows["costs"].forms[0].errors and "indicator" in rows["effects"].forms[0].errors
    assert "organisation" in rows["co_funders"].forms[0].errors


def test_only_the_programme_changes_the_status_and_the_change_is_kept(client, accounts):
    initiative = utrecht_initiative()
    url = f"/sturing/investeringsagenda/{initiative.pk}/status/"
    assert signed_in(client, "utrecht-admin").post(url, {"status": "approved"}).status_code == 403
    assert signed_in(client, "programme").post(url, {"status": "sleeping"}).status_code == 400
    response = client.post(url, {"status": "approved", "note": "Past in de begroting 2027."})
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    change = InitiativeStatusChange.objects.get()
    assert change.changed_by == accounts["programme"] and change.note == "Past in de begroting 2027."
    assert "Past in de begroting 2027." in client.get(initiative.get_absolute_url()).content.decode()


def _initiative(code: str, title: str, costs: list[tuple[int, str, int]], **fields: object) -> Initiative:
    fields = {"priority": "data", "theme": "data-exchange", "description": "-"} | fields
    initiative = Initiative.objects.create(organisation=Organisation.objects.get(code=code), title=title, **fields)
    Cost.objects.bulk_create([Cost(initiative=initiative, year=y, source=s, amount=a) for y, s, a in costs])
    return initiative


def test_totals_per_year_split_by_source_and_leave_stopped_initiatives_out(register):
    _initiative("gm0344", "A", [(2027, "existing", 100), (2028, "new", 50)])
    _initiative("gm0363", "B", [(2027, "new", 30), (2027, "existing", 20)])
    _initiative("gm0014", "C", [(2027, "new", 1_000)], status=Status.STOPPED)
    totals = agenda.totals_per_year(agenda.initiatives())
    assert [(t.year, t.existing, t.new, t.total) for t in totals] == [(2027, 120, 30, 150), (2028, 0, 50, 50)]
    assert agenda.totals_per_year(Initiative.objects.filter(title="C"), with_stopped=True)[0].new == 1_000
    priorities = agenda.per_priority(list(agenda.initiatives()))
    assert [(p.priority, p.total, len(p.initiatives)) for p in priorities] == [("data", 200, 3)]


def _indicator(code: str, **extra: object) -> Indicator:
    texts = {name: "-" for name in ("name_nl", "name_en", "definition_nl", "definition_en", "owner", "source")}
    return Indicator.objects.create(code=code, priority="data", unit="share", **texts, **extra)


def test_cost_per_point_is_total_cost_over_total_expected_change(register):
    share, fewer = _indicator("t-share"), _indicator("t-late", higher_is_better=False)
    a = _initiative("gm0344", "A", [(2027, "existing", 300_000)])
    b = _initiative("gm0363", "B", [(2027, "new", 100_000), (2028, "new", 100_000)])
    stopped = _initiative("gm0014", "C", [(2027, "new", 9_000_000)], status=Status.STOPPED)
    ExpectedEffect.objects.create(initiative=a, indicator=share, change=4, by_year=2028)
    ExpectedEffect.objects.create(initiative=b, indicator=share, change=1, by_year=2029)
    ExpectedEffect.objects.create(initiative=b, indicator=fewer, change=-2.5, by_year=2029)
    ExpectedEffect.objects.create(initiative=stopped, indicator=share, change=50, by_year=2029)
    rows = {row.indicator.code: row for row in agenda.cost_benefit(agenda.initiatives())}
    assert rows["t-share"].cost == 500_000 and rows["t-share"].change == 5
    assert rows["t-share"].cost_per_point == 100_000  # 500,000 / 5 percentage points
    assert rows["t-late"].cost == 200_000, "an initiative counts in full under each indicator it moves"
    assert rows["t-late"].points == 2.5 and rows["t-late"].cost_per_point == 80_000  # going down is the good way
    ExpectedEffect.objects.filter(indicator=fewer).update(change=1)
    assert agenda.cost_benefit(agenda.initiatives())[0].cost_per_point is None, "no change the good way: no cost/pt"


def test_joint_chances_are_co_funded_initiatives_and_one_theme_in_overlapping_years_of_several_owners(register):
    co_funded = _initiative("gm0344", "Gedeeld", [(2027, "new", 10)])
    CoFunding.objects.create(initiative=co_funded, organisation=Organisation.objects.get(code="gm0363"), share=40)
    _initiative("gm0363", "Amsterdam 27-28", [(2027, "new", 10), (2028, "new", 10)])
    _initiative("gm0014", "Groningen 28-29", [(2028, "new", 10), (2029, "new", 10)])
    _initiative("gm0344", "Utrecht 31", [(2031, "new", 10)])  # no overlap with the others
    _initiative("gm0363", "Amsterdam 31", [(2031, "new", 10)], status=Status.COMPLETED)  # completed: not a chance
    _initiative("gm0014", "Other 27", [(2027, "new", 10)], theme="other")
    _initiative("gm0014", "Training 27", [(2027, "new", 10)], theme="skills")
    items = list(agenda.initiatives())
    assert [i.title for i in agenda.co_funded(items)] == ["Gedeeld"]
    groups = agenda.same_theme_groups(items)
    assert [(g.theme, g.first, g.last, sorted(i.title for i in g.initiatives)) for g in groups] == [
        ("data-exchange", 2027, 2029, ["Amsterdam 27-28", "Gedeeld", "Groningen 28-29"])
    ]
    assert groups[0].owners == 3


def test_the_agenda_pages_show_the_figures_in_both_languages(client, register):
    utrecht_initiative()
    nl = client.get("/sturing/investeringsagenda/").content.decode()
    assert "Gezamenlijk zaaksysteem" in nl and "€\xa0400.000" in nl and "<svg" in nl
    en = client.get("/en/steering/investment-agenda/").content.decode()
    assert "€600,000" in en and "€1,000,000" in en
    costs = client.get("/en/steering/investment-agenda/cost-and-benefit/").content.decode()
    assert "€1,000,000 / 3 = €333,333" in costs
    joint = client.get("/sturing/investeringsagenda/samen/").content.decode()
    assert "Gemeente Amsterdam (25%)" in joint or "gemeente Amsterdam (25%)" in joint


def test_the_api_lists_the_agenda(client, register):
    initiative = utrecht_initiative()
    body = client.get("/api/v1/initiatives?priority=cloud").json()
    assert body["count"] == 1
    (found,) = body["results"]
    assert found["totalCost"] == 1_000_000 and found["coFunders"] == [{"organisation": "gm0363", "share": 25.0}]
    assert found["effects"] == [{"indicator": "ai-algorithms-published", "change": 3.0, "byYear": 2028}]
    assert client.get(f"/api/v1/initiatives/{initiative.pk}").json()["phases"][0]["start"] == "2027-01"
    assert client.get("/api/v1/initiatives/999999").status_code == 404
    assert client.get("/api/v1/initiatives?status=sleeping").status_code == 400
