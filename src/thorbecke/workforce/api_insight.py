"""The national picture of the IT workforce as an API, open to all as its pages are (decision 0057): the cells of
the one protected cube of a year as the programme published it (decision 0061), with the suppression rule stated in
every answer; and the shortage forecast per profile, the country's for all, an organisation's own for its staff and
the programme."""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from thorbecke.registry import layers
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import is_programme, membership_of
from thorbecke.web.api import Link, Problem
from thorbecke.workforce import insight, publication, suppression
from thorbecke.workforce.suppression import AGE_BANDS

router = Router(tags=["workforce insight"])
LAYER = "^(" + "|".join(layer.key for layer in layers.LAYERS) + ")$"


class SuppressionRule(Schema):
    minPersons: int
    minOrganisations: int
    maxShareOfOneOrganisation: float
    text: str = Field(description="The rule in words, primary and secondary suppression.")


class WorkforceAgeBand(Schema):
    band: str = Field(description="<25, 25-34, 35-44, 45-54, 55-64 or 65+.")
    headcount: int | None = Field(description="Null: this band is suppressed under the same rule as a cell.")


class WorkforceInsightRow(Schema):
    profile: str = Field(description="scheme:code of the job profile, or * for all.")
    level: str = Field(description="The e-CF level 1 to 5, or * for all.")
    layer: str = Field(description="The layer of government's key, or * for all.")
    province: str = Field(description="The province's code, empty for none, or * for all.")
    label: str
    shown: bool = Field(description="False: the cell is suppressed and every figure in it is null.")
    headcount: int | None
    fte: float | None
    externalHeadcount: int | None = Field(description="Null when the hired are suppressed, as a part of the cell.")
    externalFte: float | None
    shareExternal: float | None = Field(description="External headcount over headcount, 0 to 1.")
    vacancies: int | None
    vacanciesOver90Days: int | None
    outflow: list[int | None] | None = Field(description="Expected outflow (retirement) in each of the next five "
                                                         "years; null: suppressed as a part of the cell.")  # fmt: skip
    ageBands: list[WorkforceAgeBand] | None


class WorkforceInsight(Schema):
    year: int | None = Field(description="The published year; null when no year is published.")
    publishedAt: datetime | None = Field(description="When the programme published the year: its figures do not "
                                                     "change after.")  # fmt: skip
    by: str
    rule: SuppressionRule
    rows: list[WorkforceInsightRow]
    total: WorkforceInsightRow | None
    links: dict[str, Link] = Field(alias="_links")


class WorkforceInsightParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="A published year; the latest by default.")
    by: str = Field("profile", pattern="^(profile|level|layer|province)$", description="The rows' dimension.")
    profile: str | None = Field(None, pattern=r"^[\w.-]+:[\w.-]+$", description="Only this profile (scheme:code).")
    layer: str | None = Field(None, pattern=LAYER, description="Only this layer of government.")
    province: str | None = Field(None, pattern=r"^(pv\d\d|none)$", description="Only this province; none: none.")


def rule() -> dict:
    return {
        "minPersons": suppression.MIN_PERSONS,
        "minOrganisations": suppression.MIN_ORGANISATIONS,
        "maxShareOfOneOrganisation": suppression.MAX_SHARE,
        "text": rule_text(),
    }


def rule_text() -> str:
    return _(
        "A figure is shown only when it counts at least %(persons)s persons from at least %(organisations)s "
        "organisations and no organisation gives more than %(share)s%% of them; otherwise its whole row is hidden. "
        "Inside a shown row, each age band, each year's expected retirements and the number hired are held to the "
        "same rule and hidden on their own, with the shares computed from them. "
        "Where a shown total has hidden parts, at least two parts are hidden and together they pass the same rule, "
        "so no hidden figure can be computed by subtraction. Every view is part of the same protected table."
    ) % {
        "persons": suppression.MIN_PERSONS,
        "organisations": suppression.MIN_ORGANISATIONS,
        "share": round(suppression.MAX_SHARE * 100),
    }


def _row(row: insight.Row) -> dict:
    profile, level, layer, province = row.key
    found = {"profile": profile, "level": level, "layer": layer, "province": province, "label": str(row.label),
             "shown": row.shown}  # fmt: skip
    f = row.figures
    figures = {
        "headcount": f.headcount, "fte": f.fte, "externalHeadcount": f.external_headcount,
        "externalFte": f.external_fte, "shareExternal": row.share_external, "vacancies": f.vacancies,
        "vacanciesOver90Days": f.vacancies_long, "outflow": list(f.outflow),
        "ageBands": [{"band": b, "headcount": n} for b, n in zip(AGE_BANDS, f.age_bands, strict=True)],
    }  # fmt: skip
    return {**found, **(figures if row.shown else dict.fromkeys(figures))}


def _published_at(year: int | None) -> datetime | None:
    found = publication.of(year) if year else None
    return found.published_at if found else None


def _links(request: HttpRequest, page: str) -> dict:
    return {
        "self": {"href": request.build_absolute_uri(request.get_full_path())},
        "page": {"href": request.build_absolute_uri(reverse(page))},
    }


@router.get(
    "/workforce-insight", response={200: WorkforceInsight, 400: Problem}, url_name="workforce-insight", by_alias=True,
    summary="The government's IT workforce per profile, level, layer or province, small cells suppressed",
)  # fmt: skip
def national(request: HttpRequest, params: Query[WorkforceInsightParams]) -> dict:  # type: ignore[type-arg]
    year = params.year or insight.latest_year()
    where = {name: value for name, value in (("profile", params.profile), ("layer", params.layer),
                                              ("province", params.province)) if value}  # fmt: skip
    if where.get("province") == "none":
        where["province"] = insight.NO_PROVINCE
    rows, total = insight.view(insight.cube(year), params.by, where) if year else ([], None)
    return {
        "year": year, "publishedAt": _published_at(year), "by": params.by, "rule": rule(),
        "rows": [_row(r) for r in rows], "total": _row(total) if total else None,
        "_links": _links(request, "workforce:insight"),
    }  # fmt: skip


class WorkforceShortage(Schema):
    rank: int
    profile: str = Field(description="scheme:code of the job profile.")
    label: str
    headcount: int
    vacancies: int
    vacanciesOver90Days: int
    hardToFill: bool = Field(description="At least half the open vacancies have been open longer than 90 days.")
    positionsToFill: list[int | None] = Field(description="By the end of each of the next five years: open vacancies "
                                                          "plus the expected outflow so far, assuming no inflow; null "
                                                          "from the first year whose outflow is hidden.")  # fmt: skip


class WorkforceShortages(Schema):
    year: int | None = Field(description="The published year; null when no year is published.")
    publishedAt: datetime | None = Field(description="When the programme published the year.")
    organisation: str | None = Field(description="The organisation's code for its own forecast; null: the country.")
    assumption: str
    rule: SuppressionRule
    profiles: list[WorkforceShortage]
    links: dict[str, Link] = Field(alias="_links")


class WorkforceShortageParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="A published year; the latest by default.")
    organisation: str | None = Field(None, max_length=100, description="An organisation's own forecast (its staff "
                                                                       "and the programme only).")  # fmt: skip


@router.get(
    "/workforce-shortages", response={200: WorkforceShortages, 400: Problem, 404: Problem},
    url_name="workforce-shortages",
    summary="The shortage forecast per profile, ranked: the country's, or your organisation's own", by_alias=True,
)  # fmt: skip
def shortages(request: HttpRequest, params: Query[WorkforceShortageParams]) -> dict:  # type: ignore[type-arg]
    organisation = None
    if params.organisation:
        membership = membership_of(request.user)
        organisation = Organisation.objects.filter(code=params.organisation).first()
        allowed = membership is not None and (is_programme(request.user) or membership.organisation == organisation)
        if organisation is None or not allowed:
            raise HttpError(404, f"No shortage forecast of {params.organisation} that you may see.")
    year = params.year or insight.latest_year()
    found = insight.shortages(organisation, year) if year else []
    return {
        "year": year, "publishedAt": _published_at(year), "organisation": organisation.code if organisation else None,
        "assumption": _("Positions to fill are the open vacancies plus the expected outflow so far; no inflow is "
                        "assumed."),
        "rule": rule(),
        "profiles": [
            {"rank": n, "profile": s.profile, "label": s.label, "headcount": s.headcount, "vacancies": s.vacancies,
             "vacanciesOver90Days": s.vacancies_long, "hardToFill": s.hard_to_fill,
             "positionsToFill": list(s.to_fill)}
            for n, s in enumerate(found, 1)
        ],
        "_links": _links(request, "workforce:shortages"),
    }  # fmt: skip
