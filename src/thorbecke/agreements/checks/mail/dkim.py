"""``dkim``: selectors cannot be discovered without a signed message, so, as internet.nl does, the check is that
``_domainkey.<domain>`` exists (NOERROR): by RFC 8020 an NXDOMAIN there means no name exists below it, so no key.
Selectors the caller knows are checked for a usable key (RFC 6376 3.6.1, RFC 8301, RFC 8463). A domain that
declares it sends no mail (SPF ``v=spf1 -all`` and DMARC ``p=reject``) needs no key and passes, as internet.nl
passes non-sending domains."""

import base64
import binascii
import re
from collections.abc import Sequence
from typing import Any

import dns.rcode
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key

from thorbecke.agreements.checks.base import FAIL, Result
from thorbecke.agreements.checks.mail.resolver import TXT, Resolver, ask, domain_name, lookup_txt

MIN_RSA_BITS = 1024  # RFC 8301 3.2
_TAG = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*=\s*(.*?)\s*", re.S)


def tag_list(text: str, fold_names: bool) -> dict[str, str]:
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


def _dkim_key_problems(record: str) -> tuple[list[str], dict[str, Any]]:
    try:
        tags = tag_list(record, fold_names=False)
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


def check_dkim(resolver: Resolver, domain: str, selectors: Sequence[str], non_sending: bool) -> Result:
    result = Result("dkim", FAIL, {"domain": domain})
    base = f"_domainkey.{domain}"
    response = ask(resolver, domain_name(base), TXT)
    exists = response.rcode() == dns.rcode.NOERROR
    result.evidence["domainkey"] = {"name": base, "rcode": dns.rcode.to_text(response.rcode())}
    if selectors:
        keys: dict[str, Any] = {}
        for selector in selectors:
            name = f"{selector}.{base}"
            try:
                records = lookup_txt(resolver, domain_name(name))
            except ValueError as exc:
                result.problems.append(str(exc))
                continue
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
    return result.conclude()
