"""Goals, targets and commitments: the goals per priority and the commitments with their state (public), the
Steering Committee's view per priority and layer of government (public), an organisation's own page for its staff
and the programme, and the forms: goals and targets by the programme, commitments by an organisation's editors and
administrators (for itself) or by the programme (for every organisation of a type)."""

from collections import Counter, defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.agreements import commitments as kept
from thorbecke.registry import layers
from thorbecke.registry.models import Organisation
from thorbecke.registry.permissions import can_change, is_programme, knows_staff_of, membership_of, require_change
from thorbecke.steering import accountability
from thorbecke.steering.forms_goals import CommitmentForm, GoalForm, TargetForm
from thorbecke.steering.models import Commitment, Goal, Indicator, Observation, Priority, Scope

STATE_LABELS = {
    accountability.ON_TRACK: gettext_lazy("on track"),
    accountability.BEHIND: gettext_lazy("behind"),
    accountability.EXPLAINED: gettext_lazy("explained"),
    accountability.MET: pgettext_lazy("commitment", "met"),
    accountability.NO_DATA: gettext_lazy("no data"),
}


def goal_list(request: HttpRequest) -> HttpResponse:
    """Public: the goals per priority, each with the indicators it is measured by and their national targets."""
    language = get_language()
    goals = Goal.objects.prefetch_related("indicators")
    by_priority = defaultdict(list)
    for goal in goals:
        by_priority[goal.priority].append({
            "goal": goal, "title": goal.title(language), "text": goal.text(language),
            "indicators": [(i, i.name(language)) for i in goal.indicators.all()],
        })  # fmt: skip
    context = {
        "priorities": [(label, by_priority[value]) for value, label in Priority.choices if by_priority[value]],
        "may_set": can_change(request.user, Goal()),
        "indicators": [(i, i.name(language)) for i in Indicator.objects.all()],
    }
    return render(request, "steering/goals_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest) -> HttpResponse:
    require_change(request.user, Goal())
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The goal is saved."))
        return redirect("steering:goals")
    status = 400 if request.method == "POST" else 200
    return render(request, "steering/goals_form.html", {"form": form, "title": _("New goal")}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_target(request: HttpRequest, code: str) -> HttpResponse:
    """The programme sets an indicator's national baseline and target."""
    require_change(request.user, Goal())  # national targets are the programme's, as goals are
    indicator = get_object_or_404(Indicator, code=code)
    form = TargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The target is saved."))
        return redirect("steering:indicator", code=indicator.code)
    title = _("Target of %(indicator)s") % {"indicator": indicator.name(get_language())}
    status = 400 if request.method == "POST" else 200
    return render(request, "steering/goals_form.html", {"form": form, "title": title}, status=status)


def _rows(commitments: list[Commitment]) -> list[dict]:
    judged = accountability.progress(commitments)
    language = get_language()
    return [
        {
            "commitment": c,
            "who": c.organisation.name if c.organisation_id else c.get_org_type_display(),
            "indicator": c.indicator.name(language),
            "progress": judged[c.pk],
            "state": judged[c.pk].state,
            "state_label": STATE_LABELS[judged[c.pk].state],
            "priority": c.indicator.priority,
            "layer": layers.of(c.organisation.org_type, c.organisation.parent_id) if c.organisation_id
            else layers.of(c.org_type),
        }
        for c in commitments
    ]


def _all_rows() -> list[dict]:
    return _rows(list(Commitment.objects.select_related("indicator", "organisation")))


class CommitmentFilter(forms.Form):
    priority = forms.ChoiceField(choices=[("", ""), *Priority.choices], required=False)
    layer = forms.ChoiceField(choices=[("", "")] + [(lay.key, lay.label) for lay in layers.LAYERS], required=False)
    state = forms.ChoiceField(choices=[("", ""), *STATE_LABELS.items()], required=False)


def commitment_list(request: HttpRequest) -> HttpResponse:
    """Public: every commitment with its state and progress; the Steering Committee's cells link here."""
    form = CommitmentFilter(request.GET)
    wanted = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    rows = [r for r in _all_rows() if all(r[key] == value for key, value in wanted.items())]
    shown = []
    if "priority" in wanted:
        shown.append(str(dict(Priority.choices)[wanted["priority"]]))
    if "layer" in wanted:
        shown.append(str(layers.BY_KEY[wanted["layer"]].label))
    if "state" in wanted:
        shown.append(str(STATE_LABELS[wanted["state"]]))
    membership = membership_of(request.user)
    may_commit = is_programme(request.user) or (
        membership is not None and can_change(request.user, Commitment(organisation=membership.organisation))
    )
    return render(request, "steering/goals_commitments.html",
                  {"rows": rows, "filters": shown, "may_commit": may_commit})  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest) -> HttpResponse:
    """An organisation's editor or administrator commits for it; the programme commits for a group."""
    group = is_programme(request.user)
    membership = membership_of(request.user)
    commitment = Commitment(organisation=None if group else getattr(membership, "organisation", None))
    if not group:
        require_change(request.user, commitment)
    form = CommitmentForm(request.POST or None, instance=commitment, group=group)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            commitment = form.save(commit=False)
            commitment.created_by = request.user
            accountability.starting_point(commitment, form.cleaned_data["agreed_in"])
            commitment.save()
            accountability.agreement_of(commitment)
            accountability.review(only=[commitment])
        messages.success(request, _("The commitment is recorded."))
        if commitment.organisation_id:
            return redirect("steering:organisation", code=commitment.organisation.code)
        return redirect("steering:commitments")
    title = _("New commitment for all organisations of a type") if group else _("New commitment of %(name)s") % {
        "name": commitment.organisation.name
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "steering/goals_form.html",
                  {"form": form, "title": title, "linear": True}, status=status)  # fmt: skip


def committee(request: HttpRequest) -> HttpResponse:
    """Public: per priority and layer of government, how many commitments stand where; and how many organisations
    of each layer committed, of how many there are."""
    rows = _all_rows()
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row in rows:
        counts[(row["priority"], row["layer"])][row["state"]] += 1
    table = []
    for priority, priority_label in Priority.choices:
        cells = [
            {"layer": layer, "counts": [(s, counts[(priority, layer.key)][s]) for s in accountability.STATES]}
            for layer in layers.LAYERS
            if counts[(priority, layer.key)]
        ]
        if cells:
            table.append({"priority": priority, "label": priority_label, "layers": cells})
    existing = Counter(layers.of(t, parent) for t, parent in Organisation.objects.filter(end_date__isnull=True)
                       .values_list("org_type", "parent_id"))  # fmt: skip
    committed: dict[str, set[int]] = defaultdict(set)
    groups: Counter = Counter()
    for row in rows:
        if row["commitment"].organisation_id:
            committed[row["layer"]].add(row["commitment"].organisation_id)
        else:
            groups[row["layer"]] += 1
    representation = [
        {"layer": layer, "committed": len(committed[layer.key]), "existing": existing[layer.key],
         "groups": groups[layer.key]}
        for layer in layers.LAYERS
    ]  # fmt: skip
    context = {
        "table": table,
        "states": [(state, STATE_LABELS[state]) for state in accountability.STATES],
        "representation": representation,
        "total": len(rows),
    }
    return render(request, "steering/goals_committee.html", context)


@login_required
def organisation_page(request: HttpRequest, code: str) -> HttpResponse:
    """Its staff's and the programme's: our commitments, our indicators, our gaps."""
    organisation = get_object_or_404(Organisation, code=code)
    if not knows_staff_of(request.user, organisation.pk):
        raise PermissionDenied
    language = get_language()
    own = Commitment.objects.filter(organisation=organisation) | Commitment.objects.filter(
        org_type=organisation.org_type
    )
    latest: dict[tuple[int, str], Observation] = {}
    observed = Observation.objects.filter(value__isnull=False).filter(
        scope=Scope.ORGANISATION, key=organisation.code
    ) | Observation.objects.filter(value__isnull=False, scope=Scope.COUNTRY)
    for observation in observed.order_by("-period"):
        latest.setdefault((observation.indicator_id, observation.scope), observation)
    indicators = [
        {"indicator": i, "name": i.name(language), "own": latest.get((i.pk, Scope.ORGANISATION)),
         "country": latest.get((i.pk, Scope.COUNTRY))}
        for i in Indicator.objects.all()
    ]  # fmt: skip
    context = {
        "organisation": organisation,
        "rows": _rows(list(own.select_related("indicator", "organisation"))),
        "indicators": indicators,
        "gaps": kept.gaps_of(organisation),
        "may_commit": can_change(request.user, Commitment(organisation=organisation)),
    }
    return render(request, "steering/goals_organisation.html", context)
