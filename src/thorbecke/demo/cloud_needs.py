"""Demo cloud needs: three illustrative needs of municipalities, one of which the catalogue can meet only in part
(its matches or what blocks them are shown on its page). Made up for the demo and labelled so in their texts.
Idempotent: a need already there (by title) is left as it is."""

from datetime import date

from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import Need
from thorbecke.registry.models import Organisation

ILLUSTRATIVE = " (Illustratief voorbeeld in de demo.)"
NEEDS = [
    {
        "organisation": "gm0344",
        "title": "Rekenkracht voor het zaaksysteem (illustratief)",
        "workload": "Het zaaksysteem van de gemeente, met de documenten van burgers en bedrijven." + ILLUSTRATIVE,
        "service_model": "iaas", "classification": "departementaal-vertrouwelijk", "data_territory": "eu",
        "keys": "eu", "minimum_levels": {"SOV-1": 2, "SOV-3": 3}, "minimum_availability": 99.9, "exit_terms": True,
        "certifications": ["ISO/IEC 27001"], "volume": 64, "unit": "vCPU", "budget_eur": 120000,
    },
    {
        "organisation": "gm0363",
        "title": "Kubernetes voor de publieksdiensten (illustratief)",
        "workload": "De containers van de online publieksdiensten, op een Haven-conform cluster." + ILLUSTRATIVE,
        "service_model": "caas", "classification": "intern", "data_territory": "nl", "keys": "customer",
        "minimum_levels": {"SOV-2": 3, "SOV-6": 3}, "minimum_availability": 99.95, "exit_terms": True,
        "certifications": [], "volume": 200, "unit": "vCPU", "budget_eur": None,
    },
    {
        "organisation": "gm0344",
        "title": "Samenwerkingssoftware voor medewerkers (illustratief)",
        "workload": "E-mail, agenda en documenten delen voor alle medewerkers." + ILLUSTRATIVE,
        "service_model": "saas", "classification": "intern", "data_territory": "eu", "keys": "eu",
        "minimum_levels": {"SOV-1": 3}, "minimum_availability": None, "exit_terms": True,
        "certifications": ["ISO/IEC 27001"], "volume": 4500, "unit": "gebruikers", "budget_eur": 900000,
    },
]  # fmt: skip


def seed_needs() -> str:
    version = taxonomy.current().version
    made = 0
    for values in NEEDS:
        organisation = Organisation.objects.filter(code=values["organisation"]).first()
        if organisation is None or Need.objects.filter(title=values["title"]).exists():
            continue
        year = date.today().year + 1
        Need.objects.create(
            **{**values, "organisation": organisation}, starts_on=date(year, 1, 1), ends_on=date(year + 2, 12, 31),
            taxonomy_version=version,
        )  # fmt: skip
        made += 1
    return f"cloud needs: {made} illustrative needs added ({Need.objects.count()} in all)"
