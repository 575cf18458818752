"""The demo's part of out of the public cloud, ILLUSTRATIVE throughout: two organisations with a critical service on
a public cloud outside the EU (entities in their demo landscape, labelled as the landscape's demo data is), and
the same SaaS product held by three municipalities under different terms (each contract says "ter illustratie").
The organisations are real; what they run and buy here is not. Needs the demo landscape seeded first."""

from datetime import date
from decimal import Decimal

from thorbecke.cloud.models import Contract
from thorbecke.landscape.models import Entity, Supplier
from thorbecke.landscape.views import DEMO_SOURCE
from thorbecke.registry.models import Organisation

# The demo landscape's supplier of office software and mail on a cloud outside the EU (data/landscape.yaml).
SUPPLIER = "Leverancier K (demo)"
PROVIDER = "Cloudprovider Q (demo)"
SERVICES = [
    ("gm0344", "Component", "zaakdossiers-cloudopslag", "service",
     "Opslag van zaakdossiers (ter illustratie)", {"confidentiality": 3, "availability": 2, "data_location": "US"}),
    ("gm0363", "Resource", "containerplatform", "kubernetes",
     "Containerplatform voor publieksdiensten (ter illustratie)", {"availability": 3, "integrity": 2}),
]  # fmt: skip
PRODUCT = "Kantoorsoftware en e-mail (leverancier K, SaaS)"
CONTRACTS = [
    ("gm0344", Decimal("410000"), date(2024, 1, 1), date(2027, 12, 31),
     "Ter illustratie: € 9,50 per gebruiker per maand; opzegtermijn 12 maanden; geen exitclausule."),
    ("gm0363", Decimal("980000"), date(2025, 7, 1), date(2028, 6, 30),
     "Ter illustratie: € 8,75 per gebruiker per maand; opzegtermijn 6 maanden; export van alle gegevens bij einde."),
    ("gm0599", Decimal("54000"), date(2023, 4, 1), date(2027, 3, 31),
     "Ter illustratie: € 11 per gebruiker per maand; opzegtermijn 3 maanden; geen exitclausule."),
]  # fmt: skip


def seed_cloud_exit() -> str:
    supplier, _created = Supplier.objects.get_or_create(name=SUPPLIER, defaults={"country": "US"})
    organisations = Organisation.objects.in_bulk(
        [code for code, *_rest in SERVICES] + [code for code, *_rest in CONTRACTS], field_name="code"
    )
    for code, kind, name, type_, title, levels in SERVICES:
        Entity.objects.update_or_create(
            namespace=code, kind=kind, name=name,
            defaults={"title": title, "type": type_, "owner": organisations[code], "lifecycle": "production",
                      "supplier": supplier if kind == "Component" else None, "hosting": "cloud",
                      "hosting_provider": PROVIDER, "hosting_region": "europe", "jurisdiction": "US",
                      "source": DEMO_SOURCE, **levels},
        )  # fmt: skip
    for code, value, starts, ends, terms in CONTRACTS:
        Contract.objects.update_or_create(
            organisation=organisations[code], product=PRODUCT, supplier=SUPPLIER,
            defaults={"annual_value_eur": value, "starts_on": starts, "ends_on": ends, "terms": terms},
        )  # fmt: skip
    return (
        f"Out of the public cloud (illustrative): {len(SERVICES)} critical services on a cloud outside the EU, "
        f"{len(CONTRACTS)} contracts for one SaaS product."
    )
