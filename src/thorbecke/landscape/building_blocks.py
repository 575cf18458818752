"""The national building blocks as shared entities of the landscape: the GDI data-exchange provisions
from ``gdi_gegevensuitwisseling_voorzieningen.csv`` (../shared/data), plus the building blocks the
GDI's data-exchange model leaves out (DigiD, eHerkenning, MijnOverheid, PKIoverheid, the BRP).

Each is one node in the namespace ``shared``, owned in Thorbecke by the organisation that maintains it
when the register has it (Logius, RvIG), by the Ministry of the Interior otherwise; the maintainer's
name from the source is kept as it is written there.
"""

import csv
from pathlib import Path

from thorbecke.landscape.catalog import Draft
from thorbecke.landscape.importer import ImportResult, import_drafts
from thorbecke.landscape.models import SHARED
from thorbecke.registry.models import Organisation
from thorbecke.registry.sources import slug

SOURCE_FILE = "gdi_gegevensuitwisseling_voorzieningen.csv"
PROGRAMME = "rijk-ministerie-van-binnenlandse-zaken"
MAINTAINERS = {"Logius": "rijk-logius", "RvIG": "rijk-rijksdienst-voor-identiteitsgegevens"}
# Not in the GDI data-exchange model (see ../shared/data/SOURCES.md); maintainers as published by them.
OTHER_BLOCKS = [
    ("digid", "DigiD", "Logius", "Inloggen voor burgers bij de overheid."),
    ("eherkenning", "eHerkenning", "Logius", "Inloggen voor bedrijven bij de overheid (afsprakenstelsel)."),
    ("mijnoverheid", "MijnOverheid", "Logius", "Berichtenbox en persoonlijke gegevens voor burgers."),
    ("pkioverheid", "PKIoverheid", "Logius", "De certificaatinfrastructuur van de overheid."),
    ("brp", "Basisregistratie Personen (BRP)", "RvIG", "Persoonsgegevens van inwoners van Nederland."),
]


def read_building_blocks(data_dir: Path) -> list[tuple[str, Draft]]:
    """(maintainer, draft) per building block. A provision listed in two folders of the GDI model (as a
    building block and as a current provision) is one block; the first row with a maintainer names it."""
    blocks: list[tuple[str, Draft]] = []
    seen: dict[str, int] = {}
    with (data_dir / SOURCE_FILE).open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            draft = Draft(
                kind="Component",
                name=slug(row["voorziening"])[:63],
                namespace=SHARED,
                where=f"{SOURCE_FILE}: {row['voorziening']}",
                title=row["voorziening"],
                description=row["omschrijving"],
                type="building-block",
                function="gdi-" + slug(row["folder"].split("/")[-1])[:95],
                maintainer=row["beheerorganisatie"],
                # 'gewenst' rows are the target architecture: not yet in production.
                lifecycle="experimental" if row["status"] == "gewenst" else "production",
            )
            if draft.name in seen:
                maintainer, first = blocks[seen[draft.name]]
                if not maintainer and row["beheerorganisatie"]:
                    first.maintainer = row["beheerorganisatie"]
                    blocks[seen[draft.name]] = (row["beheerorganisatie"], first)
                first.description = first.description or draft.description
                continue
            seen[draft.name] = len(blocks)
            blocks.append((row["beheerorganisatie"], draft))
    for name, title, maintainer, description in OTHER_BLOCKS:
        draft = Draft("Component", name, SHARED, title, title=title, description=description, type="building-block")
        draft.maintainer, draft.lifecycle, draft.function = maintainer, "production", "gdi-bouwstenen"
        blocks.append((maintainer, draft))
    return blocks


def import_building_blocks(data_dir: Path) -> ImportResult:
    owners = {code: org for code, org in Organisation.objects.in_bulk(field_name="code").items()}
    by_owner: dict[str, list[Draft]] = {}
    for maintainer, draft in read_building_blocks(data_dir):
        code = MAINTAINERS.get(maintainer, PROGRAMME)
        by_owner.setdefault(code if code in owners else PROGRAMME, []).append(draft)
    total = ImportResult(0, 0, 0)
    for code, drafts in by_owner.items():
        result = import_drafts(owners[code], drafts, "seed")
        total = ImportResult(total.created + result.created, total.updated + result.updated, 0)
    return total
