"""The demo's cloud needs: ILLUSTRATIVE needs of four municipalities, a province and a water board, for the programme
to pool (the journey forms the bundle; none is seeded). The organisations are real (their register codes); the needs,
volumes, budgets and dates are made up, and each title says so. Idempotent: a need already there (by organisation
and title) is left as it is."""

from datetime import date

from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import Need
from thorbecke.registry.models import Organisation

ILLUSTRATIVE = " (ter illustratie)"
WORKLOAD = " Ter illustratie in de demo: geen echte behoefte van deze organisatie."

# (organisation, title, workload, model, classification, territory, keys, minimum levels, volume, unit, from, until,
# budget in euro)
NEEDS = [
    ("gm0344", "Rekenkracht voor het zaaksysteem", "Het zaaksysteem en de koppelingen met basisregistraties.",
     "iaas", "intern", "eu", "eu", {"SOV-3": 2}, 64, "vCPU", date(2027, 1, 1), date(2028, 12, 31), 180_000),
    ("gm0363", "Rekenkracht voor vergunningen", "De vergunningverlening en het omgevingsloket.",
     "iaas", "intern", "eu", "eu", {"SOV-3": 2, "SOV-5": 2}, 160, "vCPU", date(2027, 2, 1), date(2029, 1, 31),
     420_000),
    ("gm0599", "Rekenkracht voor belastingen", "De heffing en inning van gemeentelijke belastingen.",
     "iaas", "departementaal-vertrouwelijk", "nl", "customer", {"SOV-3": 3}, 96, "vCPU", date(2027, 3, 1),
     date(2028, 12, 31), None),
    ("gm0518", "Rekenkracht voor de burgerzaken", "Burgerzaken en de afsprakenplanner.",
     "iaas", "intern", "eu", "eu", {}, 80, "vCPU", date(2027, 4, 1), date(2029, 3, 31), 240_000),
    ("gm0518", "Kantoorsoftware in de cloud", "E-mail, agenda en samenwerken voor de medewerkers.",
     "saas", "intern", "eu", "eu", {"SOV-1": 2}, 4_500, "gebruikers", date(2027, 7, 1), date(2030, 6, 30), None),
    ("pv26", "Rekenkracht voor subsidies", "De subsidieverlening en het zaaksysteem van de provincie.",
     "iaas", "intern", "eu", "eu", {"SOV-3": 2}, 32, "vCPU", date(2027, 1, 1), date(2028, 12, 31), 90_000),
    ("ws0155", "Opslag van meetgegevens", "Meetgegevens van gemalen en peilbuizen, twintig jaar bewaard.",
     "iaas", "intern", "nl", "eu", {}, 40, "TB opslag", date(2027, 4, 1), date(2031, 3, 31), 60_000),
]  # fmt: skip


def seed_demand() -> int:
    """The needs, each once; returns how many there are."""
    version = taxonomy.current().version
    for (
        code,
        title,
        workload,
        model,
        classification,
        territory,
        keys,
        levels,
        volume,
        unit,
        start,
        end,
        budget,
    ) in NEEDS:
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            continue
        Need.objects.get_or_create(
            organisation=organisation, title=title + ILLUSTRATIVE,
            defaults={"workload": workload + WORKLOAD, "service_model": model, "classification": classification,
                      "data_territory": territory, "keys": keys, "minimum_levels": levels, "volume": volume,
                      "unit": unit, "starts_on": start, "ends_on": end, "budget_eur": budget,
                      "taxonomy_version": version},
        )  # fmt: skip
    return Need.objects.filter(title__endswith=ILLUSTRATIVE).count()
