"""The indicators, public: each with its definition, source, target, its trend for the country, its latest
figures per type of organisation and per province, and its downloads."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from thorbecke.registry.permissions import can_change
from thorbecke.steering import dashboard
from thorbecke.steering.models import Goal, Indicator, Observation, Scope


def indicator_list(request: HttpRequest) -> HttpResponse:
    language = get_language()
    latest: dict[int, Observation] = {}
    for observation in Observation.objects.filter(scope=Scope.COUNTRY).order_by("indicator_id", "-period"):
        latest.setdefault(observation.indicator_id, observation)
    rows = [{"indicator": i, "name": i.name(language), "latest": latest.get(i.pk)} for i in Indicator.objects.all()]
    return render(request, "steering/indicators.html", {"rows": rows})


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404(code)
    language = get_language()
    (panel,) = dashboard.panels([indicator], language)
    return render(
        request,
        "steering/indicator.html",
        {
            "indicator": indicator,
            "name": indicator.name(language),
            "definition": indicator.definition(language),
            "panel": panel,
            "may_set_target": can_change(request.user, Goal()),  # national targets are the programme's
        },
    )
