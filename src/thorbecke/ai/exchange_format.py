"""Import and export of descriptions: the standard's JSON (one object or a list) in, JSON and CSV out."""

import csv
import io
import json
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from thorbecke.ai.models import Algorithm
from thorbecke.ai.register import DescriptionRefused, save_description
from thorbecke.ai.schema import Problem, problems, standard_schema, standard_view
from thorbecke.registry.models import Organisation


def parse(data: str | bytes | object) -> tuple[bool, list]:
    """One description or a list of them (and which it was); text is parsed as JSON first."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise DescriptionRefused([Problem("", "", _("this is not JSON: %(error)s") % {"error": error})]) from error
    return (True, data) if isinstance(data, list) else (False, [data])


def import_descriptions(
    data: str | bytes | object, organisation: Organisation, user: object = None, note: str = ""
) -> list[Algorithm]:
    """All or nothing: when one description is malformed none is saved, and every problem is named by its pointer
    (``/3/status`` is the status of the fourth description of a list)."""
    parsed = parse(data)
    is_list, items = parsed
    found = []
    for index, item in enumerate(items):
        prefix = f"/{index}" if is_list else ""
        found += [Problem(prefix + problem.pointer, problem.field, problem.message) for problem in problems(item)]
    if found:
        raise DescriptionRefused(found)
    with transaction.atomic():
        return [
            save_description(item, organisation=organisation, user=user, note=note or _("Imported")) for item in items
        ]


def export_json(algorithms: Iterable[Algorithm]) -> list[dict]:
    """The descriptions exactly as they were given (decision 0035)."""
    return [algorithm.document for algorithm in algorithms]


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def export_csv(algorithms: Iterable[Algorithm], url_of: Callable[[Algorithm], str]) -> str:
    """One row per algorithm: our stable id and URL, register status, then the standard's fields in its order."""
    fields = list(standard_schema()["properties"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "url", "register_status", *fields])
    for algorithm in algorithms:
        view = standard_view(algorithm.document)
        writer.writerow(
            [str(algorithm.public_id), url_of(algorithm), algorithm.lifecycle, *(_cell(view.get(f)) for f in fields)]
        )
    return out.getvalue()
