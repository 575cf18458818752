"""Goals, targets and commitments: the programme sets goals and targets, an organisation commits, its progress is
read from the indicators, falling behind opens a comply-or-explain gap in the agreements' dialogue, and the Steering
Committee sees it per priority and layer of government."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD, snapshot
from tests.steering.test_indicators import _publish
from thorbecke.agreements import dialogue, scorecards
from thorbecke.agreements.models import Agreement, Gap, GapState, Kind
from thorbecke.registry.models import Organisation
from thorbecke.steering import accountability, definitions, periods
from thorbecke.steering.compute import compute
from thorbecke.steering.models import Commitment, Goal, Indicator

pytestmark = pytest.mark.django_db
CODE = "ai-algorithms-published"
THIS_MONTH = periods.of(timezone.localdate())
LAST_MONTH = periods.shift(THIS_MONTH, -1)
DUE = periods.shift(THIS_MONTH, 12)


def _commitment(**fields) -> Commitment:
    indicator = Indicator.objects.get(code=CODE)
    values = {"indicator": indicator, "target": 13, "due": DUE, "start_value": 1.0, "start_period": LAST_MONTH,
              "responsible_name": "A. Jansen", "responsible_position": "CIO"} | fields  # fmt: skip
    if "org_type" not in fields and "organisation" not in fields:
        values["organisation"] = Organisation.objects.get(code="gm0344")
    return Commitment(**values)


def test_the_state_follows_the_straight_path_to_the_target(register):
    definitions.sync()
    commitment = _commitment()  # 1 in the last month to 13 in twelve months' time: 13 months, 12 to go up
    assert accountability.expected(commitment, LAST_MONTH) == 1
    assert accountability.expected(commitment, THIS_MONTH) == pytest.approx(1 + 12 / 13)
    assert accountability.judge(commitment, 1, THIS_MONTH).state == "behind"
    assert accountability.judge(commitment, 2, THIS_MONTH).state == "on-track"
    assert accountability.judge(commitment, 1, THIS_MONTH, explained=True).state == "explained"
    assert accountability.judge(commitment, 13, THIS_MONTH).state == "met"
    assert accountability.judge(commitment, None, "").state == "no-data"
    assert accountability.judge(commitment, 12, periods.shift(DUE, 1)).state == "behind", "past due, the target"
    no_start = _commitment(start_value=None)
    assert accountability.judge(no_start, 0, THIS_MONTH).state == "on-track", "no line to draw before it is due"

    commitment.indicator.higher_is_better = False  # lower is better: from 13 down to 1
    lower = _commitment(indicator=commitment.indicator, start_value=13.0, target=1)
    assert accountability.judge(lower, 13, THIS_MONTH).state == "behind"
    assert accountability.judge(lower, 11, THIS_MONTH).state == "on-track"
    assert accountability.judge(lower, 1, THIS_MONTH).state == "met"


def _login(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"target": "150"}, "target"),  # a share above 100%
        ({"target": "-1"}, "target"),
        ({"target": "veel"}, "target"),
        ({"target_year": "1999"}, "target_year"),
        ({"baseline_period": "2026-13"}, "baseline_period"),
    ],
)
def test_a_malformed_target_is_refused_with_the_field_named_and_changes_nothing(client, accounts, data, field):
    definitions.sync()
    Indicator.objects.filter(code=CODE).update(unit="share")  # as the shares among the indicators are
    _login(client, "programme")
    before = snapshot()
    response = client.post(f"/sturing/indicatoren/{CODE}/doel/", {"target": "80", "target_year": "2030"} | data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert snapshot() == before


def test_the_programme_sets_a_share_target_as_a_percentage_and_a_goal(client, accounts):
    definitions.sync()
    Indicator.objects.filter(code=CODE).update(unit="share")
    _login(client, "programme")
    response = client.post(f"/en/steering/indicators/{CODE}/target/",
                           {"target": "80", "target_year": "2030", "baseline": "12.5", "baseline_period": "2025-06"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(code=CODE)
    assert (indicator.target, indicator.target_year, indicator.baseline) == (0.8, 2030, 0.125)
    assert "80.0%" in client.get(f"/en/steering/indicators/{CODE}/").content.decode()

    goal = {"priority": "ai", "title_nl": "Verantwoord AI", "title_en": "Responsible AI", "indicators": [indicator.pk]}
    before = snapshot()
    refused = client.post("/sturing/doelen/nieuw/", goal | {"title_en": " "})
    assert refused.status_code == 400 and "title_en" in refused.context["form"].errors
    assert snapshot() == before
    assert client.post("/sturing/doelen/nieuw/", goal).status_code == 302
    page = client.get("/en/steering/goals/").content.decode()
    assert "Responsible AI" in page and "target 80.0% in 2030" in page

    _login(client, "utrecht-admin")
    assert client.post("/sturing/doelen/nieuw/", goal).status_code == 403
    assert client.post(f"/sturing/indicatoren/{CODE}/doel/", {"target": "1", "target_year": "2030"}).status_code == 403
    assert Goal.objects.count() == 1


COMMIT = {"indicator": "", "target": "3", "due": DUE, "responsible_name": "A. Jansen",
          "responsible_position": "CIO", "org_type": "gemeente"}  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due": "2020-01"}, "due"),
        ({"due": "december"}, "due"),
        ({"target": "-3"}, "target"),
        ({"responsible_name": " "}, "responsible_name"),
        ({"responsible_position": ""}, "responsible_position"),
        ({"indicator": "999999"}, "indicator"),
        ({"agreed_in": "juni"}, "agreed_in"),
        ({"agreed_in": periods.shift(THIS_MONTH, -13)}, "agreed_in"),
        ({"agreed_in": periods.shift(THIS_MONTH, 1)}, "agreed_in"),
    ],
)
def test_a_malformed_commitment_is_refused_with_the_field_named_and_changes_nothing(client, accounts, data, field):
    definitions.sync()
    _login(client, "utrecht-editor")
    before = snapshot()
    response = client.post("/sturing/toezeggingen/nieuw/", COMMIT | {"indicator": _indicator_pk()} | data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert snapshot() == before and not Agreement.objects.filter(kind=Kind.GOAL).exists()


def _indicator_pk() -> int:
    return Indicator.objects.get(code=CODE).pk


def _backdated(code: str, name: str, days: int = 40):
    algorithm = _publish(code, name)
    algorithm.published_at = timezone.now() - timedelta(days=days)
    algorithm.save(update_fields=["published_at"])


def test_a_commitment_that_falls_behind_opens_a_gap_that_is_answered_explained_and_resolved(client, accounts):
    """The walk of issue 25: Utrecht commits, the indicator shows it behind, a gap opens, Utrecht explains, the
    programme accepts (explained), and when the indicator reaches the target the gap resolves (met)."""
    definitions.sync()
    _backdated("gm0344", "Eerste")
    compute([LAST_MONTH])
    _login(client, "utrecht-editor")
    assert client.post("/sturing/toezeggingen/nieuw/", COMMIT | {"indicator": _indicator_pk()}).status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.organisation.code == "gm0344" and commitment.org_type == "", "an editor commits for its own"
    assert (commitment.start_value, commitment.start_period) == (1.0, LAST_MONTH)
    agreement = Agreement.objects.get(slug=f"commitment-{commitment.pk}")
    assert (agreement.kind, agreement.check_method, agreement.status) == ("goal", "commitment", "mandatory")
    assert agreement.applies(commitment.organisation, timezone.localdate())
    assert not agreement.applies(Organisation.objects.get(code="gm0363"), timezone.localdate())

    compute([THIS_MONTH])  # still one algorithm: below the path from 1 to 3
    assert accountability.review() == {"opened": 1, "resolved": 0}
    gap = Gap.objects.get(agreement=agreement)
    assert gap.organisation.code == "gm0344" and gap.finding["value"] == 1 and gap.finding["target"] == 3
    assert accountability.progress([commitment])[commitment.pk].state == "behind"
    assert accountability.review() == {"opened": 0, "resolved": 0}, "one gap, not one per review"
    assert dialogue.reconcile() == {"opened": 0, "resolved": 0}, "the scans' reconcile leaves it alone"

    en = client.get(f"/en/agreements/gaps/{gap.pk}/").content.decode()
    assert f"progress on a commitment: Algorithms in the algorithm register was 1 in {THIS_MONTH}" in en
    assert "where the path to 3 by" in en and "{" not in en.split("What was found")[1].split("</dd>")[0]
    nl = client.get(f"/afspraken/dialoog/{gap.pk}/").content.decode()
    assert "voortgang op een toezegging: Algoritmes in het Algoritmeregister was 1" in nl

    answer = {"answer-answer": "explain", "answer-text": "Eerst de bestaande algoritmes beschrijven."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/antwoord/", answer).status_code == 302
    _login(client, "programme")
    decision = {"decision-accept": "1", "decision-reason": "Redelijk."}
    assert client.post(f"/afspraken/dialoog/{gap.pk}/besluit/", decision).status_code == 302
    assert accountability.progress([commitment])[commitment.pk].state == "explained"

    _publish("gm0344", "Tweede")
    _publish("gm0344", "Derde")
    compute([THIS_MONTH])
    assert accountability.review() == {"opened": 0, "resolved": 1}
    assert Gap.objects.get(pk=gap.pk).state == GapState.RESOLVED
    assert accountability.progress([commitment])[commitment.pk].state == "met"


def test_a_commitment_agreed_months_ago_starts_its_path_then_and_is_behind_without_progress(client, accounts):
    """Recorded after the meeting where it was agreed: the path starts at the figure of that month, so a commitment
    without progress since is behind at once, and its gap opens when it is recorded."""
    definitions.sync()
    _backdated("gm0344", "Eerste", days=75)
    compute([periods.shift(THIS_MONTH, -2), LAST_MONTH, THIS_MONTH])
    _login(client, "utrecht-editor")
    agreed = {"indicator": _indicator_pk(), "agreed_in": periods.shift(THIS_MONTH, -2)}
    assert client.post("/sturing/toezeggingen/nieuw/", COMMIT | agreed).status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.start_value, commitment.start_period) == (1.0, periods.shift(THIS_MONTH, -2))
    assert accountability.progress([commitment])[commitment.pk].state == "behind"
    assert Gap.objects.filter(agreement__slug=commitment.slug, organisation__code="gm0344").exists()


def test_a_group_commitment_opens_gaps_for_the_members_behind_while_the_group_is_behind(client, accounts):
    definitions.sync()
    _backdated("gm0344", "Utrecht een")
    _backdated("gm0363", "Amsterdam een")
    _backdated("gm0363", "Amsterdam twee")
    compute([LAST_MONTH])
    _login(client, "programme")
    data = COMMIT | {"indicator": _indicator_pk(), "target": "10", "org_type": "gemeente"}
    assert client.post("/sturing/toezeggingen/nieuw/", data).status_code == 302
    group = Commitment.objects.get()
    assert group.organisation is None and (group.start_value, group.start_period) == (3.0, LAST_MONTH)

    compute([THIS_MONTH])  # the municipalities still at 3, the path above it; Amsterdam at 2, Utrecht at 1
    accountability.review()
    agreement = Agreement.objects.get(slug=group.slug)
    assert agreement.applies_to == ["gemeente"]
    assert set(Gap.objects.filter(agreement=agreement).values_list("organisation__code", flat=True)) == {
        "gm0344", "gm0363"
    }, "each member below the group's path; a municipality without data gets none"
    assert accountability.progress([group])[group.pk].state == "behind"

    for name in ("a", "b", "c", "d", "e", "f", "g"):
        _publish("gm0363", name)  # Amsterdam alone lifts the municipalities to 10: the group met its target
    compute([THIS_MONTH])
    assert accountability.review()["resolved"] == 2
    assert accountability.progress([group])[group.pk].state == "met"


def test_a_commitment_is_kept_out_of_the_standards_lists_and_scorecards(client, accounts):
    definitions.sync()
    _backdated("gm0344", "Eerste")
    compute([LAST_MONTH])
    _login(client, "utrecht-editor")
    client.post("/sturing/toezeggingen/nieuw/", COMMIT | {"indicator": _indicator_pk()})
    compute([THIS_MONTH])
    accountability.review()
    agreement = Agreement.objects.get(kind=Kind.GOAL)
    standards = Agreement.objects.exclude(kind=Kind.GOAL).count()

    assert agreement.name not in client.get("/afspraken/").content.decode()
    body = json.loads(client.get("/api/v1/agreements?pageSize=100").content)
    assert body["count"] == standards and agreement.slug not in json.dumps(body)
    compliance = client.get("/en/agreements/organisations/gm0344/")
    assert agreement.name not in [row["agreement"].name for row in compliance.context["rows"]]
    assert "Our commitments, our indicators, our gaps" in compliance.content.decode(), "staff are led to their page"
    assert all("commitment" not in row.lights for row in scorecards.scorecards())
    assert scorecards.for_agreement(agreement)["open_gaps"] == 1, "its gap counts once, on its own agreement"
    client.logout()
    assert "Our commitments" not in client.get("/en/agreements/organisations/gm0344/").content.decode()


def test_the_committee_and_the_organisations_own_page(client, accounts):
    definitions.sync()
    _backdated("gm0344", "Eerste")
    compute([LAST_MONTH])
    _login(client, "utrecht-editor")
    client.post("/sturing/toezeggingen/nieuw/", COMMIT | {"indicator": _indicator_pk()})
    _login(client, "programme")
    client.post("/sturing/toezeggingen/nieuw/", COMMIT | {"indicator": _indicator_pk(), "org_type": "waterschap"})
    compute([THIS_MONTH])
    accountability.review()
    client.logout()

    page = client.get("/en/steering/committee/progress/")
    table = {(group["priority"], cell["layer"].key): dict(cell["counts"])
             for group in page.context["table"] for cell in group["layers"]}  # fmt: skip
    assert table[("ai", "gemeente")]["behind"] == 1 and table[("ai", "waterschap")]["no-data"] == 1
    assert "/en/steering/commitments/?priority=ai&amp;layer=gemeente&amp;state=behind" in page.content.decode()
    representation = {row["layer"].key: row for row in page.context["representation"]}
    assert representation["gemeente"]["committed"] == 1 and representation["gemeente"]["existing"] > 300
    assert representation["waterschap"]["groups"] == 1 and representation["rijk"]["committed"] == 0

    listed = client.get("/en/steering/commitments/?priority=ai&layer=gemeente&state=behind")
    assert [row["who"] for row in listed.context["rows"]] == ["gemeente Utrecht"]
    assert "A. Jansen, CIO" in listed.content.decode()

    own = "/en/steering/organisations/gm0344/"
    assert client.get(own).status_code == 302, "signed in only"
    _login(client, "amsterdam-editor")
    assert client.get(own).status_code == 403
    for who in ("utrecht-viewer", "programme"):
        _login(client, who)
        text = client.get(own).content.decode()
        assert "Our commitments" in text and "Algorithms in the algorithm register" in text
        assert "awaiting an answer" in text, "its open gap"


def committed_and_behind() -> Gap:
    """For the pages' tests: a goal on AI, Utrecht's commitment on the algorithms in the register (from last month's
    figure to a thousand more in a year, so behind now), and its open gap. Made once; asked again, the same gap."""
    found = Gap.objects.filter(agreement__kind=Kind.GOAL).first()
    if found is not None:
        return found
    definitions.sync()
    _backdated("gm0344", "Toegezegd")
    compute([LAST_MONTH, THIS_MONTH])
    indicator = Indicator.objects.get(code=CODE)
    goal = Goal.objects.create(priority="ai", title_nl="Algoritmes openbaar", title_en="Algorithms in the open")
    goal.indicators.add(indicator)
    commitment = _commitment()
    # Where Utrecht stood last month (other pages' tests may have published more of its algorithms), and a target
    # far enough above it that this month's figure is below the path.
    accountability.starting_point(commitment, today=timezone.localdate().replace(day=1) - timedelta(days=1))
    commitment.target = (commitment.start_value or 0) + 1000
    commitment.save()
    accountability.review()
    return Gap.objects.get(agreement__slug=commitment.slug)


def test_the_pages_helper_leaves_a_commitment_behind_with_its_gap(register):
    for name in ("a", "b", "c", "d", "e"):
        _publish("gm0344", name)  # as the pages before it in the accessibility run do
    gap = committed_and_behind()
    assert gap.state == GapState.OPEN and committed_and_behind() == gap


def test_the_demo_seeds_the_strategys_goals_and_illustrative_commitments_once(register):
    from thorbecke.demo.steering_goals import seed_commitments, seed_goals

    _backdated("gm0363", "Amsterdam een")
    assert seed_goals() == 6 and seed_commitments() == 2
    assert seed_goals() == 6 and seed_commitments() == 2, "a second run adds nothing"
    assert Goal.objects.get(priority="ai").indicators.filter(code=CODE).exists()
    amsterdam = Commitment.objects.get(organisation__code="gm0363")
    assert amsterdam.illustrative and (amsterdam.start_value, amsterdam.target) == (1.0, 6.0)
    assert accountability.progress([amsterdam])[amsterdam.pk].state == "on-track"


def test_the_monthly_computation_reviews_the_commitments(register):
    from io import StringIO

    from django.core.management import call_command

    definitions.sync()
    _backdated("gm0344", "Eerste")
    compute([LAST_MONTH])
    _commitment(target=30).save()
    out = StringIO()
    call_command("steering_compute", period=[THIS_MONTH], stdout=out)
    assert "commitments: 1 gaps opened, 0 resolved" in out.getvalue()
    assert Gap.objects.filter(agreement__kind=Kind.GOAL, organisation__code="gm0344").count() == 1
