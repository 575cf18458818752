import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.exchange.federated import NotConnected, records_held, who_used
from thorbecke.registry.models import Organisation
from thorbecke.services.citizens import session_bsn
from thorbecke.services.finder import find_products
from thorbecke.services.life_events import life_events
from thorbecke.services.models import Citizen, Message, Product
from thorbecke.services.places import resolve_place
from thorbecke.services.routing import door_for
from thorbecke.services.search import AUDIENCES, MAX_QUERY_LENGTH

RESULTS_SHOWN = 5
# What the page shows back of an overlong question: enough to see and shorten it, not a megabyte.
_KEPT_LENGTH = 2000
_MARKUP = re.compile(r"<\s*/?\s*[a-z!]", re.IGNORECASE)


def _place(request: HttpRequest) -> tuple[object, str, dict[str, str]]:
    fields = {k: request.GET.get(k, "").strip()[:40] for k in ("postcode", "lat", "lon")}
    answer = resolve_place(fields["postcode"], fields["lat"], fields["lon"])
    return answer.place, answer.error, fields


def _place_organisations(place: object) -> dict[str, Organisation]:
    codes = {name: getattr(place, name, None) for name in ("municipality", "province", "water_board")}
    found = Organisation.objects.in_bulk([c for c in codes.values() if c], field_name="code")
    return {name: found[code] for name, code in codes.items() if code in found}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "services/home.html", {"events": life_events().values()})


def question_error(query: str) -> str:
    """Why a typed question cannot be searched, in the page's language, or '' when it can."""
    if not query.strip():
        return _("Type your question, for example “my passport has expired”.")
    if len(query) > MAX_QUERY_LENGTH:
        return _("Your question is %(length)s characters long. Shorten it to at most 300 characters.") % {
            "length": len(query)
        }
    if _MARKUP.search(query):
        return _("Your question contains code (a tag between < and >). Type it in ordinary words.")
    return ""


def search(request: HttpRequest) -> HttpResponse:
    asked = "q" in request.GET
    typed = request.GET.get("q", "")
    query = typed[:_KEPT_LENGTH]
    audience = request.GET.get("audience", "")
    audience = audience if audience in AUDIENCES else ""
    error = question_error(typed) if asked else ""
    place, place_error, place_fields = _place(request)
    answer = find_products(query, RESULTS_SHOWN, audience or None) if asked and not error else None
    results = [(f.product, door_for(f.product, place)) for f in answer.found] if answer else []
    keep = [("q", query)] + ([("audience", audience)] if audience else [])
    return render(
        request,
        "services/search.html",
        {
            "query": query,
            "query_error": error,
            "audience": audience,
            "keep": keep,
            "answer": answer,
            "results": results,
            "events": life_events().values() if answer and not (answer.government_matter and results) else [],
            "place": place,
            "place_error": place_error,
            "place_fields": place_fields,
            "place_organisations": _place_organisations(place),
        },
    )


def product(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Product, slug=slug)
    place, place_error, place_fields = _place(request)
    return render(
        request,
        "services/product.html",
        {
            "product": item,
            "door": door_for(item, place),
            "place": place,
            "place_error": place_error,
            "place_fields": place_fields,
            "place_organisations": _place_organisations(place),
        },
    )


def life_event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "services/life_events.html", {"events": life_events().values()})


def life_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = life_events().get(slug)
    if event is None:
        raise Http404
    answers = {q.key: request.GET[q.key] == "yes" for q in event.questions if request.GET.get(q.key) in ("yes", "no")}
    unanswered = [q for q in event.questions if q.key not in answers]
    place, place_error, place_fields = _place(request)
    steps = event.steps_for(answers)
    products = Product.objects.in_bulk([s.uri for s in steps], field_name="uri")
    rows = [(s, products.get(s.uri), door_for(products[s.uri], place) if s.uri in products else None) for s in steps]
    return render(
        request,
        "services/life_event.html",
        {
            "event": event,
            "answers": answers,
            "keep": [(k, "yes" if v else "no") for k, v in answers.items()],
            "unanswered": unanswered,
            "rows": rows,
            "place": place,
            "place_error": place_error,
            "place_fields": place_fields,
            "place_organisations": _place_organisations(place),
        },
    )


def _citizen_or_sign_in(request: HttpRequest) -> Citizen | None:
    return getattr(request.user, "citizen", None) if request.user.is_authenticated else None


def my_page(request: HttpRequest) -> HttpResponse:
    citizen = _citizen_or_sign_in(request)
    if citizen is None:
        return render(request, "services/sign_in_citizen.html", status=401 if request.user.is_authenticated else 200)
    messages_ = Message.objects.filter(recipient_key=citizen.key).select_related("sender")
    context = {"citizen": citizen, "inbox": messages_, "connected": False}
    bsn = session_bsn(request, citizen)
    if bsn:
        try:
            context |= {"held": records_held(bsn), "used": who_used(bsn), "connected": True}
        except NotConnected:
            pass
    return render(request, "services/my_page.html", context)


def message(request: HttpRequest, pk: int) -> HttpResponse:
    citizen = _citizen_or_sign_in(request)
    if citizen is None:
        return redirect("services:my-page")
    # Filtering on the person's own key makes another person's message indistinguishable from none.
    item = get_object_or_404(Message.objects.select_related("sender"), pk=pk, recipient_key=citizen.key)
    if request.method == "POST" and request.POST.get("unread"):
        Message.objects.filter(pk=item.pk).update(read_at=None)
        return redirect("services:my-page")
    if item.read_at is None:
        Message.objects.filter(pk=item.pk).update(read_at=timezone.now())
    return render(request, "services/message.html", {"message": item})
