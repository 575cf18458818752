"""The catalogue of agreements, read from ../shared/data:

- ``gdi_gegevensuitwisseling_standaarden.csv``: 78 standards of the GDI data-exchange domain with
  their status on the Forum Standaardisatie lists (Verplicht, Aanbevolen, geen);
- ``forum_standaardisatie_beslisboom_standaarden.json``: the 55 standards the Forum's decision tree
  routes to. That file names them without their list status, so a standard found only there is
  stored with the status "not in the source" until the programme sets it;
- ``gdi_gegevensuitwisseling_voorzieningen.csv``: the GDI building blocks, plus the building blocks
  the issue names that the GDI model leaves out (DigiD, eHerkenning, MijnOverheid/Berichtenbox,
  PKIoverheid, FSC, Logboek Dataverwerkingen). No source here says which building block is mandatory
  for whom: their status starts as "not in the source".

Names are matched without regard to case. Which check measures a standard is Thorbecke's own
mapping (``CHECKS``); everything else is declared by the organisation.
Running the import again adds what is new and changes nothing the programme has edited.
"""

import csv
import json
from pathlib import Path

from django.db import transaction

from thorbecke.agreements.models import Agreement, AgreementVersion, Check, Kind, Status
from thorbecke.registry.sources import slug

STANDARDS_CSV = "gdi_gegevensuitwisseling_standaarden.csv"
FORUM_JSON = "forum_standaardisatie_beslisboom_standaarden.json"
BLOCKS_CSV = "gdi_gegevensuitwisseling_voorzieningen.csv"
LIST_STATUS = {"verplicht": Status.MANDATORY, "aanbevolen": Status.RECOMMENDED, "geen": Status.NONE}
CHECKS = {
    "https en hsts": Check.HTTPS_HSTS,
    "tls": Check.TLS,
    "security.txt": Check.SECURITY_TXT,
    "spf": Check.SPF,
    "dkim": Check.DKIM,
    "dmarc": Check.DMARC,
    "dnssec": Check.DNSSEC,
    "rest-api design rules": Check.API_DESIGN,
    "openapi specification": Check.API_DESIGN,
    "fsc": Check.EXCHANGE,
    "logboek dataverwerkingen": Check.PROCESSING_LOG,
}
OTHER_BLOCKS = [
    ("DigiD", "Logius"),
    ("eHerkenning", "Logius"),
    ("MijnOverheid/Berichtenbox", "Logius"),
    ("PKIoverheid", "Logius"),
    ("FSC (Federatieve Service Connectiviteit)", "Logius"),
    ("Logboek Dataverwerkingen", "Logius"),
]


def _check(name: str) -> str:
    key = name.casefold()
    return CHECKS.get(key) or CHECKS.get(key.split(" (")[0], Check.DECLARED)


def read_sources(data_dir: Path) -> list[Agreement]:
    found: dict[tuple[str, str], Agreement] = {}
    with (data_dir / STANDARDS_CSV).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            found[(Kind.STANDARD, row["standaard"].casefold())] = Agreement(
                kind=Kind.STANDARD,
                name=row["standaard"],
                status=LIST_STATUS.get(row["forum_lijst_status"].casefold(), Status.UNKNOWN),
                scope=row["functioneel_toepassingsgebied"][:300],
                maintainer=row["beheerorganisatie"],
                url=row["url"],
                description=row["omschrijving"],
                check_method=_check(row["standaard"]),
                source=STANDARDS_CSV,
            )
    for name in json.loads((data_dir / FORUM_JSON).read_text(encoding="utf-8")):
        found.setdefault(
            (Kind.STANDARD, name.casefold()),
            Agreement(
                kind=Kind.STANDARD, name=name, status=Status.UNKNOWN, check_method=_check(name), source=FORUM_JSON
            ),
        )
    with (data_dir / BLOCKS_CSV).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            key = (Kind.BUILDING_BLOCK, row["voorziening"].casefold())
            if key in found:  # listed in two folders of the GDI model
                found[key].maintainer = found[key].maintainer or row["beheerorganisatie"]
                continue
            found[key] = Agreement(
                kind=Kind.BUILDING_BLOCK,
                name=row["voorziening"],
                status=Status.UNKNOWN,
                maintainer=row["beheerorganisatie"],
                url=row["url"],
                description=row["omschrijving"],
                check_method=_check(row["voorziening"]),
                source=BLOCKS_CSV,
            )
    for name, maintainer in OTHER_BLOCKS:
        found.setdefault(
            (Kind.BUILDING_BLOCK, name.casefold()),
            Agreement(
                kind=Kind.BUILDING_BLOCK,
                name=name,
                status=Status.UNKNOWN,
                maintainer=maintainer,
                check_method=_check(name),
                source="named in the issue; not in ../shared/data",
            ),
        )
    for agreement in found.values():
        prefix = "standaard" if agreement.kind == Kind.STANDARD else "bouwsteen"
        agreement.slug = slug(f"{prefix}-{agreement.name}")[:120]
    return list(found.values())


def import_agreements(data_dir: Path) -> int:
    """Add the agreements not yet in the catalogue, each with its first version; returns how many."""
    known = set(Agreement.objects.values_list("slug", flat=True))
    added = 0
    with transaction.atomic():
        for agreement in read_sources(data_dir):
            if agreement.slug in known:
                continue
            agreement.save()
            AgreementVersion.record(agreement, f"Imported from {agreement.source}.")
            known.add(agreement.slug)
            added += 1
    return added
