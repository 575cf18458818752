"""The register of accessibility statements (toegankelijkheidsverklaring.nl) as the measurement of the
Digitoegankelijk agreement (EN 301 549 with WCAG 2.1).

Every statement has a compliance status: A fully compliant, B partly compliant, C first measures taken,
D not compliant. An organisation meets the agreement only where the register says every one of its websites
and apps complies fully (A); any B, C or D fails it (docs/decisions/0015-accessibility-register.md). The
measurement is dated with the source's date (from the file's name) and keeps the statements as its evidence.

The register names organisations in its own words. They are matched to the organisation register by name
(normalised; with and without an abbreviation in brackets), else by the primary web address of their
statements in the government domain list, when those all point to one organisation. The rest are counted
as not matched.

The whole file is read and checked before anything is written: a malformed file raises SourceError naming
the file, row and field, and changes nothing. Importing the same file again changes nothing.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.checks.base import FAIL, PASS, Result
from thorbecke.agreements.models import Agreement, Check, Kind, Measurement
from thorbecke.registry.models import Domain, Organisation
from thorbecke.registry.sources import SourceError, csv_rows, normalise

REGISTER_FILE = "toegankelijkheidsverklaringen_register_2024-11-30.csv"
SUBJECT = "accessibility statements"  # what was read, where a website check names its host
AGREEMENT = "Digitoegankelijk"
COLUMNS = ["ID", "Overheidsinstantie", "Naam", "Type", "Status", "Register URL", "Primair webadres",
           "Datum akkoord organisatie"]  # fmt: skip
STATUSES = {
    "A": "voldoet volledig",
    "B": "voldoet gedeeltelijk",
    "C": "eerste maatregelen genomen",
    "D": "voldoet niet",
}
LABELS = {
    "A": _("fully compliant"),
    "B": _("partly compliant"),
    "C": _("first measures taken"),
    "D": _("not compliant"),
}
TYPES = {"website", "mobiele applicatie", "intranet"}
_STATUS = re.compile(r"^([A-Z])\s*-\s*(.+)$")
_DATED_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})\.csv$")
_BRACKETS = re.compile(r"\s*\(([^)]*)\)\s*")


@dataclass(frozen=True)
class Statement:
    organisation: str
    name: str
    kind: str
    status: str  # A, B, C or D
    url: str
    register: str
    agreed: str  # ISO date the organisation agreed the statement

    def evidence(self) -> dict[str, str]:
        return {"organisation": self.organisation, "name": self.name, "type": self.kind, "status": self.status,
                "url": self.url, "register": self.register, "agreed": self.agreed}  # fmt: skip


def read_register(path: Path) -> tuple[date, list[Statement]]:
    """The source's date and its statements; SourceError names the file, row and field of the first problem."""
    named = _DATED_NAME.search(path.name)
    try:
        source_date = date.fromisoformat(named.group(1)) if named else None
    except ValueError:
        source_date = None
    if source_date is None:
        raise SourceError(path, "-", "file name", "must end in the source's date, _YYYY-MM-DD.csv")
    statements = []
    for row_number, row in csv_rows(path, COLUMNS, delimiter=";"):
        matched = _STATUS.match(row["Status"])
        if not matched or STATUSES.get(matched.group(1)) != matched.group(2).casefold():
            raise SourceError(path, row_number, "Status", f"{row['Status']!r} is not one of A, B, C or D")
        if row["Type"] not in TYPES:
            raise SourceError(path, row_number, "Type", f"{row['Type']!r} is not one of {', '.join(sorted(TYPES))}")
        try:
            agreed = datetime.strptime(row["Datum akkoord organisatie"], "%d-%m-%Y").date()
        except ValueError as exc:
            raise SourceError(path, row_number, "Datum akkoord organisatie", "is not a date (d-m-yyyy)") from exc
        statements.append(
            Statement(row["Overheidsinstantie"], row["Naam"], row["Type"], matched.group(1), row["Primair webadres"],
                      row["Register URL"], agreed.isoformat())
        )  # fmt: skip
    return source_date, statements


def _names(name: str) -> list[str]:
    """The keys a name is known by: whole, without a part in brackets, and that part (an abbreviation)."""
    keys = [normalise(name), normalise(_BRACKETS.sub(" ", name))]
    keys += [normalise(part) for part in _BRACKETS.findall(name)]
    return [key for key in dict.fromkeys(keys) if key]


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def match(statements: list[Statement]) -> tuple[dict[int, list[Statement]], dict[str, int]]:
    """The statements per organisation of ours, and the figures of the matching."""
    current = Organisation.objects.filter(end_date__isnull=True)
    by_key: dict[str, set[int]] = defaultdict(set)
    for pk, name, short_name in current.values_list("pk", "name", "short_name"):
        for key in {*_names(name), *_names(short_name)}:
            by_key[key].add(pk)
    domains = dict(Domain.objects.filter(organisation__end_date__isnull=True).values_list("name", "organisation_id"))
    per_name: dict[str, list[Statement]] = defaultdict(list)
    for statement in statements:
        per_name[statement.organisation].append(statement)
    matched: dict[int, list[Statement]] = defaultdict(list)
    figures = {"statements": len(statements), "without organisation": len(per_name.pop("", [])),
               "register organisations": len(per_name), "matched by name": 0, "matched by domain": 0,
               "unmatched": 0}  # fmt: skip
    for name, theirs in per_name.items():
        found = next((keys for key in _names(name) if len(keys := by_key.get(key, set())) == 1), set())
        how = "matched by name"
        if not found:
            found = {pk for s in theirs if (pk := domains.get(_host(s.url)) or domains.get(f"www.{_host(s.url)}"))}
            how = "matched by domain"
        if len(found) == 1:
            matched[found.pop()] += theirs
            figures[how] += 1
        else:
            figures["unmatched"] += 1
    return matched, figures


def _result(statements: list[Statement], source_date: date) -> Result:
    failing = [s for s in statements if s.status != "A"]
    problems = [f"{s.name} ({s.url or s.kind}): {s.status} - {STATUSES[s.status]}" for s in failing]
    ordered = sorted(statements, key=lambda s: (s.status, s.name, s.register))
    evidence = {"source": "toegankelijkheidsverklaring.nl", "source_date": source_date.isoformat(),
                "statements": [s.evidence() for s in ordered]}  # fmt: skip
    return Result(Check.ACCESSIBILITY, FAIL if failing else PASS, evidence, problems)


def _agreement(path: Path) -> Agreement:
    """The Digitoegankelijk agreement, which the catalogue marks as read from this register."""
    agreement = Agreement.objects.filter(kind=Kind.STANDARD, check_method=Check.ACCESSIBILITY).first()
    if agreement is None:
        raise SourceError(path, "-", "-", f"{AGREEMENT} is not in the catalogue yet: import the agreements first")
    return agreement


def import_register(path: Path) -> dict[str, int]:
    """Record each matched organisation's statements as its measurement of the agreement; returns the figures.
    Comply or explain (dialogue.reconcile) opens the gaps afterwards, as after a scan."""
    source_date, statements = read_register(path)
    matched, figures = match(statements)
    measured_at = timezone.make_aware(datetime.combine(source_date, time()))
    results = {pk: _result(found, source_date) for pk, found in matched.items()}
    current = {
        m.organisation_id: m
        for m in Measurement.objects.filter(host=SUBJECT, check_key=Check.ACCESSIBILITY, current=True)
    }
    organisations = Organisation.objects.in_bulk(list(results))
    with transaction.atomic():
        _agreement(path)
        new = []
        for pk, result in results.items():
            known = current.get(pk)
            if known is None or (known.verdict, known.evidence, known.problems) != (
                result.verdict,
                result.evidence,
                result.problems,
            ):
                new += Measurement.record(organisations[pk], SUBJECT, [result])
        # The register's date, not the import's: the scorecard says how old what it shows is.
        Measurement.objects.filter(pk__in=[m.pk for m in new]).update(measured_at=measured_at)
    figures["organisations"] = len(results)
    figures["meets"] = sum(r.verdict == PASS for r in results.values())
    figures["fails"] = len(results) - figures["meets"]
    return figures


def shown(evidence: dict) -> dict:
    """A measurement's evidence for its page: the source's date and each statement with its status in words."""
    return {
        "source_date": date.fromisoformat(evidence["source_date"]),
        "statements": [
            {**s, "label": LABELS[s["status"]], "agreed": date.fromisoformat(s["agreed"])}
            for s in evidence["statements"]
        ],
    }
