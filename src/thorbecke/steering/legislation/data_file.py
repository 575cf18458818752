"""The digital laws and their obligations, read from ``data/legislation.yaml`` (its header names the sources).

A law carries its official identifier (a BWB id for Dutch law, a CELEX number and ELI for EU law) and its names in
both languages; an obligation its article, a short text in both languages, the organisation types it applies to, the
condition beyond type (``applies_when``: every organisation, or one that deploys AI, or high-risk AI), from which date
(and until, if any), where it was read, and how the hub knows whether it is met (``known_by``): through agreements of
the agreements app, from the algorithm register, from the workforce app's AI literacy records, or not at all (then a
note says why).

The file is refused whole, with the field named (``laws[2].obligations[0].from``), when a field is missing, of the
wrong kind, or names an organisation type, condition or state source that does not exist; codes are unique across
laws. That agreement slugs exist in the catalogue is a test (tests/steering/test_legislation.py), since the
catalogue is the agreements app's data, not this file's.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from thorbecke.caches import process_cache
from thorbecke.registry.models import OrganisationType
from thorbecke.steering.definitions import DefinitionError

LEGISLATION = Path(__file__).parents[1] / "data" / "legislation.yaml"
SCHEMES = {"bwb", "celex"}
CONDITIONS = ("always", "deploys-ai", "deploys-high-risk-ai")
KNOWN_BY = ("agreement", "ai", "workforce", "unknown")
AI_MEASURES = ("high-risk-requirements",)
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IDENTIFIERS = {"bwb": re.compile(r"^BWBR\d{7}$"), "celex": re.compile(r"^3\d{4}[RLD]\d{4}$")}


@dataclass(frozen=True)
class Obligation:
    code: str
    law: str  # the law's slug
    article: str
    text_nl: str
    text_en: str
    applies_to: tuple[str, ...]
    applies_when: str
    start: date | None  # None: no date recorded, so it applies to no one yet
    end: date | None
    source: str
    known_by: str
    agreements: tuple[str, ...]
    ai: str
    note_nl: str
    note_en: str

    def text(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_nl

    def note(self, language: str) -> str:
        return self.note_en if language == "en" else self.note_nl

    def in_force(self, today: date) -> bool:
        return self.start is not None and self.start <= today and (self.end is None or today < self.end)


@dataclass(frozen=True)
class Law:
    slug: str
    name_nl: str
    name_en: str
    scheme: str
    identifier: str
    eli: str
    url: str
    in_force: date | None
    status_source: str
    status_note_nl: str
    status_note_en: str
    obligations: tuple[Obligation, ...]

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_nl

    def status_note(self, language: str) -> str:
        return self.status_note_en if language == "en" else self.status_note_nl


def _text(entry: dict, name: str, where: str, required: bool = True) -> str:
    value = entry.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise DefinitionError(f"{where}.{name}", "is required text" if required else "must be text")
    return value.strip()


def _https(entry: dict, name: str, where: str, required: bool = True) -> str:
    value = _text(entry, name, where, required)
    if value and not value.startswith(("https://", "http://data.europa.eu/eli/")):
        raise DefinitionError(f"{where}.{name}", f"{value!r} is not an https URL")
    return value


def _date(entry: dict, name: str, where: str) -> date | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, date):  # YAML reads an unquoted date as one
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DefinitionError(f"{where}.{name}", "must be a date written YYYY-MM-DD, or empty")


def _key(entry: object, name: str, where: str) -> str:
    """The entry's key field (a law's slug, an obligation's code), once the entry is known to be a mapping."""
    if not isinstance(entry, dict):
        raise DefinitionError(where, "must be a mapping of fields")
    value = entry.get(name)
    if not isinstance(value, str) or not CODE.match(value):
        raise DefinitionError(f"{where}.{name}", "is required: lower-case letters, digits and hyphens")
    return value


def parse_obligation(entry: dict, law: str, where: str) -> Obligation:
    code = _key(entry, "code", where)
    applies_to = entry.get("applies_to")
    if not isinstance(applies_to, list) or not applies_to or not set(applies_to) <= set(OrganisationType.values):
        types = ", ".join(OrganisationType.values)
        raise DefinitionError(f"{where}.applies_to", f"must list organisation types ({types})")
    if entry.get("applies_when") not in CONDITIONS:
        raise DefinitionError(f"{where}.applies_when", f"must be one of {', '.join(CONDITIONS)}")
    start, end = _date(entry, "from", where), _date(entry, "until", where)
    if end is not None and (start is None or end <= start):
        raise DefinitionError(f"{where}.until", "must come after the start date")
    known_by = entry.get("known_by")
    if known_by not in KNOWN_BY:
        raise DefinitionError(f"{where}.known_by", f"must be one of {', '.join(KNOWN_BY)}")
    agreements = entry.get("agreements", [])
    if known_by == "agreement":
        if not isinstance(agreements, list) or not agreements or not all(isinstance(a, str) and a for a in agreements):
            raise DefinitionError(f"{where}.agreements", "must list the slugs of the agreements that measure it")
    elif agreements:
        raise DefinitionError(f"{where}.agreements", "only an obligation known by agreement names agreements")
    measure = entry.get("ai", "")
    if (known_by == "ai") != bool(measure) or (measure and measure not in AI_MEASURES):
        raise DefinitionError(f"{where}.ai", f"an obligation known by ai names one of {', '.join(AI_MEASURES)}")
    return Obligation(
        code=code,
        law=law,
        article=_text(entry, "article", where),
        text_nl=_text(entry, "text_nl", where),
        text_en=_text(entry, "text_en", where),
        applies_to=tuple(applies_to),
        applies_when=entry["applies_when"],
        start=start,
        end=end,
        source=_https(entry, "source", where),
        known_by=known_by,
        agreements=tuple(agreements),
        ai=measure,
        note_nl=_text(entry, "note_nl", where),
        note_en=_text(entry, "note_en", where),
    )


def parse_law(entry: dict, where: str) -> Law:
    slug = _key(entry, "slug", where)
    scheme = entry.get("scheme")
    if scheme not in SCHEMES:
        raise DefinitionError(f"{where}.scheme", "must be bwb (wetten.overheid.nl) or celex (EUR-Lex)")
    identifier = entry.get("identifier")
    if not isinstance(identifier, str) or not IDENTIFIERS[scheme].match(identifier):
        raise DefinitionError(f"{where}.identifier", f"{identifier!r} is not a {scheme.upper()} identifier")
    eli = _https(entry, "eli", where, required=scheme == "celex")
    obligations = entry.get("obligations")
    if not isinstance(obligations, list) or not obligations:
        raise DefinitionError(f"{where}.obligations", "must list at least one obligation")
    return Law(
        slug=slug,
        name_nl=_text(entry, "name_nl", where),
        name_en=_text(entry, "name_en", where),
        scheme=scheme,
        identifier=identifier,
        eli=eli,
        url=_https(entry, "url", where),
        in_force=_date(entry, "in_force", where),
        status_source=_https(entry, "status_source", where),
        status_note_nl=_text(entry, "status_note_nl", where, required=False),
        status_note_en=_text(entry, "status_note_en", where, required=False),
        obligations=tuple(parse_obligation(o, slug, f"{where}.obligations[{i}]") for i, o in enumerate(obligations)),
    )


def load(path: Path = LEGISLATION) -> list[Law]:
    """Every law in the file, checked; raises DefinitionError naming the field."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError("laws", f"the file is not YAML ({error})") from error
    if not isinstance(document, dict) or not isinstance(document.get("laws"), list):
        raise DefinitionError("laws", "the file must hold a list under 'laws'")
    laws = [parse_law(entry, f"laws[{i}]") for i, entry in enumerate(document["laws"])]
    seen_laws: set[str] = set()
    seen: set[str] = set()
    for i, law in enumerate(laws):
        if law.slug in seen_laws:
            raise DefinitionError(f"laws[{i}].slug", f"{law.slug!r} is listed twice")
        seen_laws.add(law.slug)
        for j, obligation in enumerate(law.obligations):
            if obligation.code in seen:
                raise DefinitionError(f"laws[{i}].obligations[{j}].code", f"{obligation.code!r} is listed twice")
            seen.add(obligation.code)
    return laws


@process_cache()
def laws() -> list[Law]:
    """The laws of the file that ships with the code: loaded once per process (caches.py)."""
    return load()
