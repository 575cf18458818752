"""A person's record as a source answered it (Haal Centraal BRP Personen), put in words for that person."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Shown:
    name: str
    born: dt.date | None
    birthplace: str
    street: str
    postcode: str
    town: str
    municipality: str

    @property
    def has_address(self) -> bool:
        return bool(self.street or self.postcode)


def postcode(text: str) -> str:
    """A Dutch postcode as people write it: "3511 AX"."""
    compact = re.sub(r"\s+", "", text or "").upper()
    return f"{compact[:4]} {compact[4:]}" if re.fullmatch(r"\d{4}[A-Z]{2}", compact) else text


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def shown(person: dict[str, Any]) -> Shown:
    """The fields My page shows; a date or postcode in an unexpected shape is shown as the source gave it."""
    birth = person.get("geboorte") or {}
    address = (person.get("verblijfplaats") or {}).get("verblijfadres") or {}
    street = " ".join(str(part) for part in (address.get("officieleStraatnaam"), address.get("huisnummer")) if part)
    return Shown(
        name=str((person.get("naam") or {}).get("volledigeNaam", "")),
        born=_date((birth.get("datum") or {}).get("datum")),
        birthplace=str((birth.get("plaats") or {}).get("omschrijving", "")),
        street=street,
        postcode=postcode(str(address.get("postcode", ""))),
        town=str(address.get("woonplaats", "")),
        municipality=str((person.get("gemeenteVanInschrijving") or {}).get("omschrijving", "")),
    )
