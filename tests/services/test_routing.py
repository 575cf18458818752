import pytest

from thorbecke.registry.geo import get_locator
from thorbecke.services.models import Layer, Product
from thorbecke.services.routing import door_for

pytestmark = pytest.mark.django_db


def product_for(layer_set, **extra):
    product = Product.objects.filter(layers=layer_set, **extra).first()
    assert product is not None, layer_set
    return product


def test_a_municipal_product_goes_to_the_municipality_of_the_postcode(register):
    door = door_for(Product.objects.get(slug="paspoort"), get_locator().for_postcode("3511 AB"))
    assert door.layer == Layer.GEMEENTE and door.organisation.code == "gm0344"
    assert "utrecht.nl" in door.websites


def test_a_provincial_product_goes_to_the_province_of_the_point(register):
    door = door_for(product_for([Layer.PROVINCIE]), get_locator().locate(5.1214, 52.0907))
    assert door.organisation.code == "pv26"


def test_a_water_board_product_goes_to_the_water_board_of_the_point(register):
    door = door_for(product_for([Layer.WATERSCHAP]), get_locator().locate(4.8913, 52.3731))
    assert door.organisation.code == "ws0155"


def test_a_national_product_goes_to_its_agency(register):
    product = Product.objects.exclude(agency="").filter(layers=[Layer.RIJK]).first()
    door = door_for(product, None)
    assert (door.organisation is not None and door.organisation.name.lower() == product.agency.lower()) or (
        door.organisation.short_name.lower() == product.agency.lower()
    )


def test_without_a_place_the_person_is_asked_for_a_postcode(register):
    door = door_for(Product.objects.get(slug="paspoort"), None)
    assert door.organisation is None and "postcode" in door.explanation
