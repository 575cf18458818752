import pytest
from django.utils import translation

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


def test_near_another_board_the_door_names_the_likeliest_board_and_says_the_doubt(register):
    with translation.override("en"):
        door = door_for(product_for([Layer.WATERSCHAP]), get_locator().locate(5.1214, 52.0907))
    assert door.organisation.code == "ws0636" and "most likely" in door.explanation


def test_a_postcode_in_more_than_one_water_board_gives_the_candidates_likeliest_first(register):
    with translation.override("en"):
        door = door_for(product_for([Layer.WATERSCHAP]), get_locator().for_postcode("9712"))
    assert door.organisation is None and "more than one water board" in door.explanation
    assert [o.code for o in door.candidates] == ["ws0647", "ws0646"]


def test_a_national_product_goes_to_its_agency(register):
    product = Product.objects.exclude(agency="").filter(layers=[Layer.RIJK]).first()
    door = door_for(product, None)
    assert (door.organisation is not None and door.organisation.name.lower() == product.agency.lower()) or (
        door.organisation.short_name.lower() == product.agency.lower()
    )


def test_without_a_place_the_person_is_asked_for_a_postcode(register):
    door = door_for(Product.objects.get(slug="paspoort"), None)
    assert door.organisation is None and "postcode" in door.explanation


def test_a_report_product_leads_to_the_report_form_with_its_kind_chosen(register):
    with translation.override("nl"):
        door = door_for(Product.objects.get(slug="melding-openbare-ruimte-straatverlichting"), None)
    assert door.next_url == "/melding-doen/?category=straatverlichting-openbare-klok"


def test_a_national_product_names_its_organisation_even_when_the_register_lacks_it(register):
    # The Koninklijke Marechaussee issues emergency passports; the register of this hub has no entry for it.
    door = door_for(Product.objects.get(slug="noodreisdocument"), None)
    assert "Koninklijke Marechaussee" in door.explanation and "not yet recorded" not in door.explanation


def test_the_next_step_is_the_products_page_at_the_persons_own_municipality(register):
    paspoort = Product.objects.get(slug="paspoort")
    winterswijk = door_for(paspoort, get_locator().for_postcode("7101 AA"))
    assert winterswijk.organisation.code == "gm0294" and winterswijk.next_url == "https://www.winterswijk.nl/paspoort"
    assert door_for(paspoort, get_locator().for_postcode("3511 AB")).next_url == ""


def test_the_sources_shown_fit_the_persons_place(register, client):
    page = client.get("/producten/paspoort/?postcode=3511AB").content.decode()
    assert "winterswijk.nl" not in page and "wetten.overheid.nl" in page
    assert "winterswijk.nl/paspoort" in client.get("/producten/paspoort/?postcode=7101AA").content.decode()
