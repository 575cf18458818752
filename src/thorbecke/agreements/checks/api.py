"""Linting an organisation's published OpenAPI document against the NL API Design Rules (ADR) of Logius:

- ``api-design``: the document parses, is OpenAPI 3, refers to nothing outside itself, and Spectral with
  the ADR ruleset (``agreements/data/adr-ruleset.yaml``) finds no error. Errors are the MUST rules of ADR 2.0 that
  the document shows; warnings (SHOULD rules, ADR 2.1 additions, heuristics) are kept as evidence and
  never make an API fail. ``check_api`` fetches the document over HTTPS first and adds what only the
  answer shows (/core/publish-openapi: no authentication, CORS open to every origin, the standard place).

As in the web checks, a document that cannot be read, fetched or linted gives "could not measure" with the
reason: never a crash, never a false "compliant". Spectral runs as a subprocess from node_modules; one run
lints many documents (``lint_openapis``, ``check_apis``), because starting it takes a second or two.
"""

import http.client
import json
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml
from django.conf import settings

from thorbecke.agreements.checks.base import (
    ERROR,
    FAIL,
    PASS,
    TIMEOUT,
    USER_AGENT,
    Result,
    Unmeasurable,
    reasons,
    tls_context,
)

CHECK = "api-design"
RULESET = Path(__file__).resolve().parents[1] / "data" / "adr-ruleset.yaml"
RULESET_NAME = "NL API Design Rules 2.0 (errors), 2.1 additions and SHOULD rules (warnings)"
MAX_DOCUMENT = 5 * 1024 * 1024
MAX_LISTED = 100  # findings listed per result; the counts keep the rest
MAX_REDIRECTS = 3
SPECTRAL_TIMEOUT = 60.0  # for starting and one document
SPECTRAL_PER_DOCUMENT = 5.0  # more for each further document in a batch
# A foreign origin: an allowlist that merely echoes the hub's own origin would not show "every origin".
PROBE_ORIGIN = "https://example.org"

# Built-in Spectral rules (and its parser and $ref resolver) test the document against the OpenAPI
# Specification itself, which is what /core/doc-openapi asks; every other code in the ruleset is an ADR id.
DOC_OPENAPI = "/core/doc-openapi"
PUBLISH_OPENAPI = "/core/publish-openapi"


@dataclass
class _Document:
    source: str
    raw: bytes
    suffix: str  # .json or .yaml: Spectral picks its parser by the file's extension
    parsed: dict[str, Any]


class _SpectralFailed(Exception):
    """Spectral did not run to the end; the message says why."""


class _SpectralMissing(_SpectralFailed):
    """There is no Spectral to run."""


def _error(source: str, reason: str, **evidence: Any) -> Result:
    return Result(CHECK, ERROR, {"source": source, **evidence}, [f"could not measure: {reason}"])


def _external_refs(node: object) -> Iterator[str]:
    """Every $ref that points outside the document. Shared YAML anchors are visited once, so an alias bomb
    cannot make this walk explode."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem and exc.problem_mark:
        mark = exc.problem_mark
        return f"{exc.problem} at line {mark.line + 1}, column {mark.column + 1}"
    return " ".join(str(exc).split())


def _read(document: bytes | str, source: str) -> _Document | Result:
    """The parsed document, or the Result that says why it cannot be linted (or fails without linting)."""
    raw = document.encode() if isinstance(document, str) else document
    if len(raw) > MAX_DOCUMENT:
        return _error(source, f"the document is larger than {MAX_DOCUMENT // 1024 // 1024} MB", bytes=len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _error(source, f"the document is not UTF-8 text ({exc.reason} at byte {exc.start})")
    suffix = ".json"
    try:
        parsed = json.loads(text)
    except ValueError as json_error:
        suffix = ".yaml"
        try:
            parsed = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            if text.lstrip().startswith(("{", "[")):  # meant as JSON: its error is the one to show
                return _error(source, f"the document is not valid JSON: {json_error}")
            return _error(source, f"the document is neither JSON nor YAML: {_yaml_reason(exc)}")
        except RecursionError:
            return _error(source, "the document is nested too deeply to read")
    if not isinstance(parsed, dict):
        return _error(source, f"the document is a {type(parsed).__name__}, not an OpenAPI object")
    if "swagger" in parsed and "openapi" not in parsed:
        # An API description of the wrong version is a measured fact, not something we could not measure.
        version = parsed.get("swagger")
        return Result(
            CHECK,
            FAIL,
            {"source": source, "swagger": str(version)},
            [f"{DOC_OPENAPI}: the document is Swagger (OpenAPI) {version}; the rule asks for OpenAPI 3"],
        )
    version = parsed.get("openapi")
    if version is None:
        return _error(source, "the document is not an OpenAPI document (no openapi field)")
    if not str(version).startswith("3"):
        return _error(source, f"the document is not OpenAPI 3 (openapi: {version})")
    external = sorted(set(_external_refs(parsed)))
    if external:
        # Spectral would read these files or URLs; the hub lints only what the organisation published here.
        listed = ", ".join(external[:5]) + (" …" if len(external) > 5 else "")
        reason = f"the document refers to other files or URLs ({listed}); only a self-contained one can be linted"
        return _error(source, reason, external_refs=external[:MAX_LISTED])
    return _Document(source, raw, suffix, parsed)


def _where(path: Sequence[object]) -> str:
    """A JSON path as a reader writes it: paths['/gebouwen'].get.responses[200]."""
    text = ""
    for part in path:
        key = str(part)
        if key.isidentifier():
            text += f".{key}"
        else:
            text += f"[{key}]" if key.isdigit() else f"[{key!r}]"
    return text.lstrip(".") or "(document)"


def _rule(code: str) -> str:
    return code if code.startswith("/core/") else f"{DOC_OPENAPI} ({code})"


def _run_spectral(documents: Sequence[_Document]) -> list[list[dict[str, Any]]]:
    """Spectral's findings for each document, in order. Raises _SpectralFailed."""
    binary = Path(settings.THORBECKE_SPECTRAL)
    if not binary.exists():
        raise _SpectralMissing(f"Spectral is not installed (no {binary}; `npm ci` installs it)")
    with tempfile.TemporaryDirectory(prefix="thorbecke-adr-") as folder:
        files = []
        for number, document in enumerate(documents):
            # Plain names: Spectral reads its arguments as glob patterns.
            file = Path(folder) / f"document-{number}{document.suffix}"
            file.write_bytes(document.raw)
            files.append(str(file.resolve()))
        output = Path(folder) / "findings.json"
        command = [str(binary), "lint", "--quiet", "--format", "json", "--output", str(output)]
        command += ["--ruleset", str(RULESET), *files]
        timeout = SPECTRAL_TIMEOUT + SPECTRAL_PER_DOCUMENT * (len(documents) - 1)
        try:
            run = subprocess.run(command, capture_output=True, timeout=timeout, cwd=folder, check=False)
        except subprocess.TimeoutExpired:
            raise _SpectralFailed(f"Spectral did not finish within {timeout:g} s") from None
        except OSError as exc:
            raise _SpectralFailed(f"Spectral could not be started: {exc.strerror or exc}") from None
        # 0: no error-severity finding, 1: some; anything else means Spectral itself failed.
        if run.returncode not in (0, 1) or not output.exists():
            said = " ".join((run.stdout + run.stderr).decode(errors="replace").split())[:500]
            raise _SpectralFailed(f"Spectral failed (exit {run.returncode}): {said or 'no output'}")
        try:
            findings = json.loads(output.read_text())
        except ValueError as exc:
            raise _SpectralFailed(f"Spectral's output is not JSON: {exc}") from None
    if not isinstance(findings, list):
        raise _SpectralFailed("Spectral's output is not a list of findings")
    by_file: dict[str, list[dict[str, Any]]] = {file: [] for file in files}
    for finding in findings:
        if isinstance(finding, dict) and finding.get("source") in by_file:
            by_file[finding["source"]].append(finding)
        else:
            raise _SpectralFailed(f"Spectral reported on something it was not given: {str(finding)[:200]}")
    return [by_file[file] for file in files]


def _verdict(document: _Document, findings: list[dict[str, Any]]) -> Result:
    if any(finding.get("code") == "unrecognized-format" for finding in findings):
        # Then no rule of the ruleset ran: an empty list of errors would be a false pass.
        return _error(document.source, "Spectral did not recognise the document as OpenAPI 3")
    errors: list[str] = []
    warnings: list[str] = []
    failed: set[str] = set()
    counts: dict[str, int] = {}
    seen: set[tuple[str, str, str]] = set()
    for finding in findings:
        code, where, message = str(finding.get("code")), _where(finding.get("path") or []), finding.get("message")
        if (code, where, str(message)) in seen:  # a shared component can be reported once per use
            continue
        seen.add((code, where, str(message)))
        rule = _rule(code)
        counts[code] = counts.get(code, 0) + 1
        line = f"{rule} at {where}: {message}"
        if finding.get("severity") == 0:
            errors.append(line)
            failed.add(rule.split(" ")[0].split(":")[0])
        else:
            warnings.append(line)
    info = document.parsed.get("info")
    return Result(
        CHECK,
        FAIL if errors else PASS,
        {
            "source": document.source,
            "ruleset": RULESET_NAME,
            "openapi": str(document.parsed.get("openapi")),
            "api_version": str(info.get("version")) if isinstance(info, dict) else None,
            "errors": len(errors),
            "rules_failed": sorted(failed),
            "findings_by_code": counts,
            "warnings": _capped(warnings),
            "warning_count": len(warnings),
        },
        _capped(errors),
    )


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LISTED:
        return lines
    return [*lines[:MAX_LISTED], f"… and {len(lines) - MAX_LISTED} more"]


def _lint(read: Sequence[_Document | Result]) -> list[Result]:
    todo = [item for item in read if isinstance(item, _Document)]
    linted: dict[int, Result] = {}
    if todo:
        try:
            for document, findings in zip(todo, _run_spectral(todo), strict=True):
                linted[id(document)] = _verdict(document, findings)
        except _SpectralMissing as exc:
            linted = {id(document): _error(document.source, str(exc)) for document in todo}
        except _SpectralFailed as batch_failure:
            for document in todo:
                if len(todo) == 1:
                    linted[id(document)] = _error(document.source, str(batch_failure))
                    continue
                # One document that breaks Spectral must not cost the others their measurement.
                try:
                    linted[id(document)] = _verdict(document, _run_spectral([document])[0])
                except _SpectralFailed as exc:
                    linted[id(document)] = _error(document.source, str(exc))
    return [linted[id(item)] if isinstance(item, _Document) else item for item in read]


def lint_openapis(documents: Sequence[tuple[bytes | str, str]]) -> list[Result]:
    """Lint many (document, source) pairs with one Spectral run; one Result per pair, in order."""
    return _lint([_read(document, source) for document, source in documents])


def lint_openapi(document: bytes | str, source: str) -> Result:
    """Lint one OpenAPI document (JSON or YAML) against the ADR ruleset. ``source`` names it in the evidence."""
    return lint_openapis([(document, source)])[0]


@dataclass
class _Fetched:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes


def _fetch(url: str, ca_file: str | None) -> _Fetched:
    context = tls_context(ca_file)
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname:
            raise Unmeasurable(f"{url} is not an https:// URL; API descriptions are fetched over HTTPS only")
        connection = http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=TIMEOUT, context=context)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json, application/yaml;q=0.9, */*;q=0.1",
            "Origin": PROBE_ORIGIN,
        }
        try:
            with reasons(parts.hostname, TIMEOUT):
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                answer = {k.lower(): v for k, v in response.getheaders()}
                if 300 <= response.status < 400 and answer.get("location"):
                    url = urljoin(url, answer["location"])
                    continue
                body = response.read(MAX_DOCUMENT + 1)
                return _Fetched(url, response.status, answer, body)
        finally:
            connection.close()
    raise Unmeasurable(f"more than {MAX_REDIRECTS} redirects")


def _publication(fetched: _Fetched, document: _Document | None) -> tuple[list[str], list[str]]:
    """/core/publish-openapi as the answer shows it: (problems, warnings)."""
    problems, warnings = [], []
    allowed = fetched.headers.get("access-control-allow-origin", "").strip()
    if allowed not in ("*", PROBE_ORIGIN):
        # The rule's test, step 4: Access-Control-Allow-Origin allows all origins.
        shown = allowed or "no Access-Control-Allow-Origin header"
        problems.append(f"{PUBLISH_OPENAPI}: browsers on other sites cannot read the document ({shown})")
    if document is None:
        return problems, warnings
    if document.suffix != ".json":
        warnings.append(f"{PUBLISH_OPENAPI}: the document is YAML; at least openapi.json must be offered")
    servers = document.parsed.get("servers")
    bases = [s.get("url") for s in servers if isinstance(s, dict)] if isinstance(servers, list) else []
    places = {urljoin(fetched.url, str(base)).rstrip("/") + "/openapi.json" for base in bases if base} or {
        urljoin(fetched.url, "/openapi.json")
    }
    if fetched.url.split("?")[0] not in places:
        warnings.append(
            f"{PUBLISH_OPENAPI}: the document is not at the standard place, the base path's openapi.json "
            f"({', '.join(sorted(places))})"
        )
    return problems, warnings


def check_apis(urls: Sequence[str], ca_file: str | None = None) -> list[Result]:
    """Fetch each OpenAPI document over HTTPS and lint them all in one Spectral run; one Result per URL."""
    answers: list[_Fetched | Result] = []
    for url in urls:
        try:
            fetched = _fetch(url, ca_file)
        except Unmeasurable as exc:
            answers.append(_error(url, str(exc)))
            continue
        if fetched.status in (401, 403):
            problem = f"{PUBLISH_OPENAPI}: the document needs authentication (HTTP {fetched.status})"
            answers.append(Result(CHECK, FAIL, {"source": url, "status": fetched.status}, [problem]))
        elif fetched.status != 200:
            answers.append(_error(url, f"{fetched.url} answers HTTP {fetched.status}", status=fetched.status))
        elif len(fetched.body) > MAX_DOCUMENT:
            answers.append(_error(url, f"the document is larger than {MAX_DOCUMENT // 1024 // 1024} MB"))
        else:
            answers.append(fetched)
    fetched_only = [a for a in answers if isinstance(a, _Fetched)]
    read = [_read(a.body, a.url) for a in fetched_only]
    linted = iter(zip(read, _lint(read), strict=True))
    results = []
    for url, answer in zip(urls, answers, strict=True):
        if isinstance(answer, Result):
            results.append(answer)
            continue
        document, result = next(linted)
        problems, warnings = _publication(answer, document if isinstance(document, _Document) else None)
        result.evidence.update(
            url=url,
            final_url=answer.url,
            content_type=answer.headers.get("content-type", ""),
            access_control_allow_origin=answer.headers.get("access-control-allow-origin", ""),
        )
        if result.verdict != ERROR:
            # A document we could not lint stays "could not measure", whatever the answer showed.
            result.problems = problems + result.problems
            result.evidence["warnings"] = warnings + result.evidence.get("warnings", [])
            result.evidence["warning_count"] = result.evidence.get("warning_count", 0) + len(warnings)
            if problems:
                result.verdict = FAIL
                result.evidence["rules_failed"] = sorted({*result.evidence.get("rules_failed", []), PUBLISH_OPENAPI})
        results.append(result)
    return results


def check_api(url: str, ca_file: str | None = None) -> Result:
    """Fetch one OpenAPI document over HTTPS (``ca_file``: trust this CA instead of the system's) and lint it."""
    return check_apis([url], ca_file)[0]
