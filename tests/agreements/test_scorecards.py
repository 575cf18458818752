import pytest

from thorbecke.agreements.checks.base import Result
from thorbecke.agreements.models import Measurement
from thorbecke.agreements.scorecards import scorecards
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db


def measured(code, host, check, verdict):
    Measurement.record(Organisation.objects.get(code=code), host, [Result(check, verdict)])


def test_a_failure_is_never_hidden_and_the_latest_measurement_counts(client, register):
    measured("gm0344", "utrecht.nl", "https-hsts", "fail")
    measured("gm0344", "utrecht.nl", "https-hsts", "pass")  # later: fixed
    measured("gm0344", "www.utrecht.nl", "https-hsts", "pass")
    measured("gm0344", "utrecht.nl", "security-txt", "fail")
    measured("gm0344", "www.utrecht.nl", "security-txt", "pass")
    measured("gm0363", "amsterdam.nl", "https-hsts", "error")
    measured("gm0363", "amsterdam.nl", "security-headers", "pass")
    measured("gm0363", "www.amsterdam.nl", "security-headers", "error")
    rows = {row.organisation.code: row.lights for row in scorecards()}
    web = ("https-hsts", "security-headers", "security-txt")
    assert [rows["gm0344"][c] for c in web] == ["meets", "none", "fails"]
    assert [rows["gm0363"][c] for c in web] == ["error", "partly", "none"]
    page = client.get("/en/agreements/scorecard/").content.decode()
    assert "fails" in page and "partly measured" in page and "Utrecht" in page
    exported = client.get("/en/agreements/scorecard.json?type=gemeente").json()["organisations"]
    assert {o["organisation"] for o in exported} == {"gm0344", "gm0363"}
    assert client.get("/en/agreements/scorecard.json?type=provincie").json() == {"organisations": [], "trend": []}
    lines = client.get("/en/agreements/scorecard.csv").content.decode().splitlines()
    checks = "https-hsts,security-headers,security-txt,tls,pq-hybrid,spf,dkim,dmarc,dnssec,api-design,exchange"
    assert lines[0] == (
        f"organisation,name,type,hosts,{checks},processing-log,accessibility,algorithm-register,declared met,to declare"
    )
    assert any(
        line.startswith("gm0344,") and line.endswith(",meets,none,fails" + ",none" * 11 + ",0,0") for line in lines
    )


def test_data_system_adoption_is_measured_from_the_directory_and_the_contracts(data_system):
    from thorbecke.agreements.checks.exchange import measure_exchange

    utrecht, amsterdam = Organisation.objects.get(code="gm0344"), Organisation.objects.get(code="gm0363")
    # Utrecht's node is in the directory, and its log is open to the hub under a valid contract.
    measured = {m.check_key: m for m in measure_exchange(utrecht)}
    assert (measured["exchange"].verdict, measured["processing-log"].verdict) == ("pass", "pass")
    assert measured["exchange"].evidence["contracts_with_hub"] >= 1
    assert [m.problems for m in measure_exchange(amsterdam)] == [
        ["no node announced in the directory"],
        ["no processing activities registered"],
    ]
    rows = {row.organisation.code: row.lights for row in scorecards()}
    assert (rows["gm0344"]["exchange"], rows["gm0363"]["exchange"]) == ("meets", "fails")
    # Without the hub's node the contracts cannot be asked: never "meets" on the directory alone.
    data_system.nodes["hub"].stop()
    node, log = measure_exchange(utrecht)
    assert (node.verdict, log.verdict) == ("error", "error")
    assert node.problems[0].startswith("could not ask the contracts: the hub's node does not answer")


def test_the_trend_keeps_one_summary_a_day(client, register):
    from datetime import date

    from thorbecke.agreements.scorecards import record_day, trend

    measured("gm0344", "utrecht.nl", "https-hsts", "fail")
    measured("gm0363", "amsterdam.nl", "https-hsts", "pass")
    assert record_day(date(2026, 11, 1)) == 1
    measured("gm0344", "utrecht.nl", "https-hsts", "pass")  # Utrecht fixed it
    record_day(date(2026, 11, 2))
    record_day(date(2026, 11, 2))  # the same day again replaces, never doubles
    points = trend()
    assert [(p["day"], p["checks"]["https-hsts"]) for p in points] == [
        (date(2026, 11, 1), {"meets": 1, "measured": 2}),
        (date(2026, 11, 2), {"meets": 2, "measured": 2}),
    ]
    assert trend("provincie") == []
    page = client.get("/en/agreements/scorecard/").content.decode()
    assert "Trend" in page and "2 November 2026" in page
    assert client.get("/en/agreements/scorecard.json").json()["trend"][1]["checks"]["https-hsts"]["meets"] == 2


def test_the_scorecard_pages_its_organisations_and_keeps_the_filter(client, register):
    municipalities = Organisation.objects.filter(org_type="gemeente", end_date__isnull=True).order_by("code")[:130]
    for organisation in municipalities:
        Measurement.record(organisation, f"{organisation.code}.example", [Result("https-hsts", "pass")])
    first = client.get("/afspraken/scorekaart/?type=gemeente").content.decode()
    assert "130 organisaties gemeten (pagina 1 van 2)" in first
    assert 'href="?type=gemeente&amp;page=2"' in first
    second = client.get("/afspraken/scorekaart/?type=gemeente&page=2").content.decode()
    assert second.count('<tr class="utrecht-table__row">') < first.count('<tr class="utrecht-table__row">')
