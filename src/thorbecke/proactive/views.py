"""Non-take-up on the hub: public, per scheme for the country and per municipality, with a map."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thorbecke.proactive import figures, maps
from thorbecke.proactive.models import Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.registry.models import Organisation

BY_KEY = {s.key: s for s in SCHEMES}


def non_take_up(request: HttpRequest) -> HttpResponse:
    screening = Screening.objects.first()
    key = request.GET.get("scheme", "")
    scheme = BY_KEY.get(key, SCHEMES[0])
    context: dict = {"screening": screening, "schemes": SCHEMES, "scheme": scheme}
    if screening is not None:
        national = figures.national(screening)
        rows = list(screening.figures.filter(scheme=scheme.key).order_by("gemeente"))
        names = {
            code.upper(): name
            for code, name in Organisation.objects.filter(code__in=[r.gemeente.lower() for r in rows]).values_list(
                "code", "name"
            )
        }
        # A withheld municipality has no rate: not in the table, nor as a colour on the map.
        rates = {r.gemeente: (r.not_receiving / r.entitled if r.entitled and figures.shown(r) else None) for r in rows}
        context |= {
            "national": national,
            "widest": max((n["rate"] or 0 for n in national), default=0) or 1,
            "rows": sorted(
                (
                    {
                        "figure": r if figures.shown(r) else None,
                        "name": names.get(r.gemeente, r.gemeente),
                        "rate": rates[r.gemeente],
                    }
                    for r in rows
                ),
                key=lambda row: (row["figure"] is None, -(row["rate"] or 0)),
            ),
            "map": maps.choropleth(rates, names),
            "min_cell": figures.MIN_CELL,
        }
    return render(request, "proactive/non_take_up.html", context)
