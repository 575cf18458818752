"""Digital legislation: the laws, the obligations they place per type of organisation with their dates, and per
organisation what applies and its state (``standing``). The laws are data (``data/legislation.yaml``, read by
``data_file``).

For the other parts of steering (a legal data bottleneck points at the obligation it concerns): ``choices()`` gives
the obligations for a form's select, grouped by law, ``obligation(code)`` one of them, and ``obligation_url(code)``
its public address.
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import get_language

from thorbecke.steering.legislation.data_file import Law, Obligation, laws

__all__ = ["Law", "Obligation", "choices", "law_of", "laws", "obligation", "obligation_url"]


def obligation(code: str) -> Obligation | None:
    """The obligation with this code, or None."""
    return next((o for law in laws() for o in law.obligations if o.code == code), None)


def law_of(found: Obligation) -> Law:
    return next(law for law in laws() if law.slug == found.law)


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The obligations for a select, grouped by law in the reader's language: [(law, [(code, label), ...]), ...];
    a label is the article and the start of its text."""
    language = get_language() or "nl"
    return [
        (
            law.name(language),
            [(o.code, f"{o.article}: {Truncator(o.text(language)).words(10)}") for o in law.obligations],
        )
        for law in laws()
    ]


def obligation_url(code: str) -> str:
    """The public address of an obligation: its place on its law's page. Raises KeyError for an unknown code."""
    found = obligation(code)
    if found is None:
        raise KeyError(code)
    return f"{reverse('steering:law', args=[found.law])}#{found.code}"
