"""A mail domain measured against the e-mail and DNS standards the Forum Standaardisatie mandates, modelled on
what internet.nl checks: ``spf``, ``dmarc``, ``dkim`` and ``dnssec``, each in the module of that name, all asking
the one resolver of ``resolver``.

SPF and DMARC are measured first: together they can declare that the domain sends no mail (SPF ``v=spf1 -all`` and
DMARC ``p=reject``), and then DKIM needs no key. The domain's MX records go with the SPF and DKIM evidence.

A resolver that does not answer, a name that does not exist or a SERVFAIL gives "could not measure" with the
reason; a malformed record fails with the reason: never a crash, never a false "compliant".
"""

import re
from collections.abc import Callable, Sequence
from typing import Any

import dns.name
import dns.rcode
from django.core.exceptions import ImproperlyConfigured

from thorbecke.agreements.checks.base import ERROR, PASS, Result, Unmeasurable
from thorbecke.agreements.checks.mail.dkim import check_dkim
from thorbecke.agreements.checks.mail.dmarc import check_dmarc
from thorbecke.agreements.checks.mail.dnssec import check_dnssec
from thorbecke.agreements.checks.mail.resolver import (
    MX,
    TXT,
    Resolver,
    answer_rrset,
    ask,
    domain_name,
    resolver_from_settings,
    txt_values,
)
from thorbecke.agreements.checks.mail.spf import check_spf

MAIL_CHECKS = ("spf", "dmarc", "dkim")


def _guard(check: str, measure: Callable[[], Result]) -> Result:
    try:
        return measure()
    except Unmeasurable as exc:
        return Result(check, ERROR, problems=[str(exc)])
    except Exception as exc:  # the promise is a verdict, never a crash; the type tells a developer where to look
        return Result(check, ERROR, problems=[f"could not measure: unexpected {type(exc).__name__}: {exc}"])


_NON_SENDING_SPF = re.compile(r"v=spf1\s+-all\s*", re.I)


def _mx(resolver: Resolver, name: dns.name.Name) -> dict[str, Any]:
    try:
        records = answer_rrset(ask(resolver, name, MX), name, MX)
    except Unmeasurable as exc:
        return {"mx": None, "mx_error": str(exc)}
    hosts = sorted(f"{r.preference} {r.exchange}" for r in records or ())
    # RFC 7505: a single "0 ." MX says the domain accepts no mail.
    return {"mx": hosts, "null_mx": hosts == ["0 ."]}


def check_mail(domain: str, resolver: Resolver | None = None, selectors: Sequence[str] = ()) -> list[Result]:
    """SPF, DMARC and DKIM of a domain, in that order; DKIM selectors are checked when given."""
    try:
        resolver = resolver or resolver_from_settings()
        name = domain_name(domain)
        domain = name.to_text(omit_final_dot=True)
        apex = ask(resolver, name, TXT)
    except (ValueError, ImproperlyConfigured, Unmeasurable) as exc:
        return [Result(check, ERROR, {"domain": domain}, [str(exc)]) for check in MAIL_CHECKS]
    if apex.rcode() == dns.rcode.NXDOMAIN:
        reason = f"{domain} does not exist (NXDOMAIN)"
        return [Result(check, ERROR, {"domain": domain}, [reason]) for check in MAIL_CHECKS]
    texts = txt_values(answer_rrset(apex, name, TXT))
    mx = _mx(resolver, name)
    spf = _guard("spf", lambda: check_spf(resolver, domain, texts))
    dmarc = _guard("dmarc", lambda: check_dmarc(resolver, domain))
    non_sending = (
        spf.verdict == PASS
        and _NON_SENDING_SPF.fullmatch(spf.evidence.get("record", "")) is not None
        and dmarc.verdict == PASS
        and dmarc.evidence.get("policy") == "reject"
    )
    dkim = _guard("dkim", lambda: check_dkim(resolver, domain, selectors, non_sending))
    for result in (spf, dmarc, dkim):
        result.evidence.setdefault("domain", domain)
    spf.evidence.update(mx)
    dkim.evidence.update(mx)
    return [spf, dmarc, dkim]


def measure_domain(domain: str, resolver: Resolver | None = None, selectors: Sequence[str] = ()) -> list[Result]:
    """SPF, DMARC, DKIM and DNSSEC of a domain."""
    try:
        resolver = resolver or resolver_from_settings()
    except ImproperlyConfigured as exc:
        return [Result(check, ERROR, {"domain": domain}, [str(exc)]) for check in (*MAIL_CHECKS, "dnssec")]
    return [*check_mail(domain, resolver, selectors), check_dnssec(domain, resolver)]
