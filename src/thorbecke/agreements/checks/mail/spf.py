"""``spf``: exactly one ``v=spf1`` TXT record (RFC 7208 3.2) of valid syntax, whose policy ends in ``-all`` or
``~all`` (``+all``, ``?all`` or no ``all`` at all leave spoofing open), with at most 10 DNS-querying terms counted
through ``include`` and ``redirect`` (RFC 7208 4.6.4)."""

import ipaddress
import re
from dataclasses import dataclass, field

import dns.exception
import dns.name

from thorbecke.agreements.checks.base import FAIL, Result
from thorbecke.agreements.checks.mail.resolver import Resolver, lookup_txt

MAX_SPF_LOOKUPS = 10  # RFC 7208 4.6.4
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
    records = [t for t in lookup_txt(resolver, name) if _is_spf(t)]
    if len(records) != 1:
        # RFC 7208 5.2 and 6.1: a target without exactly one SPF record is a permanent error.
        found = "no SPF record" if not records else f"{len(records)} SPF records"
        walk.problems.append(f"{role} to {target}: {found} there (permerror)")
        return None
    return _walk_spf(resolver, target.rstrip("."), records[0], walk, role)


def check_spf(resolver: Resolver, domain: str, texts: list[str]) -> Result:
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
    if walk.unjudged and not walk.problems:
        return result.could_not_measure(*walk.unjudged)
    result.problems = walk.problems
    result.evidence["not_followed"] = walk.unjudged
    return result.conclude()
