"""Which municipality, province and water board are responsible for a point or a postcode.

Reads the boundary files and tables in the `geo/` subfolder of the shared data folder; `geo/SOURCES.md`
there describes where they come from and what is wrong with them. All answers use the organisation
codes of the register: `gm0363`, `pv27`, and for water boards the TOOI code `ws0155`.

The water board GeoJSON carries codes of its own (`WS07`, `WBL`) that collide with the register's
codes of *other* water boards, so it is only ever joined through `waterschappen_codes.csv`.

Geometry is projected once at load to a sinusoidal projection centred on the Netherlands, so that
distances are in metres and areas are comparable. Over the Netherlands that projection is equal-area
and its distances are within about 1.5% of the true ones, which is far finer than the thresholds below.
"""

import csv
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import shapely
from django.conf import settings
from shapely.geometry import shape

from thorbecke.caches import process_cache

GEO_DIR = "geo"
MUNICIPALITIES_FILE = "cbs_gemeenten_2024.geojson"
PROVINCES_FILE = "cbs_provincies.geojson"
WATER_BOARDS_FILE = "hwh_waterschappen.geojson"
WATER_BOARD_CODES_FILE = "waterschappen_codes.csv"
PC4_FILE = "pc4_gemeente_2024.csv"

# The municipality polygons are generalised: their coastline can run a few hundred metres inland.
SNAP_TO_MUNICIPALITY_M = 500.0
# The water board polygons leave gaps of a few kilometres between boards and along the border.
NEAREST_WATER_BOARD_M = 5_000.0
# The water board polygons are coarse; closer than this to another board the answer may be wrong.
WATER_BOARD_DOUBT_M = 1_000.0
SOLE_WATER_BOARD_SHARE = 0.95
WATER_BOARD_CANDIDATE_SHARE = 0.05
# A water board lies in a province when at least this share of its area does.
WATER_BOARD_PROVINCE_SHARE = 0.005

_EARTH_RADIUS_M = 6_371_008.8
_CENTRAL_MERIDIAN = 5.4
# A Dutch postcode never starts with 0; letters are accepted but unused, as only a PC4 table exists.
_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})?")


class OutsideNetherlands(ValueError):
    """The point lies in no Dutch municipality, or is not a valid coordinate at all."""


class InvalidPostcode(ValueError):
    """The text is not a Dutch postcode."""


class UnknownPostcode(LookupError):
    """The postcode is well formed but has no addresses in the PC4 table."""


class UnknownMunicipality(LookupError):
    """No municipality of the boundary data has this name or code (or more than one has the name)."""


class Share(NamedTuple):
    """An organisation and the fraction (0..1) of an area it accounts for."""

    code: str
    share: float


@dataclass(frozen=True)
class Location:
    """The organisations responsible for one point."""

    municipality: str
    province: str
    water_board: str
    # True when the board was guessed from a nearby polygon, or another board is within 1 km.
    water_board_uncertain: bool
    lon: float
    lat: float


@dataclass(frozen=True)
class PostcodeArea:
    """The organisations responsible for the addresses in one 4-digit postcode area."""

    postcode: str
    pc4: str
    municipality: str
    other_municipalities: tuple[Share, ...]
    province: str
    # None when no single board covers 95% of the municipality; the candidates then say which may.
    water_board: str | None
    water_board_candidates: tuple[Share, ...]


@dataclass(frozen=True)
class MunicipalityArea:
    """The organisations responsible for a whole municipality, when nothing finer than its name or code is known.
    Its water board is as certain as a postcode area's: the board covering 95% of the municipality, else the
    candidates."""

    municipality: str
    province: str
    water_board: str | None
    water_board_candidates: tuple[Share, ...]


# Names people write for a municipality whose official name they do not use.
_MUNICIPALITY_ALIASES = {"den haag": "'s-gravenhage", "den bosch": "'s-hertogenbosch"}
# A BAG object's identification: the issuing municipality's 4-digit code, the object type (01 verblijfsobject,
# 02 ligplaats, 03 standplaats, 10 pand, 20 nummeraanduiding, 30 openbare ruimte) and a 10-digit serial number.
_BAG_ID = re.compile(r"([0-9]{4})(01|02|03|10|20|30)[0-9]{10}")


def _municipality_key(name: str) -> str:
    return " ".join(name.casefold().replace("\u2019", "'").split())


def _project(lon: Any, lat: Any) -> tuple[Any, Any]:
    """Sinusoidal x, y in metres; works on floats and on numpy arrays alike."""
    lat_rad = np.radians(lat)
    return np.radians(lon - _CENTRAL_MERIDIAN) * np.cos(lat_rad) * _EARTH_RADIUS_M, lat_rad * _EARTH_RADIUS_M


def _project_coordinates(coordinates: np.ndarray) -> np.ndarray:
    return np.column_stack(_project(coordinates[:, 0], coordinates[:, 1]))


def _read_features(path: Path) -> tuple[list[dict[str, Any]], np.ndarray]:
    """Properties and valid, projected geometries of a GeoJSON feature collection, in file order."""
    with path.open(encoding="utf-8") as file:
        features = json.load(file)["features"]
    geometries = shapely.make_valid(np.array([shape(feature["geometry"]) for feature in features]))
    return [feature["properties"] for feature in features], shapely.transform(geometries, _project_coordinates)


def _read_water_board_codes(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as file:
        return {row["geojson_code"]: row["tooi_code"] for row in csv.DictReader(file)}


def _read_pc4(path: Path) -> dict[str, tuple[str, tuple[Share, ...]]]:
    """PC4 -> (dominant municipality, the other municipalities sharing it, largest first)."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            rows[row["pc4"]].append(row)
    table = {}
    for pc4, pc4_rows in rows.items():
        dominant, *others = sorted(pc4_rows, key=lambda row: (row["dominant"] != "1", -float(row["aandeel"])))
        table[pc4] = (
            dominant["gemeentecode"].lower(),
            tuple(Share(row["gemeentecode"].lower(), float(row["aandeel"])) for row in others),
        )
    return table


class Locator:
    """Point and postcode lookups over the boundary data; build once and share (see `get_locator`)."""

    def __init__(self, data_dir: Path | str | None = None) -> None:
        geo = Path(settings.SHARED_DATA_DIR if data_dir is None else data_dir) / GEO_DIR

        municipality_properties, self._municipality_shapes = _read_features(geo / MUNICIPALITIES_FILE)
        self._municipality_codes = [properties["statcode"].lower() for properties in municipality_properties]
        # Official names, and without a qualifier such as "(NH.)": "Bergen" then names two, and is refused.
        named: dict[str, set[str]] = defaultdict(set)
        for properties in municipality_properties:
            name, code = _municipality_key(properties["statnaam"]), properties["statcode"].lower()
            named[name].add(code)
            named[re.sub(r"\s*\(.*\)$", "", name)].add(code)
        self._municipality_named = {name: codes for name, codes in named.items()}
        self._municipality_tree = shapely.STRtree(self._municipality_shapes)

        province_properties, province_shapes = _read_features(geo / PROVINCES_FILE)
        self._province_codes = [properties["statcode"].lower() for properties in province_properties]
        # Municipalities never straddle provinces, so one interior point decides; doing it per municipality
        # also keeps the 2021 province outlines from contradicting the 2024 municipal ones along a border.
        _, nearest_province = shapely.STRtree(province_shapes).query_nearest(
            shapely.point_on_surface(self._municipality_shapes), all_matches=False
        )
        self._province_of = {
            code: self._province_codes[province]
            for code, province in zip(self._municipality_codes, nearest_province, strict=True)
        }

        board_properties, self._board_shapes = _read_features(geo / WATER_BOARDS_FILE)
        tooi_codes = _read_water_board_codes(geo / WATER_BOARD_CODES_FILE)
        self._board_codes = []
        for properties in board_properties:
            if properties["code"] not in tooi_codes:
                raise ValueError(
                    f"{WATER_BOARD_CODES_FILE} has no row for water board {properties['code']} "
                    f"({properties['naam']}) of {WATER_BOARDS_FILE}."
                )
            self._board_codes.append(tooi_codes[properties["code"]])
        self._board_tree = shapely.STRtree(self._board_shapes)
        self._board_shares = self._water_board_shares()

        self._pc4 = _read_pc4(geo / PC4_FILE)
        self._geo = geo

    def _water_board_shares(self) -> dict[str, tuple[Share, ...]]:
        """Per municipality, the boards it lies in, largest share first.

        Shares are of the part of the municipality that lies in any board: the board polygons stop
        short of the national border by up to several kilometres (a third of Eijsden-Margraten is in
        no board), which is a flaw of the data, not land without a board.
        """
        municipalities, boards = self._board_tree.query(self._municipality_shapes, predicate="intersects")
        areas = shapely.area(
            shapely.intersection(self._municipality_shapes[municipalities], self._board_shapes[boards])
        )
        board_areas: dict[str, dict[str, float]] = defaultdict(dict)
        for municipality, board, area in zip(municipalities, boards, areas, strict=True):
            if area > 0:
                board_areas[self._municipality_codes[municipality]][self._board_codes[board]] = float(area)
        self._board_areas = board_areas
        shares = {}
        for code in self._municipality_codes:
            if code not in board_areas:
                raise ValueError(f"Municipality {code} of {MUNICIPALITIES_FILE} overlaps no water board.")
            total = sum(board_areas[code].values())
            shares[code] = tuple(
                sorted(
                    (Share(board, round(area / total, 4)) for board, area in board_areas[code].items()),
                    key=lambda share: (-share.share, share.code),
                )
            )
        return shares

    def water_board_provinces(self) -> dict[str, tuple[str, ...]]:
        """Per water board, the provinces it overlaps: water boards have no province of their own.

        Counted over the municipalities, whose 2024 outlines decide the province, so a board that only
        touches a province along a generalised border (a sliver below WATER_BOARD_PROVINCE_SHARE of the
        board) does not count as lying in it.
        """
        per_board: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for municipality, boards in self._board_areas.items():
            for board, area in boards.items():
                per_board[board][self._province_of[municipality]] += area
        return {
            board: tuple(
                sorted(
                    p for p, area in provinces.items() if area >= WATER_BOARD_PROVINCE_SHARE * sum(provinces.values())
                )
            )
            for board, provinces in per_board.items()
        }

    @property
    def municipalities(self) -> tuple[str, ...]:
        return tuple(self._municipality_codes)

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(self._province_codes)

    @property
    def water_boards(self) -> tuple[str, ...]:
        return tuple(self._board_codes)

    def locate(self, lon: float, lat: float) -> Location:
        """The municipality, province and water board at a WGS84 longitude and latitude."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise OutsideNetherlands(f"Coordinates must be finite numbers; got lon={lon!r}, lat={lat!r}.")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise OutsideNetherlands(
                f"Coordinates out of range: lon={lon!r} must be within -180..180 and lat={lat!r} within -90..90."
            )
        point = shapely.Point(*_project(lon, lat))
        municipality = self._municipality_at(point, lon, lat)
        water_board, uncertain = self._water_board_at(point, municipality)
        return Location(municipality, self._province_of[municipality], water_board, uncertain, lon, lat)

    def _municipality_at(self, point: shapely.Point, lon: float, lat: float) -> str:
        inside = self._municipality_tree.query(point, predicate="intersects")
        if len(inside):
            # On a shared border both neighbours match; the lower index keeps the answer stable.
            return self._municipality_codes[inside.min()]
        nearby = self._municipality_tree.query_nearest(point, max_distance=SNAP_TO_MUNICIPALITY_M, all_matches=False)
        if len(nearby):
            return self._municipality_codes[nearby[0]]
        raise OutsideNetherlands(
            f"The point lon={lon}, lat={lat} is not in a Dutch municipality nor within "
            f"{SNAP_TO_MUNICIPALITY_M:.0f} m of one: it is abroad or on open water such as the North Sea, "
            "the Wadden Sea or the IJsselmeer."
        )

    def _water_board_at(self, point: shapely.Point, municipality: str) -> tuple[str, bool]:
        inside = self._board_tree.query(point, predicate="intersects")
        if len(inside):
            # Only another board nearby casts doubt: an edge along the sea or the border has no rival.
            near = self._board_tree.query(point, predicate="dwithin", distance=WATER_BOARD_DOUBT_M)
            return self._board_codes[inside.min()], len(near) > 1
        nearest = self._board_tree.query_nearest(point, max_distance=NEAREST_WATER_BOARD_M, all_matches=False)
        if len(nearest):
            return self._board_codes[nearest[0]], True
        # Only along the Limburg border is a municipality more than 5 km from every board polygon.
        return self._board_shares[municipality][0].code, True

    def for_postcode(self, postcode: str) -> PostcodeArea:
        """The organisations for a postcode such as '3511', '3511 AB' or '3511ab', by its 4 digits."""
        match = _POSTCODE.fullmatch(postcode.strip())
        if match is None:
            raise InvalidPostcode(
                f"{postcode!r} is not a Dutch postcode: expected 4 digits not starting with 0, "
                "optionally followed by 2 letters, such as '3511' or '3511 AB'."
            )
        pc4, letters = match.groups()
        if pc4 not in self._pc4:
            raise UnknownPostcode(f"Postcode area {pc4} has no addresses in {PC4_FILE}.")
        municipality, others = self._pc4[pc4]
        water_board, candidates = self._water_boards_of(municipality)
        return PostcodeArea(
            postcode=f"{pc4} {letters.upper()}" if letters else pc4,
            pc4=pc4,
            municipality=municipality,
            other_municipalities=others,
            province=self._province_of[municipality],
            water_board=water_board,
            water_board_candidates=candidates,
        )

    def _water_boards_of(self, municipality: str) -> tuple[str | None, tuple[Share, ...]]:
        """The board covering 95% of a municipality, or None and the boards covering at least 5% of it."""
        boards = self._board_shares[municipality]
        if boards[0].share >= SOLE_WATER_BOARD_SHARE:
            return boards[0].code, ()
        return None, tuple(share for share in boards if share.share >= WATER_BOARD_CANDIDATE_SHARE)

    def for_municipality(self, code: str) -> MunicipalityArea:
        """The organisations for a whole municipality, by its code ('gm0344')."""
        if code not in self._board_shares:
            raise UnknownMunicipality(f"No municipality has code {code!r} in {MUNICIPALITIES_FILE}.")
        water_board, candidates = self._water_boards_of(code)
        return MunicipalityArea(code, self._province_of[code], water_board, candidates)

    def municipality_named_in(self, address: str) -> str:
        """The code of the municipality an address names, as its last words before a comma or at its end
        ("Domplein 29, Utrecht", "Markt 1 Bergen op Zoom", "Den Haag"); UnknownMunicipality when it names none, or
        a name that two municipalities share ("Bergen")."""
        for part in reversed(address.split(",")):
            words = _municipality_key(part).split()
            for start in range(len(words)):
                name = " ".join(words[start:])
                codes = self._municipality_named.get(_MUNICIPALITY_ALIASES.get(name, name))
                if codes and len(codes) == 1:
                    return next(iter(codes))
                if codes:
                    raise UnknownMunicipality(f"{len(codes)} municipalities are named {name!r}.")
        raise UnknownMunicipality(f"No municipality is named in {address!r}.")

    def municipality_of_bag_id(self, identification: str) -> str:
        """The code of the municipality that issued a BAG identification (its first four digits); a municipality
        merged into another since then is unknown (UnknownMunicipality), as the data keeps only today's."""
        match = _BAG_ID.fullmatch(identification.strip())
        if match is None:
            raise UnknownMunicipality(f"{identification!r} is not a BAG identification (16 digits).")
        code = f"gm{match.group(1)}"
        if code not in self._board_shares:
            raise UnknownMunicipality(f"No municipality has code {code!r} in {MUNICIPALITIES_FILE}.")
        return code

    def addresses_affected(self, organisations: set[str]) -> int:
        """How many addresses lie in the area of any of these organisations (TOOI codes).

        A municipality or province counts whole; a water board counts its share of each municipality it
        covers. A central-government organisation (``rijk-...``) serves every address. Overlaps count once;
        codes with no area here (a municipality merged before 2024) count nothing.
        """
        per_municipality = self._addresses_per_municipality()
        if any(code.startswith("rijk-") for code in organisations):
            return sum(per_municipality.values())
        total = 0.0
        for municipality, addresses in per_municipality.items():
            if municipality in organisations or self._province_of[municipality] in organisations:
                total += addresses
                continue
            share = sum(board.share for board in self._board_shares[municipality] if board.code in organisations)
            total += addresses * min(share, 1.0)
        return round(total)

    @lru_cache(maxsize=1)  # noqa: B019 - one Locator per process (get_locator), so the cache lives as long
    def _addresses_per_municipality(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        with (self._geo / PC4_FILE).open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                counts[row["gemeentecode"].lower()] += int(row["adressen"])
        return dict(counts)


@process_cache()
def get_locator() -> Locator:
    """The process-wide Locator over settings.SHARED_DATA_DIR, loaded on first use."""
    return Locator()
