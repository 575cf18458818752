"""The Steering Committee's record: its meetings (public), a meeting with its decisions and actions, the open
actions per owner; the programme's forms to record them; an owner marking its action done (decision 0047). What a
reader sees of confidential decisions and actions is decided in ``steering.committee``."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thorbecke.registry.permissions import can_change, is_programme
from thorbecke.steering import committee
from thorbecke.steering.forms_committee import ActionForm, DecisionForm, MeetingForm
from thorbecke.steering.models import Action, ActionState, AgendaItem, Decision, Meeting


def _programme_only(request: HttpRequest) -> None:
    if not is_programme(request.user):
        raise PermissionDenied


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.annotate(members=Count("present"))
    return render(
        request, "steering/committee_meetings.html", {"meetings": meetings, "may_record": is_programme(request.user)}
    )


def _action_rows(request: HttpRequest, actions: list[Action]) -> list[dict]:
    today = timezone.localdate()
    return [
        {"action": a, "state": a.state(today), "may_mark": a.done_on is None and can_change(request.user, a)}
        for a in actions
    ]


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    actions = committee.visible_actions(request.user, Action.objects.select_related("organisation"))
    decisions = committee.visible_decisions(request.user, meeting.decisions.select_related("initiative"))
    decisions = decisions.prefetch_related(Prefetch("actions", queryset=actions))
    context = {
        "meeting": meeting,
        "layers": committee.representation(meeting),
        "items": meeting.items.all(),
        "decisions": [{"decision": d, "actions": _action_rows(request, list(d.actions.all()))} for d in decisions],
        "may_record": is_programme(request.user),
    }
    return render(request, "steering/committee_meeting.html", context)


def open_actions(request: HttpRequest) -> HttpResponse:
    """The actions not done, per owner organisation, late ones first within each."""
    actions = committee.visible_actions(
        request.user, Action.objects.filter(done_on__isnull=True).select_related("organisation", "decision__meeting")
    )
    per_owner: dict[object, list[dict]] = defaultdict(list)
    for row in _action_rows(request, list(actions)):
        per_owner[row["action"].organisation].append(row)
    owners = sorted(per_owner.items(), key=lambda pair: pair[0].sort_name)
    late = sum(1 for rows in per_owner.values() for row in rows if row["state"] == ActionState.LATE)
    return render(request, "steering/committee_actions.html", {"owners": owners, "late": late})


def _form(request: HttpRequest, form: Form, heading: str, intro: str, back: str, quoted: str = "") -> HttpResponse:
    """One of the programme's forms, shown again with its errors (400) when refused."""
    context = {"form": form, "heading": heading, "intro": intro, "back": back, "quoted": quoted}
    return render(request, "steering/committee_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    _programme_only(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            meeting = Meeting.objects.create(held_on=data["held_on"], title=data["title"])
            meeting.present.set(data["present"])
            AgendaItem.objects.bulk_create(
                [AgendaItem(meeting=meeting, number=i, title=title) for i, title in enumerate(data["items"], 1)]
            )
        messages.success(request, _("The meeting has been recorded."))
        return redirect(meeting.get_absolute_url())
    intro = _("The meeting, who was present and its agenda are public. The committee's record is kept in Dutch.")
    return _form(request, form, _("Record a meeting"), intro, reverse("steering:meetings"))


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    _programme_only(request)
    meeting = get_object_or_404(Meeting, pk=pk)
    form = DecisionForm(request.POST or None, instance=Decision(meeting=meeting, recorded_by=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The decision has been recorded."))
        return redirect(meeting.get_absolute_url())
    date = formats.date_format(meeting.held_on, "j F Y")
    intro = _("Taken at the meeting of %(date)s. The committee's record is kept in Dutch.") % {"date": date}
    return _form(request, form, _("Record a decision"), intro, meeting.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    _programme_only(request)
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    form = ActionForm(request.POST or None, instance=Action(decision=decision))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action has been recorded."))
        return redirect(decision.meeting.get_absolute_url())
    back = decision.meeting.get_absolute_url()
    return _form(request, form, _("Add an action"), _("Following the decision:"), back, quoted=decision.text)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = committee.visible_actions(request.user, Action.objects.select_related("decision__meeting")).filter(pk=pk)
    action = action.first()
    if action is None:
        raise Http404  # a confidential action is as absent as one that does not exist
    if not can_change(request.user, action):
        raise PermissionDenied
    if action.done_on is None:
        committee.mark_done(action, request.user, timezone.localdate())
        messages.success(request, _("The action is marked done."))
    if request.POST.get("next") == "actions":
        return redirect("steering:actions")
    return redirect(action.decision.meeting.get_absolute_url())
