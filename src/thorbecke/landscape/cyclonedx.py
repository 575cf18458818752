"""An organisation's landscape as a CycloneDX 1.6 BOM: its entities and the shared ones they need as
components (APIs as services), with suppliers, the Thorbecke facts as properties, and the
dependency graph."""

import uuid
from typing import Any

from django.utils import timezone

from thorbecke.landscape.importer import FIELDS
from thorbecke.landscape.models import Entity, Kind, Relation
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

SPEC_VERSION = "1.6"
# Resources that hold data are "data" components; other resources are platforms.
_RESOURCE_TYPES = {"database": "data", "dataset": "data", "storage": "data"}
# What Thorbecke knows beyond CycloneDX's own fields travels as properties.
_FACTS = [field for field in FIELDS if field not in ("title", "description", "type", "maintainer")]


def _component_type(entity: Entity) -> str:
    if entity.kind == Kind.RESOURCE:
        return _RESOURCE_TYPES.get(entity.type, "platform")
    return "application"


def _properties(entity: Entity) -> list[dict[str, str]]:
    found = [{"name": "thorbecke:ref", "value": entity.ref}, {"name": "thorbecke:kind", "value": entity.kind}]
    for fact in _FACTS:
        value = getattr(entity, fact)
        if value not in (None, ""):
            found.append({"name": f"thorbecke:{fact.replace('_', '-')}", "value": str(value)})
    return found


def _describe(entity: Entity) -> dict[str, Any]:
    item: dict[str, Any] = {"bom-ref": entity.ref, "name": entity.title or entity.name}
    if entity.kind != Kind.API:
        item["type"] = _component_type(entity)
    if entity.description:
        item["description"] = entity.description
    if entity.supplier is not None:
        # A component names its supplier; a service (an API) its provider.
        party = item["provider" if entity.kind == Kind.API else "supplier"] = {"name": entity.supplier.name}
        if entity.supplier.country:
            party["address"] = {"country": entity.supplier.country}
    item["properties"] = _properties(entity)
    return item


def export(organisation: Organisation) -> dict[str, Any]:
    own = list(Entity.objects.filter(owner=organisation).select_related("supplier"))
    # What it needs of another organisation's own (a relation stored before imports followed the visibility rule)
    # is not the organisation's to see, nor is it in its BOM.
    seen = Scope.of_organisation(organisation)
    relations = Relation.objects.filter(
        seen.entity_filter("source__"), seen.entity_filter("target__"), source__owner=organisation
    ).values_list("source_id", "target_id", "type")
    needs: dict[int, set[int]] = {}
    for source, target, kind in relations:
        # An API needs the component that provides it, and a system its parts (as in the graph).
        needer, needed = (target, source) if kind in ("providesApi", "partOf") else (source, target)
        needs.setdefault(needer, set()).add(needed)
    known = {entity.pk: entity for entity in own}
    outside = {pk for targets in needs.values() for pk in targets} - set(known)
    outside |= set(needs) - set(known)
    known |= {e.pk: e for e in Entity.objects.filter(pk__in=outside).select_related("supplier")}
    entities = sorted(known.values(), key=lambda e: e.ref)
    return {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": timezone.now().isoformat(timespec="seconds"),
            "tools": {"components": [{"type": "application", "name": "Thorbecke"}]},
            "manufacturer": {"name": organisation.name},
        },
        "components": [_describe(e) for e in entities if e.kind != Kind.API],
        "services": [_describe(e) for e in entities if e.kind == Kind.API],
        "dependencies": [
            {"ref": e.ref, "dependsOn": sorted(known[t].ref for t in needs.get(e.pk, ()))} for e in entities
        ],
    }
