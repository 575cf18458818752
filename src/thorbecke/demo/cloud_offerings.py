"""Demo offerings: real providers and their offerings (``data/cloud_offerings.yaml``, each with its sources), entered
by the programme, with ILLUSTRATIVE sovereignty assessments whose evidence states the facts they rest on and says
they are the demo's, not official. No KVK number, certificate or price is entered that the research did not find.
Idempotent: a provider or offering already there (by name) is left as it is."""

from pathlib import Path

import yaml
from django.db import transaction

from thorbecke.cloud import taxonomy
from thorbecke.cloud.framework import framework
from thorbecke.cloud.models import Offering, Provider, SovereigntyAssessment
from thorbecke.registry.countries import EU
from thorbecke.registry.models import Organisation

FILE = Path(__file__).parent / "data" / "cloud_offerings.yaml"
PROGRAMME = "rijk-ministerie-van-binnenlandse-zaken"
ILLUSTRATIVE = (
    " Illustrative assessment by the demo, not an official one; keys, support and where data is processed are the "
    "demo's assumptions from the ownership chain. / Illustratieve beoordeling door de demo, geen officiële."
)


def _highest_allowed(deployment: str) -> str:
    """The highest classification whose rule allows this deployment."""
    allowed = [t for t in taxonomy.current().terms("classifications") if deployment in t.allowed_deployments]
    return max(allowed, key=lambda t: t.rank).code


@transaction.atomic
def seed_offerings() -> int:
    """Enter the offerings not yet in the catalogue; returns how many the catalogue has from this file."""
    by = Organisation.objects.get(code=PROGRAMME)
    entries = yaml.safe_load(FILE.read_text(encoding="utf-8"))["offerings"]
    version = taxonomy.current().version
    providers: dict[str, Provider] = {}
    for entry in entries:
        name = entry["provider"]
        if name not in providers:
            providers[name] = Provider.objects.get_or_create(name=name, defaults={
                "country": entry["country"], "ownership_chain": entry.get("chain", []),
                "government": entry.get("government", False), "added_by": by,
            })[0]  # fmt: skip
        provider = providers[name]
        if Offering.objects.filter(provider=provider, name=entry["name"]).exists():
            continue
        outside = any(c not in EU for c in provider.countries)
        offering = Offering.objects.create(
            provider=provider, name=entry["name"], description=entry["description"],
            service_model=entry["service_model"], deployment=entry["deployment"],
            data_locations=entry["data_locations"], processing_locations=entry["data_locations"],
            key_holder="provider-third-country" if outside else "provider-eu",
            support_territory="third-country" if outside else ("nl" if provider.countries == ["NL"] else "eu"),
            classification=_highest_allowed(entry["deployment"]), taxonomy_version=version, added_by=by,
        )  # fmt: skip
        evidence = entry["basis"] + " Sources: " + "; ".join(entry["sources"]) + "." + ILLUSTRATIVE
        for objective, level in zip(framework().codes, entry["levels"], strict=True):
            SovereigntyAssessment.objects.create(offering=offering, objective=objective, level=level,
                                                 evidence=evidence)  # fmt: skip
    return Offering.objects.filter(name__in=[e["name"] for e in entries], added_by=by).count()
