"""The catalogue of agreements: public to read, changed by the national programme only, every change a version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from thorbecke.agreements import accessibility_register, commitments, dialogue, scanning, scorecards
from thorbecke.agreements.forms import (
    AgreementForm,
    AnswerForm,
    DecisionForm,
    DeclarationForm,
    GapFilterForm,
    ScanForm,
)
from thorbecke.agreements.models import (
    Agreement,
    AgreementVersion,
    Check,
    Declaration,
    Gap,
    GapState,
    Kind,
    ScanRun,
    Status,
)
from thorbecke.registry.models import Organisation, OrganisationType
from thorbecke.registry.permissions import can_change, knows_staff_of, require_change


def agreement_list(request: HttpRequest) -> HttpResponse:
    agreements = Agreement.objects.all()
    status = request.GET.get("status", "")
    if status in Status.values:
        agreements = agreements.filter(status=status)
    context = {
        "standards": [a for a in agreements if a.kind == Kind.STANDARD],
        "blocks": [a for a in agreements if a.kind == Kind.BUILDING_BLOCK],
        "statuses": Status.choices,
        "status": status,
    }
    return render(request, "agreements/list.html", context)


def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    context = {
        "agreement": agreement,
        "versions": agreement.versions.select_related("changed_by"),
        "can_change": can_change(request.user, agreement),
        "compliance": scorecards.for_agreement(agreement),
    }
    return render(request, "agreements/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = get_object_or_404(Agreement, slug=slug)
    require_change(request.user, agreement)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            AgreementVersion.record(agreement, form.cleaned_data["note"], request.user)
        messages.success(request, _("Saved as a new version."))
        return redirect("agreements:detail", slug=agreement.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "agreements/edit.html", {"form": form, "agreement": agreement}, status=status)


# Organisations per page of the scorecard: the summary by type above it covers them all.
SCORECARD_PAGE = 100


def _scorecard_rows(request: HttpRequest) -> tuple[list[scorecards.Row], str]:
    org_type = request.GET.get("type", "")
    if org_type not in OrganisationType.values:
        org_type = ""
    return scorecards.scorecards(org_type), org_type


def scorecard(request: HttpRequest, scan_form: ScanForm | None = None, status: int = 200) -> HttpResponse:
    """Public: who meets the measured agreements, and who does not; the programme starts a scan here."""
    rows, org_type = _scorecard_rows(request)
    labels = dict(OrganisationType.choices)
    page = Paginator(rows, SCORECARD_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [
            {"row": row, "lights": [(row.lights[c], scorecards.LIGHTS[row.lights[c]]) for c in scorecards.CHECKS]}
            for row in page.object_list
        ],
        "checks": list(scorecards.CHECKS.values()),
        "summary": [
            {
                "type": labels.get(group["type"], group["type"]),
                "cells": [group["checks"].get(c, {"meets": 0, "measured": 0}) for c in scorecards.CHECKS],
            }
            for group in scorecards.by_type(rows)
        ],
        "types": OrganisationType.choices,
        "type": org_type,
        "trend": [
            {
                "day": point["day"],
                "cells": [point["checks"].get(c, {"meets": 0, "measured": 0}) for c in scorecards.CHECKS],
            }
            for point in scorecards.trend(org_type)
        ],
        "scan_form": (scan_form or ScanForm()) if can_change(request.user, ScanRun()) else None,
    }
    return render(request, "agreements/scorecard.html", context, status=status)


def scorecard_csv(request: HttpRequest) -> HttpResponse:
    rows, _type = _scorecard_rows(request)
    response = HttpResponse(scorecards.as_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="scorecard.csv"'
    return response


def scorecard_json(request: HttpRequest) -> JsonResponse:
    rows, org_type = _scorecard_rows(request)
    body = {"organisations": scorecards.as_json(rows), "trend": scorecards.trend(org_type)}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def gap_list(request: HttpRequest) -> HttpResponse:
    """Public: every gap and where its dialogue stands; comply or explain happens in the open."""
    gaps = Gap.objects.select_related("organisation", "agreement")
    form = GapFilterForm(request.GET)
    # An unknown state or organisation in the address lists what the rest of it asks for, with the error shown.
    data = form.cleaned_data if form.is_valid() else {}
    if state := data.get("state"):
        gaps = gaps.filter(state=state)
    else:
        gaps = gaps.exclude(state=GapState.RESOLVED)
    if organisation := data.get("organisation"):
        gaps = gaps.filter(organisation=organisation)
    if agreement := request.GET.get("agreement", ""):
        gaps = gaps.filter(agreement__slug=agreement)
    return render(request, "agreements/gaps.html", {"gaps": gaps[:500], "count": gaps.count(), "form": form})


def _gap_page(request: HttpRequest, gap: Gap, answer: AnswerForm | None = None,
              decision: DecisionForm | None = None, status: int = 200) -> HttpResponse:  # fmt: skip
    steps = list(gap.steps.select_related("by__membership__organisation"))
    for step in steps:
        author = getattr(step.by, "membership", None)  # None: the hub, or an account without an organisation
        step.name_shown = author is not None and knows_staff_of(request.user, author.organisation_id)
    context = {
        "gap": gap,
        "steps": steps,
        "answer": answer or AnswerForm(prefix="answer"),
        "decision": decision or DecisionForm(prefix="decision", plan=gap.state == GapState.PLANNED),
        "may_answer": can_change(request.user, gap) and gap.state in dialogue.ANSWERABLE,
        "may_decide": can_change(request.user, gap.agreement) and gap.state in dialogue.DECIDABLE,
        # The finding as stored ({"check": "accessibility", "light": "fails"}), in the page's language.
        "check_label": Check(gap.finding["check"]).label if gap.finding.get("check") in Check.values else "",
        "light_label": scorecards.LIGHTS.get(gap.finding.get("light", ""), ""),
        "commitment": commitments.shown(gap.finding),
    }
    return render(request, "agreements/gap.html", context, status=status)


def gap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _gap_page(request, get_object_or_404(Gap.objects.select_related("organisation", "agreement"), pk=pk))


@login_required
@require_http_methods(["POST"])
def gap_answer(request: HttpRequest, pk: int) -> HttpResponse:
    gap = get_object_or_404(Gap.objects.select_related("organisation", "agreement"), pk=pk)
    require_change(request.user, gap)
    form = AnswerForm(request.POST, prefix="answer")
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["answer"] == "plan":
                dialogue.plan(gap, request.user, data["text"], data["complies_by"])
            else:
                dialogue.explain(gap, request.user, data["text"])
        except dialogue.DialogueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your answer is recorded."))
            return redirect("agreements:gap", pk=gap.pk)
    gap.refresh_from_db()
    return _gap_page(request, gap, answer=form, status=400)


@login_required
@require_http_methods(["POST"])
def gap_decide(request: HttpRequest, pk: int) -> HttpResponse:
    gap = get_object_or_404(Gap.objects.select_related("organisation", "agreement"), pk=pk)
    require_change(request.user, gap.agreement)  # the agreements' owner, the programme, decides
    form = DecisionForm(request.POST, prefix="decision", plan=gap.state == GapState.PLANNED)
    if form.is_valid():
        try:
            dialogue.decide(gap, request.user, form.cleaned_data["accept"], form.cleaned_data["reason"])
        except dialogue.DialogueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("agreements:gap", pk=gap.pk)
    gap.refresh_from_db()
    return _gap_page(request, gap, decision=form, status=400)


def _organisation_page(
    request: HttpRequest, organisation: Organisation, form: DeclarationForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    lights = scorecards.latest_lights().get(organisation.pk, {})
    declared = {}
    for declaration in organisation.declarations.select_related("declared_by"):
        declared.setdefault(declaration.agreement_id, declaration)
    gaps = {g.agreement_id: g for g in organisation.gaps.exclude(state=GapState.RESOLVED)}
    statements = organisation.measurements.filter(current=True, check_key=Check.ACCESSIBILITY).first()
    algorithms = organisation.measurements.filter(current=True, check_key=Check.ALGORITHM_REGISTER).first()
    rows = []
    # A commitment (kind goal) is shown on the organisation's steering page, not among the standards.
    for agreement in Agreement.objects.filter(status=Status.MANDATORY).exclude(kind=Kind.GOAL):
        if not agreement.applies(organisation, today):
            continue
        measured = agreement.check_method != Check.DECLARED
        light = lights.get(agreement.check_method, "none") if measured else ""
        rows.append({
            "agreement": agreement,
            "measured": measured,
            "light": light,
            "light_label": scorecards.LIGHTS.get(light, ""),
            "declaration": declared.get(agreement.pk),
            "gap": gaps.get(agreement.pk),
        })  # fmt: skip
    may_declare = can_change(request.user, Declaration(organisation=organisation))
    context = {
        "organisation": organisation,
        "rows": rows,
        "statements": accessibility_register.shown(statements.evidence) if statements else None,
        "algorithms": algorithms,
        "form": (form or DeclarationForm(prefix="declare")) if may_declare else None,
        # Its own staff and the programme are pointed to the organisation's steering page (its commitments).
        "own_page": knows_staff_of(request.user, organisation.pk),
    }
    return render(request, "agreements/organisation.html", context, status=status)


def organisation_compliance(request: HttpRequest, code: str) -> HttpResponse:
    """Public: which mandatory agreements apply to one organisation, and how it stands on each."""
    return _organisation_page(request, get_object_or_404(Organisation, code=code))


@login_required
@require_http_methods(["POST"])
def declare(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, code=code)
    declaration = Declaration(organisation=organisation, declared_by=request.user)
    require_change(request.user, declaration)
    form = DeclarationForm(request.POST, prefix="declare", instance=declaration)
    if not form.is_valid():
        return _organisation_page(request, organisation, form, status=400)
    form.save()
    dialogue.reconcile()
    messages.success(request, _("Your declaration is recorded."))
    return redirect("agreements:organisation", code=organisation.code)


@login_required
@require_http_methods(["POST"])
def scan_start(request: HttpRequest) -> HttpResponse:
    """The programme scans one organisation's registered hosts, or all, now; the scans page shows the progress."""
    require_change(request.user, ScanRun())
    form = ScanForm(request.POST)
    if not form.is_valid():
        return scorecard(request, scan_form=form, status=400)
    organisation = form.cleaned_data["organisation"]
    run = scanning.start(scanning.registered_hosts(organisation.code if organisation else ""), organisation)
    what = organisation.name if organisation else _("all organisations")
    started = ngettext(
        "The scan of %(what)s has started: %(hosts)d host.",
        "The scan of %(what)s has started: %(hosts)d hosts.",
        run.total,
    )
    messages.success(request, started % {"what": what, "hosts": run.total})
    return redirect("agreements:scans")


def _run_json(run: ScanRun) -> dict:
    return {
        "id": run.pk,
        "state": run.state,
        "scope": run.scope,
        "startedAt": run.started_at.isoformat(),
        "finishedAt": run.finished_at.isoformat() if run.finished_at else None,
        "done": run.done,
        "total": run.total,
        "perMinute": round(run.rate, 1),
        "secondsLeft": run.seconds_left,
        "counts": run.counts,
    }


def scans(request: HttpRequest) -> HttpResponse:
    """Public: the scans, the one running with its progress, updated in the page while it runs."""
    return render(request, "agreements/scans.html", {"runs": ScanRun.objects.all()[:20]})


def scans_json(request: HttpRequest) -> JsonResponse:
    run = ScanRun.objects.first()
    return JsonResponse(_run_json(run) if run else {"state": "none"})
