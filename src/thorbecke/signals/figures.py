"""Figures on report handling, public like the reports themselves: per organisation and per category,
how many reports came in, how many are closed, how long closing took, how many were closed by
their deadline, and how satisfied the reporters were."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from thorbecke.registry.models import Organisation
from thorbecke.signals.models import Category, Feedback, ServiceRequest, Status


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    reports: int
    closed: int
    on_time: int
    mean_days_to_close: float | None
    satisfaction: float | None
    answers: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


def _rows(reports: QuerySet, by: str, names: dict[str, str]) -> list[Row]:
    to_close = ExpressionWrapper(F("closed_at") - F("requested_at"), output_field=DurationField())
    grouped = (
        reports.values(by)
        .annotate(
            reports=Count("pk"),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            on_time=Count("pk", filter=Q(status=Status.CLOSED, closed_at__lte=F("expected_at"))),
            to_close=Avg(to_close, filter=Q(status=Status.CLOSED, closed_at__isnull=False)),
            satisfaction=Avg("feedback__satisfaction"),
            answers=Count("feedback"),
        )
        .order_by("-reports", by)
    )
    return [
        Row(
            code=str(row[by]),
            name=names.get(row[by], str(row[by])),
            reports=row["reports"],
            closed=row["closed"],
            on_time=row["on_time"],
            mean_days_to_close=row["to_close"].total_seconds() / 86400 if row["to_close"] is not None else None,
            satisfaction=round(row["satisfaction"], 2) if row["satisfaction"] is not None else None,
            answers=row["answers"],
        )
        for row in grouped
    ]


def by_organisation() -> list[Row]:
    rows = _rows(ServiceRequest.objects.all(), "organisation__code", {})
    names = dict(Organisation.objects.filter(code__in=[r.code for r in rows]).values_list("code", "name"))
    return [Row(**{**vars(r), "name": names.get(r.code, r.code)}) for r in rows]


def by_category(organisation: Organisation | None = None) -> list[Row]:
    reports = ServiceRequest.objects.all()
    if organisation is not None:
        reports = reports.filter(organisation=organisation)
    names = {c.slug: c.name for c in Category.objects.all()}
    return _rows(reports, "category_id", names)


def closed_on_time_between(since: datetime, until: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation that closed reports with a deadline in [since, until): (closed by the deadline, closed). A
    report without a deadline (``expected_at``) cannot be late or on time and is not counted."""
    rows = (
        ServiceRequest.objects.filter(
            status=Status.CLOSED, closed_at__gte=since, closed_at__lt=until, expected_at__isnull=False
        )
        .values("organisation_id")
        .annotate(closed=Count("pk"), on_time=Count("pk", filter=Q(closed_at__lte=F("expected_at"))))
        .order_by()
        .values_list("organisation_id", "on_time", "closed")
    )
    return {organisation: (on_time, closed) for organisation, on_time, closed in rows}


def satisfaction_between(since: datetime, until: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation whose reporters answered the survey in [since, until): (sum of the answers, 1 to 5; how
    many answers), so that means add up over organisations."""
    rows = (
        Feedback.objects.filter(at__gte=since, at__lt=until)
        .values("request__organisation_id")
        .annotate(total=Sum("satisfaction"), answers=Count("pk"))
        .order_by()
        .values_list("request__organisation_id", "total", "answers")
    )
    return {organisation: (total, answers) for organisation, total, answers in rows}


def figures_page(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("organisation", "")
    organisation = get_object_or_404(Organisation, code=code) if code else None
    organisations = [] if organisation else by_organisation()
    categories = by_category(organisation)
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "categories": categories,
        "most_reports": max((r.reports for r in [*organisations, *categories]), default=1),
    }
    return render(request, "signals/figures.html", context)
