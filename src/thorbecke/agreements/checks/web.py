"""Measurements of an organisation's website, modelled on what internet.nl checks:

- ``https-hsts``: HTTPS answers with a certificate that verifies (chain, name, validity); plain HTTP
  redirects to HTTPS on the same host; the HTTPS answer carries Strict-Transport-Security with a
  max-age of at least a year;
- ``security-headers``: X-Content-Type-Options nosniff, framing refused (X-Frame-Options or CSP
  frame-ancestors), a Content-Security-Policy and a Referrer-Policy;
- ``security-txt``: /.well-known/security.txt (RFC 9116) over HTTPS, as text/plain, with Contact and
  Expires, and Expires in the future but not more than a year ahead.

Every result keeps its evidence. A host that does not resolve, refuses, hangs or sends a broken
certificate gives "could not measure" with the reason: never a crash, never a false "compliant".
"""

import email.utils
import http.client
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from thorbecke.agreements.checks.base import (
    FAIL,
    TIMEOUT,
    USER_AGENT,
    Result,
    Target,
    Unmeasurable,
    reasons,
    tls_context,
)

YEAR = 31_536_000


@dataclass
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _get(target: Target, secure: bool, path: str = "/") -> _Answer:
    connection: http.client.HTTPConnection
    if secure:
        connection = http.client.HTTPSConnection(
            target.host, target.https_port, timeout=TIMEOUT, context=tls_context(target.ca_file)
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.http_port, timeout=TIMEOUT)
    try:
        with reasons(target.host, TIMEOUT):
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            body = response.read(65_536)
            return _Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def _max_age(header: str) -> int | None:
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age":
            try:
                return int(value.strip().strip('"'))
            except ValueError:
                return None
    return None


def check_https(target: Target) -> Result:
    result = Result("https-hsts", FAIL)
    try:
        secure = _get(target, secure=True)
    except Unmeasurable as exc:
        return result.could_not_measure(f"HTTPS: {exc}")
    result.evidence["https_status"] = secure.status
    hsts = secure.headers.get("strict-transport-security", "")
    result.evidence["strict_transport_security"] = hsts
    age = _max_age(hsts) if hsts else None
    if not hsts:
        result.problems.append("no Strict-Transport-Security header")
    elif age is None or age < YEAR:
        result.problems.append(f"HSTS max-age {age} is less than a year ({YEAR})")
    try:
        plain = _get(target, secure=False)
        location = plain.headers.get("location", "")
        result.evidence["http_status"], result.evidence["http_location"] = plain.status, location
        parts = urlsplit(location)
        if not (300 <= plain.status < 400 and parts.scheme == "https" and parts.hostname == target.host):
            result.problems.append("plain HTTP does not redirect to HTTPS on the same host")
    except Unmeasurable as exc:
        # No plain HTTP at all is fine: nothing can be read without TLS.
        result.evidence["http"] = str(exc)
    return result.conclude()


def check_headers(target: Target) -> Result:
    result = Result("security-headers", FAIL)
    try:
        answer = _get(target, secure=True)
    except Unmeasurable as exc:
        return result.could_not_measure(str(exc))
    headers = answer.headers
    wanted = ("x-content-type-options", "x-frame-options", "content-security-policy", "referrer-policy")
    result.evidence = {name: headers.get(name, "") for name in wanted}
    csp = headers.get("content-security-policy", "")
    if headers.get("x-content-type-options", "").strip().lower() != "nosniff":
        result.problems.append("X-Content-Type-Options is not nosniff")
    frame = headers.get("x-frame-options", "").strip().upper()
    if frame not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in csp:
        result.problems.append("framing is not refused (X-Frame-Options or CSP frame-ancestors)")
    if not csp:
        result.problems.append("no Content-Security-Policy")
    if not headers.get("referrer-policy"):
        result.problems.append("no Referrer-Policy")
    return result.conclude()


def check_security_txt(target: Target, now: datetime | None = None) -> Result:
    result = Result("security-txt", FAIL)
    try:
        answer = _get(target, secure=True, path="/.well-known/security.txt")
    except Unmeasurable as exc:
        return result.could_not_measure(str(exc))
    result.evidence["status"] = answer.status
    if answer.status != 200:
        result.problems.append(f"/.well-known/security.txt answers {answer.status}")
        return result
    content_type = answer.headers.get("content-type", "")
    result.evidence["content_type"] = content_type
    if not content_type.lower().startswith("text/plain"):
        result.problems.append(f"served as {content_type or 'no type'}, not text/plain")
    fields: dict[str, list[str]] = {}
    for line in answer.body.decode("utf-8", errors="replace").splitlines():
        name, separator, value = line.partition(":")
        if separator and not line.startswith("#"):
            fields.setdefault(name.strip().lower(), []).append(value.strip())
    result.evidence["contact"], result.evidence["expires"] = fields.get("contact", []), fields.get("expires", [])
    if not fields.get("contact"):
        result.problems.append("no Contact field")
    expires = fields.get("expires", [])
    if len(expires) != 1:
        result.problems.append("needs exactly one Expires field")
    else:
        moment = _parse_time(expires[0])
        now = now or datetime.now(UTC)
        if moment is None:
            result.problems.append(f"Expires {expires[0]!r} is not an RFC 3339 date and time")
        elif moment <= now:
            result.problems.append(f"expired on {moment:%Y-%m-%d}")
        elif moment > now + timedelta(days=366):
            result.problems.append("Expires is more than a year ahead")
    return result.conclude()


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


CHECKS = (check_https, check_headers, check_security_txt)


def measure(target: Target) -> list[Result]:
    return [check(target) for check in CHECKS]
