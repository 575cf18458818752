"""The open pool's pages. A staff member's own profile (join, change, export, delete, who opened it, which lists it
appeared in) is theirs alone; assignments are on view to all staff; an assignment's candidates are for the posting
organisation's editors and administrators, as pseudonymous rows (each shown member's appearance recorded for them),
and opening one candidate's name and contact is logged for the member."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thorbecke.registry.permissions import require_change, require_membership
from thorbecke.workforce import pool_matching, pools, profiles
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.forms_pools import AssignmentForm, ProfileForm
from thorbecke.workforce.models import Assignment, PoolMember
from thorbecke.workforce.models.pools import LANGUAGES


def _own(request: HttpRequest) -> PoolMember:
    require_membership(request.user)
    member = pools.member_of(request.user)
    if member is None:
        raise Http404(_("You have no pool profile."))
    return member


def language_names(codes: list[str]) -> str:
    return ", ".join(str(LANGUAGES.get(code, code)) for code in codes)


def profile_name(member: PoolMember) -> str:
    found = profiles.find(member.profile_scheme, member.profile_code)
    return f"{member.profile_code} {found}" if found else member.profile_code


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    member = pools.member_of(request.user)
    poster = pools.may_post(request.user)
    own = Assignment.objects.filter(organisation=membership.organisation) if poster else Assignment.objects.none()
    return render(request, "workforce/pool.html", {
        "member": member,
        "profile_name": profile_name(member) if member else "",
        "languages": language_names(member.languages) if member else "",
        "region": pools.provinces().get(member.region, member.region) if member else "",
        "competences": _held(member) if member else [],
        "views": len(pools.views_of(member)) if member else 0,
        "appearances": member.appearances.count() if member else 0,
        "open": Assignment.objects.filter(open=True).select_related("organisation"),
        "own": own.select_related("organisation"),
        "poster": poster,
    })  # fmt: skip


def _held(member: PoolMember) -> list[tuple[str, str, int]]:
    from thorbecke.workforce.competences import framework

    known = framework().competences
    return [(code, known[code].name_en, level) for code, level in sorted(member.competences.items())]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Join the pool, or change one's profile: the same form."""
    require_membership(request.user)
    member = pools.member_of(request.user)
    if request.method != "POST":
        form = ProfileForm(initial=ProfileForm.initial_of(member) if member else {"available_from": date.today()})
        return render(request, "workforce/pool_profile.html", {"form": form, "member": member})
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            pools.save_profile(request.user, form.input())
        except ModelError as error:
            form.refuse(error)
        else:
            messages.success(request, _("Your pool profile is saved.") if member else _("You have joined the pool."))
            return redirect("workforce:pool")
    return render(request, "workforce/pool_profile.html", {"form": form, "member": member}, status=400)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(pools.export(_own(request)), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="pool-profile.json"'
    return response


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    _own(request)
    if request.method == "POST":
        pools.delete_profile(request.user)
        messages.success(request, _("Your pool profile and its view log are deleted."))
        return redirect("workforce:pool")
    return render(request, "workforce/pool_delete.html")


@login_required
def views(request: HttpRequest) -> HttpResponse:
    member = _own(request)
    return render(request, "workforce/pool_views.html", {
        "views": pools.views_of(member), "appearances": pools.appearances_of(member),
    })  # fmt: skip


@login_required
def assignment_new(request: HttpRequest) -> HttpResponse:
    membership = pools.may_post(request.user)
    require_change(request.user, Assignment(organisation_id=membership.organisation_id if membership else None))
    if request.method != "POST":
        form = AssignmentForm(initial={"starts_on": date.today(), "languages": ["nl"]})
        return render(request, "workforce/pool_assignment_form.html", {"form": form})
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            assignment = pools.post_assignment(membership, form.input())
        except ModelError as error:
            form.refuse(error)
        except pools.LimitReached as error:
            form.add_error(None, str(error))
            return render(request, "workforce/pool_assignment_form.html", {"form": form}, status=429)
        else:
            messages.success(request, _("The assignment is posted."))
            return redirect("workforce:pool-assignment", pk=assignment.pk)
    return render(request, "workforce/pool_assignment_form.html", {"form": form}, status=400)


def _rows(assignment: Assignment, result: pool_matching.Result) -> list[dict]:
    """The ranked matches as the page shows them: no name, no id; the pseudonym opens one."""
    members = PoolMember.objects.in_bulk([m.member_id for m in result.matches])
    names = pools.provinces()
    return [
        {"rank": rank, "match": m, "member": members[m.member_id],
         "region": names.get(members[m.member_id].region, ""),
         "languages": language_names(members[m.member_id].languages)}
        for rank, m in enumerate((m for m in result.matches if m.member_id in members), 1)  # not one deleted since
    ]  # fmt: skip


def _needs(assignment: Assignment) -> list[dict]:
    from thorbecke.workforce.competences import framework

    known = framework().competences
    return [dict(n, name=known[n["code"]].name_en) for n in assignment.competences]


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    require_membership(request.user)
    found = get_object_or_404(Assignment.objects.select_related("organisation"), pk=pk)
    candidates = pools.may_see_candidates(request.user, found) and found.open
    result = pools.candidates(found) if candidates else None
    return render(request, "workforce/pool_assignment.html", {
        "assignment": found, "needs": _needs(found), "candidates": candidates,
        "owner": pools.may_see_candidates(request.user, found),
        "region": pools.provinces().get(found.region, ""), "languages": language_names(found.languages),
        "result": result, "rows": _rows(found, result) if result else [], "openings_per_day": pools.OPENINGS_PER_DAY,
    })  # fmt: skip


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Assignment, pk=pk)
    require_change(request.user, found)
    pools.close(found)
    messages.success(request, _("The assignment is closed; its candidates are no longer shown."))
    return redirect("workforce:pool-assignment", pk=pk)


@login_required
@require_POST
def candidate(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Open one candidate's name and contact: only from the list of an open assignment of one's own organisation,
    only while the member matches it, and logged for the member."""
    found = get_object_or_404(Assignment.objects.select_related("organisation"), pk=pk)
    require_change(request.user, found)
    match = pool_matching.candidate(found, key) if found.open else None
    if match is None:
        raise Http404(_("No such candidate for this assignment."))
    member = get_object_or_404(PoolMember.objects.select_related("user"), pk=match.member_id)  # deleted since
    try:
        pools.log_view(request.user, found, member)
    except pools.LimitReached as error:
        messages.error(request, str(error))
        return redirect("workforce:pool-assignment", pk=pk)
    return render(request, "workforce/pool_candidate.html", {
        "assignment": found, "member": member, "match": match, "profile_name": profile_name(member),
        "region": pools.provinces().get(member.region, ""), "languages": language_names(member.languages),
    })  # fmt: skip
