"""Telling the people behind a report what happened: the reporter and those who follow the report.

A signed-in person hears in their front-door inbox; anyone else who left an e-mail address, by
e-mail through Django's mail backend. Every text is in Dutch and English. When a report is closed,
the reporter is asked one question: how satisfied they are.

Who reads a step's note is the step's audience: the reporter hears public notes and notes to them,
followers public notes only, nobody outside the organisation an internal note. A follower by e-mail
hears nothing until they have confirmed the address with the signed link of ``ask_to_confirm``,
and every mail to a follower carries a link to stop following.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation

from thorbecke.services.citizens import message_citizen
from thorbecke.signals.models import Audience, Follower, ServiceRequest, Status, StatusChange

SURVEY_SALT = "signals.survey"
FOLLOW_SALT = "signals.follow.confirm"
UNFOLLOW_SALT = "signals.follow.stop"
# Long enough for a mail read the next weekend; after that the person follows again for a new link.
CONFIRM_WITHIN = dt.timedelta(days=3)
_FOR_REPORTER = (Audience.PUBLIC, Audience.REPORTER)


class LinkExpired(Exception):
    """The link was ours, but is older than it may be."""


def survey_code(report: ServiceRequest) -> str:
    """A code only the reporter receives: it lets them answer the survey for this one report."""
    return signing.dumps(report.pk, salt=SURVEY_SALT)


def report_of_survey_code(code: str) -> int | None:
    try:
        return int(signing.loads(code, salt=SURVEY_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def follower_of_code(code: str, salt: str) -> int | None:
    """The follower a confirm (FOLLOW_SALT) or stop (UNFOLLOW_SALT) link names; None for a link that is not ours.
    A confirm link older than CONFIRM_WITHIN raises LinkExpired; a stop link works as long as the mails come."""
    max_age = CONFIRM_WITHIN if salt == FOLLOW_SALT else None
    try:
        return int(signing.loads(code, salt=salt, max_age=max_age))
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return settings.PUBLIC_URL + reverse(name, args=args)


def ask_to_confirm(follower: Follower) -> None:
    """The one mail an unconfirmed address receives: the signed link that confirms it."""
    code, number = signing.dumps(follower.pk, salt=FOLLOW_SALT), follower.request_id
    days = CONFIRM_WITHIN.days
    send_mail(
        f"Bevestig dat u melding {number} volgt / Confirm that you follow report {number}",
        f"Iemand wil met dit e-mailadres melding {number} volgen. Was u dat? Bevestig het binnen {days} dagen: "
        f"{_url('reporting:follow-confirm', 'nl', code)}\n\n"
        "Was u het niet? Doe dan niets: zonder bevestiging sturen we u niets meer.\n\n---\n\n"
        f"Someone wants to follow report {number} with this e-mail address. Was it you? Confirm it within "
        f"{days} days: {_url('reporting:follow-confirm', 'en', code)}\n\n"
        "Was it not you? Then do nothing: without your confirmation we send you nothing more.",
        None,
        [follower.email],
    )


def _texts(report: ServiceRequest, note: str, reporter: bool, stop: str) -> tuple[tuple[str, str], tuple[str, str]]:
    closed = report.status == Status.CLOSED
    subject = (
        f"Melding {report.pk}: {'afgehandeld' if closed else 'in behandeling'}",
        f"Report {report.pk}: {'closed' if closed else 'being handled'}",
    )
    body = [
        f"{report.organisation.name} heeft uw melding {report.pk} ({report.category.name_nl}) "
        f"{'afgehandeld' if closed else 'bijgewerkt'}.\n\n{note}\n\n"
        f"Volg de melding: {_url('reporting:report', 'nl', report.pk)}",
        f"{report.organisation.name} has {'closed' if closed else 'updated'} your report {report.pk} "
        f"({report.category.name_en or report.category.name_nl}).\n\n{note}\n\n"
        f"Follow the report: {_url('reporting:report', 'en', report.pk)}",
    ]
    if closed and reporter:
        code = survey_code(report)
        body[0] += f"\n\nHoe tevreden bent u? Eén vraag: {_url('reporting:survey', 'nl', report.pk, code)}"
        body[1] += f"\n\nHow satisfied are you? One question: {_url('reporting:survey', 'en', report.pk, code)}"
    if stop:
        body[0] += f"\n\nNiet meer volgen: {_url('reporting:unfollow', 'nl', stop)}"
        body[1] += f"\n\nStop following: {_url('reporting:unfollow', 'en', stop)}"
    return subject, (body[0], body[1])


def tell_people(report: ServiceRequest, step: StatusChange) -> int:
    """Tell the reporter and the confirmed followers of the step just taken, each the note that is theirs to read;
    returns how many were told."""
    told = 0
    reporter_note = step.note if step.audience in _FOR_REPORTER else ""
    people = [(report.reporter_key, report.email, True, reporter_note, "")]
    people += [
        (f.reporter_key, f.email, False, step.public_note, signing.dumps(f.pk, salt=UNFOLLOW_SALT))
        for f in report.followers.filter(confirmed_at__isnull=False)
    ]
    for key, email, reporter, note, stop in people:
        subject, body = _texts(report, note, reporter, stop)
        if key:
            message_citizen(key, report.organisation, subject, body)
        elif email:
            send_mail(" / ".join(subject), "\n\n---\n\n".join(body), None, [email])
        else:
            continue
        told += 1
    return told
