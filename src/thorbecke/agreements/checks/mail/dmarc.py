"""``dmarc``: exactly one ``v=DMARC1`` TXT record at ``_dmarc.<domain>`` (RFC 7489 6.6.3) of valid syntax, with
``p=quarantine`` or ``p=reject``: ``p=none`` only monitors. Whether ``rua`` asks for reports is noted."""

import re

from thorbecke.agreements.checks.base import FAIL, Result
from thorbecke.agreements.checks.mail.dkim import tag_list
from thorbecke.agreements.checks.mail.resolver import Resolver, domain_name, lookup_txt

_DMARC_START = re.compile(r"\s*v\s*=\s*DMARC1\s*(;|$)", re.I)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def check_dmarc(resolver: Resolver, domain: str) -> Result:
    where = f"_dmarc.{domain}"
    result = Result("dmarc", FAIL, {"domain": domain, "name": where})
    records = [t for t in lookup_txt(resolver, domain_name(where)) if _DMARC_START.match(t)]
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
        tags = tag_list(records[0], fold_names=True)
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
    return result.conclude()
