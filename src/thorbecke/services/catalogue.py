"""Loading the product catalogue: the UPL, joined with the curated texts in content/.

Same contract as the organisation importer: every file is read and checked before anything
is written, a second run changes nothing, and a product that leaves the UPL is marked
withdrawn instead of deleted.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from thorbecke.registry.sources import SourceError, csv_rows
from thorbecke.services.models import Layer, Product

UPL_FILE = "upl_uniforme_productnamenlijst_2023-07.csv"
CONTENT_DIR = Path(__file__).parent / "content"
PLACEHOLDER = "UPL-naam nog niet beschikbaar"
_LAYER_COLUMNS = {
    "Gemeente": Layer.GEMEENTE,
    "Provincie": Layer.PROVINCIE,
    "Waterschap": Layer.WATERSCHAP,
    "Rijk": Layer.RIJK,
}
_KIND_COLUMNS = {"Aanvraag": "aanvraag", "Subsidie": "subsidie", "Melding": "melding", "Verplichting": "verplichting"}
_TEXT_KEYS = {
    "uri",
    "name",
    "title_nl",
    "title_en",
    "description_nl",
    "description_en",
    "synonyms_nl",
    "synonyms_en",
    "bring_nl",
    "bring_en",
    "sources",
}
_OPTIONAL_TEXT_KEYS = {"agency"}


@dataclass
class ProductRecord:
    uri: str
    name: str
    layers: list[str] = field(default_factory=list)
    for_citizens: bool = False
    for_businesses: bool = False
    kinds: list[str] = field(default_factory=list)
    sdg_code: str = ""
    legal_bases: list[dict[str, str]] = field(default_factory=list)
    texts: dict[str, object] = field(default_factory=dict)


def slug_for(uri: str) -> str:
    """'.../owms/terms/AangifteVertrekBuitenland' -> 'aangiftevertrekbuitenland'."""
    tail = uri.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:200]


def read_upl(path: Path) -> dict[str, ProductRecord]:
    columns = [
        "UniformeProductnaam",
        "URI",
        *_LAYER_COLUMNS,
        "Burger",
        "Bedrijf",
        *_KIND_COLUMNS,
        "SDG",
        "Grondslaglabel",
        "Grondslaglink",
    ]
    products: dict[str, ProductRecord] = {}
    for line, row in csv_rows(path, columns):
        name, uri = row["UniformeProductnaam"], row["URI"]
        if name == PLACEHOLDER:
            continue
        if not uri.startswith("http://standaarden.overheid.nl/owms/terms/"):
            raise SourceError(path, line, "URI", f"'{uri}' is not a UPL URI")
        if not name:
            raise SourceError(path, line, "UniformeProductnaam", "is empty")
        record = products.setdefault(uri, ProductRecord(uri=uri, name=name))
        if record.name != name:
            raise SourceError(path, line, "UniformeProductnaam", f"'{name}' differs from '{record.name}' for {uri}")
        record.layers = [
            layer for column, layer in _LAYER_COLUMNS.items() if row[column] == "X" or layer in record.layers
        ]
        record.for_citizens |= row["Burger"] == "X"
        record.for_businesses |= row["Bedrijf"] == "X"
        record.kinds = [k for column, k in _KIND_COLUMNS.items() if row[column] == "X" or k in record.kinds]
        record.sdg_code = record.sdg_code or row["SDG"]
        basis = {"label": row["Grondslaglabel"], "link": row["Grondslaglink"]}
        if basis["label"] and basis not in record.legal_bases:
            record.legal_bases.append(basis)
    return products


def _strings(value: object, path: Path, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourceError(path, where, key, "must be a list of non-empty strings")
    return [v.strip() for v in value]


def read_texts(directory: Path, products: dict[str, ProductRecord]) -> None:
    """Attach the curated texts in directory/product_texts_*.yaml to the UPL records."""
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("product_texts_*.yaml")):
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except yaml.YAMLError as exc:
            raise SourceError(path, getattr(getattr(exc, "problem_mark", None), "line", "-"), "-", str(exc)) from exc
        if not isinstance(entries, list):
            raise SourceError(path, "-", "-", "expected a list of products")
        for index, entry in enumerate(entries, start=1):
            where = f"entry {index}"
            if not isinstance(entry, dict):
                raise SourceError(path, where, "-", "expected a mapping")
            missing = _TEXT_KEYS - entry.keys()
            unknown = entry.keys() - _TEXT_KEYS - _OPTIONAL_TEXT_KEYS
            if missing or unknown:
                key = sorted(missing or unknown)[0]
                raise SourceError(path, where, key, "is missing" if missing else "is not a known key")
            uri = entry["uri"]
            record = products.get(uri)
            if record is None:
                raise SourceError(path, where, "uri", f"'{uri}' is not in the UPL")
            if entry["name"] != record.name:
                raise SourceError(path, where, "name", f"'{entry['name']}' is not the UPL name '{record.name}'")
            if uri in seen:
                raise SourceError(path, where, "uri", f"'{uri}' is also described in {seen[uri].name}")
            seen[uri] = path
            texts: dict[str, object] = {}
            for key in ("title_nl", "title_en", "description_nl", "description_en"):
                if not isinstance(entry[key], str) or not entry[key].strip():
                    raise SourceError(path, where, key, "must be a non-empty text")
                texts[key] = " ".join(entry[key].split())
            for key in ("synonyms_nl", "synonyms_en", "bring_nl", "bring_en", "sources"):
                texts[key] = _strings(entry[key] or [], path, where, key)
            if not texts["sources"]:
                raise SourceError(path, where, "sources", "every text needs at least one source")
            texts["agency"] = str(entry.get("agency") or "")
            record.texts = texts


def checksum(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class CatalogueRun:
    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    unchanged: int = 0
    with_texts: int = 0


def import_catalogue(
    data_dir: Path, content_dir: Path = CONTENT_DIR, progress: Callable[[str], None] | None = None
) -> CatalogueRun:
    report = progress or (lambda message: None)
    report(f"Reading {data_dir / UPL_FILE} and the texts in {content_dir}")
    records = read_upl(data_dir / UPL_FILE)
    read_texts(content_dir, records)
    run = CatalogueRun(with_texts=sum(1 for r in records.values() if r.texts))
    # A product whose text was removed from content/ loses it: every text field is reset first.
    empty_texts = {
        key: [] if key.startswith(("synonyms", "bring", "sources")) else ""
        for key in (_TEXT_KEYS | _OPTIONAL_TEXT_KEYS) - {"uri", "name"}
    }
    with transaction.atomic():
        existing = {p.uri: p for p in Product.objects.select_for_update()}
        slugs = {p.slug for p in existing.values()}
        report(f"Writing {len(records)} products")
        for uri, record in records.items():
            values = {
                "name": record.name,
                "layers": record.layers,
                "for_citizens": record.for_citizens,
                "for_businesses": record.for_businesses,
                "kinds": record.kinds,
                "sdg_code": record.sdg_code,
                "legal_bases": record.legal_bases,
                "withdrawn": False,
                **empty_texts,
                **record.texts,
            }
            product = existing.get(uri)
            if product is None:
                slug = base = slug_for(uri)
                number = 2
                while slug in slugs:
                    slug, number = f"{base}-{number}", number + 1
                slugs.add(slug)
                Product.objects.create(uri=uri, slug=slug, **values)
                run.created += 1
            elif any(getattr(product, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(product, key, value)
                product.save()
                run.updated += 1
            else:
                run.unchanged += 1
        gone = [p.pk for uri, p in existing.items() if uri not in records and not p.withdrawn]
        run.withdrawn = Product.objects.filter(pk__in=gone).update(withdrawn=True)
    return run


def product_pages(uris: list[str]) -> dict[str, tuple[str, str]]:
    """The front door's page of each product, in Dutch and English, as full addresses to put in a message."""
    pages = {}
    for uri, slug in Product.objects.filter(uri__in=uris).values_list("uri", "slug"):
        addresses = []
        for language in ("nl", "en"):
            with translation.override(language):
                addresses.append(settings.PUBLIC_URL + reverse("services:product", args=[slug]))
        pages[uri] = (addresses[0], addresses[1])
    return pages
