"""The workforce app's tables, one module per part: what the programme publishes of the competence model, the
workforce reports and the national figures published from them, the open pools and the academies' courses."""

from thorbecke.workforce.models.competences import ProfileSet
from thorbecke.workforce.models.courses import AiLiteracyRecord, Course, CourseRun
from thorbecke.workforce.models.pools import Appearance, Assignment, PoolMember, PoolVersion, ProfileView
from thorbecke.workforce.models.publications import WorkforcePublication
from thorbecke.workforce.models.reports import CoreProfile, WorkforceReport, WorkforceReportLine

__all__ = [
    "AiLiteracyRecord",
    "Appearance",
    "Assignment",
    "CoreProfile",
    "Course",
    "CourseRun",
    "PoolMember",
    "PoolVersion",
    "ProfileSet",
    "ProfileView",
    "WorkforcePublication",
    "WorkforceReport",
    "WorkforceReportLine",
]
