"""Each verdict, asserted against real local servers configured well and badly."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.agreements.conftest import GOOD_HEADERS, security_txt
from tests.agreements.servers import serve, silent_port, site
from thorbecke.agreements.checks import web
from thorbecke.agreements.checks.base import Target
from thorbecke.agreements.checks.web import check_headers, check_https, check_security_txt
from thorbecke.agreements.models import Measurement, ScanRun
from thorbecke.agreements.scanning import scan
from thorbecke.registry.models import Organisation


def test_a_well_configured_site_passes_every_check(good):
    assert [r.verdict for r in web.measure(good)] == ["pass", "pass", "pass"]


def test_a_badly_configured_site_fails_with_its_reasons(bad):
    https, headers, txt = web.measure(bad)
    assert https.verdict == "fail"
    assert "HSTS max-age 600 is less than a year (31536000)" in https.problems
    assert "plain HTTP does not redirect to HTTPS on the same host" in https.problems
    assert headers.verdict == "fail" and "no Content-Security-Policy" in headers.problems
    assert txt.verdict == "fail" and any(p.startswith("expired on") for p in txt.problems)


def test_security_txt_missing_wrongly_typed_or_too_far_ahead(pki):
    missing, _ = serve(site(GOOD_HEADERS, None), pki["good"])
    assert check_security_txt(Target("localhost", missing, ca_file=str(pki["ca"]))).problems == [
        "/.well-known/security.txt answers 404"
    ]
    far = security_txt(datetime.now(UTC) + timedelta(days=800))
    port, _ = serve(site(GOOD_HEADERS, far, content_type="text/html"), pki["good"])
    problems = check_security_txt(Target("localhost", port, ca_file=str(pki["ca"]))).problems
    assert "served as text/html, not text/plain" in problems and "Expires is more than a year ahead" in problems


def test_an_expired_certificate_cannot_be_measured_and_is_never_compliant(pki):
    port, _ = serve(site(GOOD_HEADERS, None), pki["expired"])
    result = check_https(Target("localhost", port, ca_file=str(pki["ca"])))
    assert result.verdict == "error" and "certificate does not verify" in result.problems[0]
    assert "expired" in result.problems[0]


def test_unresolvable_refused_and_hanging_hosts_are_recorded_as_not_measured(pki, monkeypatch):
    monkeypatch.setattr(web, "TIMEOUT", 0.5)
    assert "does not resolve" in check_headers(Target("gemeente.invalid")).problems[0]
    hanging, listener = silent_port()
    result = check_headers(Target("localhost", hanging, ca_file=str(pki["ca"])))
    assert (result.verdict, result.problems) == ("error", ["no answer within 0.5 s"])
    listener.close()
    refused = check_https(Target("localhost", hanging, ca_file=str(pki["ca"])))
    assert refused.verdict == "error" and "connection failed" in refused.problems[0]


@pytest.mark.django_db(transaction=True)  # the scan's worker threads have their own connections
def test_a_scan_stores_every_result_and_resumes_where_it_stopped(client, register, good, bad, monkeypatch):
    monkeypatch.setattr("thorbecke.agreements.scanning.RETRY_PAUSE", 0)
    utrecht, amsterdam = Organisation.objects.get(code="gm0344"), Organisation.objects.get(code="gm0363")
    lines = []
    counts = scan([(utrecht, good), (amsterdam, bad)], workers=2, progress=lines.append, groups=["web"])
    assert counts == {"hosts": 2, "pass": 3, "fail": 3, "error": 0}
    run = ScanRun.objects.get()
    assert (run.state, run.done, run.total, run.counts) == ("finished", 2, 2, counts)
    progress = client.get("/en/agreements/scans.json").json()
    assert (progress["state"], progress["done"], progress["total"]) == ("finished", 2, 2)
    assert Measurement.objects.filter(organisation=utrecht, verdict="pass").count() == 3
    assert lines[-1].startswith("2/2 hosts")
    answer = client.get("/api/v1/agreements/measurements?organisation=gm0363").json()["results"]
    assert {(m["check"], m["verdict"]) for m in answer} == {
        ("https-hsts", "fail"),
        ("security-headers", "fail"),
        ("security-txt", "fail"),
    }
    assert client.get("/api/v1/agreements/measurements?organisation=gm9999").status_code == 404
    since = Measurement.objects.order_by("measured_at").first().measured_at
    assert scan([(utrecht, good)], since=since, progress=lines.append, groups=["web"])["hosts"] == 0
