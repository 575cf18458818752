"""``dnssec``: the zone is signed, its signatures validate, and a chain of trust runs from a configured trust
anchor (the IANA root by default) through a DS record in every parent down to the zone's DNSKEY
(RFC 4033-4035). A zone without a DS in its parent is insecure; expired signatures are bogus: both fail."""

import time
from datetime import UTC, datetime
from typing import Any

import dns.dnssec
import dns.name
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.rrset
from django.core.exceptions import ImproperlyConfigured

from thorbecke.agreements.checks.base import FAIL, Result, Unmeasurable
from thorbecke.agreements.checks.mail.resolver import (
    DNSKEY,
    DS,
    RRSIG,
    SOA,
    Resolver,
    ask,
    domain_name,
    find_rrset,
    parse_trust_anchors,
    resolver_from_settings,
)


class _Insecure(Exception):
    """No chain of trust reaches the zone (unsigned, or no DS in a parent)."""


class _Bogus(Exception):
    """Signatures are there but do not validate (expired, wrong key, DS mismatch)."""


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
    response = ask(resolver, zone, DNSKEY, dnssec=True)
    keys = find_rrset(response.answer, zone, DNSKEY)
    if keys is None:
        raise _Insecure(f"{zone} publishes no DNSKEY")
    return keys, find_rrset(response.answer, zone, RRSIG, DNSKEY)


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
        response = ask(resolver, zone, DS, dnssec=True)
        found = find_rrset(response.answer, zone, DS)
        if found is None:
            raise _Insecure(f"no DS record for {zone} in its parent zone: the chain of trust is broken")
        ds_sigs = find_rrset(response.answer, zone, RRSIG, DS)
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
        return result.could_not_measure(str(exc))
    except Exception as exc:  # the promise is a verdict, never a crash
        return result.could_not_measure(f"could not measure: unexpected {type(exc).__name__}: {exc}")


def _check_dnssec(domain: str, resolver: Resolver, result: Result) -> Result:
    name = domain_name(domain)
    anchors = parse_trust_anchors(resolver.trust_anchors)
    if not anchors:
        raise Unmeasurable("no DNSSEC trust anchor is configured")
    response = ask(resolver, name, SOA, dnssec=True)
    if response.rcode() == dns.rcode.NXDOMAIN:
        raise Unmeasurable(f"{domain} does not exist (NXDOMAIN)")
    soa = find_rrset(response.answer, name, SOA)
    section = response.answer
    if soa is None:
        # Not a zone apex: the SOA of the enclosing zone comes in the authority section.
        section = response.authority
        soa = next((r for r in section if r.rdtype == SOA and name.is_subdomain(r.name)), None)
        if soa is None:
            raise Unmeasurable(f"the answer for {domain} SOA names no zone")
    zone = soa.name
    sigs = find_rrset(section, zone, RRSIG, SOA)
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
    return result.conclude()
