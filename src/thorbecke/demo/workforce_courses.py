"""The demo's courses: the real ones the research found (``workforce/data/courses.yaml``), and, labelled
illustrative, one AI literacy record for Utrecht when it has algorithms registered as in use."""

import datetime

from thorbecke.registry.models import Organisation
from thorbecke.workforce import ai_literacy, courses
from thorbecke.workforce.models import AiLiteracyRecord, Course

ILLUSTRATIVE = "Illustratief (demo): introductiesessie AI-geletterdheid voor de teams die de systemen gebruiken."


def seed_courses() -> list[str]:
    """Idempotent; one line per part for the demo's log."""
    added, changed = courses.load_repository_courses()
    lines = [f"{added + changed} real courses of government academies, classified by the programme."]
    utrecht = Organisation.objects.filter(code="gm0344").first()
    if utrecht is not None and ai_literacy.in_use(utrecht).exists():
        if not AiLiteracyRecord.objects.filter(organisation=utrecht, measure=ILLUSTRATIVE).exists():
            ai_literacy.record(
                utrecht, measured_on=datetime.date(2026, 11, 1), staff_operating=24, staff_trained=15,
                measure=ILLUSTRATIVE, courses=list(Course.objects.filter(code="nationale-ai-cursus")),
            )  # fmt: skip
        lines.append("AI literacy (illustrative): Utrecht's record, 15 of 24 staff trained.")
    return lines
