"""A map of the municipalities as SVG, drawn by the hub: no tile server, no JavaScript, and the numbers
beside it in a table, so it is readable without seeing colours."""

import json
import math

import shapely
from django.conf import settings

from thorbecke.caches import process_cache

WIDTH = 360.0
# A colour-blind-safe sequential scale (light to dark blue), lowest share first.
SCALE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


@process_cache()
def _paths() -> tuple[dict[str, str], float]:
    with open(settings.SHARED_DATA_DIR / "geo" / "cbs_gemeenten_2024.geojson", encoding="utf-8") as source:
        features = json.load(source)["features"]
    shapes = {f["properties"]["statcode"]: shapely.geometry.shape(f["geometry"]) for f in features}
    west, south, east, north = shapely.GeometryCollection(list(shapes.values())).bounds
    # Degrees of longitude are shorter than of latitude this far north.
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze)
    paths = {}
    for code, shape in shapes.items():
        shape = shape.simplify(0.004, preserve_topology=True)
        rings = []
        for polygon in getattr(shape, "geoms", [shape]):
            for ring in [polygon.exterior, *polygon.interiors]:
                points = " ".join(
                    f"{(x - west) * squeeze * scale:.1f},{(north - y) * scale:.1f}" for x, y in ring.coords
                )
                rings.append(f"M{points}Z")
        paths[code] = "".join(rings)
    return paths, (north - south) * scale


def choropleth(values: dict[str, float | None], names: dict[str, str]) -> dict:
    """The map's shapes with a colour class each (by quintile of the values), and the legend."""
    paths, height = _paths()
    known = sorted(v for v in values.values() if v is not None)
    bounds = [known[min(len(known) - 1, len(known) * i // len(SCALE))] for i in range(1, len(SCALE))] if known else []
    shapes = []
    for code, path in paths.items():
        value = values.get(code)
        colour = "#f0f0f0" if value is None else SCALE[sum(value > b for b in bounds)]
        shapes.append({"code": code, "path": path, "fill": colour, "name": names.get(code, code), "value": value})
    # Without a value (every municipality suppressed) there is nothing to explain.
    legend = [(SCALE[0], None, bounds[0])] if bounds else []
    legend += [(SCALE[i], bounds[i - 1], bounds[i] if i < len(bounds) else None) for i in range(1, len(bounds) + 1)]
    # Strings made here, not in the template, where Dutch would write "432,1" and break the viewBox.
    width, height_text = f"{WIDTH:g}", f"{height:.1f}"
    return {
        "shapes": shapes,
        "width": width,
        "height": height_text,
        "view_box": f"0 0 {width} {height_text}",
        "legend": legend,
    }
