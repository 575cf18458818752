"""The uniform cloud definitions as an API: the version in force (the newest published, else the repository's draft)
and any published version, each with every section in both languages and every definition's source."""

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from thorbecke.cloud import taxonomy
from thorbecke.cloud.models import TaxonomyVersion
from thorbecke.web.api import Link, Problem

router = Router(tags=["cloud definitions"])


class Texts(Schema):
    nl: str
    en: str


class Definition(Schema):
    code: str = Field(description="What needs and offerings store.")
    name: Texts
    text: Texts
    source: str = Field(description="Document, date and URL; 'Derived' first where the rule is our own reading.")
    rank: int | None = Field(None, description="Classifications only: the level, from low (0) to high.")
    allowedDeployments: list[str] | None = Field(
        None, description="Classifications only: the codes of the deployments the level may use."
    )
    rule: Texts | None = Field(None, description="Classifications only: the rule that allows them.")


class Section(Schema):
    code: str = Field(description="service_models, deployments, territories, key_holders, jurisdictions, ...")
    definitions: list[Definition]


class CloudDefinitions(Schema):
    version: str
    status: str = Field(description="published, or draft: the repository's version before any publication.")
    publishedAt: datetime | None
    publishedBy: str | None = Field(description="The publishing organisation's code.")
    sections: list[Section]
    links: dict[str, Link] = Field(alias="_links")


def _definition(term: taxonomy.Term, section: str) -> dict:
    entry: dict = {
        "code": term.code, "name": {"nl": term.name_nl, "en": term.name_en},
        "text": {"nl": term.text_nl, "en": term.text_en}, "source": term.source,
    }  # fmt: skip
    if section == "classifications":
        entry |= {"rank": term.rank, "allowedDeployments": list(term.allowed_deployments),
                  "rule": {"nl": term.rule_nl, "en": term.rule_en}}  # fmt: skip
    return entry


def _body(request: HttpRequest, found: taxonomy.Taxonomy, row: TaxonomyVersion | None) -> dict:
    return {
        "version": found.version,
        "status": "published" if row else "draft",
        "publishedAt": row.published_at if row else None,
        "publishedBy": row.published_by.code if row else None,
        "sections": [
            {"code": s, "definitions": [_definition(t, s) for t in found.terms(s)]} for s in taxonomy.SECTIONS
        ],
        "_links": {
            "self": {"href": request.build_absolute_uri(request.path)},
            "page": {"href": request.build_absolute_uri(reverse("cloud:definitions"))},
        },
    }


@router.get(
    "/cloud-definitions",
    response={200: CloudDefinitions},
    url_name="cloud-definitions",
    summary="Get the cloud definitions in force",
    by_alias=True,
)
def current_definitions(request: HttpRequest) -> dict:
    found = taxonomy.current()
    row = (
        TaxonomyVersion.objects.select_related("published_by")
        .filter(version=found.version, digest=found.digest)
        .first()
    )
    return _body(request, found, row)


@router.get(
    "/cloud-definitions/{version}",
    response={200: CloudDefinitions, 404: Problem},
    url_name="cloud-definitions-version",
    summary="Get one published version of the cloud definitions",
    by_alias=True,
)
def published_definitions(request: HttpRequest, version: str) -> dict:
    row = TaxonomyVersion.objects.select_related("published_by").filter(version=version).first()
    if row is None:
        raise HttpError(404, f"No version {version} of the cloud definitions has been published.")
    return _body(request, taxonomy.parse(row.content), row)
