"""The category tree: Signalen's categories from ../shared/data, with the layer of government that
handles each and its deadline, plus the categories of water boards, provinces and Rijkswaterstaat."""

import json
import re
from pathlib import Path

import yaml
from django.db import transaction

from thorbecke.registry.sources import SourceError
from thorbecke.signals.models import Category, Layer

SIGNALEN = "signalen_categorieen_amsterdam.json"
LAYERS = Path(__file__).parent / "content" / "categories.yaml"
DEFAULT_DEADLINE_DAYS = 5
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def deadline_days(handling: str) -> int:
    """Signalen handling codes carry the term: A3DEC is 3 days, A3WMC 3 weeks; others get the default."""
    found = re.search(r"(\d+)([DW])", handling)
    if not found:
        return DEFAULT_DEADLINE_DAYS
    return int(found.group(1)) * (7 if found.group(2) == "W" else 1)


def read(data_dir: Path) -> list[dict]:
    path = data_dir / SIGNALEN
    try:
        fixture = json.loads(path.read_text(encoding="utf-8"))
        settings = yaml.safe_load(LAYERS.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise SourceError(path, "-", "-", str(exc)) from exc
    slug_of = {item["pk"]: item["fields"]["slug"] for item in fixture}
    names_en = settings.get("names_en", {})
    rows = []
    for index, item in enumerate(fixture, start=1):
        fields = item["fields"]
        layer = settings.get("layers", {}).get(fields["slug"], Layer.GEMEENTE)
        if layer not in Layer.values:
            raise SourceError(LAYERS, fields["slug"], "layer", f"unknown layer {layer!r}")
        rows.append(
            {
                "slug": fields["slug"],
                "parent": slug_of.get(fields["parent"]),
                "name_nl": fields["name"],
                "name_en": names_en.get(fields["slug"], ""),
                "layer": layer,
                "handling": fields.get("handling") or "",
                "deadline_days": deadline_days(fields.get("handling") or ""),
                "active": bool(fields.get("is_active", True)),
                "source": f"{SIGNALEN} pk {item['pk']} (entry {index})",
            }
        )
    for extra in settings.get("extra", []):
        if extra["layer"] not in Layer.values:
            raise SourceError(LAYERS, extra["slug"], "layer", f"unknown layer {extra['layer']!r}")
        rows.append({**extra, "handling": "", "active": True, "source": LAYERS.name})
    questions = settings.get("attributes", {})
    for row in rows:
        asked = questions.get(row["slug"], [])
        row["attributes"] = [_attribute(row["slug"], order, a) for order, a in enumerate(asked, start=1)]
    if unknown := set(questions) - {row["slug"] for row in rows}:
        raise SourceError(LAYERS, ", ".join(sorted(unknown)), "attributes", "no such category")
    if unknown := set(names_en) - set(slug_of.values()):
        raise SourceError(LAYERS, ", ".join(sorted(unknown)), "names_en", "no such category")
    return rows


def _attribute(slug: str, order: int, attribute: dict) -> dict:
    if attribute.get("datatype") not in DATATYPES:
        raise SourceError(LAYERS, slug, "attributes", f"unknown datatype {attribute.get('datatype')!r}")
    if attribute["datatype"].endswith("valuelist") and not attribute.get("values"):
        raise SourceError(LAYERS, slug, "attributes", f"{attribute['code']} lists no values")
    return {
        "variable": True,
        "code": attribute["code"],
        "datatype": attribute["datatype"],
        "required": bool(attribute.get("required", False)),
        "datatype_description": attribute.get("datatype_description", ""),
        "order": order,
        "description": attribute["description"],
        "values": [{"key": str(v["key"]), "name": v["name"]} for v in attribute.get("values", [])],
    }


@transaction.atomic
def import_categories(data_dir: Path) -> int:
    """Create or update every category (parents first); returns how many there are."""
    rows = read(data_dir)
    for row in sorted(rows, key=lambda r: r["parent"] is not None):
        values = {k: v for k, v in row.items() if k not in ("slug", "parent")}
        Category.objects.update_or_create(slug=row["slug"], defaults={**values, "parent_id": row["parent"]})
    return len(rows)
