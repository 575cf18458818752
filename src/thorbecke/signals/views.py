"""The handling of reports by the organisation they were routed to: its own reports only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.registry.permissions import can_change, membership_of, require_change
from thorbecke.signals.forms import ForwardForm, StatusFilterForm, StatusForm
from thorbecke.signals.models import ServiceRequest, Status, StatusChange

PAGE_SIZE = 50


def tell_reporter(report: ServiceRequest) -> None:
    """The reporter hears of every status change, by e-mail when they left an address."""
    if not report.email:
        return
    status = "afgesloten / closed" if report.status == Status.CLOSED else "open"
    send_mail(
        f"Melding {report.pk}: {status}",
        f"Uw melding {report.pk} ({report.category.name_nl}) is nu {status}.\n\n{report.status_notes}\n\n"
        f"Your report {report.pk} is now {status}.",
        None,
        [report.email],
    )


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
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"organisation": membership.organisation, "form": form, "page": page, "now": timezone.now()}
    return render(request, "signals/list.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own(request, pk)
    context = {
        "report": report,
        "history": report.history.select_related("by"),
        "form": StatusForm(initial={"status": report.status}),
        "forward": ForwardForm(prefix="forward"),
        "can_change": can_change(request.user, report),
    }
    return render(request, "signals/detail.html", context)


@login_required
@require_http_methods(["POST"])
def report_forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Not ours: send the report on to the organisation that handles it, with the reason."""
    report = get_object_or_404(ServiceRequest, pk=pk)
    require_change(request.user, report)
    form = ForwardForm(request.POST, prefix="forward")
    if form.is_valid() and form.cleaned_data["organisation"].pk == report.organisation_id:
        form.add_error("organisation", _("The report is already with this organisation."))
    if not form.is_valid():
        context = {
            "report": report,
            "history": report.history.all(),
            "form": StatusForm(),
            "forward": form,
            "can_change": True,
        }
        return render(request, "signals/detail.html", context, status=400)
    target = form.cleaned_data["organisation"]
    with transaction.atomic():
        StatusChange.objects.create(
            request=report,
            by=request.user,
            old_status=report.status,
            new_status=report.status,
            note=form.cleaned_data["note"],
            forwarded_from=report.organisation,
            forwarded_to=target,
        )
        report.organisation = target
        report.save(update_fields=["organisation", "updated_at"])
    messages.success(request, _("The report has been forwarded to %(name)s.") % {"name": target.name})
    return redirect("signals:list")


@login_required
@require_http_methods(["POST"])
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ServiceRequest, pk=pk)
    require_change(request.user, report)
    form = StatusForm(request.POST)
    if not form.is_valid():
        context = {
            "report": report,
            "history": report.history.all(),
            "form": form,
            "forward": ForwardForm(prefix="forward"),
            "can_change": True,
        }
        return render(request, "signals/detail.html", context, status=400)
    with transaction.atomic():
        StatusChange.objects.create(
            request=report,
            by=request.user,
            old_status=report.status,
            new_status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
        report.status, report.status_notes = form.cleaned_data["status"], form.cleaned_data["note"]
        report.save(update_fields=["status", "status_notes", "updated_at"])
    tell_reporter(report)
    messages.success(request, _("The status has been changed."))
    return redirect("signals:detail", pk=report.pk)
