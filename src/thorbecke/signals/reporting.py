"""The pages for the person who reports: the reporting form, a report's own page where anyone can
follow it, and the one-question survey when it is closed."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from thorbecke.ai.own import REPORT_CLASSIFIER, page_of
from thorbecke.signals.basemap import boundaries
from thorbecke.signals.classifier import get_classifier
from thorbecke.signals.forms import (
    FollowForm,
    PlaceForm,
    ReportForm,
    SatisfactionForm,
    public_answers,
    question_field_name,
)
from thorbecke.signals.intake import IntakeError, NewReport, accept, check_answers, client_of, earlier_reports
from thorbecke.signals.lookups import service
from thorbecke.signals.models import Category, Feedback, Follower, ServiceRequest, Status
from thorbecke.signals.notify import (
    FOLLOW_SALT,
    UNFOLLOW_SALT,
    LinkExpired,
    follower_of_code,
    offer_confirmation,
    report_of_survey_code,
)
from thorbecke.signals.photos import PhotoError, clean_photo
from thorbecke.signals.places import describe

# Below this the description alone does not decide the category: the person is asked to choose.
SUGGESTION_CONFIDENCE = 0.4


def _citizen_key(request: HttpRequest) -> str:
    citizen = getattr(request.user, "citizen", None) if request.user.is_authenticated else None
    return citizen.key if citizen else ""


def _device(request: HttpRequest) -> str:
    """The web form's 'device' for rate limiting: a keyed hash of the address, never the address itself."""
    return "web-" + client_of(request)


def map_context() -> dict[str, str]:
    return {"tiles_url": settings.MAP_TILES_URL, "tiles_attribution": settings.MAP_TILES_ATTRIBUTION}


def _category(form: ReportForm) -> Category | None:
    slug = form.cleaned_data["category"]
    if not slug:
        best = get_classifier().suggest(form.cleaned_data["description"], limit=1)
        if not best or best[0].confidence < SUGGESTION_CONFIDENCE:
            form.add_error("category", _("We could not tell the kind of problem from your description: choose it."))
            return None
        slug = best[0].category
    return service(slug)


@require_http_methods(["GET", "POST"])
def new_report(request: HttpRequest) -> HttpResponse:
    # The front door sends a report product here with its kind already chosen (?category=straatverlichting-...).
    initial = {"category": request.GET.get("category", "")[:100]} if request.method == "GET" else None
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    # The algorithm that suggests the kind of problem, in the register; no link where it is not registered.
    context = {"form": form, "suggestions_explained": page_of(REPORT_CLASSIFIER), **map_context()}
    if request.method != "POST" or not form.is_valid() or (category := _category(form)) is None:
        return render(request, "signals/new.html", context, status=400 if request.method == "POST" else 200)
    data = form.cleaned_data
    try:
        answers = check_answers(category, form.answers(category))
    except IntakeError as exc:
        form.add_error(question_field_name(category, exc.field_name), capfirst(str(exc)))
        # The kind may have come from the description: shown as chosen, so are its questions.
        form.data = form.data.copy()
        form.data["category"] = category.slug
        return render(request, "signals/new.html", context, status=400)
    report = NewReport(
        category=category,
        lat=data["lat"] if data["long"] is not None else None,
        lon=data["long"] if data["lat"] is not None else None,
        texts={
            "description": data["description"],
            "address_string": data["address"],
            "email": data["email"],
            "device_id": _device(request),
        },
        attributes=answers,
        reporter_key=_citizen_key(request),
        client_address=client_of(request),
    )
    try:
        if data["photo"]:
            report.photo = clean_photo(data["photo"], data["photo"].size)
        earlier = [] if request.POST.get("confirmed") else earlier_reports(report)
        if earlier:
            context |= {
                "earlier": earlier,
                "category": category,
                "follow": FollowForm(initial={"email": data["email"]}),
            }
            return render(request, "signals/already_reported.html", context)
        item, target = accept(report)
    except (IntakeError, PhotoError) as exc:
        form.add_error(None, str(exc))
        return render(request, "signals/new.html", context, status=exc.status)
    thanks = _("Thank you. Your report %(number)s has gone to %(name)s.")
    if item.email and not item.reporter_key:
        thanks += " " + _(
            "We have mailed the address you gave a link to confirm it; until it is confirmed, we send it nothing else."
        )
    messages.success(request, thanks % {"number": item.pk, "name": target.organisation.name})
    return redirect("reporting:report", pk=item.pk)


def _public(report: ServiceRequest, follow_form: FollowForm) -> dict[str, object]:
    """What anyone may see of a report: what and where, and its handling; never who reported it
    (no name, e-mail, phone or device) nor its photo."""
    context: dict[str, object] = {
        "report": report,
        "steps": report.public_history(),
        "follow": follow_form,
        "place": describe(report.lat, report.long, report.address_string),
        "answers": public_answers(report),
        **map_context(),
    }
    if report.lat is not None and report.long is not None:
        context["points_json"] = json.dumps([{"lat": report.lat, "long": report.long}])
    return context


def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ServiceRequest.objects.select_related("category", "organisation"), pk=pk)
    return render(request, "signals/report.html", _public(report, FollowForm()))


@require_http_methods(["POST"])
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ServiceRequest, pk=pk)
    form = FollowForm(request.POST)
    key = _citizen_key(request)
    if form.is_valid() and not key and not form.cleaned_data["email"]:
        form.add_error("email", _("Give an e-mail address, or sign in, to hear about this report."))
    if not form.is_valid():
        return render(request, "signals/report.html", _public(report, form), status=400)
    if key:  # signed in: who they are is known, nothing to confirm
        Follower.objects.get_or_create(request=report, reporter_key=key, defaults={"confirmed_at": timezone.now()})
        messages.success(request, _("You now follow report %(number)s.") % {"number": report.pk})
        return redirect("reporting:report", pk=report.pk)
    offer_confirmation(report, form.cleaned_data["email"])
    # The same answer whether or not the address already follows: the page tells nobody who follows what.
    messages.success(
        request,
        _(
            "If %(email)s does not follow report %(number)s yet, we have sent it a mail with a link to confirm. "
            "Until it is confirmed, we send nothing else."
        )
        % {"email": form.cleaned_data["email"], "number": report.pk},
    )
    return redirect("reporting:report", pk=report.pk)


def _follower(code: str, salt: str) -> tuple[Follower | None, bool]:
    """The follower a link names, and whether the link has expired; a link that is not ours is a 404."""
    try:
        pk = follower_of_code(code, salt)
    except LinkExpired:
        return None, True
    if pk is None:
        raise Http404
    return Follower.objects.select_related("request").filter(pk=pk).first(), False


@require_http_methods(["GET", "POST"])
def confirm_follow(request: HttpRequest, code: str) -> HttpResponse:
    """The link in the confirmation mail. Opening it changes nothing (mail scanners open links); the button does."""
    follower, expired = _follower(code, FOLLOW_SALT)
    if expired:
        return render(request, "signals/following.html", {"expired": True}, status=400)
    if follower is None:
        raise Http404
    if request.method == "POST":
        if follower.confirmed_at is None:
            follower.confirmed_at = timezone.now()
            follower.save(update_fields=["confirmed_at"])
        done = (
            _("We will mail you how report %(number)s is handled.")
            if follower.reporter
            else _("You now follow report %(number)s.")
        )
        messages.success(request, done % {"number": follower.request_id})
        return redirect("reporting:report", pk=follower.request_id)
    return render(
        request, "signals/following.html", {"report": follower.request, "follower": follower, "confirm": True}
    )


@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, code: str) -> HttpResponse:
    """The link in every mail to a follower. Stopping twice is no error: the follower is simply gone."""
    follower, _expired = _follower(code, UNFOLLOW_SALT)
    if request.method == "POST":
        if follower is not None:
            follower.delete()
        messages.success(request, _("We send you nothing more about this report."))
        return redirect("reporting:report", pk=follower.request_id) if follower else redirect("reporting:new")
    context = {"report": follower.request if follower else None, "follower": follower}
    return render(request, "signals/following.html", context)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    if report_of_survey_code(code) != pk:
        raise Http404
    report = get_object_or_404(ServiceRequest.objects.select_related("category", "organisation"), pk=pk)
    if report.status != Status.CLOSED:
        raise Http404
    answered = Feedback.objects.filter(request=report).exists()
    form = SatisfactionForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        Feedback.objects.create(request=report, satisfaction=form.cleaned_data["satisfaction"])
        messages.success(request, _("Thank you for your answer."))
        return redirect("reporting:report", pk=report.pk)
    status = 400 if request.method == "POST" and not answered else 200
    return render(request, "signals/survey.html", {"report": report, "form": form, "answered": answered}, status=status)


@cache_control(public=True, max_age=86400)
@vary_on_headers("Accept-Encoding")
def outline(request: HttpRequest) -> HttpResponse:
    """The offline map's boundaries and names (basemap.py), gzipped for any browser that takes it."""
    plain, packed = boundaries()
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(packed, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
        return response
    return HttpResponse(plain, content_type="application/geo+json")


def place(request: HttpRequest) -> JsonResponse:
    """The place of a point picked on the map (and the address typed, if any), in words."""
    form = PlaceForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    found = describe(form.cleaned_data["lat"], form.cleaned_data["long"], form.cleaned_data["address"])
    return JsonResponse({"place": found.words, "inNetherlands": found.in_netherlands})
