"""The population file: what the screening reads and the generator (or a real source) writes.

A Parquet dataset partitioned by municipality (``gemeente=GM0344/*.parquet``), one row per person, the
members of a household on consecutive rows, household facts repeated on every member's row (they are read
from the applicant's). The columns are the rules' input variables with the same names, so nothing is
renamed between the data and the law.
"""

import pyarrow as pa

ROLES = ("aanvrager", "partner", "kind", "medebewoner")

PERSON = [
    pa.field("persoon_id", pa.int64(), nullable=False),  # a synthetic BSN: nine digits passing the 11-test
    pa.field("huishouden_id", pa.int64(), nullable=False),
    pa.field("rol", pa.string(), nullable=False),  # one of ROLES; exactly one aanvrager per household
    pa.field("geboortedatum", pa.date32(), nullable=False),
    pa.field("toetsingsinkomen", pa.float64(), nullable=False),  # € a year
    pa.field("vermogen", pa.float64(), nullable=False),  # € on 1 January
    pa.field("aow_jaren_niet_verzekerd", pa.float64(), nullable=False),
    pa.field("heeft_handicap", pa.bool_(), nullable=False),
    pa.field("verzekerd_zorgverzekering", pa.bool_(), nullable=False),
    pa.field("woont_in_nederland", pa.bool_(), nullable=False),
    pa.field("kinderbijslag_kind_in_gezin", pa.bool_(), nullable=False),
    pa.field("ontvangt_zorgtoeslag", pa.bool_(), nullable=False),
    pa.field("ontvangt_kindgebonden_budget", pa.bool_(), nullable=False),
    pa.field("ontvangt_kinderbijslag", pa.bool_(), nullable=False),
    pa.field("ontvangt_aow", pa.bool_(), nullable=False),
]
HOUSEHOLD = [
    pa.field("huur", pa.float64(), nullable=False),  # € a month, kale huur (without service costs); 0 for an owner
    pa.field("servicekosten", pa.float64(), nullable=False),  # € a month, subsidiable (art. 5 lid 3 Wht); 0 unknown
    pa.field("servicekosten_bekend", pa.bool_(), nullable=False),  # whether the government knows them
    pa.field("zelfstandige_woning", pa.bool_(), nullable=False),
    pa.field("kwijtschelding_aanslag", pa.float64(), nullable=False),  # municipal taxes, € a year
    pa.field("kwijtschelding_netto_inkomen", pa.float64(), nullable=False),  # € a month
    pa.field("kwijtschelding_uitgaven", pa.float64(), nullable=False),  # € a month
    pa.field("kwijtschelding_woon_en_zorglasten", pa.float64(), nullable=False),  # € a month
    pa.field("ontvangt_huurtoeslag", pa.bool_(), nullable=False),
    pa.field("ontvangt_kwijtschelding", pa.bool_(), nullable=False),
]
# The partition column: the household's municipality (CBS code, e.g. GM0344).
GEMEENTE = pa.field("gemeente", pa.string(), nullable=False)

SCHEMA = pa.schema([*PERSON, *HOUSEHOLD])
PERSON_INPUTS = [f.name for f in PERSON[3:]]  # after the identifiers and the role
HOUSEHOLD_INPUTS = [f.name for f in HOUSEHOLD]


def result_schema(schemes: list[str]) -> pa.Schema:
    """The screening's output, one row per person: per scheme whether they are entitled, roughly how much a
    month, whether they receive it now, the conditions they do not meet (comma-separated variable names; empty
    when entitled), so a message can explain itself, and, where entitled, what the estimate assumed
    (comma-separated ``<key>_aanname_<what>`` variable names), so the message can say so."""
    fields = [
        pa.field("persoon_id", pa.int64(), nullable=False),
        pa.field("huishouden_id", pa.int64(), nullable=False),
        pa.field("gemeente", pa.string(), nullable=False),
    ]
    for key in schemes:
        fields += [
            pa.field(f"{key}_recht", pa.bool_(), nullable=False),
            pa.field(f"{key}_bedrag", pa.float64(), nullable=False),
            pa.field(f"{key}_ontvangt", pa.bool_(), nullable=False),
            pa.field(f"{key}_niet_voldaan", pa.string(), nullable=False),
            pa.field(f"{key}_aannames", pa.string(), nullable=False),
        ]
    return pa.schema(fields)
