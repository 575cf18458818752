"""Who reads what of a pool member, as a matrix (like the register's tenancy test): rows are the actors, columns
the reads, each cell whether the actor gets the member's data there. Then the journey: a member joins, is matched,
is opened by the posting organisation, sees it, deletes the profile, and is gone from every page, API and export.

The member works at gemeente Den Haag; the assignment is Utrecht's. Their employer's administrator is an actor: the
profile is the person's, not the employer's."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.registry.test_private_reads import citizen
from tests.workforce.test_pools import GELDERLAND, assignment, member
from thorbecke.registry.accounts import create_account
from thorbecke.workforce import pool_matching
from thorbecke.workforce.models import Appearance, Assignment, PoolMember, ProfileView

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Geheime pooltekst van Mirjam"
MEMBER_NAME = "Mirjam"  # first name of the account "mirjam" (tests.workforce.test_pools.member)
OTHER_NAME = "Otto"

# The reads, each a page and an API call: own profile, export, view log, match list, candidate, unmatched member,
# and the candidate lists the member appeared in (on the view log's page and in the export).
READS = ["profile", "export", "views", "matches", "candidate", "unmatched", "appearances"]
# Who gets the member's data at each read (1) and who does not (0).
MATRIX = {
    #                 profile export views matches candidate unmatched appearances
    "mirjam":           (1,    1,     1,    0,      0,        0,        1),
    "otto":             (0,    0,     0,    0,      0,        0,        0),  # another pool member, who did not match
    "utrecht-editor":   (0,    0,     0,    1,      1,        0,        0),  # the posting organisation's editor
    "utrecht-admin":    (0,    0,     0,    1,      1,        0,        0),
    "utrecht-viewer":   (0,    0,     0,    0,      0,        0,        0),
    "amsterdam-editor": (0,    0,     0,    0,      0,        0,        0),  # another organisation's editor
    "denhaag-admin":    (0,    0,     0,    0,      0,        0,        0),  # the member's own employer
    "programme":        (0,    0,     0,    0,      0,        0,        0),
    "citizen":          (0,    0,     0,    0,      0,        0,        0),
    "anonymous":        (0,    0,     0,    0,      0,        0,        0),
}  # fmt: skip
# An assignment whose list the member appeared in, never opened: its title is on the member's own pages only.
APPEARED_IN = "Alleen in de lijst verschenen"


@pytest.fixture
def scene(accounts):
    mirjam = member("mirjam", {"B.1": 3, "A.5": 4, "E.8": 3}, organisation="gm0518", text=SECRET_TEXT)
    otto = member("otto", {"B.1": 3, "A.5": 5, "E.8": 4}, organisation="gm0599", region=GELDERLAND,
                  text="Otto's eigen tekst")  # fmt: skip
    create_account("denhaag-admin", "gm0518", "admin", PASSWORD)
    job = assignment("gm0344", title="Architect gezocht")
    matched = pool_matching.match(job)
    assert [m.member_id for m in matched.matches] == [mirjam.pk]  # Otto is in Gelderland: not a match
    return {"member": mirjam, "other": otto, "assignment": job,
            "key": pool_matching.candidate_key(job.pk, mirjam.pk),
            "other_key": pool_matching.candidate_key(job.pk, otto.pk)}  # fmt: skip


def signed_in(who: str) -> Client:
    client = Client()
    if who == "citizen":
        client.force_login(citizen())
    elif who != "anonymous":
        assert client.login(username=who, password=PASSWORD)
    return client


def body(response) -> str:
    return response.content.decode() if response.status_code == 200 or response.status_code == 201 else ""


def reads(client: Client, scene: dict, read: str) -> list[str]:
    """The texts the actor gets at a read, page and API alike (an error's body counts as nothing read)."""
    job = scene["assignment"]
    if read == "profile":
        return [body(client.get(reverse("workforce:pool-profile"))), body(client.get("/api/v1/pool/profile"))]
    if read == "export":
        return [body(client.get(reverse("workforce:pool-export"))), body(client.get("/api/v1/pool/profile/export"))]
    if read == "views":
        return [body(client.get(reverse("workforce:pool-views")))]
    if read == "appearances":
        return [body(client.get(reverse("workforce:pool-views"))), body(client.get(reverse("workforce:pool-export"))),
                body(client.get("/api/v1/pool/profile/export"))]  # fmt: skip
    if read == "matches":
        return [body(client.get(reverse("workforce:pool-assignment", args=[job.pk]))),
                body(client.get(f"/api/v1/pool/assignments/{job.pk}/matches"))]  # fmt: skip
    key = scene["key"] if read == "candidate" else scene["other_key"]
    return [body(client.post(reverse("workforce:pool-candidate", args=[job.pk, key]))),
            body(client.post(f"/api/v1/pool/assignments/{job.pk}/matches/{key}/openings"))]  # fmt: skip


def secrets(scene: dict, read: str) -> list[str]:
    """What would show that the actor got the member's data at this read."""
    return {
        "profile": [SECRET_TEXT], "export": [SECRET_TEXT], "views": ["Architect gezocht"],
        "matches": [scene["key"]], "candidate": [MEMBER_NAME, "mirjam@example.nl"],
        "unmatched": [OTHER_NAME, "otto@example.nl"], "appearances": [APPEARED_IN],
    }[read]  # fmt: skip


@pytest.mark.parametrize("who", list(MATRIX))
def test_each_actor_reads_exactly_what_the_matrix_says(scene, who):
    # The member's view log holds one opening, so that "views" has something to show its owner.
    from thorbecke.workforce import pools

    pools.log_view(signed_in_user("utrecht-editor"), scene["assignment"], scene["member"])
    # ... and one appearance in a list it was not opened from, so that "appearances" has something to show.
    pools.candidates(assignment("gm0344", title=APPEARED_IN))
    client = signed_in(who)
    for read, expected in zip(READS, MATRIX[who], strict=True):
        texts = reads(client, scene, read)
        shown = [any(secret in text for secret in secrets(scene, read)) for text in texts]
        assert shown == [bool(expected)] * len(texts), (who, read, shown)


def signed_in_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("who", [w for w in MATRIX if w not in ("utrecht-editor", "utrecht-admin")])
def test_only_the_posting_organisations_editors_opening_is_logged(scene, who):
    client = signed_in(who)
    client.get(reverse("workforce:pool-assignment", args=[scene["assignment"].pk]))
    client.get(f"/api/v1/pool/assignments/{scene['assignment'].pk}/matches")
    client.post(reverse("workforce:pool-candidate", args=[scene["assignment"].pk, scene["key"]]))
    client.post(f"/api/v1/pool/assignments/{scene['assignment'].pk}/matches/{scene['key']}/openings")
    assert not ProfileView.objects.exists() and not Appearance.objects.exists()


def test_an_opening_is_logged_with_the_viewer_and_shown_to_the_member(scene):
    editor = signed_in("utrecht-editor")
    page = editor.post(reverse("workforce:pool-candidate", args=[scene["assignment"].pk, scene["key"]]))
    assert page.status_code == 200 and "mirjam@example.nl" in page.content.decode()
    opened = editor.post(f"/api/v1/pool/assignments/{scene['assignment'].pk}/matches/{scene['key']}/openings")
    assert opened.status_code == 201 and opened.json()["email"] == "mirjam@example.nl"
    logged = list(ProfileView.objects.values_list("member_id", "organisation__code", "viewer_name"))
    assert logged == [(scene["member"].pk, "gm0344", "utrecht-editor")] * 2
    views = signed_in("mirjam").get(reverse("workforce:pool-views"))
    text = views.content.decode()
    assert "Architect gezocht" in text and "gemeente Utrecht" in text and "utrecht-editor" not in text


def test_a_closed_assignment_shows_no_candidates(scene):
    editor = signed_in("utrecht-editor")
    job = scene["assignment"]
    assert editor.post(reverse("workforce:pool-assignment-close", args=[job.pk])).status_code == 302
    assert scene["key"] not in editor.get(reverse("workforce:pool-assignment", args=[job.pk])).content.decode()
    assert editor.get(f"/api/v1/pool/assignments/{job.pk}/matches").status_code == 404
    assert editor.post(reverse("workforce:pool-candidate", args=[job.pk, scene["key"]])).status_code == 404


def test_a_deleted_member_is_gone_from_every_page_api_and_export(scene):
    mirjam, editor = signed_in("mirjam"), signed_in("utrecht-editor")
    job, key = scene["assignment"], scene["key"]
    editor.post(reverse("workforce:pool-candidate", args=[job.pk, key]))
    assert ProfileView.objects.count() == 1
    assert mirjam.get(reverse("workforce:pool-delete")).status_code == 200  # the confirmation
    assert mirjam.post(reverse("workforce:pool-delete")).status_code == 302
    assert not PoolMember.objects.filter(user__username="mirjam").exists() and not ProfileView.objects.exists()
    assert not Appearance.objects.exists()  # the list load above recorded one; gone with the profile
    assert mirjam.get(reverse("workforce:pool-profile")).status_code == 200  # the form to join again, empty
    assert SECRET_TEXT not in mirjam.get(reverse("workforce:pool-profile")).content.decode()
    for url in (reverse("workforce:pool-export"), reverse("workforce:pool-views"), "/api/v1/pool/profile",
                "/api/v1/pool/profile/export"):  # fmt: skip
        assert mirjam.get(url).status_code == 404, url
    page = editor.get(reverse("workforce:pool-assignment", args=[job.pk])).content.decode()
    assert key not in page and "Architect gezocht" in page
    api = editor.get(f"/api/v1/pool/assignments/{job.pk}/matches").json()
    assert api["matches"] == []
    assert editor.post(reverse("workforce:pool-candidate", args=[job.pk, key])).status_code == 404
    assert editor.post(f"/api/v1/pool/assignments/{job.pk}/matches/{key}/openings").status_code == 404
    assert pool_matching.match(job).total == 0


def test_the_member_deletes_over_the_api_too(scene):
    mirjam = signed_in("mirjam")
    assert mirjam.delete("/api/v1/pool/profile").status_code == 204
    assert mirjam.get("/api/v1/pool/profile").status_code == 404
    assert mirjam.delete("/api/v1/pool/profile").status_code == 404


def test_the_member_replaces_the_profile_over_the_api_and_a_wrong_one_changes_nothing(scene):
    mirjam = signed_in("mirjam")
    good = {"jobProfile": {"scheme": "cwa-16458", "code": "6"}, "competences": [{"code": "B.1", "level": 2}],
            "hoursPerWeek": 24, "availableFrom": "2027-01-01", "region": "pv26", "languages": ["nl", "en"]}  # fmt: skip
    before = list(PoolMember.objects.values_list("competences", "hours_per_week"))
    for wrong, field in [({"competences": [{"code": "Z.9", "level": 3}]}, "competences.Z.9"),
                         ({"competences": [{"code": "A.5", "level": 1}]}, "competences.A.5"),
                         ({"region": "pv99"}, "region"), ({"languages": ["xx"]}, "languages")]:  # fmt: skip
        response = mirjam.put("/api/v1/pool/profile", {**good, **wrong}, content_type="application/json")
        assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == field
    response = mirjam.put("/api/v1/pool/profile", {**good, "competences": "B.1"}, content_type="application/json")
    assert response.status_code == 400  # the wrong shape, refused by the schema
    assert list(PoolMember.objects.values_list("competences", "hours_per_week")) == before
    assert mirjam.put("/api/v1/pool/profile", good, content_type="application/json").status_code == 200
    assert PoolMember.objects.get(user__username="mirjam").hours_per_week == 24


# --- hardening after review (decision 0058) ---


def test_each_list_load_is_an_appearance_the_member_sees_and_exports(scene):
    editor, mirjam = signed_in("utrecht-editor"), signed_in("mirjam")
    job = scene["assignment"]
    assert editor.get(reverse("workforce:pool-assignment", args=[job.pk])).status_code == 200
    assert editor.get(f"/api/v1/pool/assignments/{job.pk}/matches").status_code == 200
    assert editor.get(reverse("workforce:pool-assignment", args=[job.pk])).status_code == 200  # a reload
    assert list(Appearance.objects.values_list("member_id", "assignment_id", "organisation__code")) == [
        (scene["member"].pk, job.pk, "gm0344")
    ]
    page = mirjam.get(reverse("workforce:pool-views")).content.decode()
    assert "Architect gezocht" in page and "gemeente Utrecht" in page and "utrecht-editor" not in page
    assert "kandidatenlijst" in page
    home = mirjam.get(reverse("workforce:pool")).content.decode()
    assert "Kandidatenlijsten waarin uw profiel stond (1 keer)" in home
    exported = mirjam.get("/api/v1/pool/profile/export").json()["appearances"]
    assert [(a["organisation"], a["assignment"]) for a in exported] == [("gemeente Utrecht", "Architect gezocht")]
    assert "Architect gezocht" in mirjam.get(reverse("workforce:pool-export")).content.decode()


def test_neither_page_nor_api_tells_how_many_members_match(scene):
    """30 members match; the list shows the best 25, and nothing says there are 30."""
    for n in range(29):
        member(f"extra{n}", {"B.1": 2}, organisation="gm0518")
    job = scene["assignment"]
    assert pool_matching.match(job, limit=100).total == 30
    editor = signed_in("utrecht-editor")
    api = editor.get(f"/api/v1/pool/assignments/{job.pk}/matches").json()
    assert set(api) == {"assignment", "matches"} and len(api["matches"]) == 25
    page = editor.get(reverse("workforce:pool-assignment", args=[job.pk])).content.decode()
    assert page.count("openen</button>") == 25
    said = page.split("Kandidaten</h2>", 1)[1].split('<div class="utrecht-table-container"', 1)[0]
    assert re.findall(r"\d+", said) == ["25", "20"]  # the list's length and the openings a day, no count
    schema = editor.get("/api/v1/openapi.json").json()["components"]["schemas"]["Matches"]
    assert "total" not in schema["properties"]


def test_the_twenty_first_opening_of_a_day_is_refused_on_the_page_and_over_the_api(scene):
    from thorbecke.workforce import pools

    editor_user = signed_in_user("utrecht-editor")
    for _ in range(pools.OPENINGS_PER_DAY):
        pools.log_view(editor_user, scene["assignment"], scene["member"])
    editor = signed_in("utrecht-editor")
    job, key = scene["assignment"], scene["key"]
    page = editor.post(reverse("workforce:pool-candidate", args=[job.pk, key]), follow=True)
    text = page.content.decode()
    assert "mirjam@example.nl" not in text and MEMBER_NAME not in text
    assert "20 kandidaten per dag" in text
    api = editor.post(f"/api/v1/pool/assignments/{job.pk}/matches/{key}/openings")
    assert api.status_code == 429 and api["Content-Type"] == "application/problem+json"
    assert api.json()["status"] == 429 and "20" in api.json()["detail"]
    assert "mirjam@example.nl" not in api.content.decode()
    assert ProfileView.objects.count() == pools.OPENINGS_PER_DAY


def test_the_eleventh_assignment_of_a_day_is_refused_on_the_page_and_over_the_api(scene):
    from tests.registry.test_permissions import pool_assignment_form

    # The scene's assignment is one; nine more make ten today.
    for n in range(9):
        assignment("gm0344", title=f"Opdracht {n}")
    editor = signed_in("utrecht-editor")
    page = editor.post(reverse("workforce:pool-assignment-new"), pool_assignment_form())
    assert page.status_code == 429
    text = page.content.decode()
    assert "10 opdrachten per dag" in text
    body = {"title": "Te veel", "description": "Tekst", "competences": [{"code": "B.1", "level": 2}],
            "hoursPerWeek": 16, "startsOn": "2099-01-01", "region": "pv26", "languages": ["nl"]}  # fmt: skip
    api = editor.post("/api/v1/pool/assignments", body, content_type="application/json")
    assert api.status_code == 429 and api["Content-Type"] == "application/problem+json"
    assert "10" in api.json()["detail"]
    assert Assignment.objects.filter(organisation__code="gm0344").count() == 10
