"""Reading an organisation's landscape from the files people already have: Backstage
``catalog-info.yaml``, a CSV sheet, or a CycloneDX SBOM. Each becomes a list of drafts (one per
entity, with its relations as entity references); nothing is stored here.

A bad document, row or component raises ``CatalogError`` naming where it is and which field is
wrong, so an import either takes the whole file or changes nothing.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import yaml

from thorbecke.landscape.models import Hosting, Kind, Level, RelationType

ANNOTATION = "thorbecke.nl/"
# Backstage: 1-63 characters of [a-zA-Z0-9-_.], starting and ending with a letter or digit.
NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?")
COUNTRY = re.compile(r"[A-Z]{2}")
KINDS = {kind.value.lower(): kind.value for kind in Kind}
LEVELS = {"low": Level.LOW, "medium": Level.MEDIUM, "high": Level.HIGH, "1": 1, "2": 2, "3": 3}
HOSTINGS = {hosting.value for hosting in Hosting if hosting.value}
# Relations of a Backstage spec field, and the kind a reference without one defaults to.
SPEC_RELATIONS = {
    "dependsOn": (RelationType.DEPENDS_ON, None),
    "consumesApis": (RelationType.CONSUMES_API, "API"),
    "providesApis": (RelationType.PROVIDES_API, "API"),
    "system": (RelationType.PART_OF, "System"),
    "subcomponentOf": (RelationType.PART_OF, "Component"),
}
MAX_ENTITIES = 50_000


class CatalogError(ValueError):
    def __init__(self, where: str, field_name: str, problem: str) -> None:
        super().__init__(f"{where}, {field_name}: {problem}")
        self.where, self.field_name, self.problem = where, field_name, problem


@dataclass
class Draft:
    kind: str
    name: str
    namespace: str  # "" means the importing organisation's own
    where: str
    title: str = ""
    description: str = ""
    type: str = ""
    lifecycle: str = ""
    function: str = ""
    maintainer: str = ""
    supplier: str = ""
    supplier_country: str = ""
    hosting: str = ""
    hosting_provider: str = ""
    hosting_region: str = ""
    jurisdiction: str = ""
    data_location: str = ""
    availability: int | None = None
    integrity: int | None = None
    confidentiality: int | None = None
    end_of_support: date | None = None
    product_uri: str = ""
    relations: list[tuple[str, str]] = field(default_factory=list)  # (relation type, entity reference)

    def ref(self, own_namespace: str) -> str:
        return f"{self.kind.lower()}:{self.namespace or own_namespace}/{self.name}"


@lru_cache(maxsize=65_536)  # an import repeats the same few references thousands of times
def parse_ref(ref: str, default_kind: str | None, own_namespace: str) -> str:
    """A Backstage entity reference ``[kind:][namespace/]name`` in full, lower-case kind."""
    text = ref.strip()
    kind, _, rest = text.rpartition(":") if ":" in text else ("", "", text)
    kind = kind or default_kind or ""
    if kind.lower() not in KINDS:
        raise ValueError(f"{ref!r} names no kind (Component, API, Resource or System)")
    namespace, _, name = rest.rpartition("/")
    namespace = own_namespace if namespace in ("", "default") else namespace
    if not NAME.fullmatch(name):
        raise ValueError(f"{ref!r} is not a valid entity name")
    return f"{kind.lower()}:{namespace}/{name}"


def _text(value: Any, where: str, name: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise CatalogError(where, name, "must be text")
    text = str(value).strip()
    if len(text) > limit:
        raise CatalogError(where, name, f"is longer than {limit} characters")
    return text


def _apply_facts(draft: Draft, facts: dict[str, Any], where: str) -> None:
    """The fields Backstage has no place for, from annotations or CSV columns of the same names."""
    for key, limit in (("function", 100), ("maintainer", 200), ("supplier", 200), ("hosting-provider", 100)):
        setattr(draft, key.replace("-", "_"), _text(facts.get(key), where, key, limit))
    draft.hosting_region = _text(facts.get("hosting-region"), where, "hosting-region", 64)
    for key in ("supplier-country", "jurisdiction", "data-location"):
        value = _text(facts.get(key), where, key, 2).upper()
        if value and not COUNTRY.fullmatch(value):
            raise CatalogError(where, key, f"{value!r} is not an ISO 3166-1 country code such as NL")
        setattr(draft, key.replace("-", "_"), value)
    hosting = _text(facts.get("hosting"), where, "hosting", 20).lower()
    if hosting and hosting not in HOSTINGS:
        raise CatalogError(where, "hosting", f"{hosting!r} is not one of {', '.join(sorted(HOSTINGS))}")
    draft.hosting = hosting
    for key in ("availability", "integrity", "confidentiality"):
        value = _text(facts.get(key), where, key, 10).lower()
        if value and value not in LEVELS:
            raise CatalogError(where, key, f"{value!r} is not low, medium or high")
        setattr(draft, key, int(LEVELS[value]) if value else None)
    end = _text(facts.get("end-of-support"), where, "end-of-support", 10)
    try:
        draft.end_of_support = date.fromisoformat(end) if end else None
    except ValueError:
        raise CatalogError(where, "end-of-support", f"{end!r} is not a date (YYYY-MM-DD)") from None
    product = _text(facts.get("upl-product"), where, "upl-product", 300)
    if product and not product.startswith("http://standaarden.overheid.nl/owms/terms/"):
        raise CatalogError(where, "upl-product", "is not a UPL URI (http://standaarden.overheid.nl/owms/terms/...)")
    draft.product_uri = product


def _name(value: Any, where: str, field_name: str = "metadata.name") -> str:
    name = _text(value, where, field_name, 63)
    if not NAME.fullmatch(name):
        raise CatalogError(where, field_name, f"{name!r} is not a Backstage name (1-63 of a-z, 0-9, -, _, .)")
    return name


def _relation(draft: Draft, kind: str, ref: Any, default_kind: str | None, where: str, field_name: str) -> None:
    if not isinstance(ref, str):
        raise CatalogError(where, field_name, "must list entity references as text")
    try:
        parse_ref(ref, default_kind, "x")  # checked now; resolved against the namespace on import
    except ValueError as exc:
        raise CatalogError(where, field_name, str(exc)) from None
    draft.relations.append((kind, ref.strip()))


def read_backstage(text: str) -> tuple[list[Draft], int]:
    """Entities of a (multi-document) catalog-info.yaml, and how many documents were of kinds not kept here."""
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError as exc:
        raise CatalogError("catalog-info.yaml", "YAML", str(exc).replace("\n", " ")) from None
    drafts, skipped = [], 0
    for number, document in enumerate(documents, start=1):
        if document is None:
            continue
        where = f"document {number}"
        if not isinstance(document, dict) or not isinstance(document.get("metadata"), dict):
            raise CatalogError(where, "metadata", "is missing: every entity has apiVersion, kind and metadata")
        kind = KINDS.get(str(document.get("kind", "")).lower())
        if kind is None:
            skipped += 1  # Group, User, Domain, Location, Template: Backstage's own, not the landscape's
            continue
        metadata, spec = document["metadata"], document.get("spec") or {}
        if not isinstance(spec, dict):
            raise CatalogError(where, "spec", "must be a mapping")
        name = _name(metadata.get("name"), where)
        where = f"document {number} ({kind.lower()}:{name})"
        namespace = _text(metadata.get("namespace"), where, "metadata.namespace", 64)
        draft = Draft(
            kind=kind,
            name=name,
            namespace="" if namespace in ("", "default") else namespace,
            where=where,
            title=_text(metadata.get("title"), where, "metadata.title", 200),
            description=_text(metadata.get("description"), where, "metadata.description", 5000),
            type=_text(spec.get("type"), where, "spec.type", 64),
            lifecycle=_text(spec.get("lifecycle"), where, "spec.lifecycle", 32),
        )
        annotations = metadata.get("annotations") or {}
        if not isinstance(annotations, dict):
            raise CatalogError(where, "metadata.annotations", "must be a mapping")
        facts = {key[len(ANNOTATION) :]: value for key, value in annotations.items() if key.startswith(ANNOTATION)}
        _apply_facts(draft, facts, where)
        for key, (relation, default_kind) in SPEC_RELATIONS.items():
            value = spec.get(key)
            for ref in [value] if isinstance(value, str) else value or []:
                _relation(draft, relation, ref, default_kind, where, f"spec.{key}")
        drafts.append(draft)
    return _checked(drafts), skipped


CSV_COLUMNS = (
    "kind,name,title,description,type,lifecycle,function,maintainer,supplier,supplier-country,hosting,"
    "hosting-provider,hosting-region,jurisdiction,data-location,availability,integrity,confidentiality,"
    "end-of-support,upl-product,dependsOn,consumesApis,providesApis,system"
).split(",")


def read_csv(text: str) -> list[Draft]:
    """One entity per row; relation columns hold references separated by spaces or semicolons."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = set(reader.fieldnames or [])
    if not {"kind", "name"} <= columns:
        raise CatalogError("row 1", "header", "needs at least the columns kind and name")
    unknown = columns - set(CSV_COLUMNS)
    if unknown:
        raise CatalogError("row 1", "header", f"unknown columns {', '.join(sorted(unknown))}")
    drafts = []
    for number, row in enumerate(reader, start=2):
        where = f"row {number}"
        if None in row:
            raise CatalogError(where, "columns", "has more fields than the header")
        kind = KINDS.get((row.get("kind") or "").strip().lower())
        if kind is None:
            raise CatalogError(where, "kind", "must be Component, API, Resource or System")
        draft = Draft(kind=kind, name=_name(row.get("name"), where, "name"), namespace="", where=where)
        for key, limit in (("title", 200), ("description", 5000), ("type", 64), ("lifecycle", 32)):
            setattr(draft, key, _text(row.get(key), where, key, limit))
        _apply_facts(draft, row, where)
        for key, (relation, default_kind) in SPEC_RELATIONS.items():
            for ref in re.split(r"[;\s]+", (row.get(key) or "").strip()):
                if ref:
                    _relation(draft, relation, ref, default_kind, where, key)
        drafts.append(draft)
    return _checked(drafts)


# CycloneDX component types and the kind they become; anything else is a Component too.
CYCLONEDX_KINDS = {"data": Kind.RESOURCE, "platform": Kind.RESOURCE, "device": Kind.RESOURCE}


def read_bom(text: str, what: str) -> dict[str, Any]:
    """A CycloneDX JSON document (an SBOM or a CBOM), checked to be one."""
    try:
        bom = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(what, "JSON", str(exc)) from None
    if not isinstance(bom, dict) or bom.get("bomFormat") != "CycloneDX":
        raise CatalogError(what, "bomFormat", "is not CycloneDX")
    return bom


def read_cyclonedx(text: str) -> list[Draft]:
    """Components of a CycloneDX JSON SBOM (1.4 to 1.6) with their dependencies."""
    bom = read_bom(text, "SBOM")
    # (where, the object) for the described application, its components, and its services (APIs).
    items: list[tuple[str, Any]] = [(f"components[{n}]", c) for n, c in enumerate(bom.get("components") or [])]
    items += [(f"services[{n}]", s) for n, s in enumerate(bom.get("services") or [])]
    top = (bom.get("metadata") or {}).get("component")
    if isinstance(top, dict):
        items.insert(0, ("metadata.component", top))
    by_bom_ref: dict[str, Draft] = {}
    drafts = []
    for where, component in items:
        if not isinstance(component, dict) or not component.get("name"):
            raise CatalogError(where, "name", "every component needs a name")
        version = str(component.get("version") or "")
        raw = f"{component['name']}-{version}" if version else str(component["name"])
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-._")[:63].strip("-._")
        if not name:
            raise CatalogError(where, "name", f"{raw!r} leaves no usable name")
        service = where.startswith("services")
        supplier = component.get("provider" if service else "supplier") or component.get("manufacturer") or {}
        draft = Draft(
            kind=Kind.API if service else CYCLONEDX_KINDS.get(str(component.get("type")), Kind.COMPONENT),
            name=name,
            namespace="",
            where=where,
            title=_text(component["name"], where, "name", 200),
            description=_text(component.get("description"), where, "description", 5000),
            type=_text(component.get("type"), where, "type", 64),
            supplier=_text(supplier.get("name") if isinstance(supplier, dict) else "", where, "supplier.name", 200),
        )
        country = ((supplier.get("address") or {}).get("country") if isinstance(supplier, dict) else "") or ""
        if country and COUNTRY.fullmatch(str(country).upper()):
            draft.supplier_country = str(country).upper()
        drafts.append(draft)
        by_bom_ref[str(component.get("bom-ref") or raw)] = draft
    dependencies = bom.get("dependencies")
    if dependencies is None and top is not None:  # no dependency graph given: the application uses what it lists
        drafts[0].relations += [(RelationType.DEPENDS_ON, f"{d.kind.lower()}:{d.name}") for d in drafts[1:]]
    for number, entry in enumerate(dependencies or []):
        where = f"dependencies[{number}]"
        source = by_bom_ref.get(str((entry or {}).get("ref")))
        if source is None:
            raise CatalogError(where, "ref", f"{entry.get('ref')!r} is no bom-ref of a component in this SBOM")
        for ref in entry.get("dependsOn") or []:
            target = by_bom_ref.get(str(ref))
            if target is None:
                raise CatalogError(where, "dependsOn", f"{ref!r} is no bom-ref of a component in this SBOM")
            source.relations.append((RelationType.DEPENDS_ON, f"{target.kind.lower()}:{target.name}"))
    return _checked(drafts)


def _checked(drafts: list[Draft]) -> list[Draft]:
    if len(drafts) > MAX_ENTITIES:
        raise CatalogError("file", "entities", f"holds {len(drafts):,}; import at most {MAX_ENTITIES:,} at a time")
    seen: dict[tuple[str, str, str], str] = {}
    for draft in drafts:
        key = (draft.kind, draft.namespace, draft.name)
        if key in seen:
            raise CatalogError(draft.where, "name", f"{draft.kind} {draft.name} is also defined in {seen[key]}")
        seen[key] = draft.where
    return drafts
