"""The indicators' definitions, read from ``data/indicators.yaml`` and kept in step with the database.

A definition is refused whole, with its field named, when a field is missing, of the wrong kind or out of range,
or when no computation is registered under its code; nothing is stored then. ``sync`` writes the texts of every
definition to its ``Indicator`` row and creates rows for new codes with the file's baseline and target; a target
the programme has set since is the programme's and is not overwritten.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from thorbecke.steering.indicators import COMPUTATIONS, Unit
from thorbecke.steering.models import Indicator, Priority

DEFINITIONS = Path(__file__).parent / "data" / "indicators.yaml"
TEXTS = ("name_nl", "name_en", "definition_nl", "definition_en", "owner", "source")


class DefinitionError(ValueError):
    """A definition that cannot be used; ``field`` names what is wrong (``indicators[3].unit``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Definition:
    code: str
    priority: str
    unit: str
    name_nl: str
    name_en: str
    definition_nl: str
    definition_en: str
    owner: str
    source: str
    digital_decade: str
    higher_is_better: bool
    target: float | None
    target_year: int | None


def _number(where: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DefinitionError(where, "must be a number or empty")
    return float(value)


def parse(entry: object, where: str) -> Definition:
    if not isinstance(entry, dict):
        raise DefinitionError(where, "must be a mapping of fields")
    code = entry.get("code")
    if not isinstance(code, str) or not code:
        raise DefinitionError(f"{where}.code", "is required")
    if code not in COMPUTATIONS:
        raise DefinitionError(f"{where}.code", f"no computation is registered for {code!r}")
    if entry.get("priority") not in Priority.values:
        raise DefinitionError(f"{where}.priority", f"must be one of {', '.join(Priority.values)}")
    if entry.get("unit") not in {u.value for u in Unit}:
        raise DefinitionError(f"{where}.unit", f"must be one of {', '.join(u.value for u in Unit)}")
    for name in TEXTS:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise DefinitionError(f"{where}.{name}", "is required text")
    if not isinstance(entry.get("digital_decade", ""), str):
        raise DefinitionError(f"{where}.digital_decade", "must be text")
    if not isinstance(entry.get("higher_is_better", True), bool):
        raise DefinitionError(f"{where}.higher_is_better", "must be true or false")
    target = _number(f"{where}.target", entry.get("target"))
    year = entry.get("target_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100):
        raise DefinitionError(f"{where}.target_year", "must be a year between 2000 and 2100")
    if target is not None and entry.get("unit") == Unit.SHARE and not 0 <= target <= 1:
        raise DefinitionError(f"{where}.target", "a share's target is between 0 and 1")
    return Definition(
        code=code,
        priority=entry["priority"],
        unit=entry["unit"],
        **{name: entry[name].strip() for name in TEXTS},
        digital_decade=entry.get("digital_decade", "") or "",
        higher_is_better=entry.get("higher_is_better", True),
        target=target,
        target_year=year,
    )


def load(path: Path = DEFINITIONS) -> list[Definition]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise DefinitionError("indicators", "the file must hold a list under 'indicators'")
    found = [parse(entry, f"indicators[{i}]") for i, entry in enumerate(document["indicators"])]
    codes = [d.code for d in found]
    for i, code in enumerate(codes):
        if code in codes[:i]:
            raise DefinitionError(f"indicators[{i}].code", f"{code!r} is defined twice")
    missing = sorted(set(COMPUTATIONS) - set(codes))
    if missing:
        raise DefinitionError("indicators", f"computed but not defined: {', '.join(missing)}")
    return found


def sync(definitions: list[Definition] | None = None) -> int:
    """Write every definition to its row; returns how many rows were created."""
    definitions = definitions if definitions is not None else load()
    created = 0
    with transaction.atomic():
        for d in definitions:
            texts = {name: getattr(d, name) for name in (*TEXTS, "priority", "unit", "digital_decade")}
            indicator, new = Indicator.objects.update_or_create(
                code=d.code, defaults={**texts, "higher_is_better": d.higher_is_better}
            )
            if new:
                indicator.target, indicator.target_year = d.target, d.target_year
                indicator.save(update_fields=["target", "target_year"])
                created += 1
    return created
