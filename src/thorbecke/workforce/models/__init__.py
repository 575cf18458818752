"""The workforce app's tables, one module per part: what the programme publishes of the competence model, the
workforce reports, the open pools and the academies' courses."""

from thorbecke.workforce.models.competences import ProfileSet
from thorbecke.workforce.models.courses import AiLiteracyRecord, Course, CourseRun

__all__ = ["AiLiteracyRecord", "Course", "CourseRun", "ProfileSet"]
