"""The demo's courses: the real ones the research found (``workforce/data/courses.yaml``), and, labelled
illustrative, one AI literacy record for Amsterdam (a demo account, amsterdam-admin, is its administrator) when the
register has an algorithm of Amsterdam in use, as the real example descriptions do."""

import datetime

from thorbecke.registry.models import Organisation
from thorbecke.workforce import ai_literacy, courses
from thorbecke.workforce.models import AiLiteracyRecord, Course

ILLUSTRATIVE = "Illustratief (demo): introductiesessie AI-geletterdheid voor de teams die de systemen gebruiken."


def seed_courses() -> list[str]:
    """Idempotent; one line per part for the demo's log."""
    added, changed = courses.load_repository_courses()
    lines = [f"{added + changed} real courses of government academies, classified by the programme."]
    amsterdam = Organisation.objects.filter(code="gm0363").first()
    if amsterdam is not None and ai_literacy.in_use(amsterdam).exists():
        if not AiLiteracyRecord.objects.filter(organisation=amsterdam, measure=ILLUSTRATIVE).exists():
            ai_literacy.record(
                amsterdam, measured_on=datetime.date(2026, 11, 1), staff_operating=24, staff_trained=15,
                measure=ILLUSTRATIVE, courses=list(Course.objects.filter(code="nationale-ai-cursus")),
            )  # fmt: skip
        lines.append("AI literacy (illustrative): Amsterdam's record, 15 of 24 staff trained.")
    return lines
