"""What is agreed nationally: the open standards and the building blocks, which are mandatory for whom
and from when, and how compliance is checked. Only the national programme changes them, and every
change is kept as a numbered version with who, when and why."""

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from thorbecke.agreements.checks.base import Result
    from thorbecke.registry.models import Organisation


class Kind(models.TextChoices):
    STANDARD = "standard", _("standard")
    BUILDING_BLOCK = "building-block", _("building block")
    # A commitment to a steering goal (issue 25), kept as an agreement so that falling behind opens the same
    # comply-or-explain dialogue; never listed or scored with the standards and building blocks.
    GOAL = "goal", _("goal")


class Status(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory (comply or explain)")
    RECOMMENDED = "recommended", _("recommended")
    NONE = "none", _("not on a list")
    UNKNOWN = "unknown", _("status not in the source")


class Check(models.TextChoices):
    """How compliance is established: declared by the organisation with evidence, or measured by the hub,
    in which case the value is the key of the measurement (Measurement.check_key)."""

    DECLARED = "declared", _("declared by the organisation")
    HTTPS_HSTS = "https-hsts", _("measured: HTTPS and HSTS")
    TLS = "tls", _("measured: TLS versions and ciphers (NCSC)")
    SECURITY_TXT = "security-txt", _("measured: security.txt")
    SPF = "spf", _("measured: SPF")
    DKIM = "dkim", _("measured: DKIM")
    DMARC = "dmarc", _("measured: DMARC")
    DNSSEC = "dnssec", _("measured: DNSSEC")
    API_DESIGN = "api-design", _("measured: OpenAPI document against the API Design Rules")
    EXCHANGE = "exchange", _("measured: a node in the data system (FSC)")
    PROCESSING_LOG = "processing-log", _("measured: a register of processing activities")
    ACCESSIBILITY = "accessibility", _("read from the register of accessibility statements")
    ALGORITHM_REGISTER = "algorithm-register", _("read from the algorithm register")
    COMMITMENT = "commitment", _("measured: progress on a commitment, from the steering indicators")


class Agreement(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    applies_to = models.JSONField(
        _("applies to"), default=list, blank=True, help_text=_("Organisation types; empty means every organisation.")
    )
    mandatory_from = models.DateField(_("mandatory from"), null=True, blank=True)
    check_method = models.CharField(
        _("how it is checked"), max_length=20, choices=Check.choices, default=Check.DECLARED
    )
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    maintainer = models.CharField(_("maintained by"), max_length=200, blank=True)
    url = models.URLField(_("web page"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200)
    # Where the status was read and the date that source gives (YYYY, YYYY-MM or YYYY-MM-DD); blank when
    # no source gives a status.
    status_source = models.CharField(_("source of the status"), max_length=300, blank=True)
    status_date = models.CharField(_("date of the status"), max_length=10, blank=True)
    # A commitment one organisation made applies to it alone; empty for every other agreement.
    only_for = models.ForeignKey(
        "registry.Organisation", verbose_name=_("applies only to"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="own_agreements",
    )

    # Agreed nationally: only the programme changes them (registry.permissions).
    programme_owned = True

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def applies(self, organisation: "Organisation", today: date) -> bool:
        """Is it mandatory for this organisation today (its type, from its date)?"""
        return (
            self.status == Status.MANDATORY
            and (not self.applies_to or organisation.org_type in self.applies_to)
            and (self.only_for_id is None or self.only_for_id == organisation.pk)
            and (self.mandatory_from is None or self.mandatory_from <= today)
        )

    @property
    def applies_to_display(self) -> list[str]:
        from thorbecke.registry.models import OrganisationType

        labels = dict(OrganisationType.choices)
        return [str(labels.get(code, code)) for code in self.applies_to]


SNAPSHOT_FIELDS = [
    "name",
    "version",
    "status",
    "applies_to",
    "mandatory_from",
    "check_method",
    "scope",
    "url",
    "status_source",
    "status_date",
]


@dataclass(frozen=True)
class ImporterNote:
    """A note the importer writes, kept as a code and its source: read, it is a sentence in the reader's language."""

    code: str
    source: str

    MESSAGES = {
        "imported": _("Imported from %(source)s."),
        "status": _("Status from %(source)s."),
        "commitment": _("Kept from a commitment in %(source)s."),
    }

    def __str__(self) -> str:
        return str(self.MESSAGES[self.code] % {"source": self.source or _("no source")})

    def stored(self) -> str:
        return json.dumps({"note": self.code, "source": self.source}, ensure_ascii=False)

    @classmethod
    def parse(cls, text: str) -> "ImporterNote | str":
        """The note as stored: a coded one becomes an ImporterNote, a person's own text stays as typed."""
        if text.startswith('{"note": '):
            try:
                data = json.loads(text)
                if data.get("note") in cls.MESSAGES:
                    return cls(data["note"], str(data.get("source", "")))
            except (ValueError, AttributeError):
                pass
        return text


class NoteField(models.CharField):
    """A version's note: a person's reason as typed, or an importer's note rendered in the reader's language."""

    def from_db_value(self, value: str | None, expression: object, connection: object) -> "ImporterNote | str | None":
        return value if value is None else ImporterNote.parse(value)

    def to_python(self, value: object) -> "ImporterNote | str | None":
        return value if value is None or isinstance(value, ImporterNote) else ImporterNote.parse(str(value))

    def get_prep_value(self, value: object) -> str | None:
        if isinstance(value, ImporterNote):
            return value.stored()
        return None if value is None else str(value)


class AgreementVersion(models.Model):
    """An agreement as it was after one change; version 1 is the import from the sources."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)
    note = NoteField(_("reason for the change"), max_length=500)

    class Meta:
        ordering = ["agreement", "-number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreements_version_number")]

    def __str__(self) -> str:
        return f"{self.agreement_id} v{self.number}"

    @staticmethod
    def importer_note(code: str, source: str) -> ImporterNote:
        """For the importer (catalogue.py), which reaches the models through this class."""
        return ImporterNote(code, source)

    @classmethod
    def record(cls, agreement: Agreement, note: "str | ImporterNote", user: object = None) -> "AgreementVersion":
        last = agreement.versions.order_by("-number").values_list("number", flat=True).first() or 0
        snapshot = {
            field: (value.isoformat() if hasattr(value, "isoformat") else value)
            for field in SNAPSHOT_FIELDS
            for value in [getattr(agreement, field)]
        }
        return cls.objects.create(agreement=agreement, number=last + 1, snapshot=snapshot, changed_by=user, note=note)


class Measurement(models.Model):
    """One check of one host of an organisation, as measured by the hub, with its evidence."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="measurements")
    host = models.CharField(max_length=253)
    check_key = models.CharField(max_length=40)
    verdict = models.CharField(
        max_length=8, choices=[("pass", _("meets")), ("fail", _("fails")), ("error", _("could not measure"))]
    )
    problems = models.JSONField(default=list)
    evidence = models.JSONField(default=dict)
    measured_at = models.DateTimeField(auto_now_add=True, db_index=True)
    run = models.ForeignKey("ScanRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="measurements")
    # The latest of its organisation, host and check: scorecards read only these, so they cost what is
    # measured now, not the whole history.
    current = models.BooleanField(default=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-measured_at"]
        indexes = [
            models.Index(fields=["organisation", "check_key", "-measured_at"]),
            models.Index(fields=["current", "organisation"]),
            # The newest per host before a moment (scorecards.lights_before), found in the index without a sort.
            models.Index(
                fields=["check_key", "organisation", "host", "measured_at"], name="agreements_measured_history"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host} {self.check_key}: {self.verdict}"

    @classmethod
    def record(
        cls, organisation: "Organisation", host: str, results: "Iterable[Result]", run_id: int | None = None
    ) -> list["Measurement"]:
        """Store a host's results as its current measurements; the ones they replace stay as history."""
        found = [
            cls(
                organisation=organisation,
                host=host[:253],
                check_key=r.check,
                verdict=r.verdict,
                problems=r.problems,
                evidence=r.evidence,
                run_id=run_id,
            )
            for r in results
        ]
        with transaction.atomic():
            cls.objects.filter(
                organisation=organisation, host=host[:253], check_key__in={m.check_key for m in found}, current=True
            ).update(current=False)
            return cls.objects.bulk_create(found)


class Declaration(models.Model):
    """What the hub cannot measure, the organisation declares: with evidence and a named person who answers
    for it. Shown as declared, never as measured. The latest declaration per agreement counts."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="declarations")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="declarations")
    complies = models.BooleanField(_("the organisation complies"))
    evidence = models.TextField(_("evidence"), max_length=2000)
    evidence_url = models.URLField(_("link to the evidence"), max_length=300, blank=True)
    person_name = models.CharField(_("name of the person who answers for it"), max_length=200)
    person_role = models.CharField(_("their position"), max_length=200)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    declared_at = models.DateTimeField(auto_now_add=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-declared_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.agreement_id}: {self.complies}"


class GapState(models.TextChoices):
    OPEN = "open", _("awaiting an answer")
    PLANNED = "planned", _("plan to comply")
    AGREED = "agreed", _("plan accepted by the programme")
    EXPLAINED = "explained", _("explanation awaiting the programme")
    ACCEPTED = "accepted", _("explained deviation")
    RESOLVED = "resolved", _("resolved")


class Gap(models.Model):
    """Comply or explain: an organisation does not meet a mandatory agreement. It answers with a plan and a
    date, or an explanation; the programme accepts or rejects either; an overdue gap escalates. Every step is a
    GapStep with who and when."""

    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="gaps")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="gaps")
    state = models.CharField(_("state"), max_length=12, choices=GapState.choices, default=GapState.OPEN)
    finding = models.JSONField(_("what was found"), default=dict)
    opened_at = models.DateTimeField(auto_now_add=True)
    answer_due = models.DateField(_("answer due"))
    planned_for = models.DateField(_("complies by"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "agreement"],
                condition=~models.Q(state="resolved"),
                name="agreements_one_unresolved_gap",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.agreement_id}: {self.state}"


class GapStep(models.Model):
    class Action(models.TextChoices):
        OPENED = "opened", _("gap found, notice sent")
        PLANNED = "planned", _("answered with a plan")
        EXPLAINED = "explained", _("answered with an explanation")
        AGREED = "agreed", _("plan accepted")
        REFUSED = "refused", _("plan rejected")
        ACCEPTED = "accepted", _("explanation accepted")
        REJECTED = "rejected", _("explanation rejected")
        ESCALATED = "escalated", _("overdue, escalated to the programme")
        RESOLVED = "resolved", _("complies again")

    gap = models.ForeignKey(Gap, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=12, choices=Action.choices)
    text = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.gap_id} {self.action}"


class ScanRun(models.Model):
    """One scan of organisations' hosts, with its progress as it goes: shown on the hub while it runs."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("stopped by an error")

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    queue = models.CharField(max_length=12, default="in-process")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    # The one organisation scanned, by name; empty when the scan covers several.
    scope = models.CharField(max_length=300, blank=True)

    # Only the national programme starts a scan from the hub's pages (registry.permissions).
    programme_owned = True

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"scan {self.pk}: {self.done}/{self.total}"

    @property
    def rate(self) -> float:
        """Hosts a minute so far."""
        seconds = ((self.finished_at or timezone.now()) - self.started_at).total_seconds()
        return self.done / seconds * 60 if seconds > 0 else 0.0

    @property
    def seconds_left(self) -> int | None:
        rate = self.rate
        return round((self.total - self.done) / rate * 60) if rate and self.state == self.State.RUNNING else None


class ScorecardDay(models.Model):
    """The scorecard summary of one day, per organisation type and check: kept so the trend shows."""

    day = models.DateField()
    org_type = models.CharField(max_length=40)
    check_key = models.CharField(max_length=40)
    meets = models.PositiveIntegerField()
    measured = models.PositiveIntegerField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "org_type", "check_key"], name="agreements_scorecard_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.org_type} {self.check_key}: {self.meets}/{self.measured}"
