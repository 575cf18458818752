"""The catalogue of reusable AI: public pages of the applications and the priority areas, the operator's forms,
requests to reuse and their decisions, and the programme's areas (decision 0039)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thorbecke.ai import catalogue
from thorbecke.ai.forms_catalogue import ApplicationForm, AreaForm, DecisionForm, ReuseRequestForm
from thorbecke.ai.models import AiApplication, PriorityArea, ReuseRequest, ReuseState
from thorbecke.registry.permissions import can_change, is_programme, membership_of, require_change

PAGE_SIZE = 20


def _listed() -> object:
    accepted = Count("reuse_requests", filter=Q(reuse_requests__state=ReuseState.ACCEPTED))
    return AiApplication.objects.select_related("organisation").annotate(users=accepted).order_by("name", "pk")


def catalogue_list(request: HttpRequest) -> HttpResponse:
    areas = PriorityArea.objects.annotate(count=Count("applications"))
    page = Paginator(_listed(), PAGE_SIZE).get_page(request.GET.get("page"))
    membership = membership_of(request.user)
    own = AiApplication(organisation_id=membership.organisation_id) if membership else None
    return render(
        request,
        "ai/catalogue_list.html",
        {
            "areas": areas,
            "page": page,
            "can_offer": own is not None and can_change(request.user, own),
            "is_programme": is_programme(request.user),
        },
    )


def _application(public_id: uuid.UUID) -> AiApplication:
    return get_object_or_404(AiApplication.objects.select_related("organisation", "algorithm"), public_id=public_id)


def _detail(request: HttpRequest, application: AiApplication, status: int = 200, **forms: object) -> HttpResponse:
    membership = membership_of(request.user)
    operator = membership is not None and membership.organisation_id == application.organisation_id
    # The parties see the requests between them: the operator all of them, an asking organisation its own.
    requests = application.reuse_requests.select_related("requester")
    if operator:
        shown = list(requests)
    elif membership is not None:
        shown = list(requests.filter(requester_id=membership.organisation_id))
    else:
        shown = []
    may_decide = operator and can_change(request.user, application)
    context = {
        "application": application,
        "entry": catalogue.register_entry(application, request.user),
        "users": catalogue.users_of(application),
        "areas": application.areas.all(),
        "requests": shown,
        "operator": operator,
        "may_decide": may_decide,
        "ask_refusal": catalogue.ask_refusal(request.user, application) if request.user.is_authenticated else None,
        "ask_form": forms.get("ask_form") or ReuseRequestForm(),
        "decision_forms": {
            r.pk: (forms.get("decision_form") if forms.get("decided") == r.pk else None)
            or DecisionForm(prefix=f"r{r.pk}")
            for r in shown
            if may_decide and r.state == ReuseState.REQUESTED
        },
    }
    return render(request, "ai/catalogue_detail.html", context, status=status)


def application_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, _application(public_id))


def _own_organisation_id(request: HttpRequest) -> int:
    membership = membership_of(request.user)
    if membership is None:
        raise PermissionDenied
    return membership.organisation_id


@login_required
@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    organisation_id = _own_organisation_id(request)
    application = AiApplication(organisation_id=organisation_id)
    require_change(request.user, application)
    form = ApplicationForm(request.POST or None, instance=application, organisation_id=organisation_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The application is in the catalogue."))
        return redirect(application.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "ai/catalogue_form.html", {"form": form, "application": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    application = _application(public_id)
    require_change(request.user, application)
    form = ApplicationForm(request.POST or None, instance=application, organisation_id=application.organisation_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect(application.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "ai/catalogue_form.html", {"form": form, "application": application}, status=status)


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "ai/catalogue_refused.html", {"reason": reason}, status=403)


@login_required
@require_POST
def reuse_ask(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    application = _application(public_id)
    refusal = catalogue.ask_refusal(request.user, application)
    if refusal:
        return _refused(request, refusal)
    form = ReuseRequestForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, status=400, ask_form=form)
    try:
        catalogue.ask(request.user, application, form.cleaned_data["motivation"])
    except catalogue.ReuseRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your request has been sent to %(name)s.") % {"name": application.organisation})
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def reuse_decide(request: HttpRequest, pk: int) -> HttpResponse:
    reuse = get_object_or_404(ReuseRequest.objects.select_related("application"), pk=pk)
    if not catalogue.may_decide(request.user, reuse):
        return _refused(request, _("Only the organisation that runs the application decides on its reuse."))
    form = DecisionForm(request.POST, prefix=f"r{reuse.pk}")
    if not form.is_valid():
        return _detail(request, reuse.application, status=400, decision_form=form, decided=reuse.pk)
    try:
        catalogue.decide(request.user, reuse, form.cleaned_data["decision"] == "accept", form.cleaned_data["reason"])
    except catalogue.ReuseRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Your decision has been recorded."))
    return redirect(reuse.application.get_absolute_url())


def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(
        PriorityArea.objects.prefetch_related(Prefetch("applications", queryset=_listed())), slug=slug
    )
    return render(request, "ai/catalogue_area.html", {"area": area, "is_programme": is_programme(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    area = get_object_or_404(PriorityArea, slug=slug) if slug else PriorityArea()
    require_change(request.user, area)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        area = form.save(commit=False)
        area.changed_by = request.user
        area.save()
        messages.success(request, _("The priority area has been saved."))
        return redirect("ai:area", slug=area.slug)
    status = 400 if form.errors else 200
    return render(request, "ai/catalogue_area_form.html", {"form": form, "area": area if slug else None}, status=status)
