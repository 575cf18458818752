"""Publishing a year's national workforce figures, once (decision 0061).

The programme publishes a year when the organisations have reported. Publishing protects the year's cube
(``suppression.protect``: primary and secondary suppression and the audit across margins) and stores its cells
without a hidden figure; every public view and API answer of that year reads those stored cells and nothing else. From
then on a report for the year is refused, so the figures of a year exist in one state only: with live figures, the
views before and after one organisation's report could be subtracted to give that report. Protecting is the slow part
(tens of minutes for 350 organisations, bench/workforce_suppression.py), so the page starts it in a background thread
and shows how far it is; ``publish`` runs it to the end in the caller, for the demo's seed and the tests."""

import threading
from datetime import timedelta

from django.db import IntegrityError, connections, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.caches import process_cache
from thorbecke.registry import layers
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import WorkforcePublication, WorkforceReport, WorkforceReportLine
from thorbecke.workforce.suppression import Cell, Contribution, Figures, Key, hidden_figures, protect

State = WorkforcePublication.State
# A publication still "running" after this long was cut off (the hub stopped): it may be started again. Protecting
# 350 organisations' reports takes tens of minutes (bench/workforce_suppression.py), so this leaves a wide margin.
STALE = timedelta(hours=6)
NO_PROVINCE = ""  # central government, public service providers, water boards: the register gives no province


def reports_of(year: int) -> dict:
    """How many organisations reported for the year and in how many lines, and when last."""
    found = WorkforceReport.objects.filter(year=year).aggregate(organisations=Count("id"), last=Max("submitted_at"))
    found["lines"] = WorkforceReportLine.objects.filter(report__year=year).count()
    return found


def closed(year: int) -> WorkforcePublication | None:
    """The year's publication, published or under way, that closes its reports; None while the year is open."""
    found = WorkforcePublication.objects.filter(year=year).first()
    if found is None or found.state == State.FAILED or _stale(found):
        return None
    return found


def _stale(publication: WorkforcePublication) -> bool:
    return publication.state == State.RUNNING and publication.started_at < timezone.now() - STALE


def begin(year: int, by: object = None) -> WorkforcePublication:
    """The year's publication, started: refused, with the reason, when the year has no report or is published or
    being published. A failed or cut-off attempt is replaced."""
    if not WorkforceReport.objects.filter(year=year).exists():
        raise ModelError("year", _("No organisation has reported for %(year)s: there is nothing to publish.")
                         % {"year": year})  # fmt: skip
    with transaction.atomic():
        found = WorkforcePublication.objects.select_for_update().filter(year=year).first()
        if found is not None and found.state == State.PUBLISHED:
            raise ModelError("year", _("The figures of %(year)s are published: a year is published once.")
                             % {"year": year})  # fmt: skip
        if found is not None and found.state == State.RUNNING and not _stale(found):
            raise ModelError("year", _("The figures of %(year)s are being published.") % {"year": year})
        if found is not None:
            found.delete()
        try:
            with transaction.atomic():
                return WorkforcePublication.objects.create(
                    year=year, started_at=timezone.now(), started_by=by if getattr(by, "pk", None) else None
                )
        except IntegrityError:  # another request began the same year a moment ago
            raise ModelError("year", _("The figures of %(year)s are being published.") % {"year": year}) from None


def place(organisation: Organisation) -> tuple[str, str]:
    """The organisation's layer of government and province code (a province is its own province)."""
    layer = layers.of(organisation.org_type, organisation.parent_id)
    if organisation.org_type == OrganisationType.PROVINCIE:
        return layer, organisation.code
    return layer, organisation.province.code if organisation.province_id else NO_PROVINCE


def figures_of(line: WorkforceReportLine) -> Figures:
    return Figures(
        headcount=line.headcount,
        fte=float(line.fte),
        external_headcount=line.external_headcount,
        external_fte=float(line.external_fte),
        vacancies=line.vacancies,
        vacancies_long=line.vacancies_over_90_days,
        outflow=(line.outflow_1, line.outflow_2, line.outflow_3, line.outflow_4, line.outflow_5),
        age_bands=(line.age_under_25, line.age_25_34, line.age_35_44, line.age_45_54, line.age_55_64,
                   line.age_65_plus),
    )  # fmt: skip


def contributions(year: int) -> list[Contribution]:
    lines = WorkforceReportLine.objects.filter(report__year=year).select_related("report__organisation__province")
    found = []
    for line in lines:
        organisation = line.report.organisation
        layer, province = place(organisation)
        key = (f"{line.scheme}:{line.code}", str(line.level), layer, province)
        found.append(Contribution(organisation.pk, key, figures_of(line)))
    return found


def complete(publication: WorkforcePublication) -> WorkforcePublication:
    """Protect the year's cube and store it; on any error the attempt is marked failed, with the reason, and nothing
    is published."""
    try:
        before = reports_of(publication.year)
        protected = protect(contributions(publication.year))
        if reports_of(publication.year) != before:
            raise RuntimeError(_("A report of the year changed while it was being protected: start again."))
        cells = [_stored(hidden_figures(cell)) for cell in protected.values()]
    except Exception as error:
        WorkforcePublication.objects.filter(pk=publication.pk).update(state=State.FAILED, error=str(error)[:2000])
        publication.refresh_from_db()
        return publication
    WorkforcePublication.objects.filter(pk=publication.pk).update(
        state=State.PUBLISHED, published_at=timezone.now(), organisations=before["organisations"],
        lines=before["lines"], hidden=sum(1 for c in protected.values() if not c.shown), cells=cells,
    )  # fmt: skip
    publication.refresh_from_db()
    return publication


def publish(year: int, by: object = None) -> WorkforcePublication:
    """Begin and complete the year's publication here and now."""
    return complete(begin(year, by))


def start(year: int, by: object = None) -> WorkforcePublication:
    """Begin the year's publication and complete it in a background thread; returns at once."""
    publication = begin(year, by)

    def work() -> None:
        try:
            complete(publication)
        finally:
            connections.close_all()

    transaction.on_commit(
        lambda: threading.Thread(target=work, name=f"workforce-publication-{year}", daemon=True).start()
    )
    return publication


def _stored(cell: Cell) -> list:
    f = cell.figures
    figures = [f.headcount, f.fte, f.external_headcount, f.external_fte, f.vacancies, f.vacancies_long,
               list(f.outflow), list(f.age_bands), f.outflow_later] if cell.shown else None  # fmt: skip
    return [list(cell.key), cell.shown, cell.why, figures]


def _cell(stored: list) -> Cell:
    key, shown, why, figures = stored
    cell = Cell(tuple(key), shown=shown, why=why)  # type: ignore[arg-type]
    if figures is not None:
        head, fte, ext, ext_fte, vac, vac_long, outflow, ages, later = figures
        cell.figures = Figures(head, fte, ext, ext_fte, vac, vac_long, tuple(outflow), tuple(ages), later)
    return cell


def _published_version() -> tuple:
    return tuple(WorkforcePublication.objects.filter(state=State.PUBLISHED).values_list("pk", "year", "published_at"))


@process_cache(version=_published_version)
def _published() -> dict[int, dict[Key, Cell]]:
    """Every published year's cells; a publication never changes, so only a new one loads them again."""
    found: dict[int, dict[Key, Cell]] = {}
    for year, stored in WorkforcePublication.objects.filter(state=State.PUBLISHED).values_list("year", "cells"):
        cells = (_cell(s) for s in stored)
        found[year] = {c.key: c for c in cells}  # type: ignore[misc]
    return found


def published_years() -> list[int]:
    return sorted(_published(), reverse=True)


def cells(year: int) -> dict[Key, Cell]:
    """The year's published cells; {} when the year is not published."""
    return _published().get(year, {})


def of(year: int) -> WorkforcePublication | None:
    """The year's publication, without its cells, for what a page says about it; None when not published."""
    return WorkforcePublication.objects.defer("cells").filter(year=year, state=State.PUBLISHED).first()
