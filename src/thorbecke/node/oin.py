"""The structure of an Organisatie-identificatienummer (OIN), without Django: a node checks its peers' OINs too.

The structure follows Logius' OIN-stelsel, chapter "Data architectuur": 20 positions made of
an 8-position prefix naming the source register, an 8- or 9-position main number and a
suffix of zeros (0000 after an 8-position number, 000 after a 9-position one). The main
number may be alphanumeric for some registers (BRIN numbers), so letters are allowed there.
"""

import re

# Prefix table of the OIN-stelsel. 00000005 is reserved ("vrij") and therefore refused.
KNOWN_PREFIXES: dict[str, str] = {
    "00000001": "RSIN (Handelsregister)",
    "00000002": "Fi-nummer (Belastingdienst)",
    "00000003": "KVK-nummer (Handelsregister)",
    "00000004": "SubOIN register",
    "00000006": "Logius OIN hoofdnummer",
    "00000007": "BRIN (DUO)",
    "00000008": "Buitenlandse nummers",
    "00000009": "Dezi-nummer zorgaanbieders",
    "00000010": "TRR-BD nummer",
    "00000011": "Dezi-nummer zorgverzekeraars",
    "00000099": "Test-OIN",
}

_SHAPE = re.compile(r"^[0-9]{8}[0-9A-Z]{9}000$")


class InvalidOIN(ValueError):
    """``code`` names the rule broken (oin_length, oin_shape, oin_prefix), so a caller can say it in its language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_oin(value: str) -> None:
    """Raise InvalidOIN unless value is a well-formed OIN with a known prefix."""
    if len(value) != 20:
        raise InvalidOIN("oin_length", f"an OIN has exactly 20 positions; this one has {len(value)}")
    if not _SHAPE.match(value):
        raise InvalidOIN(
            "oin_shape", "an OIN is an 8-digit prefix, a main number of digits or capital letters and a suffix of zeros"
        )
    if value[:8] not in KNOWN_PREFIXES:
        raise InvalidOIN("oin_prefix", f"the prefix {value[:8]} is not in the OIN prefix table")
