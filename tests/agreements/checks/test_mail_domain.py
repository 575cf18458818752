"""Each verdict of the mail and DNSSEC checks, asserted against a real authoritative DNS server on 127.0.0.1
serving test zones under "test.", signed with keys made here; the trust anchor is the test zone's DS."""

import base64

import dns.name
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from django.core.exceptions import ImproperlyConfigured

from tests.agreements.dns_server import AuthoritativeServer, ds_text, make_key, make_zone, sign, silent_udp_port, txt
from thorbecke.agreements.checks.mail import domain
from thorbecke.agreements.checks.mail.domain import (
    ROOT_TRUST_ANCHORS,
    Resolver,
    check_dnssec,
    check_mail,
    measure_domain,
    parse_resolver,
    resolver_from_settings,
)


def spki(public_key: object) -> str:
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode()


RSA_2048 = spki(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())
RSA_512 = spki(rsa.RSAPublicNumbers(65537, 2**511 + 1111).public_key())  # a weak key cannot be generated
ED25519 = base64.b64encode(
    ed25519.Ed25519PrivateKey.generate()
    .public_key()
    .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
).decode()

# What each mail zone publishes, as zone-file lines relative to the zone.
MAIL_ZONES = {
    "good.test.": f"""
@ MX 10 mail
@ TXT "v=spf1 ip4:192.0.2.0/24 mx include:_spf.good.test -all"
@ TXT "google-site-verification=abc123"
mail A 192.0.2.25
_spf TXT "v=spf1 ip6:2001:db8::/32 ~all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@good.test"
sel1._domainkey TXT {txt("v=DKIM1; k=rsa; p=" + RSA_2048)}
ed._domainkey TXT {txt("v=DKIM1; k=ed25519; p=" + ED25519)}
old._domainkey TXT "v=DKIM1; p="
weak._domainkey TXT {txt("v=DKIM1; p=" + RSA_512)}
alias._domainkey CNAME sel1._domainkey
""",
    "pnone.test.": """
@ MX 10 mail
@ TXT "v=spf1 mx ~all"
mail A 192.0.2.26
_dmarc TXT "v=DMARC1; p=none; rua=mailto:dmarc@pnone.test"
""",
    "plusall.test.": """
@ MX 10 mail.good.test.
@ TXT "v=spf1 +all"
_dmarc TXT "v=DMARC1; p=quarantine"
s1._domainkey TXT "v=DKIM1; p=MIIB"
""",
    "lookups.test.": """
@ TXT "v=spf1 a mx ptr exists:%{i}.e.lookups.test include:i1.lookups.test -all"
i1 TXT "v=spf1 a mx a:x.lookups.test include:i2.lookups.test ~all"
i2 TXT "v=spf1 a mx ~all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@lookups.test"
""",
    "ten.test.": """
@ TXT "v=spf1 a mx include:i1.ten.test -all"
i1 TXT "v=spf1 a mx ptr exists:x.ten.test include:i2.ten.test ~all"
i2 TXT "v=spf1 a mx -all"
""",
    "redirect.test.": """
@ TXT "v=spf1 redirect=_spf.redirect.test"
_spf TXT "v=spf1 ip4:192.0.2.0/24 ?all"
""",
    "incplus.test.": """
@ TXT "v=spf1 include:open.incplus.test -all"
open TXT "v=spf1 +all"
""",
    "badinclude.test.": """
@ TXT "v=spf1 include:nothing.badinclude.test -all"
""",
    "macro.test.": """
@ TXT "v=spf1 include:%{d}.spf.macro.test -all"
""",
    "missing.test.": """
@ A 192.0.2.27
""",
    "nomail.test.": """
@ MX 0 .
@ TXT "v=spf1 -all"
_dmarc TXT "v=DMARC1; p=reject;"
""",
    "broken.test.": """
@ TXT "v=spf1 ip4:300.1.2.3 -all"
_dmarc TXT "v=DMARC1; p=sometimes"
""",
    "twospf.test.": """
@ TXT "v=spf1 -all"
@ TXT "v=spf1 ip4:192.0.2.1 -all"
_dmarc TXT "v=DMARC1; p=reject"
_dmarc TXT "v=DMARC1; p=quarantine"
""",
    "bigtxt.test.": '@ TXT "v=spf1 ip4:192.0.2.1 -all"\n'
    + "".join(f'@ TXT "verification-{n}={"x" * 240}"\n' for n in range(8)),
}


class World:
    def __init__(self) -> None:
        test_key = make_key()
        zones, delegations = [], ""
        for origin, records in MAIL_ZONES.items():
            zones.append(make_zone(origin, records))
            delegations += f"{origin} NS ns.test.\n"
        signed = {
            "good.test.": (-1, 30),
            "expired.test.": (-40, -10),
            "nods.test.": (-1, 30),
            "wrongds.test.": (-1, 30),
        }
        for origin, days in signed.items():
            key = make_key()
            zone = zones[[z.origin.to_text() for z in zones].index(origin)] if origin in MAIL_ZONES else None
            if zone is None:
                zone = make_zone(origin, "www A 192.0.2.80\n")
                zones.append(zone)
                delegations += f"{origin} NS ns.test.\n"
            sign(zone, key, days)
            if origin == "wrongds.test.":
                delegations += f"{origin} DS {ds_text(origin, make_key()[1])}\n"  # a key the zone does not use
            elif origin != "nods.test.":
                delegations += f"{origin} DS {ds_text(origin, key[1])}\n"
        parent = make_zone("test.", "ns A 127.0.0.1\n" + delegations)
        sign(parent, test_key)
        self.anchor = f"test. DS {ds_text('test.', test_key[1])}"
        self.server = AuthoritativeServer([parent, *zones])
        self.port = self.server.start()
        self.resolver = Resolver(("127.0.0.1",), self.port, 2.0, (self.anchor,))


@pytest.fixture(scope="module")
def world():
    made = World()
    yield made
    made.server.stop()


@pytest.fixture(scope="module")
def silent():
    port, sock = silent_udp_port()
    yield Resolver(("127.0.0.1",), port, 0.3, ROOT_TRUST_ANCHORS)
    sock.close()


def by_check(results):
    return {r.check: r for r in results}


# --- the mail checks ---


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


def test_dmarc_p_none_fails_and_dkim_without_domainkey_fails(world):
    spf, dmarc, dkim = check_mail("pnone.test", world.resolver)
    assert spf.verdict == "pass" and spf.evidence["all"] == "~all"
    assert dmarc.verdict == "fail"
    assert dmarc.problems == ["p=none only monitors: the Forum Standaardisatie expects quarantine or reject"]
    assert dkim.verdict == "fail" and "does not exist (NXDOMAIN)" in dkim.problems[0]


def test_spf_plus_all_fails_and_a_missing_rua_is_noted(world):
    spf, dmarc, dkim = check_mail("plusall.test", world.resolver)
    assert spf.verdict == "fail" and spf.problems == [
        "the policy ends in '+all': any host may send mail as this domain"
    ]
    assert dmarc.verdict == "pass" and dmarc.evidence["policy"] == "quarantine"
    assert any(note.startswith("no rua") for note in dmarc.evidence["notes"])
    assert dkim.verdict == "pass"  # _domainkey exists because a selector lives below it


def test_more_than_ten_spf_lookups_fail_and_exactly_ten_pass(world):
    spf = check_mail("lookups.test", world.resolver)[0]
    assert spf.verdict == "fail" and spf.evidence["lookups"] == 11
    assert spf.problems[0].startswith("more than 10 DNS lookups (11 counted")
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
    spf = check_mail("macro.test", world.resolver)[0]
    assert spf.verdict == "error"
    assert spf.problems == ["include to '%{d}.spf.macro.test' uses macros, which depend on the message: not followed"]


def test_a_domain_without_records_fails_every_mail_check(world):
    spf, dmarc, dkim = check_mail("missing.test", world.resolver)
    assert spf.verdict == "fail" and spf.problems == ["no SPF record (a TXT record starting with v=spf1)"]
    assert dmarc.verdict == "fail" and dmarc.problems == ["no DMARC record at _dmarc.missing.test"]
    assert dkim.verdict == "fail"


def test_a_domain_that_sends_no_mail_passes_without_dkim(world):
    results = check_mail("nomail.test", world.resolver)
    assert [r.verdict for r in results] == ["pass", "pass", "pass"], [r.problems for r in results]
    dkim = results[2]
    assert dkim.evidence["non_sending"] is True and dkim.evidence["domainkey"]["rcode"] == "NXDOMAIN"
    assert dkim.evidence["null_mx"] is True


def test_malformed_and_duplicate_records_fail_with_the_reason(world):
    spf, dmarc, _ = check_mail("broken.test", world.resolver)
    assert spf.verdict == "fail" and spf.problems == ["broken.test: 'ip4:300.1.2.3' is not a valid ip4 network"]
    assert dmarc.verdict == "fail" and dmarc.problems == ["p=sometimes is not none, quarantine or reject"]
    spf, dmarc, _ = check_mail("twospf.test", world.resolver)
    assert spf.verdict == "fail" and spf.problems[0].startswith("2 SPF records")
    assert dmarc.verdict == "fail" and dmarc.problems[0].startswith("2 DMARC records")


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
    with pytest.raises(domain._SpfSyntax) as raised:
        domain._parse_spf(record)
    assert str(raised.value) == reason


def test_valid_spf_syntax_parses():
    terms, modifiers = domain._parse_spf(
        "v=spf1  +a:mail.x.test/24//64 mx ip4:192.0.2.0/24 ip6:2001:db8::/32 ptr exists:%{ir}.%{l1r+-}._spf.%{d} "
        "?include:x.test exp=explain.x.test foo=bar ~all"
    )
    assert [t.name for t in terms] == ["a", "mx", "ip4", "ip6", "ptr", "exists", "include", "all"]
    assert terms[-1].qualifier == "~" and terms[0].domain == "mail.x.test"
    assert modifiers == {"exp": "explain.x.test"}


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


def test_a_large_answer_is_fetched_over_tcp(world):
    spf = check_mail("bigtxt.test", world.resolver)[0]
    assert spf.verdict == "pass" and spf.evidence["record"] == "v=spf1 ip4:192.0.2.1 -all"
    assert ("tcp", "bigtxt.test.", "TXT") in world.server.queries


def test_a_domain_that_does_not_exist_cannot_be_measured(world):
    results = measure_domain("nosuch.test", world.resolver)
    assert [(r.check, r.verdict) for r in results] == [
        ("spf", "error"),
        ("dmarc", "error"),
        ("dkim", "error"),
        ("dnssec", "error"),
    ]
    assert all(r.problems == ["nosuch.test does not exist (NXDOMAIN)"] for r in results)


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


# --- DNSSEC ---


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


# --- the resolver and its settings ---


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
    assert len(domain.parse_trust_anchors(ROOT_TRUST_ANCHORS)[dns.name.root]) == 2


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
    for name in ("THORBECKE_DNS_RESOLVER", "THORBECKE_DNS_TIMEOUT", "THORBECKE_DNS_TRUST_ANCHORS"):
        if hasattr(settings, name):
            delattr(settings, name)
    resolver = resolver_from_settings()
    assert resolver.nameservers == () and resolver.port == 53 and resolver.trust_anchors == ROOT_TRUST_ANCHORS
