"""Telling the people behind a report what happened: the reporter and those who follow the report.

A signed-in person hears in their front-door inbox; anyone else who left an e-mail address, by
e-mail through Django's mail backend. Every text is in Dutch and English. When a report is closed,
the reporter is asked one question: how satisfied they are.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation

from thorbecke.services.citizens import message_citizen
from thorbecke.signals.models import ServiceRequest, Status

SURVEY_SALT = "signals.survey"


def survey_code(report: ServiceRequest) -> str:
    """A code only the reporter receives: it lets them answer the survey for this one report."""
    return signing.dumps(report.pk, salt=SURVEY_SALT)


def report_of_survey_code(code: str) -> int | None:
    try:
        return int(signing.loads(code, salt=SURVEY_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return settings.PUBLIC_URL + reverse(name, args=args)


def _texts(report: ServiceRequest, reporter: bool) -> tuple[tuple[str, str], tuple[str, str]]:
    closed = report.status == Status.CLOSED
    subject = (
        f"Melding {report.pk}: {'afgehandeld' if closed else 'in behandeling'}",
        f"Report {report.pk}: {'closed' if closed else 'being handled'}",
    )
    body = [
        f"{report.organisation.name} heeft uw melding {report.pk} ({report.category.name_nl}) "
        f"{'afgehandeld' if closed else 'bijgewerkt'}.\n\n{report.status_notes}\n\n"
        f"Volg de melding: {_url('reporting:report', 'nl', report.pk)}",
        f"{report.organisation.name} has {'closed' if closed else 'updated'} your report {report.pk} "
        f"({report.category.name_en or report.category.name_nl}).\n\n{report.status_notes}\n\n"
        f"Follow the report: {_url('reporting:report', 'en', report.pk)}",
    ]
    if closed and reporter:
        code = survey_code(report)
        body[0] += f"\n\nHoe tevreden bent u? Eén vraag: {_url('reporting:survey', 'nl', report.pk, code)}"
        body[1] += f"\n\nHow satisfied are you? One question: {_url('reporting:survey', 'en', report.pk, code)}"
    return subject, (body[0], body[1])


def tell_people(report: ServiceRequest) -> int:
    """Tell the reporter and the followers of the report's current status; returns how many were told."""
    told = 0
    people = [(report.reporter_key, report.email, True)]
    people += [(f.reporter_key, f.email, False) for f in report.followers.all()]
    for key, email, reporter in people:
        subject, body = _texts(report, reporter)
        if key:
            message_citizen(key, report.organisation, subject, body)
        elif email:
            send_mail(" / ".join(subject), "\n\n---\n\n".join(body), None, [email])
        else:
            continue
        told += 1
    return told
