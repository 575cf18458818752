"""The algorithm framework (Algoritmekader): requirements, measures, instruments and lifecycle phases, read from the
government's own data, and which requirements an AI Act profile has to meet (decision 0037).

Texts come from the task registry's YAML (``ai/task-registry``); the AI Act filters come from the Algoritmekader's
own pages (``algoritmekader_vereisten_maatregelen_hulpmiddelen.json``), whose filters name every dimension
explicitly, and ``always_applicable`` from the task registry says which requirements hold for every algorithm.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from thorbecke.caches import process_cache

TASK_REGISTRY = Path("ai") / "task-registry"
ALGORITMEKADER_JSON = Path("algoritmekader_vereisten_maatregelen_hulpmiddelen.json")

# The profile's keys are the task registry's ``ai_act_profile`` keys; the filters they meet are the Algoritmekader's.
DIMENSIONS: dict[str, str] = {
    "type": "soort-toepassing",
    "risk_group": "risicogroep",
    "role": "rol-ai-act",
    "transparency_obligations": "transparantieverplichting",
    "systemic_risk": "systeemrisico",
    "open_source": "open-source",
}
PROFILE_LABELS = {
    "type": _("AI Act: type of application"),
    "risk_group": _("AI Act: risk group"),
    "role": _("AI Act: role"),
    "transparency_obligations": _("AI Act: transparency obligation"),
    "systemic_risk": _("AI Act: systemic risk"),
    "open_source": _("AI Act: open source"),
}
# Types outside the AI Act (the Algoritmekader's words): only the requirements that hold for every algorithm apply.
OTHER_TYPES = ("impactvol-algoritme", "niet-impactvol-algoritme")


@dataclass(frozen=True)
class Law:
    code: str
    name: str
    url: str


# The data names no law per requirement: the Algoritmekader codes it in each requirement's id and page address
# (``urn:nl:ak:ver:avg-01``, ``.../vereisten/avg-01-.../``). This table names the code; an unknown code fails loading.
LAWS: dict[str, Law] = {
    law.code: law
    for law in (
        Law("aia", "AI-verordening", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32024R1689"),
        Law("avg", "AVG", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679"),
        Law("awb", "Awb", "https://wetten.overheid.nl/BWBR0005537/"),
        Law("arc", "Archiefwet", "https://wetten.overheid.nl/BWBR0007376/"),
        Law("aut", "Auteurswet", "https://wetten.overheid.nl/BWBR0001886/"),
        Law("bio", "BIO", "https://www.digitaleoverheid.nl/overzicht-van-alle-onderwerpen/cybersecurity/bio-en-ensia/"),
        Law("bzk", "Algoritmeregister (BZK)", "https://algoritmes.overheid.nl/"),
        Law("dat", "Databankenwet", "https://wetten.overheid.nl/BWBR0010591/"),
        Law("grw", "Grondwet", "https://wetten.overheid.nl/BWBR0001840/"),
        Law("woo", "Woo", "https://wetten.overheid.nl/BWBR0045754/"),
    )
}
CODE = re.compile(r"(?:urn:nl:ak:(?:ver|mtr):|/(?:vereisten|maatregelen)/(?:\d-)?)([a-z]+)-(\d+)")
LINK = re.compile(r"https?://[^\s)\"'>\]]+")


class FrameworkError(ValueError):
    """The framework's data is not what this module expects: named file, item and reason."""


@dataclass(frozen=True)
class Phase:
    slug: str
    name: str


@dataclass(frozen=True)
class Requirement:
    id: str
    code: str
    title: str
    description: str
    explanation: str
    url: str
    law: Law
    phases: tuple[str, ...]
    subjects: tuple[str, ...]
    always_applicable: bool
    filters: Mapping[str, tuple[str, ...]]
    exceptions: tuple[str, ...]
    measure_codes: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def applies_to(self, profile: Profile) -> bool:
        if self.always_applicable:
            return True
        if not profile.is_ai_act:
            return False
        for key, dimension in DIMENSIONS.items():
            wanted = getattr(profile, key)
            allowed = self.filters.get(dimension, ())
            if wanted and allowed and not wanted & set(allowed):
                return False
        return not any(exception_holds(rule, profile) for rule in self.exceptions)


@dataclass(frozen=True)
class Measure:
    id: str
    code: str
    title: str
    description: str
    url: str
    phases: tuple[str, ...]
    requirement_ids: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    topic: str
    kind: str


@dataclass(frozen=True)
class Instrument:
    id: str
    slug: str
    name: str
    description: str
    url: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Profile:
    """An algorithm's AI Act profile: each dimension a set of the Algoritmekader's filter values; empty = not known."""

    type: frozenset[str] = frozenset()
    risk_group: frozenset[str] = frozenset()
    role: frozenset[str] = frozenset()
    transparency_obligations: frozenset[str] = frozenset()
    systemic_risk: frozenset[str] = frozenset()
    open_source: frozenset[str] = frozenset()

    @property
    def is_ai_act(self) -> bool:
        return bool(self.type) and not self.type <= set(OTHER_TYPES)

    @property
    def is_empty(self) -> bool:
        return not self.type

    def values(self) -> dict[str, list[str]]:
        return {key: sorted(getattr(self, key)) for key in DIMENSIONS}


@dataclass(frozen=True, eq=False)  # loaded once; compared and hashed by identity
class Framework:
    requirements: dict[str, Requirement]
    measures: dict[str, Measure]
    instruments: dict[str, Instrument]
    phases: tuple[Phase, ...]
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def applicable(self, profile: Profile) -> list[Requirement]:
        return [r for r in self.requirements.values() if r.applies_to(profile)]

    def measures_of(self, requirement: Requirement) -> list[Measure]:
        return [self.measures[code] for code in requirement.measure_codes]

    def measures_by_phase(self, requirements: Iterable[Requirement]) -> list[tuple[Phase, list[Measure]]]:
        """Each phase with the measures (once each) of the given requirements that belong to it, in phase order."""
        chosen: dict[str, Measure] = {}
        for requirement in requirements:
            chosen.update((m.id, m) for m in self.measures_of(requirement))
        return [
            (phase, [m for m in chosen.values() if phase.slug in m.phases])
            for phase in self.phases
            if any(phase.slug in m.phases for m in chosen.values())
        ]

    def laws(self) -> list[Law]:
        used = {r.law.code for r in self.requirements.values()}
        return [law for code, law in LAWS.items() if code in used]

    def profile(self, given: Mapping[str, object] | None) -> Profile:
        """A profile from the task registry's ``ai_act_profile`` keys (or the Algoritmekader's filter names), with
        its labels ("hoog-risico AI") or the Algoritmekader's slugs ("hoog-risico-ai-systeem"); values this
        framework does not know are dropped."""
        values: dict[str, frozenset[str]] = {}
        for key, dimension in DIMENSIONS.items():
            raw = (given or {}).get(key) or (given or {}).get(dimension) or []
            items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list | tuple) else []
            known = self.vocabulary.get(dimension, ())
            values[key] = frozenset(v for v in (to_slug(str(i), known) for i in items) if v)
        return Profile(**values)


def to_slug(label: str, known: Iterable[str]) -> str:
    """The Algoritmekader slug a label names: exact, else the one slug that extends it ("hoog-risico-ai" ->
    "hoog-risico-ai-systeem"); "" when none or several do."""
    slug = slugify(label)
    known = tuple(known)
    if slug in known:
        return slug
    longer = [k for k in known if k.startswith(slug + "-")]
    return longer[0] if len(longer) == 1 else ""


def exception_holds(rule: str, profile: Profile) -> bool:
    """Whether an Algoritmekader ``uitzondering`` holds: a term ``"<filter>-<value>"`` or an expression of such
    terms with ``&&``, ``||`` and brackets (the open-source exemption of the AI Act)."""
    tokens = re.findall(r'\(|\)|&&|\|\||"?[a-z0-9-]+"?', rule)
    position = 0

    def term() -> bool:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            value = either()
            position += 1  # the closing bracket
            return value
        name = token.strip('"')
        for key, dimension in DIMENSIONS.items():
            if name.startswith(dimension + "-"):
                return name[len(dimension) + 1 :] in getattr(profile, key)
        raise FrameworkError(f"unknown term {name!r} in exception {rule!r}")

    def both() -> bool:
        nonlocal position
        value = term()
        while position < len(tokens) and tokens[position] == "&&":
            position += 1
            value = term() and value
        return value

    def either() -> bool:
        nonlocal position
        value = both()
        while position < len(tokens) and tokens[position] == "||":
            position += 1
            value = both() or value
        return value

    return either()


def law_of(*addresses: str) -> Law:
    for address in addresses:
        if match := CODE.search(address):
            if match.group(1) in LAWS:
                return LAWS[match.group(1)]
            raise FrameworkError(f"{address}: law code {match.group(1)!r} is not in LAWS")
    raise FrameworkError(f"no law code in {addresses!r}")


def _read_yaml(path: Path) -> dict:
    with open(path, encoding="utf-8") as source:
        data = yaml.safe_load(source)
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: not a mapping")
    return data


def _texts(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _code(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


@process_cache()
def load_framework() -> Framework:
    """The framework in the shared data, read once per process (a new one comes with a new release)."""
    base = Path(settings.SHARED_DATA_DIR)
    registry = base / TASK_REGISTRY
    with open(base / ALGORITMEKADER_JSON, encoding="utf-8") as source:
        pages = {item["id"]: item for item in json.load(source) if item.get("_kind") == "vereiste"}
    labels = _read_yaml(registry / "labels" / "labels.yaml").get("ai-act", {})
    vocabulary = {dimension: set(_texts(labels.get(dimension))) for dimension in DIMENSIONS.values()}
    for page in pages.values():
        for dimension in DIMENSIONS.values():
            vocabulary[dimension].update(_texts(page.get(dimension)))
    vocabulary["soort-toepassing"].update(OTHER_TYPES)

    phases = tuple(
        Phase(slugify(name), str(name))
        for name in _read_yaml(registry / "lifecycles" / "lifecycles.yaml").get("lifecycles", [])
    )
    measures: dict[str, Measure] = {}
    for path in sorted((registry / "measures").glob("*.yaml")):
        data = _read_yaml(path)
        # Keyed by the file's code: three pairs of files share one urn in the task registry (mon-04/05, owk-09/10,
        # owp-02/11), and the file names are the ones the Algoritmekader's pages use.
        code = "-".join(path.stem.split("-")[1:3])
        measures[code] = Measure(
            id=f"urn:nl:ak:mtr:{code}",
            code=code,
            title=str(data["name"]).strip(),
            description=str(data.get("description") or "").strip(),
            url=str(data.get("url") or ""),
            phases=_texts(data.get("lifecycle")),
            requirement_ids=tuple(link for link in _texts(data.get("links")) if ":ver:" in link),
            roles=_texts(data.get("suggested_roles")),
        )
    requirements: dict[str, Requirement] = {}
    for path in sorted((registry / "requirements").glob("*.yaml")):
        data = _read_yaml(path)
        urn = data["urn"]
        page = pages.get(urn)
        if page is None:
            raise FrameworkError(f"{path.name}: {urn} has no Algoritmekader filters in {ALGORITMEKADER_JSON}")
        text = f"{data.get('description') or ''}\n{data.get('explanation') or ''}"
        requirements[urn] = Requirement(
            id=urn,
            code=_code(urn),
            title=str(data["name"]).strip().rstrip("."),
            description=str(data.get("description") or "").strip(),
            explanation=str(data.get("explanation") or "").strip(),
            url=str(data.get("url") or ""),
            law=law_of(urn, str(data.get("url") or "")),
            phases=_texts(data.get("lifecycle")),
            subjects=_texts(data.get("subject")),
            always_applicable=bool(data.get("always_applicable")),
            filters={dimension: _texts(page.get(dimension)) for dimension in DIMENSIONS.values()},
            exceptions=tuple(e for e in _texts(page.get("uitzondering")) if e and e != "None"),
            measure_codes=tuple(c for c, m in measures.items() if urn in m.requirement_ids),
            links=tuple(dict.fromkeys(u.rstrip(".,;") for u in LINK.findall(text) if "minbzk.github.io" not in u)),
        )
    instruments: dict[str, Instrument] = {}
    for path in sorted((registry / "instruments").glob("*.yaml")):
        data = _read_yaml(path)
        questions = tuple(
            Question(
                id=str(task.get("urn") or ""),
                text=str(task.get("question") or task.get("description") or task.get("name") or "").strip(),
                topic=next((str(label["value"]) for label in task.get("labels") or [] if "value" in label), ""),
                kind=(_texts(task.get("type")) or ("open_question",))[0],
            )
            for task in data.get("tasks") or []
            if isinstance(task, dict)
        )
        instruments[path.stem] = Instrument(
            id=str(data.get("urn") or path.stem),
            slug=path.stem.replace("_", "-"),
            name=str(data.get("name") or path.stem),
            description=str(data.get("description") or "").strip(),
            url=str(data.get("url") or ""),
            questions=questions,
        )
    return Framework(
        requirements=requirements,
        measures=measures,
        instruments=instruments,
        phases=phases,
        vocabulary={dimension: tuple(sorted(values)) for dimension, values in vocabulary.items()},
    )
