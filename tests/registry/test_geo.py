"""Point and postcode lookups on the real boundary data in the shared data folder."""

import csv
import dataclasses
import math
from pathlib import Path

import pytest
from django.conf import settings

from thorbecke.registry.geo import (
    InvalidPostcode,
    Locator,
    OutsideNetherlands,
    Share,
    UnknownPostcode,
    get_locator,
)


@pytest.fixture(scope="module")
def locator() -> Locator:
    return get_locator()


def test_get_locator_loads_once():
    assert get_locator() is get_locator()


def test_everything_loaded(locator):
    assert len(set(locator.municipalities)) == 342
    assert all(code.startswith("gm") and len(code) == 6 for code in locator.municipalities)
    assert sorted(locator.provinces) == [f"pv{n}" for n in range(20, 32)]
    assert len(set(locator.water_boards)) == 21


def test_water_board_codes_come_from_the_crosswalk(locator):
    with (Path(settings.SHARED_DATA_DIR) / "geo" / "waterschappen_codes.csv").open(encoding="utf-8") as file:
        assert set(locator.water_boards) == {row["tooi_code"] for row in csv.DictReader(file)}


def test_delfland_is_not_mistaken_for_the_register_code_the_geojson_uses(locator):
    # The GeoJSON calls Delfland WS07, which in the register is Rijn en IJssel (ws0152).
    location = locator.locate(4.3583, 52.0116)  # Delft, Markt
    assert location.municipality == "gm0503"
    assert location.water_board == "ws0372"


@pytest.mark.parametrize(
    ("lon", "lat", "municipality", "province", "water_board"),
    [
        (4.8913, 52.3731, "gm0363", "pv27", "ws0155"),  # Amsterdam, Dam
        (5.1214, 52.0907, "gm0344", "pv26", "ws0636"),  # Utrecht, Domtoren: De Stichtse Rijnlanden
        (5.6886, 50.8489, "gm0935", "pv31", "ws0665"),  # Maastricht, Vrijthof: the GeoJSON's WBL
        (6.9, 52.22, "gm0153", "pv23", "ws0663"),  # Enschede
    ],
)
def test_locate(locator, lon, lat, municipality, province, water_board):
    location = locator.locate(lon, lat)
    assert (location.municipality, location.province, location.water_board) == (municipality, province, water_board)
    assert (location.lon, location.lat) == (lon, lat)


def test_location_is_frozen(locator):
    with pytest.raises(dataclasses.FrozenInstanceError):
        locator.locate(4.8913, 52.3731).municipality = "gm0344"


def test_water_board_is_certain_far_from_other_boards(locator):
    assert locator.locate(4.8913, 52.3731).water_board_uncertain is False  # 1.6 km from the nearest other board
    assert locator.locate(5.6886, 50.8489).water_board_uncertain is False


def test_water_board_is_uncertain_near_another_board(locator):
    location = locator.locate(5.1214, 52.0987)  # Utrecht, 500 m from the Amstel, Gooi en Vecht polygon
    assert (location.water_board, location.water_board_uncertain) == ("ws0636", True)


def test_point_in_no_water_board_takes_the_nearest(locator):
    # Dordrecht's Biesbosch lies in a gap between the board polygons, 0.9 km from the nearest.
    location = locator.locate(4.8049, 51.8078)
    assert location.municipality == "gm0505"
    assert location.water_board in {"ws0621", "ws0655"}
    assert location.water_board_uncertain is True


def test_point_far_from_every_water_board_takes_the_municipality_board(locator):
    # The Limburg polygon stops 5.6 km short of this part of Roerdalen, on the German border.
    location = locator.locate(6.1647, 51.1771)
    assert (location.municipality, location.water_board, location.water_board_uncertain) == ("gm1669", "ws0665", True)


def test_coastal_sliver_snaps_to_the_municipality(locator):
    assert locator.locate(4.519, 52.372).municipality == "gm0473"  # Zandvoort beach, 230 m outside the polygon


@pytest.mark.parametrize(
    ("lon", "lat"),
    [
        (4.505, 52.372),  # 1.1 km off Zandvoort
        (3.0, 53.5),  # North Sea
        (7.5, 51.5),  # Germany, Dortmund
        (5.3, 52.75),  # IJsselmeer: in no municipality
    ],
)
def test_points_outside_the_netherlands(locator, lon, lat):
    with pytest.raises(OutsideNetherlands, match="not in a Dutch municipality"):
        locator.locate(lon, lat)


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(5.0, 95.0), (5.0, -90.5), (181.0, 52.0), (math.nan, 52.0), (5.0, math.inf)],
)
def test_invalid_coordinates(locator, lon, lat):
    with pytest.raises(OutsideNetherlands, match=r"^Coordinates"):
        locator.locate(lon, lat)


@pytest.mark.parametrize(
    ("postcode", "normalised", "municipality", "province"),
    [
        ("1012 AB", "1012 AB", "gm0363", "pv27"),
        ("3511", "3511", "gm0344", "pv26"),
        ("3511ab", "3511 AB", "gm0344", "pv26"),
        (" 3511AB ", "3511 AB", "gm0344", "pv26"),
    ],
)
def test_for_postcode(locator, postcode, normalised, municipality, province):
    area = locator.for_postcode(postcode)
    assert (area.postcode, area.pc4, area.municipality, area.province) == (
        normalised,
        postcode.strip()[:4],
        municipality,
        province,
    )
    assert area.other_municipalities == ()


def test_postcode_with_one_water_board(locator):
    area = locator.for_postcode("3511")
    assert (area.water_board, area.water_board_candidates) == ("ws0636", ())


def test_postcode_spanning_two_municipalities(locator):
    area = locator.for_postcode("4062")  # 90% of the addresses in Tiel, 10% in West Betuwe
    assert area.municipality == "gm0281"
    assert area.other_municipalities == (Share("gm1960", 0.1034),)


def test_municipality_with_two_water_boards_gives_candidates(locator):
    area = locator.for_postcode("9712")  # Groningen: Noorderzijlvest and Hunze en Aa's
    assert area.municipality == "gm0014"
    assert area.water_board is None
    assert [share.code for share in area.water_board_candidates] == ["ws0647", "ws0646"]
    shares = [share.share for share in area.water_board_candidates]
    assert shares == sorted(shares, reverse=True)
    assert all(share >= 0.05 for share in shares)
    assert sum(shares) == pytest.approx(1, abs=0.01)


@pytest.mark.parametrize("postcode", ["0123", "12345", "abcd", "", "   ", "3511 A", "3511 ABC", "3511-AB", "٣٥١١"])
def test_invalid_postcodes(locator, postcode):
    with pytest.raises(InvalidPostcode, match="not a Dutch postcode"):
        locator.for_postcode(postcode)


def test_unknown_postcode(locator):
    # 1000 is well formed but has no addresses (the table starts at 1011); 9999 does exist.
    with pytest.raises(UnknownPostcode, match="1000"):
        locator.for_postcode("1000 AA")
    assert locator.for_postcode("9999").municipality == "gm1966"


def test_explicit_data_dir_matches_settings(locator):
    assert Locator(settings.SHARED_DATA_DIR).locate(4.8913, 52.3731) == locator.locate(4.8913, 52.3731)


def test_every_postcode_gets_the_province_the_register_gives_its_municipality(locator):
    data = Path(settings.SHARED_DATA_DIR)
    with (data / "nl_overheidsorganisaties_tooi.csv").open(encoding="utf-8") as file:
        register = {
            row["tooi_code"]: row["province_tooi_code"] for row in csv.DictReader(file) if row["org_type"] == "gemeente"
        }
    with (data / "geo" / "pc4_gemeente_2024.csv").open(encoding="utf-8") as file:
        pc4s = {row["pc4"] for row in csv.DictReader(file)}
    areas = [locator.for_postcode(pc4) for pc4 in pc4s]
    assert len({area.municipality for area in areas}) == 342
    assert all(area.province == register[area.municipality] for area in areas)
