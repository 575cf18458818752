"""The DNS resolver every mail and DNSSEC check asks: one configurable resolver (``THORBECKE_DNS_RESOLVER``,
"host:port"; the system's resolver when unset), asked one question at a time over UDP with a fallback to TCP.
A resolver that does not answer, or answers SERVFAIL or REFUSED, makes the question ``Unmeasurable`` with the
reason; NXDOMAIN and NODATA are answers like any other.
"""

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass

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
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from thorbecke.agreements.checks.base import Unmeasurable

DEFAULT_TIMEOUT = 5.0
EDNS_PAYLOAD = 1232  # the DNS flag day 2020 size: fits unfragmented, larger answers move to TCP

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
    text: str | None, timeout: float = DEFAULT_TIMEOUT, trust_anchors: Sequence[str] | None = None
) -> Resolver:
    """The resolver at "host:port", "host", "[v6]:port" or "v6"; empty or None: the system's resolver. Without
    trust anchors (None), DNSSEC is validated from the IANA root's."""
    anchors = ROOT_TRUST_ANCHORS if trust_anchors is None else tuple(trust_anchors)
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
    and THORBECKE_DNS_TRUST_ANCHORS (DS records; the IANA root's when unset)."""
    try:
        return parse_resolver(
            settings.THORBECKE_DNS_RESOLVER, settings.THORBECKE_DNS_TIMEOUT, settings.THORBECKE_DNS_TRUST_ANCHORS
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


def ask(
    resolver: Resolver, name: dns.name.Name, rdtype: dns.rdatatype.RdataType, dnssec: bool = False
) -> dns.message.Message:
    """One question, to each nameserver in turn until one answers NOERROR or NXDOMAIN."""
    query = dns.message.make_query(name, rdtype, use_edns=0, payload=EDNS_PAYLOAD, want_dnssec=dnssec)
    if dnssec:
        # Checking disabled: a validating resolver would hide a bogus zone behind SERVFAIL, and the DNSSEC
        # check validates itself, so it can say why.
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


def domain_name(domain: str) -> dns.name.Name:
    """The domain as an absolute DNS name; ValueError when it is not a registered domain name."""
    try:
        name = dns.name.from_text(domain.strip().rstrip(".") + ".")
    except dns.exception.DNSException as exc:
        raise ValueError(f"{domain!r} is not a valid domain name: {exc}") from None
    if len(name.labels) < 3:  # at least a registered name and its TLD, plus the root label
        raise ValueError(f"{domain!r} is not a registered domain name")
    return name


def find_rrset(
    section: list[dns.rrset.RRset], name: dns.name.Name, rdtype: int, covers: int = dns.rdatatype.NONE
) -> dns.rrset.RRset | None:
    """The records of this name and type in a section of a message (for RRSIG: those covering ``covers``)."""
    for rrset in section:
        if rrset.name == name and rrset.rdtype == rdtype and rrset.covers == covers and rrset.rdclass == IN:
            return rrset
    return None


def answer_rrset(message: dns.message.Message, name: dns.name.Name, rdtype: int) -> dns.rrset.RRset | None:
    """The records of this type at this name, following CNAMEs a recursive resolver put in the answer."""
    for _ in range(8):
        found = find_rrset(message.answer, name, rdtype)
        if found is not None:
            return found
        alias = find_rrset(message.answer, name, CNAME)
        if alias is None:
            return None
        name = alias[0].target
    return None


def txt_values(rrset: dns.rrset.RRset | None) -> list[str]:
    # A TXT record's strings are one value, joined without spaces (RFC 7208 3.3, RFC 6376 3.6.2.2).
    return [b"".join(r.strings).decode("utf-8", errors="replace") for r in rrset or ()]


def lookup_txt(resolver: Resolver, name: dns.name.Name) -> list[str]:
    """The TXT values at a name; none for NXDOMAIN and for NODATA alike, which mean the same to SPF and DMARC."""
    return txt_values(answer_rrset(ask(resolver, name, TXT), name, TXT))
