"""Which organisation of a layer is responsible at a place: the one answer of the front door and of reports."""

import pytest

from thorbecke.registry.geo import get_locator
from thorbecke.registry.responsibility import REGIONAL_LAYERS, Layer, Responsible, responsible

DAM = (4.8913, 52.3731)  # Amsterdam: well inside Amstel, Gooi en Vecht
DOM = (5.1214, 52.0907)  # Utrecht: De Stichtse Rijnlanden, with another board within 1 km
BIESBOSCH = (4.8049, 51.8078)  # Dordrecht: in a gap between the board polygons


def at(point: tuple[float, float]):
    return get_locator().locate(*point)


def test_the_stored_values_are_those_both_apps_stored():
    assert Layer.values == ["gemeente", "waterschap", "provincie", "rijk"]
    assert REGIONAL_LAYERS == (Layer.GEMEENTE, Layer.WATERSCHAP, Layer.PROVINCIE)


@pytest.mark.parametrize(
    ("layer", "place", "code"),
    [
        (Layer.GEMEENTE, DAM, "gm0363"),
        (Layer.PROVINCIE, DAM, "pv27"),
        (Layer.WATERSCHAP, DAM, "ws0155"),
        (Layer.GEMEENTE, "3511 AB", "gm0344"),
        (Layer.PROVINCIE, "3511 AB", "pv26"),
        (Layer.WATERSCHAP, "3511 AB", "ws0636"),  # De Stichtse Rijnlanden covers 95% of Utrecht
    ],
)
def test_each_regional_layer_names_one_certain_organisation(layer, place, code):
    where = get_locator().for_postcode(place) if isinstance(place, str) else at(place)
    assert responsible(layer, where) == Responsible(layer, (code,), uncertain=False)
    assert responsible(layer, where).code == responsible(layer, where).sole == code


def test_a_layer_may_be_given_by_its_stored_value():
    assert responsible("gemeente", at(DAM)).layer is Layer.GEMEENTE


def test_central_government_has_no_area():
    with pytest.raises(ValueError, match="depends on the matter"):
        responsible(Layer.RIJK, at(DAM))


def test_a_point_near_another_board_names_its_board_but_is_uncertain():
    found = responsible(Layer.WATERSCHAP, at(DOM))
    assert (found.codes, found.uncertain, found.sole) == (("ws0636",), True, "ws0636")


def test_a_point_in_no_board_takes_the_nearest_and_is_uncertain():
    found = responsible(Layer.WATERSCHAP, at(BIESBOSCH))
    assert found.uncertain and found.sole in {"ws0621", "ws0655"}


def test_a_postcode_without_a_board_for_95_percent_gives_the_candidates_likeliest_first():
    # Groningen: Noorderzijlvest and Hunze en Aa's; a report goes to the first, a person may choose.
    found = responsible(Layer.WATERSCHAP, get_locator().for_postcode("9712"))
    assert (found.codes, found.uncertain, found.sole, found.code) == (("ws0647", "ws0646"), True, None, "ws0647")


def test_only_the_water_board_is_ever_uncertain():
    places = [at(DOM), at(BIESBOSCH), get_locator().for_postcode("9712")]
    assert not any(responsible(layer, p).uncertain for p in places for layer in (Layer.GEMEENTE, Layer.PROVINCIE))


def test_a_postcode_shared_by_municipalities_belongs_to_its_dominant_one():
    found = responsible(Layer.GEMEENTE, get_locator().for_postcode("4062"))  # 90% Tiel, 10% West Betuwe
    assert (found.codes, found.uncertain) == (("gm0281",), False)
