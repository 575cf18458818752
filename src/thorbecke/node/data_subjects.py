"""The data subjects a request to a source names, as the inway sees them: the citizen numbers of a Haal Centraal
style question (``burgerservicenummer``, one number or a list, in a JSON body). The inway logs one record per subject
(Logboek Dataverwerkingen: a processing about several people is logged once per person); a body it cannot read
names no one, and the request goes on unchanged, as the source decides what it accepts."""

import json

BSN_FIELD = "burgerservicenummer"
MAX_SUBJECTS = 100  # a question names at most 20 in Haal Centraal; more is not a question about persons to log


def subjects_in(body: bytes, content_type: bytes | None) -> list[tuple[str, str]]:
    """(type, id) of each data subject the body names, in order, without repeats."""
    if not body or b"json" not in (content_type or b""):
        return []
    try:
        question = json.loads(body)
    except ValueError:
        return []
    named = question.get(BSN_FIELD) if isinstance(question, dict) else None
    numbers = named if isinstance(named, list) else [named]
    found = dict.fromkeys(str(n) for n in numbers if isinstance(n, str | int) and _is_bsn(str(n)))
    return [("BSN", number) for number in list(found)[:MAX_SUBJECTS]]


def _is_bsn(text: str) -> bool:
    return len(text) == 9 and text.isdigit()
