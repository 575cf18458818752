"""The public register's list page gives exactly the published algorithms its filters describe, in its order.

The expected results are worked out here in plain Python from the register's own definition (every query word
starts a word of the algorithm's name, description, organisation or search terms; published only; newest first
when searching, by name otherwise), not by the queries the page runs, so a faster page cannot quietly give
other results. The queries are bench/algorithm_register.py's, at a scale where they span several pages."""

import re

import pytest

from thorbecke.ai.exchange_format import import_descriptions
from thorbecke.ai.models import Algorithm, Lifecycle
from thorbecke.ai.register import move, search_terms, words
from thorbecke.ai.schema import example_descriptions
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

PAGE_SIZE = 20
QUERIES = [
    {"q": "anonimiseren"},
    {"q": "kentekencamera"},
    {"q": "kentekencamera milieuzone"},
    {"q": "meldingen openbare ruimte"},
    {"q": "belasting"},
    {"q": "woz taxatie"},
    {"q": "gezichtsvergelijking"},
    {"q": "utrecht"},
    {"q": "amsterdam meldingen"},
    {"q": "virtuele assistent"},
    {"q": "hittestress"},
    {"q": "burgerzaken"},
    {"q": "zivver"},
    {"q": "onbestaandwoord"},
    {"category": "B"},
    {"theme": "Verkeer"},
    {"organisation": "gm0344"},
    {"q": "anonimiseren", "category": "C"},
    {"q": "kenteken", "theme": "Verkeer", "page": "3"},
    {"q": "kenteken", "theme": "Verkeer", "page": "2"},
    {"status": "In ontwikkeling"},
    {},
    {"page": "2"},
    {"page": "50"},
    {"q": "Gezichtsvergelijking Ëindhoven"},
    {"risk": "hoog-risico AI"},
]
ORGANISATIONS = ["gm0344", "gm0363", "gm0772", "pv26", "ws0155"]


@pytest.fixture
def algorithms(register) -> list[Algorithm]:
    """The 27 examples at five organisations: most published, every tenth a concept, every seventh retracted,
    a few with an AI Act risk group."""
    made = []
    for code in ORGANISATIONS:
        made += import_descriptions(example_descriptions(), Organisation.objects.get(code=code))
    for number, algorithm in enumerate(made):
        if number % 10 == 9:
            continue
        move(algorithm, "publish", None)
        if number % 7 == 3:
            move(algorithm, "retract", None)
        if number % 11 == 0:
            algorithm.risk_group = "hoog-risico AI"
            algorithm.save(update_fields=["risk_group", "updated_at"])
    return made


def expected(query: dict) -> tuple[int, list[str]]:
    """How many published algorithms match, and the public ids on the asked page, from the definition."""
    found = []
    for algorithm in Algorithm.objects.select_related("organisation"):
        terms = search_terms(algorithm)
        themes = [theme for theme in algorithm.themes.split("|") if theme]
        if (
            algorithm.lifecycle == Lifecycle.PUBLISHED
            and all(any(term.startswith(word) for term in terms) for word in words(query.get("q", ""))[:6])
            and query.get("organisation", algorithm.organisation.code) == algorithm.organisation.code
            and (not query.get("theme") or query["theme"] in themes)
            and query.get("status", algorithm.development_status) == algorithm.development_status
            and query.get("category", algorithm.publication_category) == algorithm.publication_category
            and query.get("risk", algorithm.risk_group) == algorithm.risk_group
        ):
            found.append(algorithm)
    if query.get("q") or query.get("theme"):
        found.sort(key=lambda algorithm: -algorithm.pk)
    else:
        found.sort(key=lambda algorithm: (algorithm.name, algorithm.pk))
    last = max(1, -(-len(found) // PAGE_SIZE))
    page = min(int(query.get("page", 1)), last)
    return len(found), [str(a.public_id) for a in found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]


def listed(content: str) -> tuple[int, list[str]]:
    count = re.search(r"(\d+) algoritmes? gevonden", content)
    ids = re.findall(r'href="/algoritmes/([0-9a-f-]{36})/"', content)
    return int(count.group(1)), ids


def test_the_list_gives_the_register_definitions_results_for_every_benchmark_query(client, algorithms):
    matched = 0
    for query in QUERIES:
        count, ids = expected(query)
        assert listed(client.get("/algoritmes/", query).content.decode()) == (count, ids), query
        matched += bool(ids)
    assert matched >= 20  # the queries find something, so the comparison says something


def test_the_list_follows_every_lifecycle_step_at_once(client, algorithms):
    """The page never shows a concept or a retracted description, and shows a published one as soon as it is."""
    concept = algorithms[9]
    assert concept.lifecycle == Lifecycle.CONCEPT
    query = {"organisation": concept.organisation.code}
    assert str(concept.public_id) not in listed(client.get("/algoritmes/", {**query, "page": "2"}).content.decode())[1]
    before = listed(client.get("/algoritmes/", query).content.decode())[0]
    move(concept, "publish", None)
    assert listed(client.get("/algoritmes/", query).content.decode())[0] == before + 1
    assert expected(query) == listed(client.get("/algoritmes/", query).content.decode())
    move(concept, "retract", None)
    assert listed(client.get("/algoritmes/", query).content.decode())[0] == before
    second = {**query, "page": "2"}
    assert expected(second) == listed(client.get("/algoritmes/", second).content.decode())


def test_the_filter_choices_follow_what_is_published(client, algorithms):
    """The organisations and risk groups offered are those of published algorithms, as soon as one changes."""
    [groningen] = import_descriptions(example_descriptions()[:1], Organisation.objects.get(code="gm0014"))
    offered = 'option value="gm0014"'
    assert offered not in client.get("/algoritmes/").content.decode()
    move(groningen, "publish", None)
    assert offered in client.get("/algoritmes/").content.decode()
    groningen.risk_group = "verboden AI"
    groningen.save(update_fields=["risk_group", "updated_at"])
    assert 'option value="verboden AI"' in client.get("/algoritmes/").content.decode()
    move(groningen, "retract", None)
    content = client.get("/algoritmes/").content.decode()
    assert offered not in content and 'option value="verboden AI"' not in content


def test_a_deleted_algorithm_and_a_renamed_organisation_show_at_once(client, algorithms):
    query = {"organisation": "gm0363"}
    before = listed(client.get("/algoritmes/", query).content.decode())[0]
    published = Algorithm.objects.filter(organisation__code="gm0363", lifecycle=Lifecycle.PUBLISHED).first()
    published.delete()
    assert listed(client.get("/algoritmes/", query).content.decode())[0] == before - 1
    amsterdam = Organisation.objects.get(code="gm0363")
    amsterdam.name = "gemeente Mokum"
    amsterdam.save()
    content = client.get("/algoritmes/", query).content.decode()
    assert '<option value="gm0363" selected>gemeente Mokum</option>' in content


def test_every_process_sees_a_change_made_by_another(client, algorithms):
    """Another server's process changes the register without this one's signals: only the shared revision row tells
    this process, and a page after it shows the change."""
    from django.db.models.signals import post_save

    from thorbecke.ai.register_cache import changed

    concept = next(a for a in algorithms if a.lifecycle == Lifecycle.CONCEPT)
    query = {"q": concept.name}
    count = listed(client.get("/algoritmes/", query).content.decode())[0]
    post_save.disconnect(changed, sender=Algorithm, dispatch_uid="ai-register-choices-save-Algorithm")
    try:
        move(concept, "publish", None)
        assert listed(client.get("/algoritmes/", query).content.decode())[0] == count  # kept: nothing said it changed
    finally:
        post_save.connect(changed, sender=Algorithm, dispatch_uid="ai-register-choices-save-Algorithm")
    changed()  # what the other process's save did to the shared row
    assert listed(client.get("/algoritmes/", query).content.decode())[0] == count + 1
