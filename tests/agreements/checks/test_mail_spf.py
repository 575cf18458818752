"""The SPF verdicts, asserted against the real authoritative DNS server of mail_world."""

import pytest

from thorbecke.agreements.checks.mail import spf
from thorbecke.agreements.checks.mail.domain import check_mail


def test_spf_ending_in_softfail_passes(world):
    result = check_mail("pnone.test", world.resolver)[0]
    assert result.verdict == "pass" and result.evidence["all"] == "~all"


def test_spf_plus_all_fails(world):
    result = check_mail("plusall.test", world.resolver)[0]
    assert result.verdict == "fail" and result.problems == [
        "the policy ends in '+all': any host may send mail as this domain"
    ]


def test_more_than_ten_spf_lookups_fail_and_exactly_ten_pass(world):
    result = check_mail("lookups.test", world.resolver)[0]
    assert result.verdict == "fail" and result.evidence["lookups"] == 11
    assert result.problems[0].startswith("more than 10 DNS lookups (11 counted")
    ten = check_mail("ten.test", world.resolver)[0]
    assert ten.verdict == "pass" and ten.evidence["lookups"] == 10


def test_spf_follows_redirect_and_include_for_the_policy(world):
    redirected = check_mail("redirect.test", world.resolver)[0]
    assert redirected.verdict == "fail" and redirected.evidence["all"] == "?all"
    assert "'?all' (neutral)" in redirected.problems[0]
    opened = check_mail("incplus.test", world.resolver)[0]
    assert opened.verdict == "fail"
    assert opened.problems == ["include:open.incplus.test ends in '+all': it lets any host send as incplus.test"]
    dangling = check_mail("badinclude.test", world.resolver)[0]
    assert dangling.verdict == "fail"
    assert dangling.problems == ["include to nothing.badinclude.test: no SPF record there (permerror)"]


def test_an_spf_include_that_depends_on_the_message_cannot_be_judged(world):
    result = check_mail("macro.test", world.resolver)[0]
    assert result.verdict == "error"
    assert result.problems == [
        "include to '%{d}.spf.macro.test' uses macros, which depend on the message: not followed"
    ]


def test_malformed_and_duplicate_spf_records_fail_with_the_reason(world):
    result = check_mail("broken.test", world.resolver)[0]
    assert result.verdict == "fail" and result.problems == ["broken.test: 'ip4:300.1.2.3' is not a valid ip4 network"]
    result = check_mail("twospf.test", world.resolver)[0]
    assert result.verdict == "fail" and result.problems[0].startswith("2 SPF records")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ("v=spf1 foo:bar -all", "'foo:bar' is not a known mechanism"),
        ("v=spf1 include -all", "'include' needs a domain"),
        ("v=spf1 include:localhost -all", "'include:localhost' does not name a fully qualified domain"),
        ("v=spf1 redirect=a.test redirect=b.test", "the redirect modifier appears more than once (RFC 7208 6)"),
        ("v=spf1 all:x", "'all:x': 'all' takes no argument"),
        ("v=spf1 ip6:2001:db8::/129 -all", "'ip6:2001:db8::/129' is not a valid ip6 network"),
        ("v=spf1 ip4:2001:db8:: -all", "'ip4:2001:db8::' is not a valid ip4 network"),
        ("v=spf1 a/33 -all", "'a/33' has a prefix length out of range"),
        ("v=spf1 exists:%{z}.x.test -all", "'exists:%{z}.x.test' has a malformed macro"),
    ],
)
def test_spf_syntax_errors_are_named(record, reason):
    with pytest.raises(spf._SpfSyntax) as raised:
        spf._parse_spf(record)
    assert str(raised.value) == reason


def test_valid_spf_syntax_parses():
    terms, modifiers = spf._parse_spf(
        "v=spf1  +a:mail.x.test/24//64 mx ip4:192.0.2.0/24 ip6:2001:db8::/32 ptr exists:%{ir}.%{l1r+-}._spf.%{d} "
        "?include:x.test exp=explain.x.test foo=bar ~all"
    )
    assert [t.name for t in terms] == ["a", "mx", "ip4", "ip6", "ptr", "exists", "include", "all"]
    assert terms[-1].qualifier == "~" and terms[0].domain == "mail.x.test"
    assert modifiers == {"exp": "explain.x.test"}
