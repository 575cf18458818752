"""Data bottlenecks: the public register, an organisation's own list (the programme's queue), reporting with the
matches shown before filing, one bottleneck's page, and the programme's steps.

Who sees what: the public register shows the bottlenecks the programme triaged as public, with their decisions;
the reporting organisation, the parties and the programme see the whole record (notes, who took each step)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from thorbecke.exchange.directory import service
from thorbecke.registry.models import Membership
from thorbecke.registry.permissions import is_programme, membership_of, require_change, require_membership
from thorbecke.services.life_event_guides import life_events
from thorbecke.steering import bottlenecks as rules
from thorbecke.steering import legislation
from thorbecke.steering.bottleneck_matching import similar, text_of
from thorbecke.steering.bottleneck_types import bottleneck_types
from thorbecke.steering.forms_bottlenecks import BottleneckForm, StepForm
from thorbecke.steering.laws import parse
from thorbecke.steering.models import Bottleneck


def full_readers(user: object, bottleneck: Bottleneck) -> bool:
    """The reporting organisation, the parties and the programme see the whole record."""
    membership = membership_of(user)
    if membership is None:
        return False
    if is_programme(user) or membership.organisation_id == bottleneck.organisation_id:
        return True
    return bottleneck.parties.filter(pk=membership.organisation_id).exists()


def _rows(queryset: QuerySet) -> list[dict]:
    types = bottleneck_types()
    return [
        {"bottleneck": b, "type": types.get(b.da_type), "late": rules.is_late(b)}
        for b in queryset.select_related("organisation")
    ]


def register(request: HttpRequest) -> HttpResponse:
    return render(request, "steering/bottlenecks_register.html", {"rows": _rows(rules.published())})


@login_required
def own(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    if is_programme(request.user):
        queryset = Bottleneck.objects.all()
    else:
        mine = Q(organisation_id=membership.organisation_id) | Q(parties=membership.organisation_id)
        queryset = Bottleneck.objects.filter(mine).distinct()
    return render(
        request,
        "steering/bottlenecks_own.html",
        {"rows": _rows(queryset), "programme": is_programme(request.user), "levels": rules.SERVICE_LEVEL_DAYS,
         "can_report": _may_report(request.user, membership)},
    )  # fmt: skip


def _may_report(user: object, membership: Membership) -> bool:
    try:
        require_change(user, Bottleneck(organisation_id=membership.organisation_id))
    except PermissionDenied:
        return False
    return True


@login_required
def new(request: HttpRequest) -> HttpResponse:
    membership = require_membership(request.user)
    require_change(request.user, Bottleneck(organisation_id=membership.organisation_id))
    form = BottleneckForm(request.POST or None)
    matches = None
    if request.method == "POST" and form.is_valid():
        fields = form.fields_of_bottleneck()
        if request.POST.get("confirm") == "1":
            bottleneck = rules.report(membership.organisation, request.user, form.parties_chosen(), **fields)
            return redirect("steering:bottleneck", pk=bottleneck.pk)
        # The first submit: what is like it, before anything is filed.
        matches = similar(
            text_of(fields["title"], fields["description"], fields["effect"]),
            data_service=fields["data_service"], laws=fields["laws"], organisation_id=membership.organisation_id,
        )  # fmt: skip
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "steering/bottlenecks_new.html",
        {"form": form, "matches": matches, "types": bottleneck_types().values(), "levels": rules.SERVICE_LEVEL_DAYS},
        status=status,
    )


def _context(request: HttpRequest, bottleneck: Bottleneck, step_form: StepForm | None = None) -> dict:
    full = full_readers(request.user, bottleneck)
    if not full and not rules.published().filter(pk=bottleneck.pk).exists():
        raise Http404
    steps = list(bottleneck.steps.select_related("by").order_by("at", "pk"))
    programme = is_programme(request.user)
    membership = membership_of(request.user)
    own_staff = membership is not None and membership.organisation_id == bottleneck.organisation_id
    return {
        "bottleneck": bottleneck,
        "full": full,
        # Who took a step, by name, is for the programme and the reporting organisation (staff names are personal).
        "names": programme or own_staff,
        "steps": steps,
        "clocks": rules.clocks(bottleneck, steps),
        "late": rules.is_late(bottleneck),
        "type": bottleneck_types().get(bottleneck.da_type),
        "service": service(bottleneck.data_service) if bottleneck.data_service else None,
        "life_event": life_events().get(bottleneck.life_event),
        "laws": [parse(reference) for reference in bottleneck.laws],
        "obligation": legislation.obligation(bottleneck.obligation) if bottleneck.obligation else None,
        "obligation_url": legislation.obligation_url(bottleneck.obligation) if bottleneck.obligation else "",
        "parties": bottleneck.parties.order_by("sort_name"),
        "programme": programme,
        "step_form": step_form or (StepForm() if programme and bottleneck.is_open else None),
    }


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    bottleneck = get_object_or_404(Bottleneck.objects.select_related("organisation"), pk=pk)
    return render(request, "steering/bottleneck.html", _context(request, bottleneck))


@login_required
@require_POST
def step(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_programme(request.user):
        raise PermissionDenied
    bottleneck = get_object_or_404(Bottleneck, pk=pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rules.move(bottleneck, data["action"], request.user, note=data["note"], public=data["public"],
                       decision=data["decision"], reasoning=data["reasoning"])  # fmt: skip
        except rules.BottleneckError as error:
            form.add_error(error.field, str(error))
        else:
            return redirect("steering:bottleneck", pk=bottleneck.pk)
    return render(request, "steering/bottleneck.html", _context(request, bottleneck, form), status=400)
