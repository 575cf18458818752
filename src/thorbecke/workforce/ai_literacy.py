"""AI literacy, linked to the algorithm register: an organisation that deploys AI (has algorithms registered as in
use) records what it did for its staff's AI literacy, as required by article 4 of the AI Act, in aggregates only;
each algorithm in use is then covered (all who operate or use it trained), partly covered, or not recorded.

An algorithm is in use when its description says so (the publication standard's status "In gebruik") and the
register has not retracted or archived it; a concept counts, as an organisation deploys what it has not yet
published. A record without algorithms is for all of them; the newest record covering an algorithm decides."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thorbecke.ai.models import Algorithm, Lifecycle
from thorbecke.registry.models import Organisation
from thorbecke.workforce.competences import ModelError
from thorbecke.workforce.models import AiLiteracyRecord, Course

IN_USE = "In gebruik"  # the publication standard's value for an algorithm in use
COVERED, PARTLY, NOT_RECORDED = "covered", "partly", "not-recorded"
STATES = {
    COVERED: gettext_lazy("covered: all who operate or use it are trained"),
    PARTLY: gettext_lazy("partly covered"),
    NOT_RECORDED: gettext_lazy("not recorded"),
}


def in_use(organisation: Organisation | None = None) -> QuerySet:
    found = Algorithm.objects.filter(development_status=IN_USE).exclude(
        lifecycle__in=[Lifecycle.RETRACTED, Lifecycle.ARCHIVED]
    )
    return found.filter(organisation=organisation) if organisation is not None else found


def _state(record: AiLiteracyRecord | None) -> str:
    if record is None:
        return NOT_RECORDED
    return COVERED if record.staff_trained >= record.staff_operating else PARTLY


@dataclass
class Coverage:
    algorithm: Algorithm
    state: str
    record: AiLiteracyRecord | None

    @property
    def label(self) -> str:
        return str(STATES[self.state])


def _records(organisation_ids: set[int]) -> dict[int, list[AiLiteracyRecord]]:
    found: dict[int, list[AiLiteracyRecord]] = {}
    rows = AiLiteracyRecord.objects.filter(organisation_id__in=organisation_ids).prefetch_related("algorithms")
    for record in rows.order_by("-measured_on", "-pk"):
        found.setdefault(record.organisation_id, []).append(record)
    return found


def _cover(algorithm: Algorithm, records: list[AiLiteracyRecord]) -> Coverage:
    record = next(
        (r for r in records if not r.algorithms.all() or any(a.pk == algorithm.pk for a in r.algorithms.all())), None
    )
    return Coverage(algorithm, _state(record), record)


def coverage(organisation: Organisation) -> list[Coverage]:
    """Per algorithm the organisation has in use, whether its staff's AI literacy is covered."""
    records = _records({organisation.pk}).get(organisation.pk, [])
    return [_cover(algorithm, records) for algorithm in in_use(organisation).order_by("name", "pk")]


def organisation_state(covered: list[Coverage]) -> str:
    states = {c.state for c in covered}
    if states == {COVERED}:
        return COVERED
    return NOT_RECORDED if states == {NOT_RECORDED} else PARTLY


def ai_literacy_coverage() -> dict[str, int]:
    """National counts for steering: organisations deploying AI, and how many are covered for every algorithm in
    use, partly (some record, not all covered), or have recorded nothing."""
    algorithms = list(in_use().order_by("organisation_id", "pk"))
    records = _records({a.organisation_id for a in algorithms})
    per_organisation: dict[int, list[Coverage]] = {}
    for algorithm in algorithms:
        covered = _cover(algorithm, records.get(algorithm.organisation_id, []))
        per_organisation.setdefault(algorithm.organisation_id, []).append(covered)
    states = [organisation_state(c) for c in per_organisation.values()]
    return {
        "deploying": len(states),
        "covered": states.count(COVERED),
        "partly": states.count(PARTLY),
        "not_recorded": states.count(NOT_RECORDED),
    }


def deploying() -> list[tuple[Organisation, str]]:
    """Each organisation deploying AI with its state, for the programme."""
    algorithms = list(in_use().select_related("organisation").order_by("organisation__sort_name", "pk"))
    records = _records({a.organisation_id for a in algorithms})
    grouped: dict[int, tuple[Organisation, list[Coverage]]] = {}
    for algorithm in algorithms:
        entry = grouped.setdefault(algorithm.organisation_id, (algorithm.organisation, []))
        entry[1].append(_cover(algorithm, records.get(algorithm.organisation_id, [])))
    return [(organisation, organisation_state(covered)) for organisation, covered in grouped.values()]


@transaction.atomic
def record(
    organisation: Organisation,
    *,
    measured_on: datetime.date,
    staff_operating: int,
    staff_trained: int,
    measure: str = "",
    courses: list[Course] = (),
    algorithms: list[Algorithm] = (),
) -> AiLiteracyRecord:
    """Check the whole record, then store it; a refusal names its field and stores nothing."""
    if measured_on > timezone.localdate():
        raise ModelError("measured_on", _("is in the future"))
    if staff_operating < 1:
        raise ModelError("staff_operating", _("must be at least 1: a record is for the staff who operate or use AI"))
    if not 0 <= staff_trained <= staff_operating:
        raise ModelError("staff_trained", _("must be between 0 and the number of staff who operate or use AI"))
    if not courses and not measure.strip():
        raise ModelError("courses", _("name the courses followed, or describe the measure taken"))
    own = set(in_use(organisation).values_list("pk", flat=True))
    for algorithm in algorithms:
        if algorithm.pk not in own:
            raise ModelError("algorithms", _("'%(name)s' is not an algorithm your organisation has in use") % {
                "name": algorithm.name})  # fmt: skip
    if not own:
        raise ModelError("algorithms", _("your organisation has no algorithm registered as in use"))
    row = AiLiteracyRecord.objects.create(
        organisation=organisation, measured_on=measured_on, staff_operating=staff_operating,
        staff_trained=staff_trained, measure=measure.strip(),
    )  # fmt: skip
    row.courses.set(courses)
    row.algorithms.set(algorithms)
    return row
