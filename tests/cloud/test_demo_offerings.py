"""The demo's offerings: real providers, entered by the programme, assessments labelled illustrative, nothing
entered that the research did not find, and every entry passing the catalogue's own rules."""

import pytest

from thorbecke.cloud.forms_catalogue import deployment_conflict
from thorbecke.cloud.models import Certification, Offering, Provider
from thorbecke.cloud.supply import supply
from thorbecke.demo.cloud_offerings import seed_offerings
from thorbecke.registry.countries import EU

pytestmark = pytest.mark.django_db


def test_seeded_once_by_the_programme_with_illustrative_evidence(register):
    assert seed_offerings() == 17 and seed_offerings() == 17
    assert Offering.objects.count() == 17 and Provider.objects.count() == 16  # OVHcloud offers two
    assert set(Offering.objects.values_list("added_by__code", flat=True)) == {"rijk-ministerie-van-binnenlandse-zaken"}
    assert not Provider.objects.exclude(kvk_number=None).exists()  # none was found
    assert all(set(owner) == {"name", "country"} for p in Provider.objects.all() for owner in p.ownership_chain)
    assert not Certification.objects.exists() and not Offering.objects.exclude(price_eur=None).exists()
    for offering in Offering.objects.prefetch_related("assessments"):
        assert offering.assessments.count() == 8
        assert all("Illustrative assessment by the demo" in a.evidence for a in offering.assessments.all())


def test_every_demo_offering_keeps_the_catalogues_rules(register):
    seed_offerings()
    for offering in Offering.objects.select_related("provider"):
        countries = offering.provider.countries
        locations = [*offering.data_locations, *offering.processing_locations]
        assert not deployment_conflict(offering.deployment, countries, locations), offering
        assert offering.key_holder != "provider-eu" or all(c in EU for c in countries), offering
    # The AWS European Sovereign Cloud: 1,1,2,2,1,1,2,2 x weights 15,10,10,15,20,15,10,5 / 4
    # = 3.75 + 2.5 + 5 + 7.5 + 5 + 3.75 + 5 + 2.5 = 35.
    s = supply()
    aws = Offering.objects.get(name="AWS European Sovereign Cloud")
    assert s.score[s.index[aws.pk]] == pytest.approx(35)
