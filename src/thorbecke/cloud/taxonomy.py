"""The uniform cloud definitions: read from ``data/taxonomy.yaml`` (or a file the programme offers), checked, and
published as versions.

A taxonomy is refused whole, with its field named (``classifications[2].allowed_deployments``), when an entry lacks
a code, a text in either language or a source, when a code repeats, or when a classification allows a deployment
the taxonomy does not define; nothing is stored then. The published version a page reads is the newest the programme
published; before the first publication the file in the repository stands in, marked as not yet published."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thorbecke.caches import process_cache
from thorbecke.cloud.models import TaxonomyVersion
from thorbecke.cloud.texts import Texts
from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation

FILE = Path(__file__).parent / "data" / "taxonomy.yaml"
SECTIONS = (
    "service_models",
    "deployments",
    "territories",
    "key_holders",
    "jurisdictions",
    "support",
    "classifications",
)
# Fixed, because the matching reasons about them: which deployments are public cloud, and their order.
DEPLOYMENTS = ("own-data-centre", "government-shared", "community", "dutch-public", "eu-public", "third-country-public")
TERRITORIES = ("nl", "eu", "third-country")
KEY_HOLDERS = ("customer", "provider-eu", "provider-third-country")


class TaxonomyError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class Term(Texts):
    code: str = ""
    source: str = ""
    rank: int = 0
    allowed_deployments: tuple[str, ...] = ()
    rule_nl: str = ""
    rule_en: str = ""

    @property
    def rule(self) -> str:
        return localised(self, "rule")


@dataclass(frozen=True)
class Taxonomy:
    version: str
    sections: dict[str, tuple[Term, ...]]
    content: dict
    digest: str

    def terms(self, section: str) -> tuple[Term, ...]:
        return self.sections[section]

    def term(self, section: str, code: str) -> Term | None:
        return next((t for t in self.sections[section] if t.code == code), None)

    def codes(self, section: str) -> list[str]:
        return [t.code for t in self.sections[section]]

    def choices(self, section: str) -> list[tuple[str, str]]:
        return [(t.code, t.name) for t in self.sections[section]]

    def name(self, section: str, code: str) -> str:
        term = self.term(section, code)
        return term.name if term else code

    def classification_rank(self, code: str) -> int:
        term = self.term("classifications", code)
        return term.rank if term else -1


def _text(entry: dict, where: str, key: str, required: tuple[str, ...] = ("name", "text")) -> dict:
    value = entry.get(key)
    if not isinstance(value, dict):
        raise TaxonomyError(f"{where}.{key}", _("must give the texts in this language"))
    for field in required:
        if not isinstance(value.get(field), str) or not value[field].strip():
            raise TaxonomyError(f"{where}.{key}.{field}", _("is required"))
    return value


def _term(section: str, index: int, entry: object, deployments: set[str]) -> Term:
    where = f"{section}[{index}]"
    if not isinstance(entry, dict):
        raise TaxonomyError(where, _("must be a mapping of fields"))
    code = entry.get("code")
    if not isinstance(code, str) or not code.strip():
        raise TaxonomyError(f"{where}.code", _("is required"))
    for language in ("nl", "en"):
        _text(entry, where, language)
    source = entry.get("source")
    if not isinstance(source, str) or not source.strip():
        raise TaxonomyError(f"{where}.source", _("is required: every definition names its source"))
    extra: dict = {}
    if section == "classifications":
        rank = entry.get("rank")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 0:
            raise TaxonomyError(f"{where}.rank", _("must be a whole number, 0 or more"))
        allowed = entry.get("allowed_deployments")
        if not isinstance(allowed, list) or not allowed:
            raise TaxonomyError(f"{where}.allowed_deployments", _("must list at least one deployment"))
        for value in allowed:
            if value not in deployments:
                raise TaxonomyError(
                    f"{where}.allowed_deployments",
                    _("'%(value)s' is not a deployment of this taxonomy") % {"value": value},
                )
        rule = _text(entry, where, "rule", required=("nl", "en"))
        extra = {"rank": rank, "allowed_deployments": tuple(allowed), "rule_nl": rule["nl"], "rule_en": rule["en"]}
    return Term(code=code, source=source, **Texts.of(entry), **extra)


def parse(content: object) -> Taxonomy:
    """The taxonomy in ``content`` (a file's parsed YAML), or TaxonomyError naming the first field that is wrong."""
    if not isinstance(content, dict):
        raise TaxonomyError("taxonomy", _("must be a mapping with a version and its sections"))
    version = content.get("version")
    if not isinstance(version, str) or not version.strip():
        raise TaxonomyError("version", _("is required"))
    sections: dict[str, tuple[Term, ...]] = {}
    raw_deployments = content.get("deployments")
    deployments = (
        {e.get("code") for e in raw_deployments if isinstance(e, dict)} if isinstance(raw_deployments, list) else set()
    )
    for section in SECTIONS:
        entries = content.get(section)
        if not isinstance(entries, list) or not entries:
            raise TaxonomyError(section, _("must list at least one definition"))
        terms = tuple(_term(section, i, e, deployments) for i, e in enumerate(entries))
        seen: set[str] = set()
        for i, term in enumerate(terms):
            if term.code in seen:
                raise TaxonomyError(f"{section}[{i}].code", _("'%(code)s' appears twice") % {"code": term.code})
            seen.add(term.code)
        sections[section] = terms
    fixed = {"deployments": DEPLOYMENTS, "territories": TERRITORIES, "key_holders": KEY_HOLDERS}
    for section, codes in fixed.items():
        if tuple(t.code for t in sections[section]) != codes:
            raise TaxonomyError(
                section, _("must define exactly these codes, in this order: %(codes)s") % {"codes": ", ".join(codes)}
            )
    ranks = [t.rank for t in sections["classifications"]]
    if ranks != sorted(set(ranks)):
        raise TaxonomyError("classifications", _("must be ordered from low to high, each at its own rank"))
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    return Taxonomy(version.strip(), sections, content, digest)


def load_text(text: str) -> Taxonomy:
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TaxonomyError(
            "taxonomy", _("is not valid YAML (%(error)s)") % {"error": error.__class__.__name__}
        ) from error
    return parse(content)


@process_cache()
def in_repository() -> Taxonomy:
    """The definitions as the repository holds them: the draft the programme publishes."""
    return load_text(FILE.read_text(encoding="utf-8"))


def _newest_published() -> tuple[str, str] | None:
    return TaxonomyVersion.objects.order_by("-published_at").values_list("version", "digest").first()


@process_cache(version=_newest_published)
def _published() -> Taxonomy | None:
    row = TaxonomyVersion.objects.order_by("-published_at").first()
    return parse(row.content) if row else None


def current() -> Taxonomy:
    """The newest published definitions; before any publication, the repository's."""
    return _published() or in_repository()


def is_published(taxonomy: Taxonomy) -> bool:
    return TaxonomyVersion.objects.filter(version=taxonomy.version, digest=taxonomy.digest).exists()


class AlreadyPublished(ValueError):
    pass


@transaction.atomic
def publish(taxonomy: Taxonomy, by: Organisation) -> TaxonomyVersion:
    """Publish a version. A version is published once: changed definitions are a new version."""
    if TaxonomyVersion.objects.filter(version=taxonomy.version).exists():
        raise AlreadyPublished(taxonomy.version)
    return TaxonomyVersion.objects.create(
        version=taxonomy.version, content=taxonomy.content, digest=taxonomy.digest, published_at=timezone.now(),
        published_by=by,
    )  # fmt: skip
