"""The hub's page of shared threat indicators, for government staff: what they may read under TLP, and
sharing a bundle (editors and administrators, for their own organisation)."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from thorbecke.registry.permissions import can_change, membership_of, require_change
from thorbecke.soc.forms import IndicatorForm, ShareForm
from thorbecke.soc.models import StixObject
from thorbecke.soc.sharing import Refused, check, store, visible
from thorbecke.soc.taxii import COLLECTION_ID

SHOWN = 200


def _context(request: HttpRequest, form: ShareForm | None = None, indicator: IndicatorForm | None = None) -> dict:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    readable = visible(membership.organisation)
    latest = readable.order_by().values("stix_id").annotate(v=Max("modified")).values_list("stix_id", "v")
    keys = dict(latest)
    rows = [
        o for o in readable.select_related("organisation").order_by("-date_added") if keys.get(o.stix_id) == o.modified
    ]
    # The same pattern shared by several organisations is one finding: shown once, with how many shared it.
    shared_by = Counter(o.pattern_hash for o in rows if o.pattern_hash)
    seen, shown = set(), []
    for row in rows:
        if row.pattern_hash and row.pattern_hash in seen:
            continue
        seen.add(row.pattern_hash)
        shown.append({"object": row, "also": shared_by.get(row.pattern_hash, 1) - 1 if row.pattern_hash else 0})
    return {
        "rows": shown[:SHOWN],
        "total": len(shown),
        "form": form or ShareForm(),
        "indicator": indicator or IndicatorForm(prefix="indicator"),
        "can_share": can_change(request.user, StixObject(organisation=membership.organisation)),
        "taxii_root": request.build_absolute_uri("/taxii2/"),
        "collection": COLLECTION_ID,
    }


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(request, "soc/list.html", _context(request))


@login_required
@require_http_methods(["POST"])
def share(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    require_change(request.user, StixObject(organisation=membership.organisation))
    # The indicator form and the JSON box for experts share one path: the same checks, the same store.
    expert = "bundle" in request.POST
    form = ShareForm(request.POST) if expert else IndicatorForm(request.POST, prefix="indicator")
    if form.is_valid():
        try:
            status = store(check(form.objects, membership.organisation), membership.organisation)
        except Refused as exc:
            form.add_error("bundle" if expert else None, _("Nothing was shared: %(error)s") % {"error": exc})
    if not form.is_valid():
        forms = {"form": form} if expert else {"indicator": form}
        return render(request, "soc/list.html", _context(request, **forms), status=400)
    count = status["success_count"]
    messages.success(
        request, ngettext("Shared: %(count)d object.", "Shared: %(count)d objects.", count) % {"count": count}
    )
    return redirect("soc:list")
