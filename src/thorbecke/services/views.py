import re
from copy import copy
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.exchange.federated import NotConnected, records_held, who_used
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import Layer, Place, responsible
from thorbecke.services.citizens import session_bsn
from thorbecke.services.companies import company_key
from thorbecke.services.finder import find_products
from thorbecke.services.life_event_guides import LifeEvent, Question, Step, life_events
from thorbecke.services.models import Citizen, Message, Product
from thorbecke.services.personal_records import shown
from thorbecke.services.places import resolve_place
from thorbecke.services.routing import Door, door_for, sources_for_place
from thorbecke.services.search import AUDIENCES, MAX_QUERY_LENGTH

RESULTS_SHOWN = 5
ANSWER_SHOWN = 20  # characters of a refused answer that the error repeats
# What the page shows back of an overlong question: enough to see and shorten it, not a megabyte.
_KEPT_LENGTH = 2000
_MARKUP = re.compile(r"<\s*/?\s*[a-z!]", re.IGNORECASE)


def _place(request: HttpRequest) -> tuple[object, str, dict[str, str]]:
    fields = {k: request.GET.get(k, "").strip()[:40] for k in ("postcode", "lat", "lon")}
    answer = resolve_place(fields["postcode"], fields["lat"], fields["lon"])
    return answer.place, answer.error, fields


def _place_organisations(place: Place | None) -> dict[str, Organisation]:
    """The municipality, province and water board of the place, where the register names one."""
    if place is None:
        return {}
    codes = {
        "municipality": place.municipality,
        "province": place.province,
        "water_board": responsible(Layer.WATERSCHAP, place).sole,
    }
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
    organisations = _place_organisations(place)
    return render(
        request,
        "services/product.html",
        {
            "product": item,
            "door": door_for(item, place),
            "sources": sources_for_place(item, list(organisations.values())),
            "place": place,
            "place_error": place_error,
            "place_fields": place_fields,
            "place_organisations": organisations,
        },
    )


def life_event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "services/life_events.html", {"events": life_events().values()})


@dataclass(frozen=True)
class _Asked:
    """A question as the form shows it: the answer given ("yes", "no" or "") and why a value was refused."""

    question: Question
    answer: str
    error: str


def _answers(request: HttpRequest, event: LifeEvent) -> list[_Asked]:
    asked = []
    for question in event.questions:
        value = request.GET.get(question.key, "")
        error = ""
        if value not in ("", "yes", "no"):
            shown = value if len(value) <= ANSWER_SHOWN else value[:ANSWER_SHOWN] + "…"
            error = _("“%(value)s” is not an answer to this question. Choose yes or no.") % {"value": shown}
            value = ""
        asked.append(_Asked(question, value, error))
    return asked


def _door(step: Step, product: Product, place: object) -> Door | None:
    if not step.door:
        return None
    if step.agency and step.agency != product.agency:
        # The content names the agency that serves this step in this life event; the catalogue's is the general one.
        product = copy(product)
        product.agency = step.agency
    return door_for(product, place)


def life_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = life_events().get(slug)
    if event is None:
        raise Http404
    asked = _answers(request, event)
    answers = {a.question.key: a.answer == "yes" for a in asked if a.answer}
    place, place_error, place_fields = _place(request)
    steps = event.steps_for(answers)
    products = Product.objects.in_bulk([s.uri for s in steps], field_name="uri")
    rows = [(s, products.get(s.uri), _door(s, products[s.uri], place) if s.uri in products else None) for s in steps]
    prompt = event.place_for(answers)
    return render(
        request,
        "services/life_event.html",
        {
            "event": event,
            "asked": asked,
            "complete": all(a.answer for a in asked),
            "keep": [(k, "yes" if v else "no") for k, v in answers.items()],
            "rows": rows,
            "place": place,
            "place_error": place_error,
            "place_fields": place_fields,
            "place_organisations": _place_organisations(place),
            "place_heading": prompt.heading if prompt else "",
            "place_label": prompt.label if prompt else "",
        },
    )


def _citizen_or_sign_in(request: HttpRequest) -> Citizen | None:
    return getattr(request.user, "citizen", None) if request.user.is_authenticated else None


def _inbox_key(request: HttpRequest) -> str | None:
    """The inbox of whoever is signed in at the front door: a person's pseudonym or a company's KVK number."""
    if not request.user.is_authenticated:
        return None
    if citizen := getattr(request.user, "citizen", None):
        return citizen.key
    if company := getattr(request.user, "company", None):
        return company_key(company.kvk)
    return None


def my_page(request: HttpRequest) -> HttpResponse:
    key = _inbox_key(request)
    if key is None:
        return render(request, "services/sign_in_citizen.html", status=401 if request.user.is_authenticated else 200)
    inbox = Message.objects.filter(recipient_key=key).select_related("sender")
    company = getattr(request.user, "company", None)
    if company is not None:
        return render(request, "services/my_page_company.html", {"company": company, "inbox": inbox})
    citizen = request.user.citizen
    context = {"citizen": citizen, "inbox": inbox, "connected": False}
    bsn = session_bsn(request, citizen)
    if bsn:
        try:
            held = records_held(bsn)
            records = [(source, shown(person)) for source, person in held.records]
            context |= {"held": held, "records": records, "used": who_used(bsn)}
            context["connected"] = True
        except NotConnected:
            pass
    return render(request, "services/my_page.html", context)


def message(request: HttpRequest, pk: int) -> HttpResponse:
    key = _inbox_key(request)
    if key is None:
        return redirect("services:my-page")
    # Filtering on the reader's own key makes another's message indistinguishable from none.
    item = get_object_or_404(Message.objects.select_related("sender"), pk=pk, recipient_key=key)
    if request.method == "POST" and request.POST.get("unread"):
        Message.objects.filter(pk=item.pk).update(read_at=None)
        return redirect("services:my-page")
    if item.read_at is None:
        Message.objects.filter(pk=item.pk).update(read_at=timezone.now())
    return render(request, "services/message.html", {"message": item})
