"""The DMARC verdicts, asserted against the real authoritative DNS server of mail_world."""

from thorbecke.agreements.checks.mail.domain import check_mail


def test_dmarc_p_none_fails(world):
    result = check_mail("pnone.test", world.resolver)[1]
    assert result.verdict == "fail"
    assert result.problems == ["p=none only monitors: the Forum Standaardisatie expects quarantine or reject"]


def test_dmarc_quarantine_passes_and_a_missing_rua_is_noted(world):
    result = check_mail("plusall.test", world.resolver)[1]
    assert result.verdict == "pass" and result.evidence["policy"] == "quarantine"
    assert any(note.startswith("no rua") for note in result.evidence["notes"])


def test_malformed_and_duplicate_dmarc_records_fail_with_the_reason(world):
    result = check_mail("broken.test", world.resolver)[1]
    assert result.verdict == "fail" and result.problems == ["p=sometimes is not none, quarantine or reject"]
    result = check_mail("twospf.test", world.resolver)[1]
    assert result.verdict == "fail" and result.problems[0].startswith("2 DMARC records")
