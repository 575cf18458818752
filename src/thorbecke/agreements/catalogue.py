"""The catalogue of agreements, read from ../shared/data:

- ``gdi_gegevensuitwisseling_standaarden.csv``: 78 standards of the GDI data-exchange domain with
  their status on the Forum Standaardisatie lists (Verplicht, Aanbevolen, geen);
- ``forum_standaardisatie_beslisboom_standaarden.json``: the 55 standards the Forum's decision tree
  routes to. That file names them without their list status, so a standard found only there is
  stored with the status "not in the source" until the programme sets it;
- ``gdi_gegevensuitwisseling_voorzieningen.csv``: the GDI building blocks, plus the building blocks
  the issue names that the GDI model leaves out (DigiD, eHerkenning, MijnOverheid/Berichtenbox,
  PKIoverheid, FSC, Logboek Dataverwerkingen). No source here says which building block is mandatory
  for whom: their status starts as "not in the source".

The list status, who it applies to, its source and its date come first from
``data/forum_standaardisatie_lijsten.yaml`` (in this app: facts read from the Forum's published lists,
its header names where each was read), then from the GDI CSV, whose statuses carry that file and its
commit date. Where no source gives a status, none is stored: "not in the source", with no source.

Agreements on no Forum list and in no GDI file (registration in the Algoritmeregister) come from
``data/other_agreements.yaml``, each with its kind, status, who it applies to, how the hub measures it, and the
source and date of its status (``read_other``).

Names are matched without regard to case. Which check measures a standard is Thorbecke's own
mapping (``CHECKS``); everything else is declared by the organisation.
Running the import again adds what is new, brings the status of an agreement the programme has not
edited up to the sources (as a new version), and changes nothing the programme has edited. A malformed
lists file names its row and field and changes nothing.
"""

import csv
import json
import re
from datetime import date
from pathlib import Path

import yaml
from django.db import transaction

from thorbecke.agreements.models import Agreement, AgreementVersion, Check, Kind, Status
from thorbecke.registry.models import OrganisationType
from thorbecke.registry.sources import slug

STANDARDS_CSV = "gdi_gegevensuitwisseling_standaarden.csv"
FORUM_JSON = "forum_standaardisatie_beslisboom_standaarden.json"
BLOCKS_CSV = "gdi_gegevensuitwisseling_voorzieningen.csv"
LISTS_YAML = Path(__file__).parent / "data" / "forum_standaardisatie_lijsten.yaml"
OTHER_YAML = Path(__file__).parent / "data" / "other_agreements.yaml"
KINDS = {"standaard": Kind.STANDARD, "bouwsteen": Kind.BUILDING_BLOCK}
# The GDI model's commit (SOURCES.md): the date its statuses were published.
STANDARDS_CSV_DATE = "2025-05-20"
LIST_STATUS = {"verplicht": Status.MANDATORY, "aanbevolen": Status.RECOMMENDED, "geen": Status.NONE}
PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
STATUS_FIELDS = ["status", "applies_to", "status_source", "status_date"]


class ListsError(ValueError):
    """The lists file is malformed; the message names the file, the row and the field."""


def read_lists(path: Path = LISTS_YAML) -> dict[str, dict]:
    """The Forum's list facts by standard name (casefolded), each checked field by field."""

    def fail(row: int, field: str, problem: str) -> ListsError:
        return ListsError(f"{path.name}, row {row}, field {field}: {problem}")

    try:
        rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("standards")
    except (yaml.YAMLError, AttributeError) as exc:
        raise ListsError(f"{path.name}: not a YAML mapping with 'standards' ({exc})") from exc
    if not isinstance(rows, list):
        raise ListsError(f"{path.name}: 'standards' is not a list")
    types = set(OrganisationType.values)
    found: dict[str, dict] = {}
    for row, entry in enumerate(rows, start=1):
        if not isinstance(entry, dict):
            raise fail(row, "-", "not a mapping")
        name, status, applies_to = entry.get("name"), entry.get("status"), entry.get("applies_to")
        source, when = entry.get("source"), entry.get("date")
        if not isinstance(name, str) or not name.strip():
            raise fail(row, "name", "missing")
        if name.casefold() in found:
            raise fail(row, "name", f"{name!r} is listed twice")
        if status not in LIST_STATUS:
            raise fail(row, "status", f"{status!r} is not verplicht, aanbevolen or geen")
        if not isinstance(applies_to, list) or not set(applies_to) <= types:
            raise fail(row, "applies_to", f"{applies_to!r} is not a list of organisation types")
        if status == "geen" and applies_to:
            raise fail(row, "applies_to", "a standard on no list applies to no one: leave it empty")
        if not isinstance(source, str) or not source.startswith("https://") or len(source) > 300:
            raise fail(row, "source", f"{source!r} is not an https URL of at most 300 characters")
        if not isinstance(when, str) or not PARTIAL_DATE.fullmatch(when):
            raise fail(row, "date", f"{when!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        found[name.casefold()] = {
            "status": LIST_STATUS[status],
            "applies_to": list(applies_to),
            "status_source": source,
            "status_date": when,
        }
    return found


def read_other(path: Path = OTHER_YAML) -> list[Agreement]:
    """The agreements on no Forum list and in no GDI file, each checked field by field (ListsError names the row
    and field)."""

    def fail(row: int, field: str, problem: str) -> ListsError:
        return ListsError(f"{path.name}, row {row}, field {field}: {problem}")

    try:
        rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("agreements")
    except (yaml.YAMLError, AttributeError) as exc:
        raise ListsError(f"{path.name}: not a YAML mapping with 'agreements' ({exc})") from exc
    if not isinstance(rows, list):
        raise ListsError(f"{path.name}: 'agreements' is not a list")
    types = set(OrganisationType.values)
    found: list[Agreement] = []
    for row, entry in enumerate(rows, start=1):
        if not isinstance(entry, dict):
            raise fail(row, "-", "not a mapping")
        name, kind, status, applies_to = (entry.get(key) for key in ("name", "kind", "status", "applies_to"))
        check, source, when = entry.get("check"), entry.get("source"), entry.get("date")
        texts = {key: entry.get(key) or "" for key in ("maintainer", "url", "description", "mandatory_from")}
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise fail(row, "name", "missing, or longer than 200 characters")
        if kind not in KINDS:
            raise fail(row, "kind", f"{kind!r} is not standaard or bouwsteen")
        if status not in LIST_STATUS:
            raise fail(row, "status", f"{status!r} is not verplicht, aanbevolen or geen")
        if not isinstance(applies_to, list) or not set(applies_to) <= types:
            raise fail(row, "applies_to", f"{applies_to!r} is not a list of organisation types")
        if check not in Check.values:
            raise fail(row, "check", f"{check!r} is not one of {', '.join(Check.values)}")
        if not isinstance(source, str) or not source.startswith("https://") or len(source) > 300:
            raise fail(row, "source", f"{source!r} is not an https URL of at most 300 characters")
        if not isinstance(when, str) or not PARTIAL_DATE.fullmatch(when):
            raise fail(row, "date", f"{when!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if not all(isinstance(value, str) for value in texts.values()):
            raise fail(row, "-", "maintainer, url, description and mandatory_from are text")
        try:
            mandatory_from = date.fromisoformat(texts["mandatory_from"]) if texts["mandatory_from"] else None
        except ValueError:
            raise fail(row, "mandatory_from", f"{texts['mandatory_from']!r} is not YYYY-MM-DD") from None
        if texts["url"] and not texts["url"].startswith("https://"):
            raise fail(row, "url", f"{texts['url']!r} is not an https URL")
        found.append(
            Agreement(
                kind=KINDS[kind],
                name=name.strip(),
                status=LIST_STATUS[status],
                applies_to=list(applies_to),
                mandatory_from=mandatory_from,
                check_method=check,
                maintainer=texts["maintainer"][:200],
                url=texts["url"][:300],
                description=texts["description"].strip(),
                source=f"{path.name} (agreements/data)",
                status_source=source,
                status_date=when,
            )
        )
    return found


CHECKS = {
    "https en hsts": Check.HTTPS_HSTS,
    "tls": Check.TLS,
    "security.txt": Check.SECURITY_TXT,
    "spf": Check.SPF,
    "dkim": Check.DKIM,
    "dmarc": Check.DMARC,
    "dnssec": Check.DNSSEC,
    "rest-api design rules": Check.API_DESIGN,
    "openapi specification": Check.API_DESIGN,
    "fsc": Check.EXCHANGE,
    "logboek dataverwerkingen": Check.PROCESSING_LOG,
    "digitoegankelijk": Check.ACCESSIBILITY,  # read from the register of accessibility statements
}
OTHER_BLOCKS = [
    ("DigiD", "Logius"),
    ("eHerkenning", "Logius"),
    ("MijnOverheid/Berichtenbox", "Logius"),
    ("PKIoverheid", "Logius"),
    ("FSC (Federatieve Service Connectiviteit)", "Logius"),
    ("Logboek Dataverwerkingen", "Logius"),
]


def _check(name: str) -> str:
    key = name.casefold()
    return CHECKS.get(key) or CHECKS.get(key.split(" (")[0], Check.DECLARED)


def read_sources(data_dir: Path, lists: Path = LISTS_YAML, other: Path = OTHER_YAML) -> list[Agreement]:
    listed = read_lists(lists)
    found: dict[tuple[str, str], Agreement] = {}
    for agreement in read_other(other):
        if (agreement.kind, agreement.name.casefold()) in found:
            raise ListsError(f"{other.name}: {agreement.name!r} is listed twice")
        found[(agreement.kind, agreement.name.casefold())] = agreement
    with (data_dir / STANDARDS_CSV).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            found[(Kind.STANDARD, row["standaard"].casefold())] = Agreement(
                kind=Kind.STANDARD,
                name=row["standaard"],
                status=LIST_STATUS.get(row["forum_lijst_status"].casefold(), Status.UNKNOWN),
                status_source=f"{STANDARDS_CSV} (MinBZK/gdi-gegevensuitwisseling)",
                status_date=STANDARDS_CSV_DATE,
                scope=row["functioneel_toepassingsgebied"][:300],
                maintainer=row["beheerorganisatie"],
                url=row["url"],
                description=row["omschrijving"],
                check_method=_check(row["standaard"]),
                source=STANDARDS_CSV,
            )
    for name in json.loads((data_dir / FORUM_JSON).read_text(encoding="utf-8")):
        found.setdefault(
            (Kind.STANDARD, name.casefold()),
            Agreement(
                kind=Kind.STANDARD, name=name, status=Status.UNKNOWN, check_method=_check(name), source=FORUM_JSON
            ),
        )
    with (data_dir / BLOCKS_CSV).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            key = (Kind.BUILDING_BLOCK, row["voorziening"].casefold())
            if key in found:  # listed in two folders of the GDI model
                found[key].maintainer = found[key].maintainer or row["beheerorganisatie"]
                continue
            found[key] = Agreement(
                kind=Kind.BUILDING_BLOCK,
                name=row["voorziening"],
                status=Status.UNKNOWN,
                maintainer=row["beheerorganisatie"],
                url=row["url"],
                description=row["omschrijving"],
                check_method=_check(row["voorziening"]),
                source=BLOCKS_CSV,
            )
    for name, maintainer in OTHER_BLOCKS:
        found.setdefault(
            (Kind.BUILDING_BLOCK, name.casefold()),
            Agreement(
                kind=Kind.BUILDING_BLOCK,
                name=name,
                status=Status.UNKNOWN,
                maintainer=maintainer,
                check_method=_check(name),
                source="named in the issue; not in ../shared/data",
            ),
        )
    for agreement in found.values():
        facts = listed.get(agreement.name.casefold()) if agreement.kind == Kind.STANDARD else None
        for field, value in (facts or {}).items():
            setattr(agreement, field, value)
        prefix = "standaard" if agreement.kind == Kind.STANDARD else "bouwsteen"
        agreement.slug = slug(f"{prefix}-{agreement.name}")[:120]
    return list(found.values())


def import_agreements(data_dir: Path, lists: Path = LISTS_YAML, other: Path = OTHER_YAML) -> int:
    """Add the agreements not yet in the catalogue, each with its first version, and bring the status of
    those the programme never edited up to the sources; returns how many were added."""
    read = read_sources(data_dir, lists, other)  # every file is read and checked before anything is stored
    known = {agreement.slug: agreement for agreement in Agreement.objects.all()}
    edited = set(AgreementVersion.objects.filter(changed_by__isnull=False).values_list("agreement__slug", flat=True))
    added = 0
    with transaction.atomic():
        for agreement in read:
            current = known.get(agreement.slug)
            if current is None:
                agreement.save()
                AgreementVersion.record(agreement, AgreementVersion.importer_note("imported", agreement.source))
                known[agreement.slug] = agreement
                added += 1
            elif current.slug not in edited and _update_status(current, agreement):
                AgreementVersion.record(current, AgreementVersion.importer_note("status", current.status_source))
    return added


def _update_status(current: Agreement, read: Agreement) -> bool:
    changed = [field for field in STATUS_FIELDS if getattr(current, field) != getattr(read, field)]
    for field in changed:
        setattr(current, field, getattr(read, field))
    if changed:
        current.save(update_fields=changed)
    return bool(changed)
