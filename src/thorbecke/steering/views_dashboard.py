"""The public steering dashboard: the priorities and the interventions with their indicators, one page per priority
with each indicator's trend and its figures per type of organisation and per province; and the programme's action
that computes the indicators now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_POST

from thorbecke.registry.permissions import is_programme
from thorbecke.steering import dashboard, periods
from thorbecke.steering.models import Indicator, Priority
from thorbecke.steering.refresh import refresh

COMPUTED_MONTHS = 12


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "priorities": dashboard.priorities(get_language()),
        "is_programme": is_programme(request.user),
        "months": COMPUTED_MONTHS,
    }
    return render(request, "steering/dashboard_home.html", context)


def priority(request: HttpRequest, priority: str) -> HttpResponse:
    if priority not in Priority.values:
        raise Http404(priority)
    indicators = list(Indicator.objects.filter(priority=priority).order_by("code"))
    context = {
        "priority": Priority(priority),
        "panels": dashboard.panels(indicators, get_language()),
    }
    return render(request, "steering/dashboard_priority.html", context)


@login_required
@require_POST
def compute_now(request: HttpRequest) -> HttpResponse:
    """The programme computes every indicator for the last twelve months now, rather than waiting for the
    scheduled run; what it stores replaces those months' snapshots."""
    if not is_programme(request.user):
        raise PermissionDenied
    stored = refresh(periods.last(COMPUTED_MONTHS)).stored
    done = ngettext(
        "Computed: %(count)d observation stored for the last %(months)d months.",
        "Computed: %(count)d observations stored for the last %(months)d months.",
        stored,
    )
    messages.success(request, done % {"count": stored, "months": COMPUTED_MONTHS})
    return redirect("steering:dashboard")
