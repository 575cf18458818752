"""Saving descriptions: every change a new version, the filter and search columns kept in step, lifecycle steps."""

import re
import unicodedata
from html import unescape

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.ai.models import Algorithm, AlgorithmTerm, AlgorithmVersion, Lifecycle
from thorbecke.ai.schema import Problem, category_letter, document_format, problems, standard_view
from thorbecke.registry.models import Organisation

# Which lifecycle step may follow which (decision 0035): a retracted description may be published again.
TRANSITIONS = {
    "publish": ({Lifecycle.CONCEPT, Lifecycle.RETRACTED}, Lifecycle.PUBLISHED),
    "retract": ({Lifecycle.PUBLISHED}, Lifecycle.RETRACTED),
    "archive": ({Lifecycle.CONCEPT, Lifecycle.PUBLISHED, Lifecycle.RETRACTED}, Lifecycle.ARCHIVED),
}
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
TERM_LENGTH = AlgorithmTerm._meta.get_field("term").max_length
THEME_MARK = "#"  # a theme among the search words (see AlgorithmTerm)


class DescriptionRefused(ValueError):
    def __init__(self, found: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in found))
        self.problems = found


def plain(text: object) -> str:
    return unescape(TAG.sub(" ", text)) if isinstance(text, str) else ""


def fold(text: str) -> str:
    """Lower case without accents, so 'Gezichtsvergelijking' and 'gezichtsvergelijking', 'ë' and 'e' meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    return [word[:TERM_LENGTH] for word in WORD.findall(fold(text))]


def fill_columns(algorithm: Algorithm) -> None:
    view = standard_view(algorithm.document)
    themes = view.get("theme") or []
    algorithm.document_format = document_format(algorithm.document)
    algorithm.name = str(view.get("name", ""))[:200]
    algorithm.description_short = plain(view.get("description_short"))
    algorithm.development_status = str(view.get("status", ""))[:40]
    algorithm.publication_category = category_letter(str(view.get("publication_category", "")))
    algorithm.themes = ("|" + "|".join(str(theme) for theme in themes) + "|" if themes else "")[:500]
    algorithm.source_id = str(view.get("source_id") or "")[:200]
    algorithm.search_text = " ".join(
        (algorithm.name, algorithm.description_short, algorithm.organisation.name, plain(view.get("search_terms")))
    )


def search_terms(algorithm: Algorithm) -> set[str]:
    themes = {THEME_MARK + fold(theme)[: TERM_LENGTH - 1] for theme in algorithm.themes.split("|") if theme}
    return {word for word in words(algorithm.search_text) if len(word) > 1} | themes


def _index_terms(algorithm: Algorithm) -> None:
    AlgorithmTerm.objects.filter(algorithm=algorithm).delete()
    terms = sorted(search_terms(algorithm))
    AlgorithmTerm.objects.bulk_create(AlgorithmTerm(algorithm=algorithm, term=term) for term in terms)


def record_version(algorithm: Algorithm, user: object, note: str, previous: str = "") -> AlgorithmVersion:
    last = algorithm.versions.aggregate(last=Max("number"))["last"] or 0
    return AlgorithmVersion.objects.create(
        algorithm=algorithm,
        number=last + 1,
        document=algorithm.document,
        lifecycle=algorithm.lifecycle,
        previous_lifecycle=previous,
        author=user if getattr(user, "is_authenticated", False) else None,
        note=note[:500],
    )


def save_description(
    document: object,
    *,
    organisation: Organisation | None = None,
    algorithm: Algorithm | None = None,
    user: object = None,
    note: str = "",
) -> Algorithm:
    """Create (with organisation) or change (with algorithm) a description; refused whole when it is malformed."""
    found = problems(document)
    if found:
        raise DescriptionRefused(found)
    with transaction.atomic():
        if algorithm is None:
            algorithm = Algorithm(organisation=organisation)
        algorithm.document = document
        fill_columns(algorithm)
        algorithm.save()
        _index_terms(algorithm)
        record_version(algorithm, user, note)
    return algorithm


def move(algorithm: Algorithm, step: str, user: object, note: str = "") -> None:
    """Take one lifecycle step; refused (ValueError, in the page's language) when it does not follow from here."""
    allowed, target = TRANSITIONS.get(step, (set(), None))
    if algorithm.lifecycle not in allowed:
        raise ValueError(_("This step is not possible from the current status."))
    with transaction.atomic():
        previous = algorithm.lifecycle
        algorithm.lifecycle = target
        if target == Lifecycle.PUBLISHED:
            algorithm.published_at = timezone.now()
        algorithm.save(update_fields=["lifecycle", "published_at", "updated_at"])
        record_version(algorithm, user, note, previous)


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Every word of the query starts a word of the algorithm's name, description, organisation or search terms.

    A range on the indexed term column (not LIKE) so both SQLite and PostgreSQL use the index."""
    for word in words(text)[:6]:
        matching = AlgorithmTerm.objects.filter(term__gte=word, term__lt=word + "\uffff")
        queryset = queryset.filter(pk__in=matching.values("algorithm_id"))
    return queryset


def public(queryset: QuerySet | None = None) -> QuerySet:
    return (queryset if queryset is not None else Algorithm.objects.all()).filter(lifecycle=Lifecycle.PUBLISHED)


def filter_algorithms(
    queryset: QuerySet,
    *,
    q: str = "",
    organisation: str = "",
    theme: str = "",
    status: str = "",
    category: str = "",
    risk: str = "",
) -> QuerySet:
    """The register's filters, shared by the pages, the exports and the API."""
    if q:
        queryset = search(queryset, q)
    if organisation:
        queryset = queryset.filter(organisation__code=organisation)
    if theme:
        tagged = AlgorithmTerm.objects.filter(term=THEME_MARK + fold(theme)[: TERM_LENGTH - 1])
        queryset = queryset.filter(pk__in=tagged.values("algorithm_id"))
    if status:
        queryset = queryset.filter(development_status=status)
    if category:
        queryset = queryset.filter(publication_category=category)
    if risk:
        queryset = queryset.filter(risk_group=risk)
    if q or theme:
        # Newest first: the matches come from the term index in id order, so the page needs no sort of all of them
        # (thousands for a common word); by name otherwise, which an index per filter gives.
        queryset = queryset.order_by("-pk")
    return queryset
