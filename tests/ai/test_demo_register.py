import pytest

from thorbecke.ai.models import Algorithm
from thorbecke.demo.algorithms import seed_algorithms

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_the_examples_that_name_their_organisation_once(register):
    assert seed_algorithms() == 2
    assert seed_algorithms() == 0
    published = dict(Algorithm.objects.values_list("name", "organisation__code"))
    assert published == {"Meldingen openbare ruimte": "gm0363", "Virtuele gemeente assistent Gem": "gm0855"}
    assert set(Algorithm.objects.values_list("lifecycle", flat=True)) == {"published"}
