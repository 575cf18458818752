"""A name and a text in both languages: how the definitions and the sovereignty framework hold theirs."""

from dataclasses import dataclass

from thorbecke.registry.localised import localised


@dataclass(frozen=True)
class Texts:
    """A name and a text in both languages, as the framework's file holds them."""

    name_nl: str
    name_en: str
    text_nl: str
    text_en: str

    @classmethod
    def of(cls, entry: dict) -> dict[str, str]:
        return {f"{field}_{lang}": entry[lang][field] for field in ("name", "text") for lang in ("nl", "en")}

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def text(self) -> str:
        return localised(self, "text")
