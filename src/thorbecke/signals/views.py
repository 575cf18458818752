"""The handling of reports by the organisation they were routed to: its own reports only."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.registry.permissions import can_change, membership_of, require_change
from thorbecke.signals.forms import AssignForm, ForwardForm, StatusFilterForm, StatusForm
from thorbecke.signals.models import Audience, Photo, ServiceRequest, Status, StatusChange
from thorbecke.signals.notify import tell_people
from thorbecke.signals.places import describe, layers_at
from thorbecke.signals.reporting import map_context

PAGE_SIZE = 50


def _own(request: HttpRequest, pk: int) -> ServiceRequest:
    report = get_object_or_404(ServiceRequest.objects.select_related("category", "organisation"), pk=pk)
    membership = membership_of(request.user)
    if membership is None or membership.organisation_id != report.organisation_id:
        raise PermissionDenied
    return report


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    form = StatusFilterForm(request.GET or None)
    reports = ServiceRequest.objects.filter(organisation=membership.organisation).select_related("category")
    if form.is_valid() and form.cleaned_data["status"]:
        reports = reports.filter(status=form.cleaned_data["status"])
    if form.is_valid() and form.cleaned_data["mine"]:
        reports = reports.filter(assigned_to=request.user)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    points = [
        {
            "lat": r.lat,
            "long": r.long,
            "label": f"{r.pk}: {r.category.name}",
            "url": reverse("signals:detail", args=[r.pk]),
        }
        for r in page
        if r.lat is not None
    ]
    context = {
        "points": points,
        "organisation": membership.organisation,
        "form": form,
        "page": page,
        "now": timezone.now(),
        "points_json": json.dumps(points),
        **map_context(),
    }
    return render(request, "signals/list.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own(request, pk)
    return render(request, "signals/detail.html", _detail(request, report))


def _detail(request: HttpRequest, report: ServiceRequest, **forms: object) -> dict[str, object]:
    history = list(report.history.select_related("by", "forwarded_from", "forwarded_to", "assigned_to", "held_by"))
    for step in history:
        # Only the holding organisation's staff see this page: what another organisation noted internally stays
        # with it (StatusChange.readable_by).
        step.readable = step.readable_by(report.organisation_id)  # type: ignore[attr-defined]
    return {
        "report": report,
        "history": history,
        "has_photo": Photo.objects.filter(request=report).exists(),
        "can_change": can_change(request.user, report),
        "form": forms.get("form") or StatusForm(initial={"status": report.status}),
        "forward": forms.get("forward") or ForwardForm(prefix="forward", report=report),
        "place": describe(report.lat, report.long, report.address_string).words,
        "layers": layers_at(report.lat, report.long),
        "assign": forms.get("assign")
        or AssignForm(prefix="assign", organisation=report.organisation, initial={"assignee": report.assigned_to}),
    }


def _step(
    request: HttpRequest, report: ServiceRequest, note: str, new_status: str = "", **what: object
) -> StatusChange:
    """One step in the report's append-only history, taken by the signed-in member of staff."""
    return StatusChange.objects.create(
        request=report,
        by=request.user,
        old_status=report.status,
        new_status=new_status or report.status,
        note=note,
        **what,
    )


@login_required
@require_http_methods(["POST"])
def report_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Not ours: send the report on to the organisation that handles it, with the reason."""
    report = get_object_or_404(ServiceRequest.objects.select_related("category", "organisation"), pk=pk)
    # Only the organisation holding the report, and there only those who may change, forward it.
    require_change(request.user, report)
    form = ForwardForm(request.POST, prefix="forward", report=report)
    if form.is_valid() and form.cleaned_data["organisation"].pk == report.organisation_id:
        form.add_error("organisation", _("The report is already with this organisation."))
    if not form.is_valid():
        return render(request, "signals/detail.html", _detail(request, report, forward=form), status=400)
    target = form.cleaned_data["organisation"]
    with transaction.atomic():
        _step(
            request,
            report,
            form.cleaned_data["note"],
            kind=StatusChange.Kind.FORWARD,
            forwarded_from=report.organisation,
            forwarded_to=target,
        )
        report.organisation = target
        # Whom the sender had given it to is the sender's business, and not someone the receiver can assign.
        report.assigned_to = None
        report.save(update_fields=["organisation", "assigned_to", "updated_at"])
    messages.success(request, _("The report has been forwarded to %(name)s.") % {"name": target.name})
    return redirect("signals:list")


@login_required
@require_http_methods(["POST"])
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ServiceRequest, pk=pk)
    require_change(request.user, report)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(request, "signals/detail.html", _detail(request, report, form=form), status=400)
    new_status, note, audience = (form.cleaned_data[name] for name in ("status", "note", "audience"))
    with transaction.atomic():
        step = _step(request, report, note, new_status=new_status, audience=audience)
        if new_status == Status.CLOSED and report.status != Status.CLOSED:
            report.closed_at = timezone.now()
        elif new_status == Status.OPEN:
            report.closed_at = None
        report.status = new_status
        # Open311's status_notes is public: a note to the reporter or internal leaves the last public one.
        if audience == Audience.PUBLIC:
            report.status_notes = note
        report.save(update_fields=["status", "status_notes", "closed_at", "updated_at"])
        tell_people(report, step)
    messages.success(request, _("The status has been changed."))
    return redirect("signals:detail", pk=report.pk)


@login_required
@require_http_methods(["POST"])
def report_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the report to one member of the organisation's team (or to nobody), recorded in the history."""
    report = get_object_or_404(ServiceRequest.objects.select_related("organisation"), pk=pk)
    require_change(request.user, report)
    form = AssignForm(request.POST, prefix="assign", organisation=report.organisation)
    if not form.is_valid():
        return render(request, "signals/detail.html", _detail(request, report, assign=form), status=400)
    assignee = form.cleaned_data["assignee"]
    with transaction.atomic():
        note = _("Assigned to %(name)s.") % {"name": assignee.username} if assignee else _("Assignment removed.")
        _step(request, report, note, kind=StatusChange.Kind.ASSIGN, assigned_to=assignee)
        report.assigned_to = assignee
        report.save(update_fields=["assigned_to", "updated_at"])
    messages.success(request, _("The assignment has been saved."))
    return redirect("signals:detail", pk=report.pk)


@login_required
def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The photo, only to the staff of the organisation handling the report."""
    report = _own(request, pk)
    photo = Photo.objects.filter(request=report).first()
    if photo is None:
        raise Http404
    response = HttpResponse(bytes(photo.data), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
