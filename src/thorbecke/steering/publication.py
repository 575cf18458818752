"""The indicators' observations published as data: the same rows as CSV, as JSON and as a JSON-stat 2.0 dataset,
and described in DCAT-AP-NL 3.0 (JSON-LD), one dataset per indicator with one distribution per format.

"No data" stays apart from 0 in every format: an empty cell in CSV, null in JSON, and in JSON-stat a null value
with the status ``NO_DATA`` (the dataset's ``note`` says what it means). A cell of the JSON-stat cube that has no
row (an organisation the source knows nothing about in a month) is "no data" too.

JSON-stat 2.0 (json-stat.org/full): ``id`` orders the dimensions, ``size`` gives each one's number of categories,
``value`` holds the cells in row-major order (the last dimension varies fastest) and has exactly the product of
``size`` cells; each dimension's ``category.index`` gives its categories' positions. Roles: ``metric`` the
indicator, ``time`` the period, ``geo`` the area (a scope and its key: ``country:NL``, ``org_type:gemeente``,
``province:pv26``, ``organisation:gm0344``).
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from thorbecke.exchange.models import DCAT_CONTEXT, THEME_GOVERNMENT
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.steering import periods
from thorbecke.steering.indicators import Unit
from thorbecke.steering.models import Indicator, Observation, Scope

NO_DATA = "-"  # JSON-stat status of a cell whose source holds nothing for that area and month
CSV_COLUMNS = ("indicator", "period", "scope", "area", "area_name", "value", "numerator", "denominator")
# The vocabularies DCAT-AP-NL 3.0 names for these properties (its section "Waardelijsten").
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
FREQUENCY_MONTHLY = "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
NETHERLANDS = "http://publications.europa.eu/resource/authority/country/NLD"
LICENCE_CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
LANGUAGES = [
    "http://publications.europa.eu/resource/authority/language/NLD",
    "http://publications.europa.eu/resource/authority/language/ENG",
]
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
CONTEXT = DCAT_CONTEXT | {"rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
# The national programme that owns the indicators sits at the Ministry of the Interior (BZK), which publishes them.
PUBLISHER = "rijk-ministerie-van-binnenlandse-zaken"


@dataclass(frozen=True)
class Selection:
    """Which observations: a scope (all when empty) and a range of months, both ends included (open when empty)."""

    scope: str = ""
    period_from: str = ""
    period_to: str = ""

    def __post_init__(self) -> None:
        if self.scope and self.scope not in Scope.values:
            raise SelectionError("scope", _("Must be one of %(values)s.") % {"values": ", ".join(Scope.values)})
        for name in ("period_from", "period_to"):
            if getattr(self, name):
                try:
                    periods.parse(getattr(self, name))
                except ValueError:
                    raise SelectionError(name, _("A month is written YYYY-MM, e.g. 2026-01.")) from None
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise SelectionError("period_to", _("The last month comes before the first."))


class SelectionError(ValueError):
    """A selection that cannot be made; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def observations(indicator: Indicator, selection: Selection) -> QuerySet:
    rows = indicator.observations.all()
    if selection.scope:
        rows = rows.filter(scope=selection.scope)
    if selection.period_from:
        rows = rows.filter(period__gte=selection.period_from)
    if selection.period_to:
        rows = rows.filter(period__lte=selection.period_to)
    return rows.order_by("period", "scope", "key")


def area_names(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """People's names of areas, in the page's language: the country, a type of organisation, an organisation or
    a province (by its own organisation's name)."""
    wanted = set(keys)
    codes = {key for scope, key in wanted if scope in (Scope.ORGANISATION, Scope.PROVINCE)}
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    found = {}
    for scope, key in wanted:
        if scope == Scope.COUNTRY:
            found[(scope, key)] = _("The Netherlands")
        elif scope == Scope.ORG_TYPE:
            found[(scope, key)] = str(OrganisationType(key).label) if key in OrganisationType.values else key
        else:
            found[(scope, key)] = names.get(key, key)
    return found


def _number(value: float | None) -> float | int | None:
    """A whole number as an integer, so that 3 is written 3 and not 3.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def as_records(rows: Iterable[Observation]) -> list[dict]:
    rows = list(rows)
    names = area_names((o.scope, o.key) for o in rows)
    return [
        {
            "period": o.period,
            "scope": o.scope,
            "area": o.key,
            "areaName": names[(o.scope, o.key)],
            "value": _number(o.value),
            "numerator": _number(o.numerator),
            "denominator": _number(o.denominator),
        }
        for o in rows
    ]


def as_csv(indicator: Indicator, rows: Iterable[Observation]) -> str:
    """One line per observation; "no data" is an empty value, never 0."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    for r in as_records(rows):
        cells = [r["value"], r["numerator"], r["denominator"]]
        writer.writerow(
            [indicator.code, r["period"], r["scope"], r["area"], r["areaName"]]
            + ["" if cell is None else repr(cell) for cell in cells]
        )
    return out.getvalue()


def _decimals(unit: str) -> int:
    return {Unit.SHARE: 3, Unit.COUNT: 0}.get(unit, 1)


def as_jsonstat(indicator: Indicator, rows: Iterable[Observation], language: str, href: str = "") -> dict:
    """The observations as one JSON-stat 2.0 dataset: indicator x period x area."""
    rows = list(rows)
    months = sorted({o.period for o in rows})
    areas = sorted({(o.scope, o.key) for o in rows}, key=lambda a: (list(Scope.values).index(a[0]), a[1]))
    names = area_names(areas)
    area_ids = [f"{scope}:{key}" for scope, key in areas]
    place = {(o.period, f"{o.scope}:{o.key}"): o.value for o in rows}
    values: list[float | None] = []
    status: dict[str, str] = {}
    for month in months:
        for area in area_ids:
            value = place.get((month, area))
            if value is None:
                status[str(len(values))] = NO_DATA
            values.append(value)
    updated = max((o.computed_at for o in rows), default=None)
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": indicator.name(language),
        "source": indicator.source,
        "id": ["indicator", "period", "area"],
        "size": [1, len(months), len(area_ids)],
        "role": {"metric": ["indicator"], "time": ["period"], "geo": ["area"]},
        "dimension": {
            "indicator": {
                "label": pgettext("json-stat dimension", "indicator"),
                "category": {
                    "index": [indicator.code],
                    "label": {indicator.code: indicator.name(language)},
                    "unit": {indicator.code: {"label": indicator.unit, "decimals": _decimals(indicator.unit)}},
                },
            },
            "period": {"label": pgettext("json-stat dimension", "month"), "category": {"index": months}},
            "area": {
                "label": pgettext("json-stat dimension", "area"),
                "category": {
                    "index": area_ids,
                    "label": {f"{scope}:{key}": names[(scope, key)] for scope, key in areas},
                },
            },
        },
        "value": values,
        "note": [
            _("A null value with status '%(status)s' is no data: the source holds nothing there.") % {"status": NO_DATA}
        ],
    }
    if status:
        dataset["status"] = status
    if updated:
        dataset["updated"] = updated.isoformat(timespec="seconds")
    if href:
        dataset["href"] = href
    return dataset


@dataclass(frozen=True)
class Download:
    """One format an indicator's observations are downloaded in, for its DCAT distribution."""

    file_type: str  # in the EU file-type vocabulary
    media_type: str  # IANA
    url: str


def _texts(nl: str, en: str) -> list[dict]:
    return [{"@language": "nl", "@value": nl}, {"@language": "en", "@value": en}]


def _publisher() -> dict:
    organisation = Organisation.objects.filter(code=PUBLISHER).first()
    if organisation is None:  # a hub without the register: the programme is named, not identified
        return {"@type": "foaf:Agent", "foaf:name": "Programma Digitale Overheid"}
    agent = {"@type": "foaf:Agent", "foaf:name": organisation.name}
    # Its TOOI URI identifies it where the register has one; a bare code is no IRI, so then it is named only.
    return {"@id": organisation.tooi_uri, **agent} if organisation.tooi_uri else agent


def _contact() -> dict:
    contact = settings.API_CONTACT
    point: dict = {"@type": "vcard:Organization", "vcard:fn": contact["name"]}
    if contact.get("email"):
        point["vcard:hasEmail"] = {"@id": f"mailto:{contact['email']}"}
    if contact.get("url"):
        point["vcard:hasURL"] = {"@id": contact["url"]}
    return point


def dcat_dataset(
    indicator: Indicator, identifier: str, page: str, downloads: list[Download], months: tuple[str, str] | None
) -> dict:
    """An indicator's observations as a DCAT-AP-NL 3.0 dcat:Dataset, with one distribution per format."""
    publisher = _publisher()
    dataset: dict = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _texts(indicator.name_nl, indicator.name_en),
        "dct:description": _texts(indicator.definition_nl, indicator.definition_en),
        "dct:publisher": publisher,
        "dct:creator": publisher,
        "dcat:contactPoint": _contact(),
        "dct:accessRights": {"@id": ACCESS_PUBLIC},
        "dcat:theme": {"@id": THEME_GOVERNMENT},
        "dct:accrualPeriodicity": {"@id": FREQUENCY_MONTHLY},
        "dct:spatial": {"@id": NETHERLANDS},
        "dct:language": [{"@id": language} for language in LANGUAGES],
        "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": indicator.source},
        "dcat:landingPage": {"@id": page},
        "dcat:keyword": [indicator.get_priority_display(), indicator.code],
        "dcat:distribution": [
            {
                "@id": d.url,
                "@type": "dcat:Distribution",
                "dcat:accessURL": {"@id": d.url},
                "dcat:downloadURL": {"@id": d.url},
                "dct:format": {"@id": FILE_TYPE + d.file_type},
                "dcat:mediaType": {"@id": MEDIA_TYPE + d.media_type},
                "dct:license": {"@id": LICENCE_CC0},
            }
            for d in downloads
        ],
    }
    if months:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@type": "xsd:gYearMonth", "@value": months[0]},
            "dcat:endDate": {"@type": "xsd:gYearMonth", "@value": months[1]},
        }
    return dataset


def dcat_catalogue(identifier: str, title: tuple[str, str], datasets: list[dict]) -> dict:
    """The whole set: a dcat:Catalog holding every indicator's dataset."""
    return {
        "@context": CONTEXT,
        "@id": identifier,
        "@type": "dcat:Catalog",
        "dct:title": _texts(*title),
        "dct:description": _texts(
            "De sturingsindicatoren van de Digitaliseringsstrategie, per maand berekend uit wat de apps van het "
            "platform weten, per organisatie, soort organisatie, provincie en voor het land.",
            "The steering indicators of the Digitalisation Strategy, computed per month from what the platform's "
            "apps know, per organisation, type of organisation, province and for the country.",
        ),
        "dct:publisher": _publisher(),
        "dct:license": {"@id": LICENCE_CC0},
        "dcat:dataset": datasets,
    }
