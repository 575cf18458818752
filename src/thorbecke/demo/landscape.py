"""The demo's IT landscape (data/landscape.yaml): a few real organisations with illustrative services, the real shared
building blocks they need and neutrally named suppliers, imported through the landscape's ordinary import so that
its pages and exercises have something to show. Every entity is stored with the source ``demo``, which the pages
label as demo data."""

from pathlib import Path
from typing import Any

import yaml

from thorbecke.landscape.catalog import Draft
from thorbecke.landscape.importer import import_drafts
from thorbecke.landscape.models import RelationType
from thorbecke.landscape.views import DEMO_SOURCE
from thorbecke.registry.models import Organisation

DATA = Path(__file__).parent / "data" / "landscape.yaml"


def _draft(code: str, entry: dict[str, Any]) -> Draft:
    fields = dict(entry)
    depends_on = fields.pop("dependsOn", [])
    draft = Draft(kind=fields.pop("kind", "Component"), where=f"{DATA.name}: {code}", **fields)
    draft.lifecycle = draft.lifecycle or "production"
    draft.relations = [(RelationType.DEPENDS_ON, ref) for ref in depends_on]
    return draft


def read_landscape(path: Path = DATA) -> dict[str, list[Draft]]:
    """Organisation code -> its drafts, in the file's order (shared SaaS first: the others point at it)."""
    organisations = yaml.safe_load(path.read_text(encoding="utf-8"))["organisations"]
    return {
        code: [_draft(code, {"namespace": "", **entry}) for entry in entries] for code, entries in organisations.items()
    }


def seed_landscape(path: Path = DATA) -> int:
    """Import the demo landscape; a second run updates the same entities and adds none. Returns how many entities
    the demo landscape holds. Needs the register and the shared building blocks loaded first."""
    landscape = read_landscape(path)
    owners = Organisation.objects.in_bulk(list(landscape), field_name="code")
    for code, drafts in landscape.items():
        import_drafts(owners[code], drafts, DEMO_SOURCE)
    return sum(len(drafts) for drafts in landscape.values())
