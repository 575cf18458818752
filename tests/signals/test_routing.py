"""Which organisation a report goes to: the register's answer for the category's layer at the place, with the
category routing that is the reporting app's own (Rijkswaterstaat, routing rules)."""

import pytest
from django.utils import translation

from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import Layer
from thorbecke.signals.models import Category, RoutingRule
from thorbecke.signals.routing import route, route_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def dike(register):
    return Category.objects.get(slug="dijk-waterkering")


def test_a_report_goes_to_the_water_board_and_says_when_the_board_is_uncertain(dike):
    with translation.override("en"):
        certain = route(dike, 52.3731, 4.8913)  # Amsterdam, Dam
        near = route(dike, 52.0907, 5.1214)  # Utrecht, Dom: another board within 1 km
    assert certain.organisation.code == "ws0155" and "uncertain" not in certain.reason
    assert near.organisation.code == "ws0636" and "uncertain" in near.reason


def test_a_report_by_postcode_goes_to_the_likeliest_of_the_candidate_boards(dike):
    with translation.override("en"):
        found = route_postcode(dike, "9712")  # Groningen: Noorderzijlvest and Hunze en Aa's
    assert found.organisation.code == "ws0647" and "forward the report" in found.reason


def test_a_routing_rule_for_the_likeliest_board_applies_by_postcode(dike):
    groningen = Organisation.objects.get(code="gm0014")
    RoutingRule.objects.create(
        category=dike, area=Organisation.objects.get(code="ws0647"), handled_by=groningen, reason="Stadsdijken"
    )
    assert route_postcode(dike, "9712").organisation == groningen


def test_national_categories_are_of_the_national_layer_and_go_to_rijkswaterstaat(register):
    motorway = Category.objects.get(slug="rijksweg")
    assert motorway.layer == Layer.RIJK
    assert route(motorway, 52.0907, 5.1214).organisation.code == "rijk-rijkswaterstaat"
    assert route_postcode(motorway, "3511").organisation.code == "rijk-rijkswaterstaat"
