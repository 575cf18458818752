"""Telling the people behind a report what happened: the reporter and those who follow the report.

A signed-in person hears in their front-door inbox; anyone else who left an e-mail address, by
e-mail through Django's mail backend. Every text is in Dutch and English. When a report is closed,
the reporter is asked one question: how satisfied they are.

Who reads a step's note is the step's audience: the reporter hears public notes and notes to them,
followers public notes only, nobody outside the organisation an internal note. A follower by e-mail
hears nothing until they have confirmed the address with the signed link of ``ask_to_confirm``,
and every mail to a follower carries a link to stop following. The reporter's own address, given
with the report by someone not signed in, is such a follower too (``Follower.reporter``): anyone can
type anyone's address, so it gets the acknowledgement with the link, and news only once confirmed.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation

from thorbecke.services.citizens import message_citizen
from thorbecke.signals.models import Audience, Follower, ServiceRequest, Status, StatusChange

SURVEY_SALT = "signals.survey"
FOLLOW_SALT = "signals.follow.confirm"
UNFOLLOW_SALT = "signals.follow.stop"
# Long enough for a mail read the next weekend; after that the person follows again for a new link.
CONFIRM_WITHIN = dt.timedelta(days=3)
_FOR_REPORTER = (Audience.PUBLIC, Audience.REPORTER)
# Confirmation mails to one address a day, over all reports and whether to follow or to report; beyond that
# nothing is mailed to it: the forms and Open311 are no way to flood someone's mailbox.
CONFIRMATIONS_PER_DAY = 5


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


def offer_confirmation(report: ServiceRequest, email: str, reporter: bool = False) -> None:
    """Mail a confirmation link, once per address and report (again when the last one has expired), and to one
    address at most CONFIRMATIONS_PER_DAY. ``reporter``: the address came with the report itself."""
    now = timezone.now()
    followers = Follower.objects.filter(reporter_key="", email__iexact=email)
    followers.filter(request=report, confirmed_at__isnull=True, at__lt=now - CONFIRM_WITHIN).delete()
    if followers.filter(request=report).exists():
        return
    if followers.filter(confirmed_at__isnull=True, at__gte=now - dt.timedelta(days=1)).count() >= CONFIRMATIONS_PER_DAY:
        return
    ask_to_confirm(Follower.objects.create(request=report, email=email, reporter=reporter))


def ask_to_confirm(follower: Follower) -> None:
    """The one mail an unconfirmed address receives: the signed link that confirms it, and one to stop. To a
    reporter it is the acknowledgement, with no more than the report's public page shows (and not the
    description: whoever typed the address wrote it)."""
    code, number = signing.dumps(follower.pk, salt=FOLLOW_SALT), follower.request_id
    stop = signing.dumps(follower.pk, salt=UNFOLLOW_SALT)
    days = CONFIRM_WITHIN.days
    if follower.reporter:
        report = follower.request
        kind = (report.category.name_nl, report.category.name_en or report.category.name_nl)
        subject = f"Uw melding {number} is ontvangen / Your report {number} has been received"
        asked = (
            f"Melding {number} ({kind[0]}) is met dit e-mailadres gedaan en is naar {report.organisation.name} "
            f"gegaan: {_url('reporting:report', 'nl', number)}\n\nWilt u per e-mail horen hoe de melding "
            "wordt afgehandeld? Bevestig dan dit adres",
            f"Report {number} ({kind[1]}) was made with this e-mail address and has gone to "
            f"{report.organisation.name}: {_url('reporting:report', 'en', number)}\n\nWould you like to hear "
            "by e-mail how it is handled? Then confirm this address",
        )
    else:
        subject = f"Bevestig dat u melding {number} volgt / Confirm that you follow report {number}"
        asked = (
            f"Iemand wil met dit e-mailadres melding {number} volgen. Was u dat? Bevestig het",
            f"Someone wants to follow report {number} with this e-mail address. Was it you? Confirm it",
        )
    send_mail(
        subject,
        f"{asked[0]} binnen {days} dagen: {_url('reporting:follow-confirm', 'nl', code)}\n\n"
        "Was u het niet? Doe dan niets: zonder bevestiging sturen we u niets meer. "
        f"Niet meer volgen: {_url('reporting:unfollow', 'nl', stop)}\n\n---\n\n"
        f"{asked[1]} within {days} days: {_url('reporting:follow-confirm', 'en', code)}\n\n"
        "Was it not you? Then do nothing: without your confirmation we send you nothing more. "
        f"Stop following: {_url('reporting:unfollow', 'en', stop)}",
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
    # The reporter by e-mail is a follower with ``reporter`` set: heard only once confirmed, like any follower.
    people = [(report.reporter_key, "", True, reporter_note, "")] if report.reporter_key else []
    people += [
        (
            f.reporter_key,
            f.email,
            f.reporter,
            reporter_note if f.reporter else step.public_note,
            signing.dumps(f.pk, salt=UNFOLLOW_SALT),
        )
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
