"""The DKIM verdicts, asserted against the real authoritative DNS server of mail_world."""

from thorbecke.agreements.checks.mail.domain import check_mail


def test_dkim_without_domainkey_fails(world):
    result = check_mail("pnone.test", world.resolver)[2]
    assert result.verdict == "fail" and "does not exist (NXDOMAIN)" in result.problems[0]


def test_dkim_passes_where_domainkey_exists(world):
    result = check_mail("plusall.test", world.resolver)[2]
    assert result.verdict == "pass"  # _domainkey exists because a selector lives below it


def test_a_domain_that_sends_no_mail_passes_without_dkim(world):
    results = check_mail("nomail.test", world.resolver)
    assert [r.verdict for r in results] == ["pass", "pass", "pass"], [r.problems for r in results]
    dkim = results[2]
    assert dkim.evidence["non_sending"] is True and dkim.evidence["domainkey"]["rcode"] == "NXDOMAIN"
    assert dkim.evidence["null_mx"] is True


def test_dkim_selectors_are_checked_when_given(world):
    dkim = check_mail("good.test", world.resolver, selectors=["sel1", "ed", "alias"])[2]
    assert dkim.verdict == "pass", dkim.problems
    assert dkim.evidence["selectors"]["sel1"]["bits"] == 2048
    assert dkim.evidence["selectors"]["ed"]["key_type"] == "ed25519"
    assert dkim.evidence["selectors"]["alias"]["bits"] == 2048  # a CNAME to the key is followed
    dkim = check_mail("good.test", world.resolver, selectors=["old", "weak", "absent"])[2]
    assert dkim.verdict == "fail"
    assert dkim.problems == [
        "old._domainkey.good.test: the key is revoked (empty p=)",
        "weak._domainkey.good.test: the RSA key has 512 bits; RFC 8301 requires at least 1024",
        "no DKIM key at absent._domainkey.good.test",
    ]
    broken = check_mail("plusall.test", world.resolver, selectors=["s1"])[2]
    assert broken.verdict == "fail" and broken.problems == [
        "s1._domainkey.plusall.test: p= does not hold an RSA public key"
    ]
