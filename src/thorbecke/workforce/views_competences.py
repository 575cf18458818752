"""The competence model's public pages: the app's front page, the e-CF with the role profiles, the KWIV and the
published profile sets, and the archetypes. Publishing a profile set is the programme's alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thorbecke.registry.permissions import can_change, require_change, require_membership
from thorbecke.workforce import competences
from thorbecke.workforce.forms_competences import ProfileSetForm
from thorbecke.workforce.models import ProfileSet


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "workforce/home.html",
        {"framework": competences.framework(), "archetypes": competences.archetypes().archetypes},
    )  # fmt: skip


def _context(request: HttpRequest, upload: ProfileSetForm | None = None, refusal: str = "") -> dict:
    programme = can_change(request.user, ProfileSet())
    return {
        "framework": competences.framework(),
        "levels": competences.LEVELS,
        "roles": competences.role_profiles(),
        "kwiv": competences.kwiv(),
        "profile_sets": competences.published(),
        "programme": programme,
        "upload": upload or (ProfileSetForm() if programme else None),
        "refusal": refusal,
    }


def model(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/competences.html", _context(request))


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    require_change(request.user, ProfileSet())
    form = ProfileSetForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "workforce/competences.html", _context(request, form), status=400)
    found = form.cleaned_data["file"]
    membership = require_membership(request.user)
    try:
        competences.publish(found, membership.organisation)
    except competences.AlreadyPublished:
        refusal = _("Version %(version)s is already published; changed profiles need a new version number.") % {
            "version": found.version
        }
        return render(request, "workforce/competences.html", _context(request, form, refusal), status=409)
    messages.success(request, _("Version %(version)s of the profile set is published.") % {"version": found.version})
    return redirect("workforce:competences")


def archetypes(request: HttpRequest) -> HttpResponse:
    found = competences.archetypes()
    return render(
        request, "workforce/competences_archetypes.html", {"status": found.status, "archetypes": found.archetypes}
    )
