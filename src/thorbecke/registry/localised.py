"""Texts kept in Dutch and English as `<field>_nl` and `<field>_en`: the one way to pick the reader's."""

from django.utils.translation import get_language


def localised(item: object, field: str) -> str:
    """The field in the active language, falling back to Dutch when the English text is empty."""
    english = (get_language() or "nl").startswith("en")
    return getattr(item, f"{field}_en" if english else f"{field}_nl") or getattr(item, f"{field}_nl")
