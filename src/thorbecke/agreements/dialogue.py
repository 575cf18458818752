"""Comply or explain: every gap between a mandatory agreement and what an organisation does opens a
dialogue, and every step of it is kept with who and when.

- A gap opens when the hub measures a failure of a mandatory agreement that applies to the organisation
  (its type, from its date), or when the organisation declares that it does not comply. A notice goes
  to the organisation's editors and administrators.
- The organisation answers with a plan and the date it will comply by, or with an explanation.
- The programme accepts a plan (the date stands: the gap escalates if it passes) or an explanation (the gap
  stays visible, as an explained deviation), or rejects either (the organisation must answer again, by a new
  date). An organisation may revise an accepted plan; the revision awaits the programme again.
- A gap whose answer or planned date has passed escalates to the programme, once.
- A gap closes by itself when the agreement is met again: measured, or declared.
- A commitment to a steering goal (check "commitment") is measured by the steering app, not here: ``reconcile``
  leaves it alone and the steering app reports each measurement through ``follow``.

Wrong moves (answering a closed gap, deciding on a plan, a date in the past) raise DialogueError with a
message for the person, and change nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thorbecke.agreements.models import Agreement, Check, Gap, GapState, GapStep, Status
from thorbecke.agreements.scorecards import Declared, latest_declarations, latest_lights
from thorbecke.registry.models import Membership, Organisation, Role

Action = GapStep.Action
UNRESOLVED = [GapState.OPEN, GapState.PLANNED, GapState.AGREED, GapState.EXPLAINED, GapState.ACCEPTED]
ANSWERABLE = [GapState.OPEN, GapState.PLANNED, GapState.AGREED]
DECIDABLE = [GapState.PLANNED, GapState.EXPLAINED]
LONGEST_PLAN = timedelta(days=3 * 366)


class DialogueError(ValueError):
    """A step that is not allowed now; the message says why."""


def _state(agreement: Agreement, lights: dict[str, str], declaration: Declared | None) -> tuple[str, dict]:
    """("fails" | "meets" | "unknown", the finding) for one agreement at one organisation."""
    if agreement.check_method == Check.COMMITMENT:
        return "unknown", {}  # measured elsewhere, told through follow()
    if agreement.check_method == Check.DECLARED:
        if declaration is None:
            return "unknown", {}
        finding = {"declared": declaration.complies, "declaration": declaration.pk}
        return ("meets" if declaration.complies else "fails"), finding
    light = lights.get(agreement.check_method, "none")
    finding = {"check": agreement.check_method, "light": light}
    return {"fails": "fails", "meets": "meets"}.get(light, "unknown"), finding


def reconcile(today: date | None = None) -> dict[str, int]:
    """Open a gap for every failing mandatory agreement without one, and resolve every gap whose agreement is
    met again. Run after every scan; returns how many were opened and resolved."""
    today = today or timezone.localdate()
    lights = latest_lights()
    declarations = latest_declarations()
    agreements = list(Agreement.objects.filter(status=Status.MANDATORY))
    organisations = Organisation.objects.in_bulk(set(lights) | {org for org, _agreement in declarations})
    gaps = {(g.organisation_id, g.agreement_id): g for g in Gap.objects.filter(state__in=UNRESOLVED)}
    counts = {"opened": 0, "resolved": 0}
    for organisation in organisations.values():
        for agreement in agreements:
            gap = gaps.get((organisation.pk, agreement.pk))
            state, finding = _state(
                agreement, lights.get(organisation.pk, {}), declarations.get((organisation.pk, agreement.pk))
            )
            if state == "fails" and gap is None and agreement.applies(organisation, today):
                open_gap(organisation, agreement, finding, today)
                counts["opened"] += 1
            elif state == "meets" and gap is not None:
                # The step's action says it complies again; the finding is data, not a text for people.
                _step(gap, Action.RESOLVED, GapState.RESOLVED, text="")
                counts["resolved"] += 1
    return counts


def follow(organisation: Organisation, agreement: Agreement, meets: bool, finding: dict,
           today: date | None = None) -> str:  # fmt: skip
    """A measurement made elsewhere (a commitment's progress, by the steering app): open a gap when the
    organisation fails an agreement that applies to it and has no unresolved gap on it, resolve its gap when it
    meets it again. Returns "opened", "resolved" or "" (nothing changed)."""
    today = today or timezone.localdate()
    gap = Gap.objects.filter(organisation=organisation, agreement=agreement, state__in=UNRESOLVED).first()
    if not meets and gap is None and agreement.applies(organisation, today):
        open_gap(organisation, agreement, finding, today)
        return "opened"
    if meets and gap is not None:
        _step(gap, Action.RESOLVED, GapState.RESOLVED, text="")
        return "resolved"
    return ""
@dataclass(frozen=True)
class Standing:
    """How organisations stand on one agreement, for a reader outside this app (the steering's legislation): its name,
    whether organisations declare it (or the hub measures it), and per organisation (by pk) with a finding "meets",
    "fails" or "explained" (it fails, and the programme accepted the explanation). An organisation without a finding
    is left out: the hub does not know."""

    slug: str
    name: str
    declared: bool
    states: dict[int, str]


def standing(slugs: Iterable[str]) -> dict[str, Standing]:
    """The standing of every organisation on each agreement named (by slug); a slug not in the catalogue is left
    out. Read from the same findings as the gaps: the latest lights and the latest declarations."""
    agreements = list(Agreement.objects.filter(slug__in=list(slugs)))
    if not agreements:
        return {}
    lights, declarations = latest_lights(), latest_declarations()
    accepted = set(
        Gap.objects.filter(state=GapState.ACCEPTED, agreement__in=agreements).values_list(
            "organisation_id", "agreement_id"
        )
    )
    found = {}
    for agreement in agreements:
        states = {}
        for organisation in set(lights) | {org for org, pk in declarations if pk == agreement.pk}:
            state, _finding = _state(
                agreement, lights.get(organisation, {}), declarations.get((organisation, agreement.pk))
            )
            if state == "fails" and (organisation, agreement.pk) in accepted:
                state = "explained"
            if state != "unknown":
                states[organisation] = state
        found[agreement.slug] = Standing(
            agreement.slug, agreement.name, agreement.check_method == Check.DECLARED, states
        )
    return found


def open_gap(organisation: Organisation, agreement: Agreement, finding: dict, today: date) -> Gap:
    with transaction.atomic():
        gap = Gap.objects.create(
            organisation=organisation,
            agreement=agreement,
            finding=finding,
            answer_due=today + timedelta(settings.THORBECKE_GAP_ANSWER_DAYS),
        )
        GapStep.objects.create(gap=gap, action=Action.OPENED, date=gap.answer_due)
    _notify(
        _staff_emails(organisation, (Role.EDITOR, Role.ADMIN)),
        f"Pas toe of leg uit: {agreement.name} / Comply or explain: {agreement.name}",
        f"{organisation.name} voldoet niet aan {agreement.name}, dat voor u verplicht is. Antwoord uiterlijk "
        f"{gap.answer_due:%d-%m-%Y} met een plan en datum, of met een uitleg.\n\n"
        f"{organisation.name} does not meet {agreement.name}, which is mandatory for you. Answer by "
        f"{gap.answer_due:%Y-%m-%d} with a plan and a date, or with an explanation.\n\n{_link(gap)}",
    )
    return gap


def answered_on_time_before(moment: datetime) -> dict[int, tuple[int, int]]:
    """Per organisation with gaps opened before ``moment``: (answered on time, due) for comply or explain. A gap is
    due once it was answered (with a plan or an explanation) before ``moment`` or its first answer date (the one
    in the notice) has passed by then; it was answered on time when its first answer came by the end of that
    date. A gap resolved before its date without an answer asked nothing of the organisation and is left out."""
    answers = [Action.PLANNED, Action.EXPLAINED]
    rows = (
        Gap.objects.filter(opened_at__lt=moment)
        .annotate(
            first_due=Min("steps__date", filter=Q(steps__action=Action.OPENED)),
            answered=Min("steps__at", filter=Q(steps__action__in=answers, steps__at__lt=moment)),
        )
        .order_by()
        .values_list("organisation_id", "first_due", "answer_due", "answered", "closed_at")
    )
    day = timezone.localdate(moment)
    found: dict[int, list[int]] = {}
    for organisation, first_due, answer_due, answered, closed_at in rows.iterator(chunk_size=10_000):
        due = first_due or answer_due
        if answered is None and (due >= day or (closed_at is not None and closed_at < moment)):
            continue  # not yet due, or complied again instead of answering
        counts = found.setdefault(organisation, [0, 0])
        counts[0] += answered is not None and timezone.localdate(answered) <= due
        counts[1] += 1
    return {organisation: (on_time, due) for organisation, (on_time, due) in found.items()}


def plan(gap: Gap, user: object, text: str, complies_by: date, today: date | None = None) -> None:
    today = today or timezone.localdate()
    _require(gap, ANSWERABLE, _("Only an open gap can be answered."))
    if not today < complies_by <= today + LONGEST_PLAN:
        raise DialogueError(_("The date must be after today and at most three years ahead."))
    gap.planned_for = complies_by
    _step(gap, Action.PLANNED, GapState.PLANNED, text=text, day=complies_by, user=user)


def explain(gap: Gap, user: object, text: str) -> None:
    _require(gap, ANSWERABLE, _("Only an open gap can be answered."))
    gap.planned_for = None
    _step(gap, Action.EXPLAINED, GapState.EXPLAINED, text=text, user=user)
    _notify(
        _programme_emails(),
        f"Uitleg te beoordelen / Explanation to decide on: {gap.organisation.name}, {gap.agreement.name}",
        f"{text}\n\n{_link(gap)}",
    )


def decide(gap: Gap, user: object, accept: bool, reason: str, today: date | None = None) -> None:
    """The programme's decision on a plan or an explanation; a rejection asks for a new answer by a new date."""
    today = today or timezone.localdate()
    _require(gap, DECIDABLE, _("Only a plan or an explanation awaiting the programme can be decided on."))
    plan = gap.state == GapState.PLANNED
    if accept:
        action, state = (Action.AGREED, GapState.AGREED) if plan else (Action.ACCEPTED, GapState.ACCEPTED)
        _step(gap, action, state, text=reason, user=user)
    else:
        gap.answer_due = today + timedelta(settings.THORBECKE_GAP_ANSWER_DAYS)
        gap.escalated_at = None
        _step(gap, Action.REFUSED if plan else Action.REJECTED, GapState.OPEN, text=reason, day=gap.answer_due,
              user=user)  # fmt: skip
    what_nl, what_en = ("Plan", "Plan") if plan else ("Uitleg", "Explanation")
    _notify(
        _staff_emails(gap.organisation, (Role.EDITOR, Role.ADMIN)),
        f"{what_nl} {'aanvaard' if accept else 'afgewezen'} / {what_en} "
        f"{'accepted' if accept else 'rejected'}: {gap.agreement.name}",
        f"{reason}\n\n{_link(gap)}",
    )


def escalate(today: date | None = None) -> int:
    """Escalate, once, every gap whose answer or planned date has passed; returns how many."""
    today = today or timezone.localdate()
    overdue = list(
        Gap.objects.filter(escalated_at__isnull=True)
        .filter(
            Q(state=GapState.OPEN, answer_due__lt=today)
            | Q(state__in=[GapState.PLANNED, GapState.AGREED], planned_for__lt=today)
        )
        .select_related("organisation", "agreement")
    )
    for gap in overdue:
        gap.escalated_at = timezone.now()
        _step(gap, Action.ESCALATED, gap.state)
    if overdue:
        _notify(
            _programme_emails(),
            f"{len(overdue)} verlopen / overdue gaps",
            "\n".join(f"{g.organisation.name}: {g.agreement.name} {_link(g)}" for g in overdue),
        )
    return len(overdue)


def _require(gap: Gap, states: list[str], message: str) -> None:
    if gap.state not in states:
        raise DialogueError(message)


def _step(gap: Gap, action: str, state: str, text: str = "", day: date | None = None, user: object = None) -> None:
    with transaction.atomic():
        gap.state = state
        gap.closed_at = timezone.now() if state == GapState.RESOLVED else None
        gap.save()
        GapStep.objects.create(gap=gap, action=action, text=text, date=day, by=user)


def _staff_emails(organisation: Organisation, roles: tuple[str, ...]) -> list[str]:
    members = Membership.objects.filter(organisation=organisation, role__in=roles, user__is_active=True)
    return [email for email in members.values_list("user__email", flat=True) if email]


def _programme_emails() -> list[str]:
    members = Membership.objects.filter(role=Role.PROGRAMME, user__is_active=True)
    return [email for email in members.values_list("user__email", flat=True) if email]


def _link(gap: Gap) -> str:
    links = []
    for language in ("nl", "en"):
        with translation.override(language):
            links.append(settings.PUBLIC_URL + reverse("agreements:gap", args=[gap.pk]))
    return "\n".join(links)


def _notify(to: list[str], subject: str, body: str) -> None:
    if to:
        send_mail(subject, body, None, to)
