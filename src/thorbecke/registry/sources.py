"""Reading the source files of the organisation register into plain records.

Nothing here touches the database: every file is read and checked completely before the
importer writes anything, so a bad file changes nothing and the error names the file, the
row and the field.
"""

import csv
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from thorbecke.registry.models import OrganisationType

ORGANISATIONS_FILE = "nl_overheidsorganisaties_tooi.csv"
TOOI_REGISTER_FILES = (
    "tooi_register_provincies_compleet_v1.jsonld.json",
    "tooi_register_gemeenten_compleet_v4.jsonld.json",
    "tooi_register_waterschappen_compleet_v2.jsonld.json",
)
DOMAINS_FILE = "overheid_domeinnamen_2022-05.csv"
DOMAIN_ALIASES_FILE = Path(__file__).parent / "data" / "domain_aliases.csv"
# Executive agencies that citizens deal with directly; the domain list files their website
# under the parent ministry, which is how each agency's ministry is known.
EXECUTIVE_AGENCIES_FILE = Path(__file__).parent / "data" / "executive_agencies.csv"

TOOI = "https://identifier.overheid.nl/tooi/"
_ONT = TOOI + "def/ont/"
_PROV = "http://www.w3.org/ns/prov#"

CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    OrganisationType.GEMEENTE: re.compile(r"^gm\d{4}$"),
    OrganisationType.PROVINCIE: re.compile(r"^pv\d{2}$"),
    OrganisationType.WATERSCHAP: re.compile(r"^ws\d{4}$"),
    OrganisationType.OMGEVINGSDIENST: re.compile(r"^so\d{4}$"),
    OrganisationType.VEILIGHEIDSREGIO: re.compile(r"^so\d{4}$"),
}
_TOOI_CLASS_TYPES = {
    "Gemeente": OrganisationType.GEMEENTE,
    "Provincie": OrganisationType.PROVINCIE,
    "Waterschap": OrganisationType.WATERSCHAP,
}
# The Hoge Colleges van Staat as the Staatsalmanak lists them; other agencies in the domain
# list that are not ministries are typed as other central-government organisations.
HIGH_COUNCILS = {
    "Eerste Kamer",
    "Tweede Kamer",
    "Raad van State",
    "Algemene Rekenkamer",
    "Nationale Ombudsman",
    "Kanselarij der Nederlandse Orden",
}
_DOMAIN_TYPES = {
    "Gemeenten": OrganisationType.GEMEENTE,
    "Provincies": OrganisationType.PROVINCIE,
    "Waterschappen": OrganisationType.WATERSCHAP,
}
_DOMAIN_NAME = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SourceError(Exception):
    """A problem in a source file, located precisely enough to fix it."""

    def __init__(self, file: Path | str, row: int | str, field_name: str, message: str) -> None:
        self.file, self.row, self.field_name, self.message = str(file), row, field_name, message
        super().__init__(f"{file}, row {row}, field '{field_name}': {message}")


@dataclass(frozen=True)
class OrganisationRecord:
    code: str
    org_type: str
    name: str
    short_name: str
    sort_name: str
    tooi_uri: str = ""
    register_code: str = ""
    owms_id: str = ""
    province_code: str = ""
    parent_code: str = ""
    end_date: dt.date | None = None
    source: str = ""


@dataclass
class Sources:
    organisations: dict[str, OrganisationRecord] = field(default_factory=dict)
    successors: dict[str, str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    unmatched_domains: list[str] = field(default_factory=list)
    checksums: dict[str, str] = field(default_factory=dict)


def normalise(text: str) -> str:
    """Lower-case letters and digits only, accents removed: 'Súdwest-Fryslân' -> 'sudwestfryslan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def sort_key(name: str) -> str:
    """Sort 's-Hertogenbosch under H and 't Zandt under Z, as Dutch lists do."""
    return re.sub(r"^'[st][- ]", "", name.lower())


def slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", decomposed).strip("-")


def csv_rows(path: Path, required: list[str], delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SourceError(path, "-", "-", f"cannot be read: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(path, 1, missing[0], "column is missing from the header")
        try:
            for row in reader:
                if None in row or any(row[name] is None for name in required):
                    raise SourceError(path, reader.line_num, "-", "row has a different number of columns")
                yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise SourceError(path, reader.line_num, "-", f"is not valid UTF-8 CSV: {exc}") from exc


def read_organisation_list(path: Path) -> dict[str, OrganisationRecord]:
    """The list of current organisations (TOOI joined with the Algoritmeregister lists)."""
    columns = [
        "org_type",
        "tooi_code",
        "tooi_uri",
        "register_code",
        "name",
        "name_excl_type",
        "province_tooi_code",
        "owms_id",
        "source",
    ]
    records: dict[str, OrganisationRecord] = {}
    rows = list(csv_rows(path, columns))
    for line, row in rows:
        org_type = row["org_type"]
        if org_type not in CODE_PATTERNS:
            raise SourceError(path, line, "org_type", f"unknown organisation type '{org_type}'")
        code = row["tooi_code"]
        if not CODE_PATTERNS[org_type].match(code):
            raise SourceError(path, line, "tooi_code", f"'{code}' is not a valid code for a {org_type}")
        if code in records:
            raise SourceError(path, line, "tooi_code", f"'{code}' appears twice")
        if not row["name"]:
            raise SourceError(path, line, "name", "is empty")
        if row["tooi_uri"] and row["tooi_uri"] != f"{TOOI}id/{org_type}/{code}":
            raise SourceError(path, line, "tooi_uri", f"'{row['tooi_uri']}' does not identify {code}")
        if org_type == OrganisationType.GEMEENTE and not row["province_tooi_code"]:
            raise SourceError(path, line, "province_tooi_code", "a municipality needs its province")
        short = row["name_excl_type"] or row["name"]
        records[code] = OrganisationRecord(
            code=code,
            org_type=org_type,
            name=row["name"],
            short_name=short,
            sort_name=sort_key(short),
            tooi_uri=row["tooi_uri"],
            register_code=row["register_code"],
            owms_id=row["owms_id"],
            province_code=row["province_tooi_code"],
            source=f"{path.name} ({row['source']})",
        )
    for line, row in rows:
        province = row["province_tooi_code"]
        if province and records.get(province, None) is None:
            raise SourceError(path, line, "province_tooi_code", f"province '{province}' is not in the list")
    return records


def _value(node: dict, key: str) -> str:
    values = node.get(_ONT + key) or []
    return str(values[0].get("@value", values[0].get("@id", ""))) if values else ""


def _ids(node: dict, key: str) -> list[str]:
    return [item["@id"] for item in node.get(_PROV + key, []) if "@id" in item]


def read_tooi_register(path: Path) -> tuple[dict[str, OrganisationRecord], dict[str, str]]:
    """Ended organisations and the successor of each, from a TOOI 'register compleet' (JSON-LD)."""
    try:
        nodes = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(path, "-", "-", f"cannot be read: {exc.strerror}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(path, getattr(exc, "lineno", "-"), "-", f"is not valid JSON: {exc}") from exc
    if not isinstance(nodes, list):
        raise SourceError(path, "-", "-", "expected a JSON-LD list of nodes")

    ended: dict[str, OrganisationRecord] = {}
    uri_to_code: dict[str, str] = {}
    events: list[tuple[int, dict]] = []
    for index, node in enumerate(nodes, start=1):
        types = [t.rsplit("/", 1)[-1] for t in node.get("@type", [])]
        org_type = next((_TOOI_CLASS_TYPES[t] for t in types if t in _TOOI_CLASS_TYPES), None)
        if org_type is None:
            if _PROV + "invalidated" in node:
                events.append((index, node))
            continue
        code = _value(node, "organisatiecode")
        if not CODE_PATTERNS[org_type].match(code):
            raise SourceError(path, f"{index} ({node.get('@id')})", "organisatiecode", f"'{code}' is not valid")
        uri_to_code[node["@id"]] = code
        end = _value(node, "einddatum")
        if not end:
            continue
        try:
            end_date = dt.date.fromisoformat(end)
        except ValueError as exc:
            raise SourceError(path, f"{index} ({node['@id']})", "einddatum", f"'{end}' is not a date") from exc
        short = _value(node, "officieleNaamExclSoort")
        register_code = ""
        if org_type == OrganisationType.GEMEENTE:
            register_code = "GM" + _value(node, "gemeentecode")
        elif org_type == OrganisationType.PROVINCIE:
            register_code = "PV" + _value(node, "provinciecode")
        ended[code] = OrganisationRecord(
            code=code,
            org_type=org_type,
            name=_value(node, "officieleNaamInclSoort") or short,
            short_name=short,
            sort_name=sort_key(short),
            tooi_uri=node["@id"],
            register_code=register_code,
            owms_id=_value(node, "owmsId"),
            province_code=_value(node, "ligtInProvincie").rsplit("/", 1)[-1],
            end_date=end_date,
            source=path.name,
        )

    successors: dict[str, str] = {}
    for index, node in events:
        continuing = _ids(node, "generated") or _ids(node, "used")
        if len(continuing) != 1:
            continue
        target = uri_to_code.get(continuing[0])
        if target is None:
            raise SourceError(path, f"{index} ({node.get('@id')})", "prov:generated", "names an unknown organisation")
        for uri in _ids(node, "invalidated"):
            code = uri_to_code.get(uri)
            if code is not None and code != target:
                successors[code] = target
    return ended, successors


def read_agencies(path: Path) -> dict[str, OrganisationRecord]:
    """Ministries and other central-government bodies named in the domain list's Agency column."""
    agencies: dict[str, OrganisationRecord] = {}
    for line, row in csv_rows(path, ["Domain Name", "Domain Type", "Agency"]):
        if row["Domain Type"] != "Rijksoverheid":
            continue
        name = row["Agency"]
        if not name:
            raise SourceError(path, line, "Agency", "is empty for a Rijksoverheid domain")
        if name.startswith("Ministerie van "):
            org_type = OrganisationType.MINISTERIE
        elif name in HIGH_COUNCILS:
            org_type = OrganisationType.HOOG_COLLEGE
        else:
            org_type = OrganisationType.RIJKSORGANISATIE
        code = "rijk-" + slug(name)
        agencies.setdefault(
            code,
            OrganisationRecord(
                code=code, org_type=org_type, name=name, short_name=name, sort_name=sort_key(name), source=path.name
            ),
        )
    return agencies


def read_executive_agencies(path: Path, domains_path: Path) -> tuple[dict[str, OrganisationRecord], dict[str, str]]:
    """Executive agencies with their parent ministry, and the domain that identifies each."""
    ministry_of_domain = {
        row["Domain Name"].lower(): row["Agency"]
        for _, row in csv_rows(domains_path, ["Domain Name", "Domain Type", "Agency"])
        if row["Domain Type"] == "Rijksoverheid"
    }
    agencies: dict[str, OrganisationRecord] = {}
    domains: dict[str, str] = {}
    for line, row in csv_rows(path, ["name", "abbreviation", "domain"]):
        ministry = ministry_of_domain.get(row["domain"].lower())
        if ministry is None:
            raise SourceError(
                path, line, "domain", f"'{row['domain']}' is not a Rijksoverheid domain in {domains_path.name}"
            )
        code = "rijk-" + slug(row["name"])
        agencies[code] = OrganisationRecord(
            code=code,
            org_type=OrganisationType.RIJKSORGANISATIE,
            name=row["name"],
            short_name=row["abbreviation"] or row["name"],
            sort_name=sort_key(row["name"]),
            parent_code="rijk-" + slug(ministry),
            source=path.name,
        )
        domains[row["domain"].lower()] = code
    return agencies, domains


def read_domain_aliases(path: Path) -> dict[str, str]:
    return {row["domain"].lower(): row["code"] for _, row in csv_rows(path, ["domain", "code", "reason"])}


def _stem(domain: str) -> str:
    labels = domain.split(".")[:-1]
    stem = normalise("".join(labels))
    for prefix in ("gemeente", "provincie"):
        if stem.startswith(prefix) and len(stem) > len(prefix):
            stem = stem[len(prefix) :]
    return stem


def match_domains(
    path: Path, organisations: dict[str, OrganisationRecord], aliases: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Link each domain to an organisation: by agency name, by an alias, or by the name in the domain."""
    by_type_and_name: dict[tuple[str, str], list[OrganisationRecord]] = {}
    for record in organisations.values():
        by_type_and_name.setdefault((record.org_type, normalise(record.short_name)), []).append(record)
    by_agency = {record.name: code for code, record in organisations.items() if code.startswith("rijk-")}

    matched: dict[str, str] = {}
    unmatched: list[str] = []
    for line, row in csv_rows(path, ["Domain Name", "Domain Type", "Agency"]):
        domain = row["Domain Name"].lower().rstrip(".")
        if not _DOMAIN_NAME.match(domain):
            raise SourceError(path, line, "Domain Name", f"'{row['Domain Name']}' is not a domain name")
        if domain in aliases:
            code = aliases[domain]
            if code not in organisations:
                raise SourceError(DOMAIN_ALIASES_FILE, domain, "code", f"'{code}' is not a known organisation")
            matched[domain] = code
            continue
        if row["Domain Type"] == "Rijksoverheid":
            matched[domain] = by_agency[row["Agency"]]
            continue
        org_type = _DOMAIN_TYPES.get(row["Domain Type"])
        candidates = by_type_and_name.get((org_type, _stem(domain)), []) if org_type else []
        # Prefer the organisation that exists today over an ended namesake.
        candidates = sorted(candidates, key=lambda r: r.end_date is not None)
        if candidates:
            matched[domain] = candidates[0].code
        else:
            unmatched.append(domain)
    return matched, unmatched
