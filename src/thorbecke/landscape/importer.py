"""Storing an organisation's drafts: all of them or nothing.

An organisation writes entities in its own namespace; shared entries (namespace ``shared``) are
written only by the national programme (and the commands that seed the landscape). Relations may
point at whatever the importing person may see (visibility.py): a shared building block, or their
own entities; a reference to an entity they may not see fails exactly as one to an entity that does
not exist. Re-importing the same file changes nothing; an entity's relations are replaced by the file's.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from thorbecke.landscape.catalog import SPEC_RELATIONS, CatalogError, Draft, parse_ref
from thorbecke.landscape.models import SHARED, Entity, Relation, Revision, Supplier
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

FIELDS = [
    "title",
    "description",
    "type",
    "lifecycle",
    "function",
    "maintainer",
    "hosting",
    "hosting_provider",
    "hosting_region",
    "jurisdiction",
    "data_location",
    "availability",
    "integrity",
    "confidentiality",
    "end_of_support",
    "product_uri",
]
DEFAULT_KIND = {relation: default for relation, default in SPEC_RELATIONS.values()}


@dataclass
class ImportResult:
    created: int
    updated: int
    relations: int
    skipped: int = 0


def import_drafts(
    organisation: Organisation, drafts: list[Draft], source: str, skipped: int = 0, scope: Scope | None = None
) -> ImportResult:
    """``scope``: what the importing person sees and writes; None for the commands that seed the landscape."""
    own = organisation.code
    scope = scope or Scope.everything()
    with transaction.atomic():
        refs: dict[str, Draft] = {}
        for draft in drafts:
            namespace = draft.namespace or own
            if namespace not in (own, SHARED):
                raise CatalogError(draft.where, "metadata.namespace", f"{namespace!r} is another organisation's")
            if namespace == SHARED and not scope.writes_shared:
                raise CatalogError(
                    draft.where,
                    "metadata.namespace",
                    "shared entries are created and changed by the national programme",
                )
            refs[draft.ref(own)] = draft
        existing = _entities(refs)
        for ref, entity in existing.items():
            if entity.owner_id != organisation.pk and not (entity.shared and scope.writes_shared):
                raise CatalogError(refs[ref].where, "metadata.name", f"{ref} belongs to {entity.owner}")
        suppliers = _suppliers(drafts)
        changed, new = [], []
        for ref, draft in refs.items():
            entity = existing.get(ref)
            if entity is None:
                new.append(draft)
                continue
            entity.source = source
            entity.supplier = suppliers.get(draft.supplier)
            for name in FIELDS:
                setattr(entity, name, getattr(draft, name))
            changed.append(entity)
        _insert_entities(organisation, new, suppliers, source)
        Entity.objects.bulk_update(changed, [*FIELDS, "source", "supplier"], batch_size=500)
        ids = {entity.ref: entity.pk for entity in changed} | _ids({draft.ref(own) for draft in new})

        wanted: list[tuple[int, str, str, str]] = []  # (source id, relation, target ref, where)
        for ref, draft in refs.items():
            for relation, raw in draft.relations:
                try:
                    target = parse_ref(raw, DEFAULT_KIND[relation], draft.namespace or own)
                except ValueError as exc:
                    raise CatalogError(draft.where, relation, str(exc)) from None
                wanted.append((ids[ref], relation, target, draft.where))
        targets = dict(ids)
        targets |= _ids({t for _, _, t, _ in wanted if scope.sees_ref(t)} - set(ids))
        relations = set()
        for source_id, relation, target, where in wanted:
            if target not in targets:
                raise CatalogError(where, relation, f"{target} is not in the landscape: import it first")
            relations.add((source_id, targets[target], relation))
        Relation.objects.filter(source_id__in=[e.pk for e in changed]).delete()
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO landscape_relation (source_id, target_id, type) VALUES (%s, %s, %s)", sorted(relations)
            )
        Revision.bump()
    return ImportResult(len(new), len(changed), len(relations), skipped)


def _insert_entities(
    organisation: Organisation, drafts: list[Draft], suppliers: dict[str, Supplier], source: str
) -> None:
    """New entities in one prepared statement, straight from the drafts: the ORM's bulk_create splits them
    into inserts of 45 rows on SQLite (its parameter limit over 22 columns) and builds a model instance
    for each, which made a national import several times slower."""
    if not drafts:
        return
    now = timezone.now()
    columns = ["kind", "namespace", "name", "owner_id", "supplier_id", "source", "updated_at", *FIELDS]
    rows = []
    for draft in drafts:
        supplier = suppliers.get(draft.supplier)
        rows.append(
            (
                draft.kind,
                draft.namespace or organisation.code,
                draft.name,
                organisation.pk,
                supplier.pk if supplier else None,
                source,
                now,
                *(getattr(draft, f) for f in FIELDS),
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO landscape_entity ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})", rows
        )


def _stored(refs: dict[str, object] | set[str], columns: tuple[str, ...]) -> dict[str, tuple]:
    """Reference -> (kind, these columns) of the stored entities among refs, one query per namespace
    and 900 names (SQLite's limit on parameters), without building model instances."""
    by_namespace: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        namespace, name = ref.split(":", 1)[1].split("/", 1)
        by_namespace[namespace].add(name)
    found = {}
    for namespace, names in by_namespace.items():
        names_list = sorted(names)
        for start in range(0, len(names_list), 900):
            rows = Entity.objects.filter(namespace=namespace, name__in=names_list[start : start + 900])
            for kind, name, *values in rows.values_list("kind", "name", *columns):
                found[f"{kind.lower()}:{namespace}/{name}"] = tuple(values)
    return {ref: values for ref, values in found.items() if ref in refs}


def _ids(refs: set[str]) -> dict[str, int]:
    return {ref: values[0] for ref, values in _stored(refs, ("pk",)).items()}


def _entities(refs: dict[str, object] | set[str]) -> dict[str, Entity]:
    """The stored entities among these references, as model instances (to update them)."""
    keys = {ref: values[0] for ref, values in _stored(refs, ("pk",)).items()}
    by_key = Entity.objects.in_bulk(list(keys.values()))
    return {ref: by_key[pk] for ref, pk in keys.items()}


def _suppliers(drafts: list[Draft]) -> dict[str, Supplier]:
    countries = {d.supplier: d.supplier_country for d in drafts if d.supplier}
    known = {s.name: s for s in Supplier.objects.filter(name__in=list(countries))}
    Supplier.objects.bulk_create(
        [Supplier(name=name, country=country) for name, country in countries.items() if name not in known]
    )
    for supplier in known.values():
        if not supplier.country and countries[supplier.name]:
            supplier.country = countries[supplier.name]
            supplier.save(update_fields=["country"])
    return {s.name: s for s in Supplier.objects.filter(name__in=list(countries))}
