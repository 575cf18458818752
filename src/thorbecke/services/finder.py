"""The front door's search over the product catalogue in the database."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

from thorbecke.caches import process_cache
from thorbecke.registry.sources import SourceError
from thorbecke.services.embeddings import default_embedder
from thorbecke.services.models import Product
from thorbecke.services.search import AUDIENCES, Document, Hit, SearchIndex

TOPICS = Path(__file__).parent / "content" / "not_government_topics.yaml"


def product_documents(products: list[Product]) -> list[Document]:
    documents = []
    for p in products:
        # Names, titles and synonyms are what people type; repeating them weighs them above descriptions.
        short = [p.name, p.title_nl, p.title_en, *p.synonyms_nl, *p.synonyms_en]
        lexical = " ".join([*short, *short, p.description_nl, p.description_en])
        passages = tuple(dict.fromkeys(t for t in [*short, p.description_nl, p.description_en] if t))
        audiences = frozenset(a for a, meant in (("citizen", p.for_citizens), ("business", p.for_businesses)) if meant)
        # A product the UPL marks for neither is kept for both rather than ranked down for everyone.
        documents.append(Document(p.pk, lexical, passages, audiences or frozenset(AUDIENCES)))
    return documents


@process_cache()
def not_government_topics() -> tuple[str, ...]:
    topics = yaml.safe_load(TOPICS.read_text(encoding="utf-8"))
    for language in ("nl", "en"):
        entries = topics.get(language) if isinstance(topics, dict) else None
        if not entries or not all(isinstance(t, str) and t.strip() for t in entries):
            raise SourceError(TOPICS, "-", language, "must be a list of non-empty texts")
    return tuple(topic for language in ("nl", "en") for topic in topics[language])


def build_index(products: list[Product], cache_dir: Path | None) -> SearchIndex:
    return SearchIndex(
        product_documents(products), default_embedder(), cache_dir=cache_dir, background=not_government_topics()
    )


def _catalogue_version() -> tuple[int, int, int]:
    # Keys are primary keys, so a reloaded catalogue (new keys, same texts) needs a new index too.
    rows = list(Product.objects.filter(withdrawn=False).values_list("pk", "description_nl"))
    return (len(rows), sum(pk for pk, _ in rows), sum(len(text) for _, text in rows))


@process_cache(version=_catalogue_version)
def get_index() -> SearchIndex:
    """The index of the current catalogue, rebuilt when the catalogue changes (cached on disk)."""
    return build_index(list(Product.objects.filter(withdrawn=False)), settings.CACHE_DIR)


@dataclass(frozen=True)
class Found:
    product: Product
    hit: Hit


@dataclass(frozen=True)
class Answer:
    query: str
    found: list[Found]
    government_matter: bool


def find_products(query: str, limit: int = 10, audience: str | None = None) -> Answer:
    """Products for a question; audience 'business' or 'citizen' prefers the products for them."""
    result = get_index().search(query, limit, audience=audience)
    products = Product.objects.in_bulk([h.key for h in result.hits])
    found = [Found(products[h.key], h) for h in result.hits if h.key in products]
    return Answer(result.query, found, result.government_matter)
