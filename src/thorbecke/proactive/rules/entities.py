"""Who the rules are about: a person (``persoon``), and the household (``huishouden``) they live in.

The household roles follow the Algemene wet inkomensafhankelijke regelingen (Awir): the applicant
(``aanvrager``), their allowance partner (``partner``, art. 3 Awir), children (``kind``) and other residents
(``medebewoner``), who count for the rent allowance (art. 9 Wet op de huurtoeslag).
"""

from openfisca_core.entities import build_entity

Persoon = build_entity(
    key="persoon",
    plural="personen",
    label="Persoon",
    doc="Een natuurlijk persoon, ingeschreven in de BRP.",
    is_person=True,
)

Huishouden = build_entity(
    key="huishouden",
    plural="huishoudens",
    label="Huishouden",
    doc="De personen die op één adres een huishouden vormen.",
    roles=[
        {"key": "aanvrager", "plural": "aanvragers", "label": "Aanvrager", "max": 1},
        {"key": "partner", "plural": "partners", "label": "Toeslagpartner", "max": 1},
        {"key": "kind", "plural": "kinderen", "label": "Kind"},
        {"key": "medebewoner", "plural": "medebewoners", "label": "Medebewoner"},
    ],
)

ENTITIES = [Persoon, Huishouden]
