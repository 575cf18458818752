"""The investment agenda's pages: public (the agenda per priority and per year, cost and benefit per indicator, the
chances to fund or procure together, an initiative), the owner's forms, and the programme's status (decision 0047)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thorbecke.registry.permissions import can_change, is_programme, membership_of, require_change
from thorbecke.steering import agenda
from thorbecke.steering.committee import visible_decisions
from thorbecke.steering.forms_agenda import FORMSETS, LEGENDS, InitiativeForm, StatusForm
from thorbecke.steering.models import Initiative, InitiativeStatusChange

BAR_WIDTH = 240  # the widest year's bar, in SVG units


def bars(totals: list[agenda.YearTotal]) -> list[dict]:
    """Each year's total with the widths of its two stacked bars (existing budget, new funding), scaled so that the
    largest year's total fills BAR_WIDTH."""
    widest = max((row.total for row in totals), default=0) or 1
    rows = []
    for row in totals:
        existing = round(BAR_WIDTH * row.existing / widest)
        rows.append({"row": row, "existing": existing, "new": round(BAR_WIDTH * row.total / widest) - existing})
    return rows


def _may_add(request: HttpRequest) -> bool:
    membership = membership_of(request.user)
    return membership is not None and can_change(request.user, Initiative(organisation_id=membership.organisation_id))


def agenda_page(request: HttpRequest) -> HttpResponse:
    items = list(agenda.initiatives("costs"))
    totals = agenda.totals_per_year(items)
    context = {
        "bars": bars(totals),
        "bar_width": BAR_WIDTH,
        "total": sum(row.total for row in totals),
        "priorities": agenda.per_priority(items),
        "may_add": _may_add(request),
    }
    return render(request, "steering/agenda_list.html", context)


def cost_benefit(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "steering/agenda_cost_benefit.html",
        {"rows": agenda.cost_benefit(agenda.initiatives("costs", "effects"))},
    )


def joint(request: HttpRequest) -> HttpResponse:
    items = list(agenda.initiatives("costs", "phases", "co_funders"))
    context = {"co_funded": agenda.co_funded(items), "groups": agenda.same_theme_groups(items)}
    return render(request, "steering/agenda_joint.html", context)


def _detail(
    request: HttpRequest, initiative: Initiative, form: StatusForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "initiative": initiative,
        "total": agenda.total_cost(initiative),
        "totals": agenda.totals_per_year([initiative], with_stopped=True),  # its own page shows what it would cost
        "history": initiative.status_changes.all(),
        "decisions": visible_decisions(request.user, initiative.decisions.select_related("meeting")),
        "may_edit": can_change(request.user, initiative),
        "status_form": (form or StatusForm(initial={"status": initiative.status}))
        if is_programme(request.user)
        else None,
    }
    return render(request, "steering/agenda_initiative.html", context, status=status)


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(agenda.initiatives(), pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def initiative_new(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    initiative = Initiative(organisation_id=membership.organisation_id)
    require_change(request.user, initiative)
    return _edit(request, initiative, new=True)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    require_change(request.user, initiative)
    return _edit(request, initiative, new=False)


def _edit(request: HttpRequest, initiative: Initiative, new: bool) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=initiative)
    rows = {name: formset(data, instance=initiative, prefix=name) for name, formset in FORMSETS.items()}
    if data is not None and form.is_valid() and all(formset.is_valid() for formset in rows.values()):
        with transaction.atomic():
            form.save()
            for formset in rows.values():
                formset.instance = initiative
                formset.save()
        messages.success(request, _("The initiative is on the agenda.") if new else _("Your changes have been saved."))
        return redirect(initiative.get_absolute_url())
    context = {
        "form": form,
        "rows": [(LEGENDS[name], formset) for name, formset in rows.items()],
        "initiative": None if new else initiative,
    }
    return render(request, "steering/agenda_form.html", context, status=400 if data is not None else 200)


@login_required
@require_POST
def initiative_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_programme(request.user):
        raise PermissionDenied
    initiative = get_object_or_404(agenda.initiatives(), pk=pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, initiative, form, status=400)
    with transaction.atomic():
        initiative.status = form.cleaned_data["status"]
        initiative.save(update_fields=["status", "updated_at"])
        InitiativeStatusChange.objects.create(
            initiative=initiative, status=initiative.status, note=form.cleaned_data["note"], changed_by=request.user
        )
    messages.success(request, _("The status has been changed."))
    return redirect(initiative.get_absolute_url())
