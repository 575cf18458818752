"""Offerings, providers and needs for the cloud tests: valid by default, each field overridable."""

from datetime import date

from thorbecke.cloud import taxonomy
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Certification, Need, Offering, Provider, SovereigntyAssessment
from thorbecke.registry.models import Organisation

PROGRAMME = "rijk-ministerie-van-binnenlandse-zaken"


def provider(name: str = "Wolk BV", country: str = "NL", chain: list | None = None, **fields) -> Provider:
    by = Organisation.objects.get(code=fields.pop("added_by", PROGRAMME))
    return Provider.objects.create(name=name, country=country, ownership_chain=chain or [], added_by=by, **fields)


def offering(
    name: str,
    levels: list[int] | None = None,
    *,
    by: Provider | None = None,
    certificates: dict[str, date] | None = None,
    runs_on: list[Offering] = (),
    **fields,
) -> Offering:
    """An offering assessed at ``levels`` (SOV-1..SOV-8 in order; all 4 when not given)."""
    by = by or Provider.objects.first() or provider()
    values = {
        "description": f"{name}: virtuele machines en opslag.",
        "service_model": "iaas",
        "deployment": "dutch-public",
        "data_locations": ["NL"],
        "processing_locations": ["NL"],
        "key_holder": "customer",
        "support_territory": "nl",
        "classification": "departementaal-vertrouwelijk",
        "exit_extraction": True,
        "exit_formats": "OVF, S3",
        "taxonomy_version": taxonomy.current().version,
        "added_by": by.added_by,
        **fields,
    }
    made = Offering.objects.create(provider=by, name=name, **values)
    for code, level in zip(framework().codes, levels or [4] * 8, strict=True):
        SovereigntyAssessment.objects.create(offering=made, objective=code, level=level, evidence=f"{code} bewijs")
    for scheme, expires in (certificates or {}).items():
        Certification.objects.create(offering=made, scheme=scheme, scope="alle diensten", expires_on=expires)
    made.runs_on.set(runs_on)
    return made


def need(code: str = "gm0344", **fields) -> Need:
    values = {
        "title": "Rekenkracht voor het zaaksysteem",
        "workload": "Het zaaksysteem van de gemeente.",
        "service_model": "iaas",
        "classification": "intern",
        "data_territory": "eu",
        "keys": "eu",
        "volume": 10,
        "unit": "vCPU",
        "starts_on": date(2027, 1, 1),
        "ends_on": date(2027, 12, 31),
        "taxonomy_version": taxonomy.current().version,
        **fields,
    }
    return Need.objects.create(organisation=Organisation.objects.get(code=code), **values)
