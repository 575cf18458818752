"""Measurements of an organisation's mail domain against the e-mail and DNS standards the Forum
Standaardisatie mandates, modelled on what internet.nl checks:

- ``spf``: exactly one ``v=spf1`` TXT record (RFC 7208 3.2) of valid syntax, whose policy ends in ``-all``
  or ``~all`` (``+all``, ``?all`` or no ``all`` at all leave spoofing open), with at most 10 DNS-querying
  terms counted through ``include`` and ``redirect`` (RFC 7208 4.6.4);
- ``dmarc``: exactly one ``v=DMARC1`` TXT record at ``_dmarc.<domain>`` (RFC 7489 6.6.3) of valid syntax,
  with ``p=quarantine`` or ``p=reject``: ``p=none`` only monitors. Whether ``rua`` asks for reports is noted;
- ``dkim``: selectors cannot be discovered without a signed message, so, as internet.nl does, the check is
  that ``_domainkey.<domain>`` exists (NOERROR): by RFC 8020 an NXDOMAIN there means no name exists below it,
  so no key. Selectors the caller knows are checked for a usable key (RFC 6376 3.6.1, RFC 8301, RFC 8463).
  A domain that declares it sends no mail (SPF ``v=spf1 -all`` and DMARC ``p=reject``) needs no key and
  passes, as internet.nl passes non-sending domains;
- ``dnssec``: the zone is signed, its signatures validate, and a chain of trust runs from a configured trust
  anchor (the IANA root by default) through a DS record in every parent down to the zone's DNSKEY
  (RFC 4033-4035). A zone without a DS in its parent is insecure; expired signatures are bogus: both fail.

Every question goes to one configurable resolver (``THORBECKE_DNS_RESOLVER``, "host:port"; the system's
resolver when unset). A resolver that does not answer, a name that does not exist or a SERVFAIL gives
"could not measure" with the reason; a malformed record fails with the reason: never a crash, never a
false "compliant".
"""

import base64
import binascii
import ipaddress
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import dns.dnssec
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.resolver
import dns.rrset
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from thorbecke.agreements.checks.base import ERROR, FAIL, PASS, Result

DEFAULT_TIMEOUT = 5.0
MAX_SPF_LOOKUPS = 10  # RFC 7208 4.6.4
MIN_RSA_BITS = 1024  # RFC 8301 3.2
EDNS_PAYLOAD = 1232  # the DNS flag day 2020 size: fits unfragmented, larger answers move to TCP
MAIL_CHECKS = ("spf", "dmarc", "dkim")

# The IANA root zone's key-signing keys (https://data.iana.org/root-anchors/root-anchors.xml): KSK-2017 and
# KSK-2024. Both stay until KSK-2017 is revoked, so a roll-over does not turn every domain bogus.
ROOT_TRUST_ANCHORS = (
    ". DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
    ". DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
)

IN = dns.rdataclass.IN
TXT, MX, SOA, DS, DNSKEY = (
    dns.rdatatype.TXT,
    dns.rdatatype.MX,
    dns.rdatatype.SOA,
    dns.rdatatype.DS,
    dns.rdatatype.DNSKEY,
)
RRSIG, CNAME = dns.rdatatype.RRSIG, dns.rdatatype.CNAME


@dataclass(frozen=True)
class Resolver:
    """Where the questions go. No nameservers: the system's resolvers (/etc/resolv.conf)."""

    nameservers: tuple[str, ...] = ()
    port: int = 53
    timeout: float = DEFAULT_TIMEOUT  # seconds, for each question to each nameserver
    trust_anchors: tuple[str, ...] = ROOT_TRUST_ANCHORS  # DS records: "<owner> DS <tag> <alg> <type> <digest>"


class Unmeasurable(Exception):
    """The DNS could not be asked; the message says why."""


class _Insecure(Exception):
    """No chain of trust reaches the zone (unsigned, or no DS in a parent)."""


class _Bogus(Exception):
    """Signatures are there but do not validate (expired, wrong key, DS mismatch)."""


# --- the resolver --------------------------------------------------------------------------------------


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"{text!r} is not a port number")
    return int(text)


def parse_trust_anchors(texts: Sequence[str]) -> dict[dns.name.Name, list[dns.rdata.Rdata]]:
    """DS records in presentation form ("<owner> [ttl] [IN] DS <tag> <algorithm> <digest type> <digest>")."""
    anchors: dict[dns.name.Name, list[dns.rdata.Rdata]] = {}
    for text in texts:
        tokens = text.split()
        if "DS" not in (t.upper() for t in tokens):
            raise ValueError(f"trust anchor {text!r} is not a DS record")
        at = [t.upper() for t in tokens].index("DS")
        try:
            owner = dns.name.from_text(tokens[0])
            ds = dns.rdata.from_text(IN, DS, " ".join(tokens[at + 1 :]))
        except (dns.exception.DNSException, ValueError) as exc:
            raise ValueError(f"trust anchor {text!r} is malformed: {exc}") from None
        anchors.setdefault(owner, []).append(ds)
    return anchors


def parse_resolver(
    text: str | None, timeout: float = DEFAULT_TIMEOUT, trust_anchors: Sequence[str] = ROOT_TRUST_ANCHORS
) -> Resolver:
    """The resolver at "host:port", "host", "[v6]:port" or "v6"; empty or None: the system's resolver."""
    anchors = tuple(trust_anchors)
    parse_trust_anchors(anchors)  # refuse a broken anchor when configured, not at every measurement
    if timeout <= 0:
        raise ValueError(f"timeout {timeout} must be positive")
    if not text or not text.strip():
        return Resolver(timeout=timeout, trust_anchors=anchors)
    text, port = text.strip(), 53
    if text.startswith("["):
        host, closed, rest = text[1:].partition("]")
        if not closed or (rest and not rest.startswith(":")):
            raise ValueError(f"{text!r} is not [address]:port")
        if rest:
            port = _port(rest[1:])
    elif text.count(":") == 1:
        host, _, number = text.partition(":")
        port = _port(number)
    else:
        host = text  # an address without a port; a bare IPv6 address has several colons
    try:
        ipaddress.ip_address(host)
    except ValueError:
        # A resolver named by host name would need a resolver to find it.
        raise ValueError(f"{host!r} is not an IP address") from None
    return Resolver((host,), port, timeout, anchors)


def resolver_from_settings() -> Resolver:
    """THORBECKE_DNS_RESOLVER ("host:port", unset for the system's resolver), THORBECKE_DNS_TIMEOUT (seconds)
    and THORBECKE_DNS_TRUST_ANCHORS (DS records; the IANA root's by default)."""
    try:
        return parse_resolver(
            getattr(settings, "THORBECKE_DNS_RESOLVER", None),
            float(getattr(settings, "THORBECKE_DNS_TIMEOUT", DEFAULT_TIMEOUT)),
            getattr(settings, "THORBECKE_DNS_TRUST_ANCHORS", ROOT_TRUST_ANCHORS),
        )
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"the DNS resolver settings are wrong: {exc}") from None


def _nameservers(resolver: Resolver) -> list[str]:
    if resolver.nameservers:
        return list(resolver.nameservers)
    try:
        found = dns.resolver.Resolver(configure=True).nameservers
    except dns.resolver.NoResolverConfiguration:
        raise Unmeasurable("no system resolver is configured (/etc/resolv.conf)") from None
    addresses = []
    for server in found:
        try:
            addresses.append(str(ipaddress.ip_address(str(server))))
        except ValueError:
            continue  # DNS-over-HTTPS entries and the like: this module speaks plain DNS
    if not addresses:
        raise Unmeasurable("the system resolver configuration lists no nameserver address")
    return addresses


def _ask(
    resolver: Resolver, name: dns.name.Name, rdtype: dns.rdatatype.RdataType, dnssec: bool = False
) -> dns.message.Message:
    """One question, to each nameserver in turn until one answers NOERROR or NXDOMAIN."""
    query = dns.message.make_query(name, rdtype, use_edns=0, payload=EDNS_PAYLOAD, want_dnssec=dnssec)
    if dnssec:
        # Checking disabled: a validating resolver would hide a bogus zone behind SERVFAIL, and this
        # module validates itself, so it can say why.
        query.flags |= dns.flags.CD
    asked = f"{name.to_text()} {dns.rdatatype.to_text(rdtype)}"
    reasons = []
    for server in _nameservers(resolver):
        where = f"[{server}]:{resolver.port}" if ":" in server else f"{server}:{resolver.port}"
        try:
            response, _ = dns.query.udp_with_fallback(query, server, timeout=resolver.timeout, port=resolver.port)
        except dns.exception.Timeout:
            reasons.append(f"no answer from resolver {where} within {resolver.timeout:g} s ({asked})")
            continue
        except (OSError, dns.exception.DNSException) as exc:
            reasons.append(f"asking resolver {where} for {asked} failed: {exc or type(exc).__name__}")
            continue
        rcode = response.rcode()
        if rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            return response
        reasons.append(f"resolver {where} answered {dns.rcode.to_text(rcode)} for {asked}")
    raise Unmeasurable("; ".join(reasons))


def _domain_name(domain: str) -> dns.name.Name:
    try:
        name = dns.name.from_text(domain.strip().rstrip(".") + ".")
    except dns.exception.DNSException as exc:
        raise ValueError(f"{domain!r} is not a valid domain name: {exc}") from None
    if len(name.labels) < 3:  # at least a registered name and its TLD, plus the root label
        raise ValueError(f"{domain!r} is not a registered domain name")
    return name


def _find(
    section: list[dns.rrset.RRset], name: dns.name.Name, rdtype: int, covers: int = dns.rdatatype.NONE
) -> dns.rrset.RRset | None:
    for rrset in section:
        if rrset.name == name and rrset.rdtype == rdtype and rrset.covers == covers and rrset.rdclass == IN:
            return rrset
    return None


def _answer(message: dns.message.Message, name: dns.name.Name, rdtype: int) -> dns.rrset.RRset | None:
    """The records of this type at this name, following CNAMEs a recursive resolver put in the answer."""
    for _ in range(8):
        found = _find(message.answer, name, rdtype)
        if found is not None:
            return found
        alias = _find(message.answer, name, CNAME)
        if alias is None:
            return None
        name = alias[0].target
    return None


def _texts(rrset: dns.rrset.RRset | None) -> list[str]:
    # A TXT record's strings are one value, joined without spaces (RFC 7208 3.3, RFC 6376 3.6.2.2).
    return [b"".join(r.strings).decode("utf-8", errors="replace") for r in rrset or ()]


def _lookup_txt(resolver: Resolver, name: dns.name.Name) -> list[str]:
    """The TXT values at a name; none for NXDOMAIN and for NODATA alike, which mean the same to SPF and DMARC."""
    return _texts(_answer(_ask(resolver, name, TXT), name, TXT))


def _guard(check: str, measure: Callable[[], Result]) -> Result:
    try:
        return measure()
    except Unmeasurable as exc:
        return Result(check, ERROR, problems=[str(exc)])
    except Exception as exc:  # the promise is a verdict, never a crash; the type tells a developer where to look
        return Result(check, ERROR, problems=[f"could not measure: unexpected {type(exc).__name__}: {exc}"])


# --- SPF (RFC 7208) --------------------------------------------------------------------------------------

_SPF_MECHANISMS = {"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"}
_SPF_LOOKUP_TERMS = {"include", "a", "mx", "ptr", "exists"}  # and the redirect modifier (RFC 7208 4.6.4)
_SPF_MODIFIER = re.compile(r"([A-Za-z][A-Za-z0-9_.-]*)=(.*)", re.S)
_SPF_MECHANISM = re.compile(r"([+\-~?]?)([A-Za-z][A-Za-z0-9_.-]*)(.*)", re.S)
_SPF_MACRO = re.compile(r"%(?:\{[slodiphcrtv]\d*r?[.\-+,/_=]*\}|[%_-])", re.I)
_SPF_CIDR = re.compile(r"(?::(?P<domain>[^/]+))?(?:/(?P<v4>\d+))?(?://(?P<v6>\d+))?")
_TOPLABEL = re.compile(r"(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?")


class _SpfSyntax(ValueError):
    pass


@dataclass
class _Term:
    qualifier: str  # "+" when none is written (RFC 7208 4.6.2)
    name: str
    domain: str | None  # the domain-spec of include, exists, a, mx and ptr


def _is_spf(text: str) -> bool:
    # "v=spf1" exactly, then a space or the end: "v=spf10" is not SPF (RFC 7208 4.5).
    return text.lower() == "v=spf1" or text.lower().startswith("v=spf1 ")


def _domain_spec(spec: str, term: str) -> str:
    if not spec or any(not 0x21 <= ord(c) <= 0x7E for c in spec):
        raise _SpfSyntax(f"{term!r} has no valid domain")
    if "%" in _SPF_MACRO.sub("", spec):
        raise _SpfSyntax(f"{term!r} has a malformed macro")
    if "%" not in spec:
        # Without macros the domain must end in a dot and a top label (RFC 7208 7.1, domain-end).
        labels = spec.rstrip(".").split(".")
        if len(labels) < 2 or not all(labels) or not _TOPLABEL.fullmatch(labels[-1]):
            raise _SpfSyntax(f"{term!r} does not name a fully qualified domain")
    return spec


def _parse_spf(record: str) -> tuple[list[_Term], dict[str, str]]:
    terms: list[_Term] = []
    modifiers: dict[str, str] = {}
    for term in record.split(" ")[1:]:
        if not term:
            continue  # terms are separated by one or more spaces
        modifier = _SPF_MODIFIER.fullmatch(term)
        if modifier:
            name, value = modifier[1].lower(), modifier[2]
            if name in ("redirect", "exp"):
                if name in modifiers:
                    raise _SpfSyntax(f"the {name} modifier appears more than once (RFC 7208 6)")
                modifiers[name] = _domain_spec(value, term)
            # Unknown modifiers are ignored (RFC 7208 6), once their name is well formed.
            continue
        mechanism = _SPF_MECHANISM.fullmatch(term)
        if not mechanism or mechanism[2].lower() not in _SPF_MECHANISMS:
            raise _SpfSyntax(f"{term!r} is not a known mechanism")
        qualifier, name, argument = mechanism[1] or "+", mechanism[2].lower(), mechanism[3]
        domain: str | None = None
        if name == "all":
            if argument:
                raise _SpfSyntax(f"{term!r}: 'all' takes no argument")
        elif name in ("include", "exists"):
            if not argument.startswith(":"):
                raise _SpfSyntax(f"{term!r} needs a domain")
            domain = _domain_spec(argument[1:], term)
        elif name == "ptr":
            if argument and not argument.startswith(":"):
                raise _SpfSyntax(f"{term!r} is malformed")
            domain = _domain_spec(argument[1:], term) if argument else None
        elif name in ("a", "mx"):
            parts = _SPF_CIDR.fullmatch(argument)
            if not parts:
                raise _SpfSyntax(f"{term!r} is malformed")
            if (parts["v4"] and int(parts["v4"]) > 32) or (parts["v6"] and int(parts["v6"]) > 128):
                raise _SpfSyntax(f"{term!r} has a prefix length out of range")
            domain = _domain_spec(parts["domain"], term) if parts["domain"] is not None else None
        else:  # ip4, ip6
            address, _, prefix = argument[1:].partition("/")
            try:
                if not argument.startswith(":"):
                    raise ValueError
                parsed = ipaddress.ip_address(address)
                if parsed.version != int(name[-1]) or (prefix and not 0 <= int(prefix) <= parsed.max_prefixlen):
                    raise ValueError
            except ValueError:
                raise _SpfSyntax(f"{term!r} is not a valid {name} network") from None
        terms.append(_Term(qualifier, name, domain))
    return terms, modifiers


@dataclass
class _SpfWalk:
    lookups: int = 0
    followed: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)


def _walk_spf(resolver: Resolver, domain: str, record: str, walk: _SpfWalk, role: str) -> str | None:
    """Counts the lookups of this record and what it pulls in; returns the qualifier its 'all' ends in."""
    try:
        terms, modifiers = _parse_spf(record)
    except _SpfSyntax as exc:
        walk.problems.append(f"{domain}: {exc}")
        return None
    walk.followed.append({"domain": domain, "record": record, "as": role})
    ending = next((t for t in terms if t.name == "all"), None)
    # Terms after 'all' are never evaluated (RFC 7208 5.1), and redirect is ignored when 'all' is there (6.1).
    evaluated = terms[: terms.index(ending) + 1] if ending else terms
    redirect = modifiers.get("redirect") if ending is None else None
    walk.lookups += sum(t.name in _SPF_LOOKUP_TERMS for t in evaluated) + (redirect is not None)
    for term in evaluated:
        if term.name == "include" and term.domain and walk.lookups <= MAX_SPF_LOOKUPS:
            included = _follow_spf(resolver, term.domain, walk, "include")
            if included == "+":
                # An include that passes every host makes the including record pass every host.
                walk.problems.append(f"include:{term.domain} ends in '+all': it lets any host send as {domain}")
    if redirect is not None and walk.lookups <= MAX_SPF_LOOKUPS:
        return _follow_spf(resolver, redirect, walk, "redirect")
    return ending.qualifier if ending else None


def _follow_spf(resolver: Resolver, target: str, walk: _SpfWalk, role: str) -> str | None:
    if "%" in target:
        walk.unjudged.append(f"{role} to {target!r} uses macros, which depend on the message: not followed")
        return None
    try:
        name = dns.name.from_text(target.rstrip(".") + ".")
    except dns.exception.DNSException as exc:
        walk.problems.append(f"{role} to {target!r} is not a valid name: {exc}")
        return None
    records = [t for t in _lookup_txt(resolver, name) if _is_spf(t)]
    if len(records) != 1:
        # RFC 7208 5.2 and 6.1: a target without exactly one SPF record is a permanent error.
        found = "no SPF record" if not records else f"{len(records)} SPF records"
        walk.problems.append(f"{role} to {target}: {found} there (permerror)")
        return None
    return _walk_spf(resolver, target.rstrip("."), records[0], walk, role)


def _check_spf(resolver: Resolver, domain: str, texts: list[str]) -> Result:
    result = Result("spf", FAIL, {"domain": domain})
    records = [t for t in texts if _is_spf(t)]
    result.evidence["records"] = records
    if not records:
        result.problems.append("no SPF record (a TXT record starting with v=spf1)")
        return result
    if len(records) > 1:
        result.problems.append(f"{len(records)} SPF records: there may be only one (RFC 7208 3.2, permerror)")
        return result
    walk = _SpfWalk()
    ending = _walk_spf(resolver, domain, records[0], walk, "record")
    result.evidence.update(record=records[0], lookups=walk.lookups, followed=walk.followed)
    result.evidence["all"] = f"{ending}all" if ending else None
    if walk.lookups > MAX_SPF_LOOKUPS:
        walk.problems.append(
            f"more than {MAX_SPF_LOOKUPS} DNS lookups ({walk.lookups} counted before stopping): "
            "receivers give a permerror (RFC 7208 4.6.4)"
        )
    if ending == "+":
        walk.problems.append("the policy ends in '+all': any host may send mail as this domain")
    elif ending == "?":
        walk.problems.append("the policy ends in '?all' (neutral): it should end in '-all' or '~all'")
    elif ending is None and not walk.problems and not walk.unjudged:
        # Otherwise the ending is unknown because a redirect was broken or not followed, which is said already.
        walk.problems.append("the policy does not end in 'all': the default is neutral ('?all')")
    result.problems = walk.problems
    if walk.unjudged and not walk.problems:
        result.verdict, result.problems = ERROR, walk.unjudged
    else:
        result.evidence["not_followed"] = walk.unjudged
        result.verdict = FAIL if walk.problems else PASS
    return result


# --- DMARC (RFC 7489) --------------------------------------------------------------------------------------

_TAG = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*?)\s*", re.S)
_DMARC_START = re.compile(r"\s*v\s*=\s*DMARC1\s*(;|$)", re.I)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def _tag_list(text: str, fold_names: bool) -> dict[str, str]:
    """A DKIM-style tag list (RFC 6376 3.2), which DMARC also uses; raises ValueError when malformed."""
    parts = text.split(";")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()  # a trailing semicolon is allowed
    tags: dict[str, str] = {}
    for part in parts:
        match = _TAG.fullmatch(part)
        if not match:
            raise ValueError(f"{part.strip()!r} is not a tag=value pair")
        name = match[1].lower() if fold_names else match[1]
        if name in tags:
            raise ValueError(f"the tag {name!r} appears more than once")
        tags[name] = match[2]
    return tags


def _check_dmarc(resolver: Resolver, domain: str) -> Result:
    where = f"_dmarc.{domain}"
    result = Result("dmarc", FAIL, {"domain": domain, "name": where})
    records = [t for t in _lookup_txt(resolver, _domain_name(where)) if _DMARC_START.match(t)]
    result.evidence["records"] = records
    if not records:
        # No fallback to the organisational domain: that needs the public suffix list (see the notes).
        result.problems.append(f"no DMARC record at {where}")
        return result
    if len(records) > 1:
        result.problems.append(f"{len(records)} DMARC records at {where}: receivers then apply none (RFC 7489 6.6.3)")
        return result
    result.evidence["record"] = records[0]
    try:
        tags = _tag_list(records[0], fold_names=True)
    except ValueError as exc:
        result.problems.append(f"the DMARC record is malformed: {exc}")
        return result
    notes: list[str] = []
    if tags["v"] != "DMARC1":
        result.problems.append(f"the version is {tags['v']!r}; it must be written DMARC1 (RFC 7489 6.4)")
    policy = tags.get("p", "").lower()
    result.evidence.update(policy=policy or None, subdomain_policy=tags.get("sp"), pct=tags.get("pct"))
    if "p" not in tags:
        result.problems.append("no p= tag: the policy is required (RFC 7489 6.3)")
    elif policy not in ("none", "quarantine", "reject"):
        result.problems.append(f"p={tags['p']} is not none, quarantine or reject")
    elif policy == "none":
        result.problems.append("p=none only monitors: the Forum Standaardisatie expects quarantine or reject")
    if "sp" in tags:
        if tags["sp"].lower() not in ("none", "quarantine", "reject"):
            result.problems.append(f"sp={tags['sp']} is not none, quarantine or reject")
        elif tags["sp"].lower() == "none":
            notes.append("sp=none: subdomains are not protected")
    for name in ("adkim", "aspf"):
        if name in tags and tags[name].lower() not in ("r", "s"):
            result.problems.append(f"{name}={tags[name]} is not r or s")
    if "pct" in tags:
        if not tags["pct"].isdigit() or int(tags["pct"]) > 100:
            result.problems.append(f"pct={tags['pct']} is not a percentage")
        elif int(tags["pct"]) < 100:
            notes.append(f"pct={tags['pct']}: the policy applies to only part of the failing mail")
    rua = [uri.strip() for uri in tags.get("rua", "").split(",") if uri.strip()]
    result.evidence["rua"] = rua
    bad = [uri for uri in rua if not _URI.fullmatch(uri)]
    if bad:
        result.problems.append(f"rua has entries that are not URIs: {', '.join(bad)}")
    if not rua:
        notes.append("no rua: the domain asks for no aggregate reports, so it cannot see who sends in its name")
    result.evidence["notes"] = notes
    result.verdict = FAIL if result.problems else PASS
    return result


# --- DKIM (RFC 6376, RFC 8301, RFC 8463, RFC 8020) --------------------------------------------------------


def _dkim_key_problems(record: str) -> tuple[list[str], dict[str, Any]]:
    try:
        tags = _tag_list(record, fold_names=False)
    except ValueError as exc:
        return [f"malformed: {exc}"], {}
    facts: dict[str, Any] = {"key_type": tags.get("k", "rsa")}
    if "v" in tags and (next(iter(tags)) != "v" or tags["v"] != "DKIM1"):
        return ["v= must come first and be DKIM1 (RFC 6376 3.6.1)"], facts
    if "t" in tags:
        facts["testing"] = "y" in tags["t"].split(":")
    hashes = [h.strip() for h in tags.get("h", "sha256").split(":")]
    if "sha256" not in hashes:
        return [f"h={tags['h']} allows only SHA-1, which RFC 8301 forbids"], facts
    if "p" not in tags:
        return ["no p= tag: the key is missing"], facts
    data = re.sub(r"\s", "", tags["p"])
    if not data:
        return ["the key is revoked (empty p=)"], facts
    try:
        key = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return ["p= is not base64"], facts
    if facts["key_type"] == "ed25519":  # RFC 8463: the bare 32-byte key
        return ([] if len(key) == 32 else [f"an Ed25519 key is 32 bytes, not {len(key)}"]), facts
    if facts["key_type"] != "rsa":
        return [f"k={facts['key_type']} is not a known key type (rsa, ed25519)"], facts
    try:
        public = load_der_public_key(key)
    except (ValueError, TypeError):
        return ["p= does not hold an RSA public key"], facts
    if not isinstance(public, rsa.RSAPublicKey):
        return ["p= does not hold an RSA public key"], facts
    facts["bits"] = public.key_size
    if public.key_size < MIN_RSA_BITS:
        return [f"the RSA key has {public.key_size} bits; RFC 8301 requires at least {MIN_RSA_BITS}"], facts
    return [], facts


def _check_dkim(resolver: Resolver, domain: str, selectors: Sequence[str], non_sending: bool) -> Result:
    result = Result("dkim", FAIL, {"domain": domain})
    base = f"_domainkey.{domain}"
    response = _ask(resolver, _domain_name(base), TXT)
    exists = response.rcode() == dns.rcode.NOERROR
    result.evidence["domainkey"] = {"name": base, "rcode": dns.rcode.to_text(response.rcode())}
    if selectors:
        keys: dict[str, Any] = {}
        for selector in selectors:
            name = f"{selector}.{base}"
            try:
                texts = _lookup_txt(resolver, _domain_name(name))
            except ValueError as exc:
                result.problems.append(str(exc))
                continue
            records = texts
            if not records:
                result.problems.append(f"no DKIM key at {name}")
                continue
            if len(records) > 1:
                result.problems.append(f"{len(records)} key records at {name}: verifiers may use either")
            problems, facts = _dkim_key_problems(records[0])
            keys[selector] = {"record": records[0], **facts}
            result.problems += [f"{name}: {p}" for p in problems]
        result.evidence["selectors"] = keys
    elif non_sending:
        pass  # decided below; a missing _domainkey is expected
    elif exists:
        result.evidence["notes"] = [
            f"{base} exists, so names exist below it (RFC 8020): a key is assumed, as internet.nl does; "
            "selectors cannot be read from DNS without a signed message"
        ]
    else:
        result.problems.append(f"{base} does not exist (NXDOMAIN), so no DKIM key can exist below it (RFC 8020)")
    if non_sending and not selectors:
        result.evidence["non_sending"] = True
        result.evidence["notes"] = [
            "SPF 'v=spf1 -all' and DMARC p=reject declare that the domain sends no mail: no DKIM key is needed"
        ]
    result.verdict = FAIL if result.problems else PASS
    return result


# --- the mail checks together ------------------------------------------------------------------------------

_NON_SENDING_SPF = re.compile(r"v=spf1\s+-all\s*", re.I)


def _mx(resolver: Resolver, name: dns.name.Name) -> dict[str, Any]:
    try:
        records = _answer(_ask(resolver, name, MX), name, MX)
    except Unmeasurable as exc:
        return {"mx": None, "mx_error": str(exc)}
    hosts = sorted(f"{r.preference} {r.exchange}" for r in records or ())
    # RFC 7505: a single "0 ." MX says the domain accepts no mail.
    return {"mx": hosts, "null_mx": hosts == ["0 ."]}


def check_mail(domain: str, resolver: Resolver | None = None, selectors: Sequence[str] = ()) -> list[Result]:
    """SPF, DMARC and DKIM of a domain, in that order; DKIM selectors are checked when given."""
    try:
        resolver = resolver or resolver_from_settings()
        name = _domain_name(domain)
        domain = name.to_text(omit_final_dot=True)
        apex = _ask(resolver, name, TXT)
    except (ValueError, ImproperlyConfigured, Unmeasurable) as exc:
        return [Result(check, ERROR, {"domain": domain}, [str(exc)]) for check in MAIL_CHECKS]
    if apex.rcode() == dns.rcode.NXDOMAIN:
        reason = f"{domain} does not exist (NXDOMAIN)"
        return [Result(check, ERROR, {"domain": domain}, [reason]) for check in MAIL_CHECKS]
    texts = _texts(_answer(apex, name, TXT))
    mx = _mx(resolver, name)
    spf = _guard("spf", lambda: _check_spf(resolver, domain, texts))
    dmarc = _guard("dmarc", lambda: _check_dmarc(resolver, domain))
    non_sending = (
        spf.verdict == PASS
        and _NON_SENDING_SPF.fullmatch(spf.evidence.get("record", "")) is not None
        and dmarc.verdict == PASS
        and dmarc.evidence.get("policy") == "reject"
    )
    dkim = _guard("dkim", lambda: _check_dkim(resolver, domain, selectors, non_sending))
    for result in (spf, dmarc, dkim):
        result.evidence.setdefault("domain", domain)
    spf.evidence.update(mx)
    dkim.evidence.update(mx)
    return [spf, dmarc, dkim]


# --- DNSSEC (RFC 4033-4035) ------------------------------------------------------------------------------


def _moment(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _validate(rrset: dns.rrset.RRset, sigs: dns.rrset.RRset | None, keys: dns.rrset.RRset, zone: dns.name.Name) -> None:
    what = f"{rrset.name} {dns.rdatatype.to_text(rrset.rdtype)}"
    if not sigs:
        raise _Bogus(f"{what} is not signed")
    now, reasons = time.time(), []
    for sig in sigs:
        if sig.expiration < now:
            reasons.append(f"the signature expired on {_moment(sig.expiration)}")
            continue
        if sig.inception > now:
            reasons.append(f"the signature is not valid before {_moment(sig.inception)}")
            continue
        try:
            dns.dnssec.validate_rrsig(rrset, sig, {zone: keys})
            return
        except (dns.dnssec.ValidationFailure, dns.dnssec.UnsupportedAlgorithm) as exc:
            reasons.append(f"key tag {sig.key_tag}: {exc}")
    raise _Bogus(f"{what} does not validate: {'; '.join(reasons)}")


def _keys(resolver: Resolver, zone: dns.name.Name) -> tuple[dns.rrset.RRset, dns.rrset.RRset | None]:
    response = _ask(resolver, zone, DNSKEY, dnssec=True)
    keys = _find(response.answer, zone, DNSKEY)
    if keys is None:
        raise _Insecure(f"{zone} publishes no DNSKEY")
    return keys, _find(response.answer, zone, RRSIG, DNSKEY)


def _digest_matches(zone: dns.name.Name, key: dns.rdata.Rdata, ds: dns.rdata.Rdata) -> bool:
    try:
        return dns.dnssec.make_ds(zone, key, ds.digest_type, validating=True) == ds
    except (dns.dnssec.UnsupportedAlgorithm, dns.dnssec.DeniedByPolicy, ValueError):
        return False


def _trusted_keys(
    resolver: Resolver,
    zone: dns.name.Name,
    anchors: dict[dns.name.Name, list[dns.rdata.Rdata]],
    chain: list[dict[str, Any]],
    fetched: tuple[dns.rrset.RRset, dns.rrset.RRset | None] | None = None,
) -> dns.rrset.RRset:
    """The zone's DNSKEY set, once a DS from a trust anchor or a validated parent vouches for it."""
    keys, key_sigs = fetched or _keys(resolver, zone)
    if zone in anchors:
        ds_set, source = anchors[zone], "trust anchor"
    else:
        if not any(zone.is_subdomain(anchor) for anchor in anchors):
            raise _Insecure(f"no configured trust anchor covers {zone}")
        response = _ask(resolver, zone, DS, dnssec=True)
        found = _find(response.answer, zone, DS)
        if found is None:
            raise _Insecure(f"no DS record for {zone} in its parent zone: the chain of trust is broken")
        ds_sigs = _find(response.answer, zone, RRSIG, DS)
        if not ds_sigs:
            raise _Bogus(f"the DS record for {zone} is not signed")
        parent = ds_sigs[0].signer
        if parent == zone or not zone.is_subdomain(parent):
            raise _Bogus(f"the DS record for {zone} is signed by {parent}, which is not a parent zone")
        parent_keys = _trusted_keys(resolver, parent, anchors, chain)
        _validate(found, ds_sigs, parent_keys, parent)
        ds_set, source = list(found), f"DS in {parent}"
    matching = [k for k in keys if k.flags & dns.dnssec.Flag.ZONE and any(_digest_matches(zone, k, d) for d in ds_set)]
    if not matching:
        tags = ", ".join(str(d.key_tag) for d in ds_set)
        raise _Bogus(f"no DNSKEY of {zone} matches its DS ({source}, key tag {tags})")
    _validate(keys, key_sigs, dns.rrset.from_rdata_list(zone, keys.ttl, matching), zone)
    chain.append({"zone": zone.to_text(), "key_tags": sorted(dns.dnssec.key_id(k) for k in matching), "from": source})
    return keys


def check_dnssec(domain: str, resolver: Resolver | None = None) -> Result:
    result = Result("dnssec", FAIL, {"domain": domain})
    try:
        return _check_dnssec(domain, resolver or resolver_from_settings(), result)
    except (ValueError, ImproperlyConfigured, Unmeasurable) as exc:
        result.verdict, result.problems = ERROR, [str(exc)]
    except Exception as exc:  # the promise is a verdict, never a crash
        result.verdict, result.problems = ERROR, [f"could not measure: unexpected {type(exc).__name__}: {exc}"]
    return result


def _check_dnssec(domain: str, resolver: Resolver, result: Result) -> Result:
    name = _domain_name(domain)
    anchors = parse_trust_anchors(resolver.trust_anchors)
    if not anchors:
        raise Unmeasurable("no DNSSEC trust anchor is configured")
    response = _ask(resolver, name, SOA, dnssec=True)
    if response.rcode() == dns.rcode.NXDOMAIN:
        raise Unmeasurable(f"{domain} does not exist (NXDOMAIN)")
    soa = _find(response.answer, name, SOA)
    section = response.answer
    if soa is None:
        # Not a zone apex: the SOA of the enclosing zone comes in the authority section.
        section = response.authority
        soa = next((r for r in section if r.rdtype == SOA and name.is_subdomain(r.name)), None)
        if soa is None:
            raise Unmeasurable(f"the answer for {domain} SOA names no zone")
    zone = soa.name
    sigs = _find(section, zone, RRSIG, SOA)
    result.evidence.update(zone=zone.to_text(), signed=bool(sigs))
    if not sigs:
        result.evidence["status"] = "insecure"
        result.problems.append(f"the zone {zone} is not signed (no RRSIG over its SOA)")
        return result
    result.evidence["signature_expires"] = _moment(min(s.expiration for s in sigs))
    chain: list[dict[str, Any]] = []
    try:
        fetched = _keys(resolver, zone)
        _validate(soa, sigs, fetched[0], zone)  # first on its own keys: an expired zone says so
        keys = _trusted_keys(resolver, zone, anchors, chain, fetched)
        _validate(soa, sigs, keys, zone)
    except _Insecure as exc:
        result.evidence["status"] = "insecure"
        result.problems.append(str(exc))
    except _Bogus as exc:
        result.evidence["status"] = "bogus"
        result.problems.append(str(exc))
    else:
        result.evidence["status"] = "secure"
    result.evidence["chain"] = chain  # from the trust anchor down
    result.verdict = FAIL if result.problems else PASS
    return result


def measure_domain(domain: str, resolver: Resolver | None = None, selectors: Sequence[str] = ()) -> list[Result]:
    """SPF, DMARC, DKIM and DNSSEC of a domain."""
    try:
        resolver = resolver or resolver_from_settings()
    except ImproperlyConfigured as exc:
        return [Result(check, ERROR, {"domain": domain}, [str(exc)]) for check in (*MAIL_CHECKS, "dnssec")]
    return [*check_mail(domain, resolver, selectors), check_dnssec(domain, resolver)]
