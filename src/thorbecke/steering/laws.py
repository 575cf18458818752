"""wetten.overheid.nl identifiers: what a bottleneck says about the law involved.

Accepted, one per reference, and written back in one canonical form:

- a BWB id: ``BWBR0018472`` (BWBR: a national regulation; BWBV: a treaty), written in capitals;
- a BWB id with an article: ``BWBR0018472/Artikel 49h`` (or "art." / "artikel"), written as the Juriconnect
  reference ``jci1.3:c:BWBR0018472&artikel=49h``;
- a Juriconnect 1.3 reference (the BWB standard, Forum Standaardisatie list "pas toe of leg uit"):
  ``jci1.3:c:BWBR0002221&hoofdstuk=II&artikel=6``, with its location keys and the optional view and validity
  dates ``z=`` and ``g=`` (YYYY-MM-DD).

wetten.overheid.nl resolves every canonical form under its own address, so the link is
``https://wetten.overheid.nl/<reference>``. Nothing is fetched: the hub has no network at run time and a reference
is checked by its form only.
"""

import re
from dataclasses import dataclass

BASE_URL = "https://wetten.overheid.nl/"
BWB_ID = re.compile(r"^BWB[RV]\d{7}$")
_WITH_ARTICLE = re.compile(r"^(BWB[RV]\d{7})\s*/\s*(?:artikel|art\.?)\s*([0-9A-Za-z:.]+)$", re.IGNORECASE)
_JCI = re.compile(r"^jci1\.3(?:\.1)?:[cv]:(BWB[RV]\d{7})((?:&[a-z]+=[^&\s]+)*)$")
# The location keys of the Juriconnect BWB standard 1.3.1, and its dates.
_LOCATION_KEYS = {
    "boek", "deel", "titeldeel", "hoofdstuk", "afdeling", "paragraaf", "subparagraaf", "artikel", "lid",
    "onderdeel", "sub", "bijlage", "aanhef", "enigartikel", "sectie", "volzin",
}  # fmt: skip
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LABEL = re.compile(r"^[0-9A-Za-z:.]+$")


class LawError(ValueError):
    """A reference that is not a wetten.overheid.nl identifier; the message says which and why."""


@dataclass(frozen=True)
class Law:
    reference: str  # canonical: "BWBR0018472" or "jci1.3:c:BWBR0018472&artikel=49h"
    bwb_id: str

    @property
    def url(self) -> str:
        return BASE_URL + self.reference


def parse(text: str) -> Law:
    value = (text or "").strip()
    if BWB_ID.match(value.upper()):
        return Law(value.upper(), value.upper())
    if match := _WITH_ARTICLE.match(value):
        bwb_id = match[1].upper()
        return Law(f"jci1.3:c:{bwb_id}&artikel={match[2]}", bwb_id)
    if match := _JCI.match(value):
        for pair in filter(None, match[2].split("&")):
            key, label = pair.split("=", 1)
            if key in ("z", "g"):
                if not _DATE.match(label):
                    raise LawError(f"{value!r}: {key}= takes a date written YYYY-MM-DD")
            elif key not in _LOCATION_KEYS or not _LABEL.match(label):
                raise LawError(f"{value!r}: {key}= is not a location in the Juriconnect BWB standard")
        return Law(value, match[1])
    raise LawError(
        f"{value!r} is not a wetten.overheid.nl identifier (BWBR0018472, BWBR0018472/Artikel 49h or "
        "jci1.3:c:BWBR0018472&artikel=49h)"
    )


def parse_many(text: str) -> list[Law]:
    """One reference per line (or separated by semicolons); the same reference twice counts once."""
    found: dict[str, Law] = {}
    for part in re.split(r"[\n;]+", text or ""):
        if part.strip():
            law = parse(part)
            found.setdefault(law.reference, law)
    return list(found.values())


def bwb_ids(references: list[str]) -> set[str]:
    """The laws (BWB ids) a list of canonical references names, for matching by law."""
    return {parse(reference).bwb_id for reference in references}
