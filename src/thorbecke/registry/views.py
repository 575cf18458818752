from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thorbecke.registry.forms import MembershipForm, OinForm, OrganisationFilterForm, OrganisationForm
from thorbecke.registry.models import Membership, MembershipChange, OinChange, Organisation, OrganisationType
from thorbecke.registry.permissions import (
    can_change,
    can_change_member,
    can_manage_members,
    can_set_oin,
    is_programme,
    require_change,
)
from thorbecke.registry.queries import filter_organisations

PAGE_SIZE = 50
# The members page shows this many of the latest changes of role and access.
CHANGES_SHOWN = 50


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    # A search also finds ceased organisations (Weesp): their pages exist and say who succeeded them.
    queryset = filter_organisations(
        filters.get("type"), filters.get("province"), filters.get("q"), active=None if filters.get("q") else True
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/list.html", {"form": form, "page": page})


def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.select_related("province", "successor", "parent"), code=code)
    return render(
        request,
        "registry/detail.html",
        {
            "org": org,
            "current_successor": org.current_successor(),
            "members": org.members.filter(end_date__isnull=True) if org.org_type == OrganisationType.PROVINCIE else [],
            "can_change": can_change(request.user, org),
            "can_manage_members": can_manage_members(request.user, org),
            "can_set_oin": can_set_oin(request.user),
            "oin_change": org.oin_changes.first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, code: str) -> HttpResponse:
    org = get_object_or_404(Organisation, code=code)
    require_change(request.user, org)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect("registry:detail", code=org.code)
    return render(request, "registry/edit.html", {"org": org, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@transaction.atomic
def organisation_oin(request: HttpRequest, code: str) -> HttpResponse:
    """The programme sets or changes an OIN it has verified; the change is logged with its reason."""
    org = get_object_or_404(Organisation.objects.select_for_update(), code=code)
    if not can_set_oin(request.user):
        raise PermissionDenied
    old = org.oin
    form = OinForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        OinChange.objects.create(
            organisation=org,
            old_oin=old,
            new_oin=org.oin,
            reason=form.cleaned_data["reason"],
            changed_by=request.user,
            changed_by_name=request.user.get_username(),
        )
        messages.success(request, _("Your changes have been saved."))
        return redirect("registry:detail", code=org.code)
    context = {"org": org, "form": form, "changes": org.oin_changes.all()}
    return render(request, "registry/oin.html", context, status=400 if form.errors else 200)


@login_required
def organisation_members(request: HttpRequest, code: str) -> HttpResponse:
    org = get_object_or_404(Organisation, code=code)
    if not can_manage_members(request.user, org):
        raise PermissionDenied
    members = org.memberships.select_related("user").order_by("user__username")
    rows = [
        (
            m,
            MembershipForm(instance=m, prefix=f"m{m.pk}", actor=request.user)
            if can_change_member(request.user, m)
            else None,
        )
        for m in members
    ]
    changes = org.membership_changes.all()[:CHANGES_SHOWN]
    context = {"org": org, "rows": rows, "changes": changes, "is_programme": is_programme(request.user)}
    return render(request, "registry/members.html", context)


@login_required
def staff_changes(request: HttpRequest) -> HttpResponse:
    """Every organisation's changes of roles and access, for the programme."""
    if not is_programme(request.user):
        raise PermissionDenied
    changes = MembershipChange.objects.select_related("organisation")
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/staff_changes.html", {"page": page})


@login_required
@require_http_methods(["POST"])
@transaction.atomic  # the check that a programme account stays and the change it allows are one
def organisation_member(request: HttpRequest, code: str, member: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=member, organisation__code=code
    )
    require_change(request.user, membership)
    form = MembershipForm(request.POST, instance=membership, prefix=f"m{membership.pk}", actor=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
    else:
        messages.error(
            request,
            _("Nothing was saved: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect("registry:members", code=code)
