import datetime as dt
import re

import pytest

from tests.conftest import PASSWORD
from tests.registry.test_permissions import utrecht_report
from thorbecke.registry.models import Organisation
from thorbecke.services.citizens import citizen_key
from thorbecke.services.models import Message
from thorbecke.signals.models import Feedback, Follower, RoutingRule, ServiceRequest, StatusChange
from thorbecke.signals.notify import report_of_survey_code, survey_code
from thorbecke.signals.routing import route

pytestmark = pytest.mark.django_db


def test_staff_change_the_status_with_a_note_and_the_history_only_grows(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    assert client.post(f"/meldingen/{report.pk}/status/", {"status": "closed"}).status_code == 400
    assert not StatusChange.objects.exists()
    client.post(
        f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd.", "audience": "public"}
    )
    client.post(f"/meldingen/{report.pk}/status/", {"status": "open", "note": "Weer vol gemeld.", "audience": "public"})
    report.refresh_from_db()
    assert (report.status, report.status_notes) == ("open", "Weer vol gemeld.")
    steps = list(report.history.values_list("old_status", "new_status", "note"))
    assert steps == [("open", "closed", "Container geleegd."), ("closed", "open", "Weer vol gemeld.")]
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    assert page.index("Container geleegd.") < page.index("Weer vol gemeld.")
    step = report.history.first()
    step.note = "anders"
    with pytest.raises(ValueError, match="append-only"):
        step.save()
    with pytest.raises(ValueError, match="append-only"):
        step.delete()


def test_the_list_shows_only_the_organisations_own_reports(client, accounts):
    utrecht_report()
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert "Geen meldingen." in client.get("/meldingen/").content.decode()
    client.login(username="utrecht-viewer", password=PASSWORD)
    page = client.get("/meldingen/").content.decode()
    assert "1 melding" in page and "Container is vol" in page


def test_the_reporter_hears_of_each_status_change_by_e_mail(client, accounts, mailoutbox):
    report = utrecht_report()
    report.email = "melder@example.org"
    report.save()
    # The reporter confirmed the address with the acknowledgement's link (tests/signals/test_reporter_mail.py).
    Follower.objects.create(request=report, email=report.email, reporter=True, confirmed_at=report.requested_at)
    client.login(username="utrecht-admin", password=PASSWORD)
    client.post(
        f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd.", "audience": "reporter"}
    )
    (mail,) = mailoutbox
    assert mail.to == ["melder@example.org"] and "Container geleegd." in mail.body and "afgehandeld" in mail.subject
    assert "/melding-doen/" in mail.body and "/en/report-a-problem/" in mail.body


def test_a_report_that_is_not_ours_is_forwarded_with_the_reason(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    url = f"/meldingen/{report.pk}/doorsturen/"
    assert client.post(url, {"forward-organisation": "gm9999", "forward-note": "x"}).status_code == 400
    assert client.post(url, {"forward-organisation": "gm0344", "forward-note": "x"}).status_code == 400
    response = client.post(url, {"forward-organisation": "ws0155", "forward-note": "Een sloot van het waterschap."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.organisation.code == "ws0155"
    (step,) = report.history.all()
    assert (step.forwarded_from.code, step.forwarded_to.code, step.note) == (
        "gm0344",
        "ws0155",
        "Een sloot van het waterschap.",
    )
    assert client.get(f"/meldingen/{report.pk}/").status_code == 403  # no longer Utrecht's


def test_staff_assign_a_report_to_a_colleague_and_filter_on_their_own(client, accounts):
    report = utrecht_report()
    viewer = accounts["utrecht-viewer"]
    client.login(username="utrecht-editor", password=PASSWORD)
    outsider = accounts["amsterdam-editor"]
    assert client.post(f"/meldingen/{report.pk}/toewijzen/", {"assign-assignee": outsider.pk}).status_code == 400
    assert client.post(f"/meldingen/{report.pk}/toewijzen/", {"assign-assignee": viewer.pk}).status_code == 302
    report.refresh_from_db()
    assert report.assigned_to == viewer
    assert report.history.get().assigned_to == viewer
    client.login(username="utrecht-viewer", password=PASSWORD)
    assert "Container is vol" in client.get("/meldingen/?mine=on").content.decode()
    client.login(username="utrecht-admin", password=PASSWORD)
    assert "Geen meldingen." in client.get("/meldingen/?mine=on").content.decode()


def test_who_a_report_is_assigned_to_stays_inside_the_organisation(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/meldingen/{report.pk}/toewijzen/", {"assign-assignee": accounts["utrecht-viewer"].pk})
    client.post(f"/meldingen/{report.pk}/toewijzen/", {"assign-assignee": ""})
    client.post(
        f"/meldingen/{report.pk}/status/", {"status": "open", "note": "We kijken ernaar.", "audience": "public"}
    )
    assert [step.kind for step in report.history.all()] == ["assign", "assign", "status"]
    client.logout()
    public = client.get(f"/melding-doen/{report.pk}/").content.decode()
    assert "We kijken ernaar." in public
    assert "utrecht-viewer" not in public and "Toewijzing weggehaald" not in public


def test_a_signed_in_reporter_hears_in_the_inbox_and_answers_one_question_when_closed(client, accounts):
    report = utrecht_report()
    report.reporter_key = citizen_key("999990032")
    report.save()
    Follower.objects.create(request=report, email="buur@example.org")
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(
        f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd.", "audience": "public"}
    )
    (notice,) = Message.objects.filter(recipient_key=report.reporter_key)
    assert "Container geleegd." in notice.body_nl and "Container geleegd." in notice.body_en
    # The code is signed with a timestamp: read the one the notice carries, not one made a second later.
    code = re.search(rf"/melding-doen/{report.pk}/tevredenheid/([^/\s]+)/", notice.body_nl).group(1)
    assert report_of_survey_code(code) == report.pk
    assert f"/en/report-a-problem/{report.pk}/satisfaction/{code}/" in notice.body_en
    client.logout()
    assert client.get(f"/melding-doen/{report.pk}/tevredenheid/{survey_code(utrecht_other())}/").status_code == 404
    url = f"/melding-doen/{report.pk}/tevredenheid/{code}/"
    assert client.post(url, {"satisfaction": "9"}).status_code == 400
    assert client.post(url, {"satisfaction": "4"}).status_code == 302
    assert client.post(url, {"satisfaction": "1"}).status_code == 200  # already answered: kept as it was
    assert Feedback.objects.get(request=report).satisfaction == 4


def utrecht_other():
    first = utrecht_report()
    return ServiceRequest.objects.create(category=first.category, organisation=first.organisation, lat=52.1, long=5.1)


def test_followers_hear_of_changes_but_get_no_survey(client, accounts, mailoutbox):
    report = utrecht_report()
    Follower.objects.create(request=report, email="buur@example.org", confirmed_at=report.requested_at)
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(
        f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Container geleegd.", "audience": "public"}
    )
    (mail,) = mailoutbox
    assert mail.to == ["buur@example.org"] and "tevredenheid" not in mail.body


def test_figures_count_time_to_close_deadlines_and_satisfaction(client, accounts):
    report = utrecht_report()
    report.expected_at = report.requested_at + dt.timedelta(days=3)
    report.save()
    client.login(username="utrecht-editor", password=PASSWORD)
    client.post(f"/meldingen/{report.pk}/status/", {"status": "closed", "note": "Gedaan.", "audience": "public"})
    Feedback.objects.create(request=report, satisfaction=5)
    utrecht_other()
    answer = client.get("/api/v1/signals/figures?organisation=gm0344").json()
    (row,) = answer["categories"]
    assert (row["code"], row["reports"], row["closed"], row["closedOnTime"], row["answers"]) == (
        "container-is-vol",
        2,
        1,
        1,
        1,
    )
    assert row["satisfaction"] == 5.0 and 0 <= row["meanDaysToClose"] < 0.01
    everyone = client.get("/api/v1/signals/figures").json()
    assert {"code": "gm0344", "reports": 2} == {k: everyone["organisations"][0][k] for k in ("code", "reports")}
    assert client.get("/api/v1/signals/figures?organisation=gm9999").status_code == 404
    page = client.get("/melding-doen/cijfers/").content.decode()
    assert "gemeente Utrecht" in page and "Meldingen in cijfers" in page


def test_the_programme_tries_a_routing_rule_at_a_sample_point_before_saving_it(client, accounts):
    from thorbecke.signals.models import Category

    dike = Category.objects.get(slug="dijk-waterkering")
    domplein = {"sample_lat": "52.0907", "sample_long": "5.1214"}
    draft = {"category": dike.slug, "area": "gm0344", "handled_by": "gm0344", "reason": "Stadsdijken", "active": "on"}
    client.login(username="utrecht-admin", password=PASSWORD)
    assert client.post("/meldingen/regels/nieuw/", {**draft, **domplein, "test": "1"}).status_code == 403
    client.login(username="programme", password=PASSWORD)
    tried = client.post("/meldingen/regels/nieuw/", {**draft, **domplein, "test": "1"})
    assert tried.status_code == 200 and "naar gemeente Utrecht" in tried.content.decode()
    assert not RoutingRule.objects.exists()
    assert route(dike, 52.0907, 5.1214).organisation.org_type == "waterschap"
    assert client.post("/meldingen/regels/nieuw/", {**draft, "area": "xx"}).status_code == 400
    assert client.post("/meldingen/regels/nieuw/", {**draft, "save": "1"}).status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.changed_by == accounts["programme"]
    assert route(dike, 52.0907, 5.1214).organisation.code == "gm0344"
    assert route(dike, 52.3731, 4.8922).organisation.org_type == "waterschap"  # Amsterdam: the rule does not reach


def test_each_note_reaches_only_its_audience(client, accounts, mailoutbox):
    """Threat: a member of staff writes a note meant for the reporter or for colleagues (a neighbour's name,
    'known complainer') and it is published in Open311 status_notes and on the report's public page."""
    report = utrecht_report()
    report.email = "melder@example.org"
    report.save()
    # The reporter confirmed the address with the acknowledgement's link (tests/signals/test_reporter_mail.py).
    Follower.objects.create(request=report, email=report.email, reporter=True, confirmed_at=report.requested_at)
    Follower.objects.create(request=report, email="buur@example.org", confirmed_at=report.requested_at)
    client.login(username="utrecht-editor", password=PASSWORD)
    url = f"/meldingen/{report.pk}/status/"
    missing = client.post(url, {"status": "open", "note": "Zonder doelgroep."})
    assert missing.status_code == 400 and "Kies wie deze notitie" in missing.content.decode()
    assert not StatusChange.objects.exists() and not mailoutbox
    notes = {"internal": "Melder belt vaker over buurman Jansen.", "reporter": "We bellen u morgen terug."}
    notes["public"] = "Container wordt morgen geleegd."
    for audience, note in notes.items():
        assert client.post(url, {"status": "open", "note": note, "audience": audience}).status_code == 302
    staff = client.get(f"/meldingen/{report.pk}/").content.decode()
    assert all(note in staff for note in notes.values())
    client.logout()
    public = client.get(f"/melding-doen/{report.pk}/").content.decode()
    open311 = client.get(f"/open311/v2/requests/{report.pk}.json").json()[0]
    listing = client.get("/open311/v2/requests.json").content.decode()
    assert notes["public"] in public and open311["status_notes"] == notes["public"]
    for private in (notes["internal"], notes["reporter"]):
        assert private not in public and private not in listing
    to_reporter = "\n".join(m.body for m in mailoutbox if m.to == ["melder@example.org"])
    to_follower = "\n".join(m.body for m in mailoutbox if m.to == ["buur@example.org"])
    assert notes["reporter"] in to_reporter and notes["public"] in to_reporter
    assert notes["public"] in to_follower and notes["reporter"] not in to_follower
    assert notes["internal"] not in to_reporter + to_follower


def test_internal_notes_stay_with_the_organisation_that_wrote_them_when_a_report_is_forwarded(client, accounts):
    """Threat: Utrecht's staff write 'known complainer' internally and assign a colleague, then forward the report;
    Amsterdam's staff read all of it. The next organisation sees that there was an internal note, by whom and when,
    and reads the notes to the public and the reporter (what the reporter was told) and the forward's reason."""
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    status, forward = f"/meldingen/{report.pk}/status/", f"/meldingen/{report.pk}/doorsturen/"
    utrecht_internal, to_reporter = "Melder belt vaker over buurman Jansen.", "We bellen u morgen terug."
    client.post(status, {"status": "open", "note": utrecht_internal, "audience": "internal"})
    client.post(status, {"status": "open", "note": to_reporter, "audience": "reporter"})
    client.post(f"/meldingen/{report.pk}/toewijzen/", {"assign-assignee": accounts["utrecht-viewer"].pk})
    reason = "De container staat op het grondgebied van Amsterdam."
    assert client.post(forward, {"forward-organisation": "gm0363", "forward-note": reason}).status_code == 302

    client.login(username="amsterdam-editor", password=PASSWORD)
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    assert to_reporter in page and reason in page
    assert utrecht_internal not in page
    assert "utrecht-viewer" not in page  # nor whom Utrecht had assigned it to: the report comes unassigned
    assert "interne notitie van gemeente Utrecht" in page and "utrecht-editor" in page
    english = client.get(f"/en/reports/{report.pk}/").content.decode()
    assert utrecht_internal not in english and "internal note of gemeente Utrecht" in english

    # Back to Utrecht: it reads its own internal notes again, not Amsterdam's.
    amsterdam_internal = "Eerst navragen bij de wijkbeheerder."
    client.post(status, {"status": "open", "note": amsterdam_internal, "audience": "internal"})
    client.post(forward, {"forward-organisation": "gm0344", "forward-note": "Toch van Utrecht."})
    client.login(username="utrecht-editor", password=PASSWORD)
    page = client.get(f"/meldingen/{report.pk}/").content.decode()
    assert utrecht_internal in page and "toegewezen aan utrecht-viewer" in page and "Toch van Utrecht." in page
    assert amsterdam_internal not in page and "interne notitie van gemeente Amsterdam" in page
    holders = [step.held_by.code for step in report.history.all()]
    assert holders == ["gm0344", "gm0344", "gm0344", "gm0344", "gm0363", "gm0363"]


def test_the_history_records_who_held_the_report_for_steps_taken_before_it_was_kept(accounts):
    """Steps taken before each step kept its organisation get it from the forwards around them (the migration)."""
    import importlib

    from django.apps import apps

    report = utrecht_report()
    amsterdam, utrecht = (Organisation.objects.get(code=code) for code in ("gm0363", "gm0344"))
    make = StatusChange.objects.create
    steps = [
        make(request=report, old_status="open", new_status="open", note="a"),
        make(request=report, kind="forward", old_status="open", new_status="open", note="b",
             forwarded_from=utrecht, forwarded_to=amsterdam),
        make(request=report, old_status="open", new_status="open", note="c"),
    ]  # fmt: skip
    StatusChange.objects.filter(request=report).update(held_by=amsterdam)  # wrong, as a column just added holds none
    ServiceRequest.objects.filter(pk=report.pk).update(organisation=amsterdam)
    migration = importlib.import_module("thorbecke.signals.migrations.0010_status_change_held_by")
    migration.held_by_from_the_forwards(apps, None)
    assert [StatusChange.objects.get(pk=s.pk).held_by.code for s in steps] == ["gm0344", "gm0344", "gm0363"]


def test_the_form_names_the_audiences_in_both_languages(client, accounts):
    report = utrecht_report()
    client.login(username="utrecht-editor", password=PASSWORD)
    dutch = client.get(f"/meldingen/{report.pk}/").content.decode()
    english = client.get(f"/en/reports/{report.pk}/").content.decode()
    assert "Openbaar" in dutch and "Alleen de melder" in dutch and "Intern" in dutch
    assert "Public" in english and "Only the reporter" in english and "Internal" in english


def test_notes_written_before_audiences_existed_become_the_reporters_only(accounts):
    """The form promised 'the reporter sees this note': the data migration keeps that promise."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("thorbecke.signals.migrations.0008_status_note_audience")
    report = utrecht_report()
    report.status_notes = "Oude notitie."
    report.save()
    step = StatusChange.objects.create(request=report, old_status="open", new_status="open", note="Oude notitie.")
    StatusChange.objects.filter(pk=step.pk).update(audience="public")  # as if the column had just been added
    migration.keep_the_forms_promise(apps, None)
    step.refresh_from_db()
    report.refresh_from_db()
    assert step.audience == "reporter" and report.status_notes == ""
