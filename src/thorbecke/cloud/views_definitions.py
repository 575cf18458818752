"""The uniform cloud definitions and the EU Cloud Sovereignty Framework as we apply it: public pages. Publishing a
version of the definitions, from the repository or from an uploaded file, is the programme's alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thorbecke.cloud import framework as rules
from thorbecke.cloud import taxonomy
from thorbecke.cloud.forms_definitions import UploadForm
from thorbecke.cloud.models import TaxonomyVersion
from thorbecke.registry.permissions import can_change, require_change, require_membership

SECTION_NAMES = {
    "service_models": gettext_lazy("Service models"),
    "deployments": gettext_lazy("Deployments"),
    "territories": gettext_lazy("Where data is stored and processed, and where keys and support are"),
    "key_holders": gettext_lazy("Who holds the keys"),
    "jurisdictions": gettext_lazy("The supplier's jurisdiction along its ownership chain"),
    "support": gettext_lazy("Who runs support"),
    "classifications": gettext_lazy("Classification levels"),
}


def _context(request: HttpRequest, upload: UploadForm | None = None, refusal: str = "") -> dict:
    shown = taxonomy.current()
    draft = taxonomy.in_repository()
    history = list(TaxonomyVersion.objects.select_related("published_by").order_by("-published_at"))
    programme = can_change(request.user, TaxonomyVersion())
    return {
        "taxonomy": shown,
        "publication": next((v for v in history if v.version == shown.version and v.digest == shown.digest), None),
        "sections": [(code, SECTION_NAMES[code], shown.terms(code)) for code in taxonomy.SECTIONS],
        "classifications": [
            (t, [shown.name("deployments", d) for d in t.allowed_deployments]) for t in shown.terms("classifications")
        ],
        "history": history,
        # The repository's file, when it holds a version not yet published: what the programme may publish.
        "draft": None if any(v.version == draft.version for v in history) else draft,
        "programme": programme,
        "upload": upload or (UploadForm() if programme else None),
        "refusal": refusal,
    }


def definitions(request: HttpRequest) -> HttpResponse:
    return render(request, "cloud/definitions.html", _context(request))


def _publish(request: HttpRequest, found: taxonomy.Taxonomy, upload: UploadForm | None = None) -> HttpResponse:
    membership = require_membership(request.user)
    try:
        taxonomy.publish(found, membership.organisation)
    except taxonomy.AlreadyPublished:
        refusal = _("Version %(version)s is already published; changed definitions need a new version number.") % {
            "version": found.version
        }
        return render(request, "cloud/definitions.html", _context(request, upload, refusal), status=409)
    messages.success(request, _("Version %(version)s of the definitions is published.") % {"version": found.version})
    return redirect("cloud:definitions")


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """Publish the repository's version: the button names it, and the form posts it back, so that a file changed in
    between is not published unseen."""
    require_change(request.user, TaxonomyVersion())
    draft = taxonomy.in_repository()
    if request.POST.get("version") != draft.version:
        refusal = _("The repository now holds version %(version)s; look at it before publishing.") % {
            "version": draft.version
        }
        return render(request, "cloud/definitions.html", _context(request, refusal=refusal), status=409)
    return _publish(request, draft)


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    require_change(request.user, TaxonomyVersion())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "cloud/definitions.html", _context(request, form), status=400)
    return _publish(request, form.cleaned_data["file"], form)


def _worked_example() -> dict:
    """A SaaS offering assessed high, running on an IaaS offering assessed lower on four objectives (numbers in
    tests/cloud/test_definitions_pages.py, computed by hand)."""
    codes = rules.framework().codes
    own = dict(zip(codes, (4, 4, 3, 3, 2, 3, 3, 2), strict=True))
    beneath = dict(zip(codes, (3, 3, 4, 2, 2, 2, 3, 3), strict=True))
    effective = rules.inherited(own, [beneath])
    rows = [
        {"objective": o, "own": own[o.code], "beneath": beneath[o.code], "effective": effective[o.code],
         "points": o.weight * effective[o.code] / rules.TOP}
        for o in rules.framework().objectives
    ]  # fmt: skip
    gate = {"objective": rules.framework().objective("SOV-4"), "minimum": 3}
    return {"rows": rows, "own_score": rules.score(own), "score": rules.score(effective), "gate": gate}


def sovereignty(request: HttpRequest) -> HttpResponse:
    return render(
        request, "cloud/definitions_sovereignty.html",
        {"framework": rules.framework(), "top": rules.TOP, "example": _worked_example()},
    )  # fmt: skip
