"""Searching and filtering the catalogue, on four offerings whose answers were worked out by hand (in comments)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cloud.builders import offering, provider
from tests.cloud.test_haven import output
from thorbecke.cloud.catalogue import Filters, search
from thorbecke.cloud.haven import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(register):
    """Scores by the weights (15,10,10,15,20,15,10,5) x level / 4:
    Rijk Compute 100 (all 4); Euro Kubernetes 75 (all 3); Hyper VM 30
    (0+2.5+5+7.5+5+3.75+5+1.25); Polder Opslag runs on Euro Kubernetes, so at most 3 everywhere: 75."""
    today = timezone.localdate()
    rijk = provider("Rijksdatacentrum", "NL", government=True)
    eu = provider("EuroWolk GmbH", "DE")
    us = provider("Hyper Cloud Ireland", "IE", chain=[{"name": "Hyper Cloud Inc.", "country": "US"}])
    nl = provider("Polder Cloud BV", "NL")
    rijk_compute = offering("Rijk Compute", by=rijk, deployment="government-shared", classification="stg-confidentieel",
                            description="Virtuele machines in het Overheidsdatacenter.", price_eur=50,
                            certificates={"ISO/IEC 27001": today + timedelta(days=200)})  # fmt: skip
    kubernetes = offering("Euro Kubernetes", [3] * 8, by=eu, service_model="caas", deployment="eu-public",
                          description="Managed Kubernetes with GPU nodes.", data_locations=["DE"],
                          processing_locations=["DE", "FR"], key_holder="provider-eu", price_eur=30,
                          haven=parse(output()), certificates={"BSI C5": today - timedelta(days=1)})  # fmt: skip
    offering("Hyper VM", [0, 1, 2, 2, 1, 1, 2, 1], by=us, deployment="third-country-public", classification="intern",
             description="Virtual machines, GPU optional.", data_locations=["IE"], processing_locations=["US"],
             key_holder="provider-third-country", exit_extraction=False, price_eur=20)  # fmt: skip
    offering("Polder Opslag", by=nl, service_model="iaas", description="Objectopslag, S3-compatibel.",
             runs_on=[kubernetes], classification="openbaar")  # fmt: skip
    return rijk_compute


def names(**filters) -> list[str]:
    return [h.offering.name for h in search(Filters(**filters))]


def test_sorted_by_score_then_name(catalogue):
    # 100, then the two at 75 by provider name (EuroWolk before Polder), then 30.
    assert names() == ["Rijk Compute", "Euro Kubernetes", "Polder Opslag", "Hyper VM"]
    assert [round(h.score, 2) for h in search(Filters())] == [100, 75, 75, 30]


def test_sorted_by_name_and_by_price(catalogue):
    assert names(sort="name") == ["Euro Kubernetes", "Hyper VM", "Polder Opslag", "Rijk Compute"]
    # 20, 30, 50; Polder Opslag has no price: last.
    assert names(sort="price") == ["Hyper VM", "Euro Kubernetes", "Rijk Compute", "Polder Opslag"]


def test_free_text_every_word_in_name_provider_or_description(catalogue):
    assert names(text="gpu") == ["Euro Kubernetes", "Hyper VM"]  # both descriptions, any case
    assert names(text="GPU kubernetes") == ["Euro Kubernetes"]  # both words must match
    assert names(text="polder s3") == ["Polder Opslag"]  # provider name and description
    assert names(text="gpu mainframe") == []


def test_model_deployment_classification_keys_government(catalogue):
    assert names(service_model="caas") == ["Euro Kubernetes"]
    assert names(deployment="third-country-public") == ["Hyper VM"]
    # At least "departementaal-vertrouwelijk" (rank 2): Rijk Compute (3) and Euro Kubernetes (2, the builder's).
    assert names(classification="departementaal-vertrouwelijk") == ["Rijk Compute", "Euro Kubernetes"]
    assert names(key_holder="provider-eu") == ["Euro Kubernetes"]
    assert names(government=True) == ["Rijk Compute"]
    assert names(government=False) == ["Euro Kubernetes", "Polder Opslag", "Hyper VM"]


def test_where_data_is_kept_counts_processing_too(catalogue):
    # Hyper VM stores in Ireland but processes in the US; Euro Kubernetes is in DE and FR: EU, not NL.
    assert names(kept_in="nl") == ["Rijk Compute", "Polder Opslag"]
    assert names(kept_in="eu") == ["Rijk Compute", "Euro Kubernetes", "Polder Opslag"]


def test_certificate_counts_only_while_valid(catalogue):
    assert names(certification="ISO/IEC 27001") == ["Rijk Compute"]
    assert names(certification="BSI C5") == []  # expired yesterday


def test_haven_exit_terms_and_minimum_score(catalogue):
    assert names(haven=True) == ["Euro Kubernetes"]
    assert names(exit_terms=False) == ["Hyper VM"]
    assert names(min_score=75) == ["Rijk Compute", "Euro Kubernetes", "Polder Opslag"]
    assert names(min_score=75.01) == ["Rijk Compute"]


def test_filters_combine(catalogue):
    assert names(text="virtual", kept_in="eu") == []  # "Virtual machines" is Hyper VM only: outside the EU
    assert names(text="virtu", government=True, min_score=90) == ["Rijk Compute"]
