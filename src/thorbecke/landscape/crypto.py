"""Post-quantum readiness: each organisation's cryptographic inventory (a CycloneDX 1.6 CBOM), every
entry classified, and migrations put in order with Mosca's inequality.

Classification:
- quantum-vulnerable: public-key schemes Shor's algorithm breaks (RSA, DSA, DH, ECDH, ECDSA, EdDSA,
  X25519/X448) and anything already broken classically (MD5, SHA-1, DES, 3DES, RC4);
- to upgrade: AES-128 and SHA-256 protecting data that must stay confidential for long
  (``LONG_LIVED_YEARS`` or more), where Grover's algorithm halves their margin;
- ready: ML-KEM, ML-DSA, SLH-DSA, stateful hash signatures (LMS, XMSS), hybrids with ML-KEM,
  AES-256, SHA-384/512, SHA-3, and AES-128 or SHA-256 on short-lived data.

Mosca: data is at risk when x + y > z. Here x is the years it must stay confidential, y the years the
migration takes, and z the years until a cryptographically relevant quantum computer
(``settings.PQC_QUANTUM_YEAR``). The years x + y - z is how far past that point the data is
exposed; the larger it is, the sooner the migration.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from thorbecke.landscape.catalog import CatalogError, parse_ref, read_bom
from thorbecke.landscape.models import CryptoAsset, Entity, QuantumStatus, ReadinessSnapshot
from thorbecke.landscape.visibility import Scope
from thorbecke.registry.models import Organisation

LONG_LIVED_YEARS = 10
DEFAULT_MIGRATION_YEARS = 3  # when an entry does not say how long its migration takes
ASSET_TYPES = {"algorithm", "certificate", "protocol", "related-crypto-material"}
MAX_ASSETS = 20_000

_READY = re.compile(r"ML-?KEM|KYBER|ML-?DSA|DILITHIUM|SLH-?DSA|SPHINCS|FN-?DSA|FALCON|XMSS|\bLMS\b|HSS")
_BROKEN = re.compile(r"\bMD5\b|SHA-?1\b|\b3DES\b|TRIPLE-?DES|\bDES\b|\bRC4\b")
_SHOR = re.compile(
    r"RSA|\bDSA\b|ECDSA|ECDH|\bDHE?\b|FFDH|ED25519|ED448|EDDSA|X25519|X448|SECP|P-?256|P-?384|P-?521|BRAINPOOL"
)
_GROVER = re.compile(r"AES-?128|SHA-?256|SHA-?224|AES-?192")
_STRONG = re.compile(r"AES-?256|SHA-?384|SHA-?512|SHA3|CHACHA20|HMAC-?SHA-?(384|512)")


@dataclass
class Classification:
    status: str
    reason: str


def classify(names: list[str], confidentiality_years: int, asset_type: str = "algorithm") -> Classification:
    """The status of an entry from the names of what it uses (its algorithm, or a certificate's signature
    algorithm, or a protocol's key exchanges and cipher suites)."""
    text = " ".join(names).upper().replace("_", "-")
    if _BROKEN.search(text):
        return Classification(QuantumStatus.VULNERABLE, "broken already, without a quantum computer")
    if _READY.search(text):
        return Classification(QuantumStatus.READY, "post-quantum or hybrid with a post-quantum scheme")
    if asset_type == "protocol":  # a TLS 1.3 suite names no key exchange: without ML-KEM it is classical
        return Classification(QuantumStatus.VULNERABLE, "its key exchange is classical")
    if _SHOR.search(text):
        return Classification(QuantumStatus.VULNERABLE, "public-key cryptography a quantum computer breaks")
    if _GROVER.search(text):
        if confidentiality_years >= LONG_LIVED_YEARS:
            reason = f"too small a margin for data kept {confidentiality_years} years"
            return Classification(QuantumStatus.UPGRADE, reason)
        return Classification(QuantumStatus.READY, "enough for data that need not stay confidential for long")
    if _STRONG.search(text):
        return Classification(QuantumStatus.READY, "symmetric or hash strength enough against a quantum computer")
    return Classification(QuantumStatus.UNKNOWN, "not recognised")


def _property(component: dict[str, Any], name: str) -> str:
    for item in component.get("properties") or []:
        if isinstance(item, dict) and item.get("name") == name:
            return str(item.get("value", ""))
    return ""


def _years(component: dict[str, Any], name: str, where: str) -> int | None:
    value = _property(component, name)
    if not value:
        return None
    if not value.isdigit() or int(value) > 100:
        raise CatalogError(where, name, f"{value!r} is not a number of years (0-100)")
    return int(value)


def read_cbom(text: str, own_namespace: str) -> list[dict[str, Any]]:
    """The cryptographic assets of a CycloneDX CBOM, classified, each with the entity it is used in."""
    bom = read_bom(text, "CBOM")
    components = [c for c in bom.get("components") or [] if isinstance(c, dict)]
    by_ref = {str(c.get("bom-ref") or c.get("name")): c for c in components}
    used_in: dict[str, str] = {}  # crypto bom-ref -> entity reference of the component that depends on it
    for entry in bom.get("dependencies") or []:
        user = by_ref.get(str((entry or {}).get("ref")))
        entity = _property(user, "thorbecke:ref") if user else ""
        for ref in (entry or {}).get("dependsOn") or []:
            if entity:
                used_in.setdefault(str(ref), entity)
    assets = []
    for number, component in enumerate(components):
        if component.get("type") != "cryptographic-asset":
            continue
        where = f"components[{number}]"
        properties = component.get("cryptoProperties")
        if not isinstance(properties, dict) or properties.get("assetType") not in ASSET_TYPES:
            raise CatalogError(where, "cryptoProperties.assetType", f"is one of {', '.join(sorted(ASSET_TYPES))}")
        name = str(component.get("name") or "").strip()
        if not name or len(name) > 200:
            raise CatalogError(where, "name", "every cryptographic asset needs a name of at most 200 characters")
        bom_ref = str(component.get("bom-ref") or name)[:200]
        algorithm = properties.get("algorithmProperties") or {}
        names = [name, str(algorithm.get("parameterSetIdentifier") or ""), str(algorithm.get("curve") or "")]
        certificate = properties.get("certificateProperties") or {}
        for ref in (certificate.get("signatureAlgorithmRef"), certificate.get("subjectPublicKeyRef")):
            if ref and ref in by_ref:
                names.append(str(by_ref[ref].get("name", "")))
        protocol = properties.get("protocolProperties") or {}
        for suite in protocol.get("cipherSuites") or []:
            names.append(str((suite or {}).get("name", "")))
            names += [str(by_ref[r].get("name", "")) for r in (suite or {}).get("algorithms") or [] if r in by_ref]
        names += [str(by_ref[r].get("name", "")) for r in protocol.get("cryptoRefArray") or [] if r in by_ref]
        shelf = _years(component, "thorbecke:confidentiality-years", where) or 0
        entity = _property(component, "thorbecke:entity") or used_in.get(bom_ref, "")
        if entity:
            try:
                entity = parse_ref(entity, "Component", own_namespace)
            except ValueError as exc:
                raise CatalogError(where, "thorbecke:entity", str(exc)) from None
        verdict = classify(names, shelf, properties["assetType"])
        assets.append(
            {
                "where": where,
                "bom_ref": bom_ref,
                "asset_type": properties["assetType"],
                "name": name,
                "primitive": str(algorithm.get("primitive") or protocol.get("type") or "")[:32],
                "parameter": str(algorithm.get("parameterSetIdentifier") or algorithm.get("curve") or "")[:64],
                "used_for": str(component.get("description") or "")[:300],
                "confidentiality_years": shelf,
                "migration_years": _years(component, "thorbecke:migration-years", where),
                "entity": entity,
                "status": verdict.status,
                "reason": verdict.reason,
            }
        )
    if len(assets) > MAX_ASSETS:
        raise CatalogError("CBOM", "components", f"holds {len(assets):,} assets; import at most {MAX_ASSETS:,}")
    return assets


def import_cbom(organisation: Organisation, assets: list[dict[str, Any]], source: str = "cbom") -> int:
    """Store (add or update) the organisation's assets, all or nothing; returns how many."""
    with transaction.atomic():
        refs = {a["entity"] for a in assets if a["entity"]}
        entities = {}
        for ref in refs:
            kind, rest = ref.split(":", 1)
            namespace, name = rest.split("/", 1)
            found = Entity.objects.filter(kind__iexact=kind, namespace=namespace, name=name).first()
            if found is None or (found.owner_id != organisation.pk and not found.shared):
                where = next(a["where"] for a in assets if a["entity"] == ref)
                raise CatalogError(where, "thorbecke:entity", f"{ref} is not one of this organisation's entities")
            entities[ref] = found
        for asset in assets:
            fields = {k: v for k, v in asset.items() if k not in ("where", "bom_ref", "entity")}
            CryptoAsset.objects.update_or_create(
                organisation=organisation,
                bom_ref=asset["bom_ref"],
                defaults={**fields, "entity": entities.get(asset["entity"]), "source": source},
            )
        snapshot(organisation)
    return len(assets)


def snapshot(organisation: Organisation, day: date | None = None) -> ReadinessSnapshot:
    now = counts(organisation)
    found, _ = ReadinessSnapshot.objects.update_or_create(
        organisation=organisation,
        day=day or date.today(),
        defaults={status: now[status] for status in QuantumStatus.values},
    )
    return found


def exposure(asset: CryptoAsset, today: date | None = None) -> int:
    """Mosca: x + y - z in years; above zero the data outlives the cryptography that protects it."""
    z = settings.PQC_QUANTUM_YEAR - (today or date.today()).year
    y = asset.migration_years if asset.migration_years is not None else DEFAULT_MIGRATION_YEARS
    return asset.confidentiality_years + y - z


def priorities(scope: Scope, organisation: Organisation | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Entries the reader may see to migrate, most exposed first; then by the criticality of what uses them."""
    assets = scope.owned(CryptoAsset.objects.exclude(status=QuantumStatus.READY)).select_related(
        "organisation", "entity"
    )
    if organisation is not None:
        assets = assets.filter(organisation=organisation)
    rows = [
        {"asset": a, "exposure": exposure(a), "criticality": (a.entity.criticality if a.entity else None) or 0}
        for a in assets[:20_000]
    ]
    rows.sort(key=lambda r: (-r["exposure"], -r["criticality"], r["asset"].name))
    return rows[:limit]


def readiness(scope: Scope) -> list[dict[str, Any]]:
    """Per organisation with an inventory the reader may see: counts by status and the share ready, least ready
    first (others' inventories count only in the government-wide totals, ``counts``)."""
    rows: dict[int, dict[str, Any]] = {}
    counts = scope.owned(CryptoAsset.objects.all()).values_list("organisation", "status").annotate(n=Count("pk"))
    for organisation, status, n in counts:
        rows.setdefault(organisation, {status: 0 for status in QuantumStatus.values})[status] = n
    names = Organisation.objects.in_bulk(list(rows))
    result = []
    for pk, row in rows.items():
        total = sum(row.values())
        result.append({"organisation": names[pk], **row, "total": total, "share_ready": row["ready"] / total})
    return sorted(result, key=lambda r: (r["share_ready"], r["organisation"].name))


def counts(organisation: Organisation | None = None) -> dict[str, int]:
    """Entries by status, of one organisation or of the whole government."""
    assets = (
        CryptoAsset.objects.all() if organisation is None else CryptoAsset.objects.filter(organisation=organisation)
    )
    found = dict(assets.values_list("status").annotate(n=Count("pk")))
    return {status: found.get(status, 0) for status in QuantumStatus.values} | {"total": sum(found.values())}


def readiness_before(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation with an inventory counted before ``moment`` (a ``ReadinessSnapshot`` of an earlier day):
    (entries ready for quantum computers, entries) in its latest count, in one query."""
    newest = Window(RowNumber(), partition_by=[F("organisation_id")], order_by=[F("day").desc()])
    rows = (
        ReadinessSnapshot.objects.filter(day__lt=timezone.localdate(moment))
        .annotate(newest=newest)
        .filter(newest=1)
        .order_by()
        .values_list("organisation_id", "ready", "vulnerable", "upgrade", "unknown")
    )
    return {organisation: (ready, ready + vulnerable + upgrade + unknown) for organisation, ready, vulnerable,
            upgrade, unknown in rows if ready + vulnerable + upgrade + unknown}  # fmt: skip
