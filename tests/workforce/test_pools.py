"""The open pool's rules and matching, on hand-worked examples: the expected order and scores are worked out below
from the rule in workforce/pool_matching.py's docstring, not by running it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from tests.conftest import PASSWORD
from thorbecke.registry.accounts import create_account
from thorbecke.registry.models import Organisation
from thorbecke.workforce import pool_matching, pools
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import Assignment, PoolMember

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


UTRECHT_PROVINCE, GELDERLAND = "pv26", "pv25"


def member(name: str, competences: dict, *, hours: int = 16, start: date = date(2027, 1, 1), until=None,
           region: str = UTRECHT_PROVINCE, languages=("nl",), organisation: str | None = None,
           text: str = "") -> PoolMember:  # fmt: skip
    """A pool member; with an organisation, a staff account there (role viewer) that can sign in."""
    if organisation:
        user = create_account(name, organisation, "viewer", PASSWORD).user
    else:
        user = get_user_model().objects.create(username=name)
    user.first_name, user.last_name, user.email = name.title(), "Pool", f"{name}@example.nl"
    user.save()
    return PoolMember.objects.create(
        user=user, profile_scheme="cwa-16458", profile_code="6", competences=competences, hours_per_week=hours,
        available_from=start, available_until=until, region=region, languages=list(languages), text=text,
    )  # fmt: skip


def assignment(code: str = "gm0344", **fields) -> Assignment:
    values = {
        "title": "Architect voor de omgevingswet", "description": "Een half jaar meebouwen.",
        "competences": [{"code": "B.1", "level": 2, "must": True}, {"code": "A.5", "level": 4, "must": False},
                        {"code": "E.8", "level": 3, "must": False}],
        "hours_per_week": 16, "starts_on": date(2027, 1, 1), "ends_on": date(2027, 6, 30),
        "region": UTRECHT_PROVINCE, "remote": False, "languages": ["nl"], **fields,
    }  # fmt: skip
    return Assignment.objects.create(organisation=Organisation.objects.get(code=code), **values)


def the_pool() -> dict[str, PoolMember]:
    """Five who match (B.1 at e-2 or above, in Utrecht, Dutch, 16 hours, in the first half of 2027) and seven who
    each fail one condition."""
    return {
        "anna": member("anna", {"B.1": 3, "A.5": 4}),  # 100, 100, 0 (E.8 missing): 66.7
        "bram": member("bram", {"B.1": 2, "A.5": 3, "E.8": 2}),  # 100, 75, 75: 83.3
        "cor": member("cor", {"B.1": 2, "A.5": 4, "E.8": 2}, hours=20, start=date(2027, 3, 1)),  # 91.7, later
        "dina": member("dina", {"B.1": 2, "A.5": 4, "E.8": 2}),  # 91.7, from the start
        "evi": member("evi", {"B.1": 2, "A.5": 4, "E.8": 2}),  # as dina, joined after her
        "short-must": member("short-must", {"B.1": 1, "A.5": 5, "E.8": 4}),
        "no-must": member("no-must", {"A.5": 5, "E.8": 4}),
        "elsewhere": member("elsewhere", {"B.1": 3, "A.5": 5, "E.8": 4}, region=GELDERLAND),
        "english": member("english", {"B.1": 3, "A.5": 5, "E.8": 4}, languages=["en"]),
        "few-hours": member("few-hours", {"B.1": 3, "A.5": 5, "E.8": 4}, hours=8),
        "gone-before": member(
            "gone-before", {"B.1": 3, "A.5": 5, "E.8": 4}, start=date(2026, 1, 1), until=date(2026, 12, 31)
        ),
        "comes-after": member("comes-after", {"B.1": 3, "A.5": 5, "E.8": 4}, start=date(2027, 7, 1)),
    }


def test_the_ranking_follows_the_hand_worked_scores(register):
    found = the_pool()
    result = pool_matching.match(assignment())
    by_id = {m.pk: name for name, m in found.items()}
    assert result.total == 5
    assert [(by_id[m.member_id], m.score) for m in result.matches] == [
        ("dina", 91.7), ("evi", 91.7), ("cor", 91.7), ("bram", 83.3), ("anna", 66.7),
    ]  # fmt: skip


def test_each_competence_is_explained(register):
    found = the_pool()
    matches = {m.member_id: m for m in pool_matching.match(assignment()).matches}
    assert [str(f) for f in matches[found["bram"].pk].fits] == [
        "B.1 Application Development: needs e-2, has e-2 - met",
        "A.5 Architecture Design: needs e-4, has e-3 - short by 1",
        "E.8 Information Security Management: needs e-3, has e-2 - short by 1",
    ]
    assert [str(f) for f in matches[found["anna"].pk].fits] == [
        "B.1 Application Development: needs e-2, has e-3 - above by 1",
        "A.5 Architecture Design: needs e-4, has e-4 - met",
        "E.8 Information Security Management: needs e-3, has none - missing",
    ]


def test_remote_work_lifts_the_region_and_an_open_end_needs_availability_to_the_end_of_time(register):
    found = the_pool()
    remote = pool_matching.match(assignment(remote=True, region=""))
    assert found["elsewhere"].pk in {m.member_id for m in remote.matches} and remote.total == 6
    open_ended = pool_matching.match(assignment(ends_on=None))
    # comes-after (from July 2027, open-ended) now overlaps; nobody with an end date before the start does.
    assert {m.member_id for m in open_ended.matches} >= {found["comes-after"].pk}
    assert found["gone-before"].pk not in {m.member_id for m in open_ended.matches}


def test_the_top_n_is_the_head_of_the_full_ranking(register):
    the_pool()
    job = assignment()
    whole = pool_matching.match(job, limit=100)
    head = pool_matching.match(job, limit=2)
    assert head.total == 5 and head.matches == whole.matches[:2]


def test_a_change_to_the_pool_is_seen_at_the_next_match(register):
    found = the_pool()
    job = assignment()
    assert pool_matching.match(job).total == 5
    found["english"].languages = ["en", "nl"]
    found["english"].save()
    assert pool_matching.match(job).total == 6
    found["dina"].delete()
    assert found["dina"].pk not in {m.member_id for m in pool_matching.match(job).matches}


def test_the_pseudonym_is_per_assignment_and_opens_only_a_match(register):
    found = the_pool()
    one, other = assignment(), assignment(title="Tweede")
    key = pool_matching.candidate_key(one.pk, found["bram"].pk)
    assert key != pool_matching.candidate_key(other.pk, found["bram"].pk) and len(key) == 16
    assert pool_matching.candidate(one, key).member_id == found["bram"].pk
    assert pool_matching.candidate(one, pool_matching.candidate_key(one.pk, found["english"].pk)) is None


def profile(**fields) -> pools.ProfileInput:
    values = {"profile_scheme": "cwa-16458", "profile_code": "6", "competences": {"B.1": 3}, "hours_per_week": 16,
              "available_from": date(2027, 1, 1), "available_until": None, "region": "pv26", "languages": ["nl"],
              "text": "", **fields}  # fmt: skip
    return pools.ProfileInput(**values)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"competences": {"Z.9": 3}}, "competences.Z.9", "'Z.9' is not an e-CF 4.0 competence"),
        ({"competences": {"B.1": 4}}, "competences.B.1", "'4' is not a level of this competence (1, 2, 3)"),
        ({"competences": {"A.5": True}}, "competences.A.5", "'True' is not a level"),
        ({"competences": ["B.1"]}, "competences", "must be a mapping"),
        ({"profile_code": "99"}, "profile_code", "'99' is not a job profile of cwa-16458"),
        ({"region": "pv99"}, "region", "'pv99' is not a province's code"),
        ({"languages": ["xx"]}, "languages", "'xx' is not one of"),
        ({"languages": []}, "languages", "must list at least one entry"),
        ({"hours_per_week": 0}, "hours_per_week", "from 1 to 40"),
        ({"available_until": date(2026, 12, 31)}, "available_until", "must not be before the start (available_from)"),
    ],
)
def test_a_wrong_profile_is_refused_with_its_field_and_nothing_is_stored(accounts, fields, field, message):
    with pytest.raises(ModelError) as refused:
        pools.save_profile(accounts["utrecht-viewer"], profile(**fields))
    assert refused.value.field == field and message in str(refused.value)
    assert not PoolMember.objects.exists()


@pytest.mark.parametrize(
    ("competences", "field"),
    [
        ([{"code": "Z.9", "level": 3}], "competences[0].code"),
        ([{"code": "B.1", "level": 2}, {"code": "A.5", "level": 2}], "competences[1].level"),
        ([{"code": "B.1", "level": 2}, {"code": "B.1", "level": 3}], "competences[1].code"),
        ([], "competences"),
        (["B.1"], "competences[0]"),
    ],
)
def test_a_wrong_assignment_is_refused_with_its_field_and_nothing_is_stored(accounts, competences, field):
    membership = accounts["utrecht-editor"].membership
    data = pools.AssignmentInput("Titel", "Tekst", competences, 16, date(2027, 1, 1), None, "pv26", False, ["nl"])
    with pytest.raises(ModelError) as refused:
        pools.post_assignment(membership, data)
    assert refused.value.field == field
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("title", "description", "starts_in_days", "field"),
    [
        ("T" * 201, "Tekst", 30, "title"),
        ("Titel", "T" * 4001, 30, "description"),
        ("Titel", "Tekst", -1, "starts_on"),
    ],
)
def test_an_assignment_too_long_or_starting_in_the_past_is_refused(accounts, title, description, starts_in_days, field):
    membership = accounts["utrecht-editor"].membership
    starts_on = date.today() + timedelta(days=starts_in_days)
    needs = [{"code": "B.1", "level": 2}]
    data = pools.AssignmentInput(title, description, needs, 16, starts_on, None, "pv26", False, ["nl"])
    with pytest.raises(ModelError) as refused:
        pools.post_assignment(membership, data)
    assert refused.value.field == field
    assert not Assignment.objects.exists()


def test_a_member_who_meets_none_of_the_competences_asked_for_is_no_match(register):
    """Available, enough hours, the region and a language in common, but none of what is asked: not shown, so an
    assignment that asks for little cannot list the pool."""
    member("has-only-c1", {"C.1": 2})
    member("meets-b1", {"B.1": 2})
    job = assignment(competences=[{"code": "B.1", "level": 2, "must": False}, {"code": "A.5", "level": 3}])
    found = pool_matching.match(job)
    assert found.total == 1 and [m.score for m in found.matches] == [50.0]


def test_deleting_a_profile_removes_its_view_log_and_the_export_holds_everything(accounts):
    joined = pools.save_profile(accounts["utrecht-viewer"], profile(text="Graag bij een waterschap"))
    job = assignment("gm0363", competences=[{"code": "B.1", "level": 2, "must": True}])
    pools.log_view(accounts["amsterdam-editor"], job, joined)
    exported = pools.export(joined)
    assert exported["profile"]["competences"] == [{"code": "B.1", "level": 3}]
    assert exported["profile"]["text"] == "Graag bij een waterschap"
    assert [(v["organisation"], v["assignment"]) for v in exported["views"]] == [
        ("gemeente Amsterdam", "Architect voor de omgevingswet")
    ]
    assert pools.delete_profile(accounts["utrecht-viewer"])
    from thorbecke.workforce.models import ProfileView

    assert not PoolMember.objects.exists() and not ProfileView.objects.exists()


def utrecht_pool_assignment() -> Assignment:
    """Utrecht's open assignment with one matching member (a staff member of Den Haag, in Utrecht's province), for
    the classification matrices and the pages' accessibility run."""
    found = Assignment.objects.filter(title="Geheime pool-opdracht").first()
    if found:
        return found
    if not PoolMember.objects.filter(user__username="pool-candidate").exists():
        member("pool-candidate", {"B.1": 3, "A.5": 4, "E.8": 3}, organisation="gm0518", text="Geheime pooltekst")
    return assignment("gm0344", title="Geheime pool-opdracht")


def utrecht_viewer_in_the_pool() -> PoolMember:
    """utrecht-viewer (of the accounts fixture) in the pool, in the list of Utrecht's assignment and opened once."""
    user = get_user_model().objects.get(username="utrecht-viewer")
    found = PoolMember.objects.filter(user=user).first()
    if found:
        return found
    found = pools.save_profile(user, pools.ProfileInput("cwa-16458", "6", {"B.1": 3, "A.5": 4}, 16,
                                                        date(2027, 1, 1), None, "pv26", ["nl", "en"]))  # fmt: skip
    pools.log_view(get_user_model().objects.get(username="utrecht-editor"), utrecht_pool_assignment(), found)
    pools.candidates(utrecht_pool_assignment())  # ... and in its list, so that the appearances show too
    return found


# --- hardening after review (decision 0058): appearances, and limits per posting organisation ---


def test_loading_a_list_records_one_appearance_per_member_shown_per_day_in_one_statement(register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thorbecke.workforce.models import Appearance

    found = the_pool()
    job = assignment()
    with CaptureQueriesContext(connection) as queries:
        shown = pools.candidates(job)
    inserts = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"].upper()]
    assert len(inserts) == 1 and Appearance._meta.db_table in inserts[0]
    pools.candidates(job)  # a reload the same day adds nothing
    rows = list(Appearance.objects.values_list("member_id", "assignment_id", "organisation__code", "day"))
    today = datetime.now(UTC).date()
    assert sorted(rows) == sorted((m.member_id, job.pk, "gm0344", today) for m in shown.matches)
    assert {m for m, *_rest in rows} == {found[n].pk for n in ("anna", "bram", "cor", "dina", "evi")}
    # Another day, or another assignment, is a row of its own.
    Appearance.objects.update(day=today - timedelta(days=1))
    pools.candidates(job)
    pools.candidates(assignment(title="Tweede"))
    assert Appearance.objects.count() == 15


def test_a_member_who_does_not_match_never_appears(register):
    from thorbecke.workforce.models import Appearance

    found = the_pool()
    pools.candidates(assignment())
    assert not Appearance.objects.filter(member=found["elsewhere"]).exists()


def test_deleting_a_profile_removes_its_appearances_and_the_export_holds_them(accounts):
    from thorbecke.workforce.models import Appearance

    joined = pools.save_profile(accounts["utrecht-viewer"], profile())
    job = assignment("gm0363", competences=[{"code": "B.1", "level": 2, "must": True}])
    pools.candidates(job)
    exported = pools.export(joined)
    assert exported["appearances"] == [
        {"organisation": "gemeente Amsterdam", "assignment": "Architect voor de omgevingswet",
         "appearedOn": datetime.now(UTC).date().isoformat()}
    ]  # fmt: skip
    assert pools.delete_profile(accounts["utrecht-viewer"])
    assert not Appearance.objects.exists()


def test_an_organisation_opens_at_most_twenty_candidates_a_utc_day(accounts):
    from thorbecke.workforce.models import ProfileView

    joined = pools.save_profile(accounts["utrecht-viewer"], profile())
    job = assignment("gm0344", competences=[{"code": "B.1", "level": 2, "must": True}])
    editor = accounts["utrecht-editor"]
    for _ in range(pools.OPENINGS_PER_DAY):
        pools.log_view(editor, job, joined)
    with pytest.raises(pools.LimitReached) as refused:
        pools.log_view(editor, job, joined)
    assert "20" in str(refused.value)
    assert ProfileView.objects.count() == 20
    # Another organisation has its own count; yesterday's (in UTC) openings do not count today.
    other = assignment("gm0363", competences=[{"code": "B.1", "level": 2, "must": True}])
    pools.log_view(accounts["amsterdam-editor"], other, joined)
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    ProfileView.objects.filter(organisation__code="gm0344").update(viewed_at=midnight - timedelta(seconds=1))
    pools.log_view(editor, job, joined)
    assert ProfileView.objects.filter(organisation__code="gm0344", viewed_at__gte=midnight).count() == 1


def test_an_organisation_posts_at_most_ten_assignments_a_utc_day(accounts):
    utrecht, amsterdam = accounts["utrecht-editor"].membership, accounts["amsterdam-editor"].membership
    data = pools.AssignmentInput("Titel", "Tekst", [{"code": "B.1", "level": 2}], 16, date.today() + timedelta(days=7),
                                 None, "pv26", False, ["nl"])  # fmt: skip
    for _ in range(pools.ASSIGNMENTS_PER_DAY):
        pools.post_assignment(utrecht, data)
    with pytest.raises(pools.LimitReached) as refused:
        pools.post_assignment(utrecht, data)
    assert "10" in str(refused.value)
    assert Assignment.objects.filter(organisation__code="gm0344").count() == 10
    pools.post_assignment(amsterdam, data)  # another organisation's own count
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    Assignment.objects.update(created_at=midnight - timedelta(seconds=1))
    pools.post_assignment(utrecht, data)
    assert Assignment.objects.filter(organisation__code="gm0344").count() == 11


def test_a_member_deleted_after_matching_is_left_out_of_the_list_not_an_error(register):
    from thorbecke.workforce.views_pools import _rows

    found = the_pool()
    posted = assignment()
    result = pool_matching.match(posted)
    found["dina"].delete()  # between the match and reading the members, as another request may
    rows = _rows(posted, result)
    assert [row["member"].pk for row in rows] == [found[n].pk for n in ("evi", "cor", "bram", "anna")]
    assert [row["rank"] for row in rows] == [1, 2, 3, 4]
