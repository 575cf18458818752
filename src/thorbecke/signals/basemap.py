"""The map drawn when no tile server can be reached: the boundaries of the provinces, water boards and
municipalities with their names, from the shared data (geo/SOURCES.md there).

The three files hold 3.8 MB and 77,000 vertices; simplified once per process to about 200 m, with
coordinates to 4 decimals (about 10 m), they become one document of about half a megabyte, a sixth
of that gzipped. Municipalities and provinces tile the land, so they are simplified as a coverage:
neighbours keep one shared border and no gaps open between them. The water boards' polygons overlap
and leave gaps already, so each is simplified on its own.
"""

import csv
import gzip
import json
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

from thorbecke.caches import process_cache
from thorbecke.registry import geo

# In degrees: about 140 m east-west and 220 m north-south at these latitudes.
MUNICIPALITY_TOLERANCE = 0.002
# Provinces and water boards are drawn as lines only, and mostly zoomed out.
COARSE_TOLERANCE = 0.004
GRID = 0.0001


def _features(path: Path) -> tuple[list[dict], np.ndarray]:
    with path.open(encoding="utf-8") as file:
        features = json.load(file)["features"]
    shapes = shapely.make_valid(np.array([shape(feature["geometry"]) for feature in features]))
    return [feature["properties"] for feature in features], shapely.set_precision(shapes, GRID / 10)


def _label_point(shape_: shapely.Geometry) -> list[float]:
    """The point deepest inside the largest part: the name sits in the middle of the area, not on
    an island or near a border where it would cover a neighbour's."""
    parts = shapely.get_parts(shape_)
    largest = parts[int(np.argmax(shapely.area(parts)))]
    point = polylabel(largest, tolerance=0.001)
    return [round(point.x, 4), round(point.y, 4)]


def _layer(kind: str, names: list[str], shapes: np.ndarray) -> list[dict]:
    return [
        {
            "type": "Feature",
            "properties": {"kind": kind, "name": name, "label": _label_point(original)},
            "geometry": mapping(simple),
        }
        for name, original, simple in zip(
            names, shapes, shapely.set_precision(_simplified(kind, shapes), GRID), strict=True
        )
    ]


def _simplified(kind: str, shapes: np.ndarray) -> np.ndarray:
    if kind == "waterschap":
        return shapely.simplify(shapes, COARSE_TOLERANCE, preserve_topology=True)
    return shapely.coverage_simplify(shapes, MUNICIPALITY_TOLERANCE if kind == "gemeente" else COARSE_TOLERANCE)


def _water_board_names(path: Path) -> dict[str, str]:
    """The water boards' current names, through the crosswalk: the GeoJSON's Limburg name is outdated.
    "waterschap Hoogheemraadschap van Delfland" is said without its first word."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    names = {}
    for row in rows:
        rest = row["tooi_naam"].removeprefix("waterschap ")
        names[row["geojson_code"]] = rest if rest.startswith(("Hoogheemraadschap", "Wetterskip")) else row["tooi_naam"]
    return names


@process_cache()
def boundaries() -> tuple[bytes, bytes]:
    """The boundaries as GeoJSON, plain and gzipped; built once per process."""
    folder = Path(settings.SHARED_DATA_DIR) / geo.GEO_DIR
    features = []
    properties, shapes = _features(folder / geo.PROVINCES_FILE)
    features += _layer("provincie", [p["statnaam"] for p in properties], shapes)
    properties, shapes = _features(folder / geo.WATER_BOARDS_FILE)
    board_names = _water_board_names(folder / geo.WATER_BOARD_CODES_FILE)
    features += _layer("waterschap", [board_names[p["code"]] for p in properties], shapes)
    properties, shapes = _features(folder / geo.MUNICIPALITIES_FILE)
    features += _layer("gemeente", [p["statnaam"] for p in properties], shapes)
    document = json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()
    return document, gzip.compress(document, compresslevel=9, mtime=0)
