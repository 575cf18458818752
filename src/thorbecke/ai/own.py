"""Thorbecke's own algorithms in the register (issue 24 item 6, decision 0040): the stable keys the apps name them
by, and the public register page where a citizen reads how one works.

The apps sit above `ai`, so they ask here by key rather than knowing the register's tables. Only a description the
hub's operator published counts: any organisation may give any ``source_id``, and a page another organisation
publishes under one of these keys must not be offered as the explanation of what the hub did."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import public
from thorbecke.exchange.federated import HUB_ORGANISATION

SEARCH = "thorbecke:voordeur-zoeken"
REPORT_CLASSIFIER = "thorbecke:meldingen-categorie"
PROACTIVE_SCREENING = "thorbecke:proactieve-screening"
OWN = (SEARCH, REPORT_CLASSIFIER, PROACTIVE_SCREENING)


def registered(key: str) -> Algorithm | None:
    """The hub operator's published description of one of its own algorithms, the newest when there are several;
    None when it is not in the register (outside the demo, or retracted), so a page shows no link at all."""
    if key not in OWN:
        return None
    own = Algorithm.objects.filter(source_id=key, organisation__code=HUB_ORGANISATION)
    return public(own).order_by("-published_at", "-pk").first()


def page_of(key: str) -> str:
    """The public register page in the active language, or "" when the algorithm is not registered."""
    algorithm = registered(key)
    return algorithm.get_absolute_url() if algorithm else ""


def public_pages(key: str) -> tuple[str, str]:
    """The page in Dutch and in English as full addresses, for a message read outside this site; ("", "") when the
    algorithm is not registered."""
    algorithm = registered(key)
    if algorithm is None:
        return "", ""
    pages = []
    for language in ("nl", "en"):
        with translation.override(language):
            pages.append(settings.PUBLIC_URL + reverse("ai:algorithm", kwargs={"public_id": algorithm.public_id}))
    return pages[0], pages[1]
