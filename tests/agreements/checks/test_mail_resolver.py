"""The resolver the mail and DNSSEC checks ask: how it is described and configured, and what the checks say when
it cannot answer; asserted against the real authoritative DNS server of mail_world."""

import dns.name
import pytest
from django.core.exceptions import ImproperlyConfigured

from thorbecke.agreements.checks.mail.dnssec import check_dnssec
from thorbecke.agreements.checks.mail.domain import check_mail, measure_domain
from thorbecke.agreements.checks.mail.resolver import (
    ROOT_TRUST_ANCHORS,
    Resolver,
    parse_resolver,
    parse_trust_anchors,
    resolver_from_settings,
)


def test_resolver_descriptions_parse():
    assert parse_resolver("127.0.0.1:5353") == Resolver(("127.0.0.1",), 5353)
    assert parse_resolver("9.9.9.9").port == 53
    assert parse_resolver("[::1]:5300") == Resolver(("::1",), 5300)
    assert parse_resolver("2620:fe::fe").nameservers == ("2620:fe::fe",)
    assert parse_resolver("") == Resolver() and parse_resolver(None).nameservers == ()
    for wrong in ("dns.example:53", "1.2.3.4:99999", "1.2.3.4:x", "[::1"):
        with pytest.raises(ValueError):
            parse_resolver(wrong)
    with pytest.raises(ValueError, match="not a DS record"):
        parse_resolver("", trust_anchors=["test. DNSKEY 257 3 13 abc"])
    assert len(parse_trust_anchors(ROOT_TRUST_ANCHORS)[dns.name.root]) == 2


def test_the_resolver_comes_from_the_settings(world, settings):
    settings.THORBECKE_DNS_RESOLVER = f"127.0.0.1:{world.port}"
    settings.THORBECKE_DNS_TIMEOUT = 1.5
    settings.THORBECKE_DNS_TRUST_ANCHORS = [world.anchor]
    assert resolver_from_settings() == Resolver(("127.0.0.1",), world.port, 1.5, (world.anchor,))
    assert [r.verdict for r in measure_domain("good.test")] == ["pass"] * 4
    settings.THORBECKE_DNS_RESOLVER = "resolver.example"
    with pytest.raises(ImproperlyConfigured):
        resolver_from_settings()
    assert [r.verdict for r in measure_domain("good.test")] == ["error"] * 4


def test_without_a_setting_the_system_resolver_and_root_anchors_are_used(settings):
    settings.THORBECKE_DNS_RESOLVER = settings.THORBECKE_DNS_TRUST_ANCHORS = None  # as when their variables are unset
    resolver = resolver_from_settings()
    assert resolver.nameservers == () and resolver.port == 53 and resolver.trust_anchors == ROOT_TRUST_ANCHORS


def test_a_large_answer_is_fetched_over_tcp(world):
    spf = check_mail("bigtxt.test", world.resolver)[0]
    assert spf.verdict == "pass" and spf.evidence["record"] == "v=spf1 ip4:192.0.2.1 -all"
    assert ("tcp", "bigtxt.test.", "TXT") in world.server.queries


def test_a_resolver_that_does_not_answer_gives_could_not_measure(silent):
    results = measure_domain("good.test", silent)
    assert [r.verdict for r in results] == ["error"] * 4
    assert all(
        "no answer from resolver 127.0.0.1:" in r.problems[0] and "within 0.3 s" in r.problems[0] for r in results
    )


def test_a_refusing_resolver_and_a_bad_name_give_could_not_measure(world):
    refused = check_mail("example.org", world.resolver)
    assert refused[0].verdict == "error" and "answered REFUSED for example.org. TXT" in refused[0].problems[0]
    assert check_dnssec("example.org", world.resolver).verdict == "error"
    bad = check_mail("no..dots", world.resolver)
    assert [r.verdict for r in bad] == ["error"] * 3 and "not a valid domain name" in bad[0].problems[0]
    assert check_mail("localhost", world.resolver)[0].problems == ["'localhost' is not a registered domain name"]
