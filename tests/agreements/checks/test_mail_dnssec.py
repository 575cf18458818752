"""The DNSSEC verdicts, asserted against the real authoritative DNS server of mail_world: zones signed with keys
made there, the test zone's DS as the trust anchor."""

from thorbecke.agreements.checks.mail.dnssec import check_dnssec
from thorbecke.agreements.checks.mail.resolver import ROOT_TRUST_ANCHORS, Resolver


def test_a_signed_zone_with_a_chain_of_trust_passes(world):
    result = check_dnssec("good.test", world.resolver)
    assert result.verdict == "pass", result.problems
    assert result.evidence["status"] == "secure" and result.evidence["zone"] == "good.test."
    assert [link["zone"] for link in result.evidence["chain"]] == ["test.", "good.test."]
    assert result.evidence["chain"][0]["from"] == "trust anchor"
    assert result.evidence["chain"][1]["from"] == "DS in test."
    below_apex = check_dnssec("mail.good.test", world.resolver)
    assert below_apex.verdict == "pass" and below_apex.evidence["zone"] == "good.test."


def test_expired_signatures_fail(world):
    result = check_dnssec("expired.test", world.resolver)
    assert result.verdict == "fail" and result.evidence["status"] == "bogus"
    assert "the signature expired on" in result.problems[0]


def test_a_signed_zone_without_ds_in_its_parent_fails_as_insecure(world):
    result = check_dnssec("nods.test", world.resolver)
    assert result.verdict == "fail" and result.evidence["status"] == "insecure"
    assert result.problems == ["no DS record for nods.test. in its parent zone: the chain of trust is broken"]


def test_a_ds_that_matches_no_key_fails_as_bogus(world):
    result = check_dnssec("wrongds.test", world.resolver)
    assert result.verdict == "fail" and result.evidence["status"] == "bogus"
    assert result.problems[0].startswith("no DNSKEY of wrongds.test. matches its DS (DS in test.")


def test_an_unsigned_zone_fails(world):
    result = check_dnssec("pnone.test", world.resolver)
    assert result.verdict == "fail" and result.evidence["signed"] is False
    assert result.problems == ["the zone pnone.test. is not signed (no RRSIG over its SOA)"]


def test_without_the_test_trust_anchor_the_chain_does_not_validate(world):
    rooted = Resolver(("127.0.0.1",), world.port, 2.0, ROOT_TRUST_ANCHORS)
    result = check_dnssec("good.test", rooted)
    assert result.verdict == "fail" and result.problems == [
        "no DS record for test. in its parent zone: the chain of trust is broken"
    ]
    elsewhere = Resolver(("127.0.0.1",), world.port, 2.0, ("example. DS " + world.anchor.split(" DS ")[1],))
    assert check_dnssec("good.test", elsewhere).problems == ["no configured trust anchor covers good.test."]
