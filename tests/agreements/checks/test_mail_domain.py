"""A mail domain measured with every mail and DNS check together, against the real authoritative DNS server of
mail_world."""

from thorbecke.agreements.checks.mail.domain import check_mail, measure_domain


def test_a_well_configured_domain_passes_spf_dmarc_and_dkim(world):
    results = check_mail("good.test", world.resolver)
    assert [r.check for r in results] == ["spf", "dmarc", "dkim"]
    assert [r.verdict for r in results] == ["pass", "pass", "pass"], [r.problems for r in results]
    spf, dmarc, dkim = results
    assert spf.evidence["record"] == "v=spf1 ip4:192.0.2.0/24 mx include:_spf.good.test -all"
    assert spf.evidence["lookups"] == 2 and spf.evidence["all"] == "-all"
    assert [f["domain"] for f in spf.evidence["followed"]] == ["good.test", "_spf.good.test"]
    assert spf.evidence["mx"] == ["10 mail.good.test."]
    assert dmarc.evidence["policy"] == "reject" and dmarc.evidence["rua"] == ["mailto:dmarc@good.test"]
    assert dkim.evidence["domainkey"]["rcode"] == "NOERROR"


def test_a_domain_without_records_fails_every_mail_check(world):
    spf, dmarc, dkim = check_mail("missing.test", world.resolver)
    assert spf.verdict == "fail" and spf.problems == ["no SPF record (a TXT record starting with v=spf1)"]
    assert dmarc.verdict == "fail" and dmarc.problems == ["no DMARC record at _dmarc.missing.test"]
    assert dkim.verdict == "fail"


def test_a_domain_that_does_not_exist_cannot_be_measured(world):
    results = measure_domain("nosuch.test", world.resolver)
    assert [(r.check, r.verdict) for r in results] == [
        ("spf", "error"),
        ("dmarc", "error"),
        ("dkim", "error"),
        ("dnssec", "error"),
    ]
    assert all(r.problems == ["nosuch.test does not exist (NXDOMAIN)"] for r in results)
