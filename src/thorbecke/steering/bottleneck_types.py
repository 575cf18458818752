"""The Domeinarchitectuur Gegevensuitwisseling's bottleneck types, read from ``data/bottleneck_types.yaml``."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from thorbecke.caches import process_cache
from thorbecke.registry.localised import localised

TYPES_FILE = Path(__file__).parent / "data" / "bottleneck_types.yaml"
ELEMENT_URL = "https://minbzk.github.io/gdi-gegevensuitwisseling/2.0/content/elements/{}.html"


@dataclass(frozen=True)
class BottleneckType:
    slug: str
    element: str
    name_nl: str
    name_en: str
    summary_nl: str
    summary_en: str

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def summary(self) -> str:
        return localised(self, "summary")

    @property
    def url(self) -> str:
        return ELEMENT_URL.format(self.element)


@process_cache()
def bottleneck_types() -> dict[str, BottleneckType]:
    document = yaml.safe_load(TYPES_FILE.read_text(encoding="utf-8"))
    return {entry["slug"]: BottleneckType(**entry) for entry in document["types"]}
