"""An organisation's yearly workforce report: read, checked whole, and stored at once.

A report is lines, one per job profile (scheme and code, ``profiles.py``) and e-CF level of the position, each with
the fields in ``FIELDS``: the same names in the API's JSON, in the CSV upload's header and in a refusal
(``lines[3].age55to64``). A report is refused whole, changing nothing, when a count is negative or not a whole number,
a profile or level is unknown, a line repeats, or the counts disagree: age bands that do not sum to the headcount,
more external staff than staff, more long-open vacancies than open ones, more outflow in five years than staff, more
fte than persons. A resubmission for the same year replaces that year's lines in one transaction, until the programme
publishes the year (``publication.py``): from then on the year's reports are closed."""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.registry.models import Organisation
from thorbecke.workforce import profiles, publication
from thorbecke.workforce.competences import LEVELS, ModelError
from thorbecke.workforce.models import WorkforceReport, WorkforceReportLine
from thorbecke.workforce.suppression import AGE_BANDS, YEARS

AGES = ("ageUnder25", "age25to34", "age35to44", "age45to54", "age55to64", "age65plus")  # AGE_BANDS, in order
OUTFLOW = tuple(f"outflowYear{n}" for n in range(1, YEARS + 1))
COUNTS = ("headcount", *AGES, "externalHeadcount", "vacancies", "vacanciesOver90Days", *OUTFLOW)
FIELDS = ("scheme", "code", "level", "headcount", "fte", *AGES, "externalHeadcount", "externalFte", "vacancies",
          "vacanciesOver90Days", *OUTFLOW)  # fmt: skip
COLUMNS = {  # the model's column of each field that is stored as given
    "headcount": "headcount", "fte": "fte", "externalHeadcount": "external_headcount", "externalFte": "external_fte",
    "vacancies": "vacancies", "vacanciesOver90Days": "vacancies_over_90_days",
    **dict(zip(AGES, ("age_under_25", "age_25_34", "age_35_44", "age_45_54", "age_55_64", "age_65_plus"), strict=True)),
    **{name: f"outflow_{n}" for n, name in enumerate(OUTFLOW, 1)},
}  # fmt: skip
FIRST_YEAR = 2000
MAX_LINES = 2000
assert len(AGES) == len(AGE_BANDS)


@dataclass(frozen=True)
class Line:
    scheme: str
    code: str
    level: int
    counts: dict[str, int]
    fte: Decimal
    external_fte: Decimal

    def columns(self) -> dict:
        found = {COLUMNS[name]: value for name, value in self.counts.items()}
        return {**found, "scheme": self.scheme, "code": self.code, "level": self.level, "fte": self.fte,
                "external_fte": self.external_fte}  # fmt: skip


def _count(value: object, field: str) -> int:
    if isinstance(value, bool):
        raise ModelError(field, _("Give a whole number of 0 or more."))
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise ModelError(field, _("Give a whole number of 0 or more."))
    if value < 0:
        raise ModelError(field, _("A count cannot be negative."))
    return value


def _fte(value: object, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ModelError(field, _("Give a number of 0 or more, such as 12.5."))
    try:
        found = Decimal(str(value).strip())
    except InvalidOperation:
        raise ModelError(field, _("Give a number of 0 or more, such as 12.5.")) from None
    if not found.is_finite() or found < 0:
        raise ModelError(field, _("Give a number of 0 or more, such as 12.5."))
    if found != found.quantize(Decimal("0.01")) or found >= Decimal("10000000"):
        raise ModelError(field, _("Give at most two decimals."))
    return found.quantize(Decimal("0.01"))


def check_line(raw: object, at: str) -> Line:
    """One line, checked on its own: its shape, its profile and level, its counts and how they agree."""
    if not isinstance(raw, Mapping):
        raise ModelError(at, _("A line is an object with the fields %(fields)s.") % {"fields": ", ".join(FIELDS)})
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise ModelError(f"{at}.{unknown[0]}", _("This field is not part of a report line."))
    missing = [name for name in FIELDS if name not in raw]
    if missing:
        raise ModelError(f"{at}.{missing[0]}", _("This field is required."))
    scheme, code = str(raw["scheme"]).strip(), str(raw["code"]).strip()
    if scheme not in profiles.schemes():
        raise ModelError(f"{at}.scheme", _("Unknown profile scheme %(scheme)s.") % {"scheme": scheme})
    if profiles.find(scheme, code) is None:
        raise ModelError(f"{at}.code", _("Unknown profile %(code)s in %(scheme)s.") % {"code": code, "scheme": scheme})
    level = raw["level"]
    if isinstance(level, str) and level.strip().lower().removeprefix("e-").isdigit():
        level = int(level.strip().lower().removeprefix("e-"))
    if isinstance(level, bool) or level not in LEVELS:
        raise ModelError(f"{at}.level", _("The level is one of 1 to 5 (e-1 to e-5)."))
    counts = {name: _count(raw[name], f"{at}.{name}") for name in COUNTS}
    fte, external_fte = _fte(raw["fte"], f"{at}.fte"), _fte(raw["externalFte"], f"{at}.externalFte")
    headcount = counts["headcount"]
    ages = sum(counts[name] for name in AGES)
    if ages != headcount:
        raise ModelError(f"{at}.{AGES[-1]}", _("The age bands add up to %(ages)s, not to the headcount %(headcount)s.")
                         % {"ages": ages, "headcount": headcount})  # fmt: skip
    if fte > headcount:
        raise ModelError(f"{at}.fte", _("More fte than persons: %(fte)s fte for %(headcount)s persons.")
                         % {"fte": fte, "headcount": headcount})  # fmt: skip
    if counts["externalHeadcount"] > headcount:
        raise ModelError(f"{at}.externalHeadcount", _("More external persons than persons in all (%(headcount)s).")
                         % {"headcount": headcount})  # fmt: skip
    if external_fte > fte:
        raise ModelError(f"{at}.externalFte", _("More external fte than fte in all (%(fte)s).") % {"fte": fte})
    if counts["vacanciesOver90Days"] > counts["vacancies"]:
        raise ModelError(f"{at}.vacanciesOver90Days", _("More vacancies open over 90 days than open vacancies."))
    running = 0
    for name in OUTFLOW:
        running += counts[name]
        if running > headcount:
            raise ModelError(
                f"{at}.{name}",
                _("More expected outflow up to this year (%(outflow)s) than persons (%(headcount)s).")
                % {"outflow": running, "headcount": headcount},
            )
    return Line(scheme, code, level, counts, fte, external_fte)


def check(year: object, lines: object) -> tuple[int, list[Line]]:
    """The whole report, checked before anything is written."""
    this_year = timezone.localdate().year
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= this_year + 1:
        raise ModelError("year", _("The year is one from %(first)s to %(last)s.")
                         % {"first": FIRST_YEAR, "last": this_year + 1})  # fmt: skip
    if publication.closed(year) is not None:
        raise ModelError("year", _("The figures of %(year)s are published, so its reports are closed: a published "
                                   "year does not change.") % {"year": year})  # fmt: skip
    if not isinstance(lines, list) or not lines:
        raise ModelError("lines", _("A report has at least one line."))
    if len(lines) > MAX_LINES:
        raise ModelError("lines", _("A report has at most %(max)s lines.") % {"max": MAX_LINES})
    found: list[Line] = []
    seen: dict[tuple[str, str, int], int] = {}
    for n, raw in enumerate(lines):
        line = check_line(raw, f"lines[{n}]")
        key = (line.scheme, line.code, line.level)
        if key in seen:
            raise ModelError(f"lines[{n}].level", _("Profile %(code)s at level %(level)s is already on line "
                                                    "%(line)s.") % {"code": line.code, "level": line.level,
                                                                     "line": seen[key]})  # fmt: skip
        seen[key] = n
        found.append(line)
    return year, found


def submit(organisation: Organisation, year: object, lines: object, by: object = None) -> WorkforceReport:
    """Store the year's report of the organisation, replacing an earlier one of that year; refused whole first."""
    year, checked = check(year, lines)
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        report, _created = WorkforceReport.objects.select_for_update().update_or_create(
            organisation=organisation, year=year, defaults={"submitted_at": timezone.now(), "submitted_by": user}
        )
        report.lines.all().delete()
        WorkforceReportLine.objects.bulk_create(
            WorkforceReportLine(report=report, **line.columns()) for line in checked
        )
    return report


def as_fields(line: WorkforceReportLine) -> dict:
    """A stored line in the fields it was given in."""
    found = {name: getattr(line, column) for name, column in COLUMNS.items()}
    return {"scheme": line.scheme, "code": line.code, "level": line.level, **found}


# The CSV upload: the header is FIELDS, in any order; a row is a line. A refusal names the row as a person counts
# it in a spreadsheet (the header is row 1) and the column.
def template_csv() -> str:
    return ",".join(FIELDS) + "\r\n"


def read_csv(text: str) -> list[dict]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ModelError("file", _("The file is empty; start from the template."))
    header = [cell.strip() for cell in rows[0]]
    missing = [name for name in FIELDS if name not in header]
    unknown = [name for name in header if name not in FIELDS]
    if missing or unknown or len(set(header)) != len(header):
        problem = missing and _("column %(name)s is missing") % {"name": missing[0]}
        problem = problem or (unknown and _("column %(name)s is unknown") % {"name": unknown[0]})
        problem = problem or _("a column repeats")
        raise ModelError("file", _("The header is not the template's: %(problem)s.") % {"problem": problem})
    lines = []
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ModelError("file", _("Row %(row)s has %(found)s cells, not %(expected)s.")
                             % {"row": n, "found": len(row), "expected": len(header)})  # fmt: skip
        lines.append({"_row": n, **dict(zip(header, (cell.strip() for cell in row), strict=True))})
    return lines


def check_csv(year: object, lines: list[dict]) -> None:
    """check() with the refusal naming the CSV row and column instead of the line's index."""
    rows = [line.pop("_row") for line in lines]
    try:
        check(year, lines)
    except ModelError as error:
        found = re.fullmatch(r"lines\[(\d+)\]\.(\w+)", error.field)
        if found is None:
            raise
        message = str(error).split(": ", 1)[1]
        row, column = rows[int(found[1])], found[2]
        raise ModelError("file", _("Row %(row)s, column %(column)s: %(message)s")
                         % {"row": row, "column": column, "message": message}) from None  # fmt: skip


def own(organisation: Organisation) -> Iterable[WorkforceReport]:
    return WorkforceReport.objects.filter(organisation=organisation).prefetch_related("lines")
