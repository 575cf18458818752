"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thorbecke.exchange.models import ProcessingActivity
from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation


class Lifecycle(models.TextChoices):
    """Our register's state of a description, not the standard's ``status`` (the algorithm's own development)."""

    CONCEPT = "concept", _("Concept")
    PUBLISHED = "published", _("Published")
    RETRACTED = "retracted", _("Retracted")
    ARCHIVED = "archived", _("Archived")


class DocumentFormat(models.TextChoices):
    """Which field names the stored description uses (decision 0035)."""

    STANDARD = "standard-1.0.0", _("Publication standard 1.0.0")
    TEMPLATE = "template-1.0", _("Register tool template 1.0")


class Algorithm(models.Model):
    """One organisation's description of one algorithm, kept as the JSON it was given in (decision 0035)."""

    owner_path = "organisation"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="algorithms"
    )
    document_format = models.CharField(max_length=20, choices=DocumentFormat.choices, default=DocumentFormat.STANDARD)
    lifecycle = models.CharField(
        _("register status"), max_length=12, choices=Lifecycle.choices, default=Lifecycle.CONCEPT
    )
    # Columns copied from the document on every save, for filters, sorting and search.
    name = models.CharField(_("name"), max_length=200, db_index=True)
    description_short = models.TextField(_("short description"), blank=True)
    development_status = models.CharField(_("status of the algorithm"), max_length=40, blank=True)
    publication_category = models.CharField(_("publication category"), max_length=1, blank=True)
    themes = models.CharField(_("themes"), max_length=500, blank=True, help_text="|Theme|Other theme|")
    source_id = models.CharField(max_length=200, blank=True, db_index=True)
    # Set by the AI Act decision aid (issue 24 item 2); empty until classified.
    risk_group = models.CharField(_("AI Act risk group"), max_length=60, blank=True)
    ai_act_profile = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The processing activities it serves, from its own organisation's register only (decision 0041): "who used my
    # data" names the algorithm beside a processing under one of them.
    processing_activities = models.ManyToManyField(
        ProcessingActivity, verbose_name=_("processing activities"), related_name="algorithms", blank=True
    )
    # Last: a long column before the short ones makes every read of those (filters, sorting) step over it.
    search_text = models.TextField(blank=True)
    document = models.JSONField(_("description"), default=dict)

    class Meta:
        verbose_name = _("algorithm")
        verbose_name_plural = _("algorithms")
        ordering = ["name", "pk"]
        # The public register filters published descriptions and sorts by name: each filter with its own index,
        # so a count is read from the index alone (bench/algorithm_register.py).
        indexes = [
            models.Index(fields=["lifecycle", "name"], name="ai_algorithm_lifecycle_name"),
            models.Index(fields=["lifecycle", "development_status", "name"], name="ai_algorithm_status_name"),
            models.Index(fields=["lifecycle", "publication_category", "name"], name="ai_algorithm_category_name"),
            models.Index(fields=["lifecycle", "risk_group", "name"], name="ai_algorithm_risk_name"),
            models.Index(fields=["organisation", "lifecycle", "name"], name="ai_algorithm_owner_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ai:algorithm", kwargs={"public_id": self.public_id})


class AlgorithmTerm(models.Model):
    """One word of an algorithm's name, description or organisation: public search looks words up here by prefix.
    Its themes are here too, as ``#`` and the folded theme (no searched word starts with ``#``), so the theme filter
    is an index lookup as well."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["term", "algorithm"], name="ai_term_term_algorithm")]

    def __str__(self) -> str:
        return self.term


class AlgorithmRunsOn(models.Model):
    """A landscape entity the algorithm runs on, as its reference ``kind:namespace/name`` (decision 0034: the register
    sits below the landscape and does not import it). The landscape checks the reference when it is saved and decides
    who sees it (decision 0041)."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="runs_on")
    ref = models.CharField(_("landscape entity"), max_length=200)

    class Meta:
        ordering = ["algorithm", "ref"]
        constraints = [models.UniqueConstraint(fields=["algorithm", "ref"], name="ai_runs_on_unique_ref")]
        # The landscape's entity page asks which algorithms run on it.
        indexes = [models.Index(fields=["ref"], name="ai_runs_on_ref")]

    def __str__(self) -> str:
        return f"{self.algorithm_id} on {self.ref}"


class RegisterRevision(models.Model):
    """One row whose token changes with every saved or deleted algorithm or organisation, in the same transaction, so
    a process knows whether what it keeps of the public register (its filter choices) is still current
    (``ai/register_cache.py``, decision 0042). A fresh token rather than a counter: a flushed test database and a
    new row cannot repeat a value a process still holds."""

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return str(self.token)


class AlgorithmVersion(models.Model):
    """Every saved change of a description and every lifecycle step: what, who, when and why."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField(default=dict)
    lifecycle = models.CharField(max_length=12, choices=Lifecycle.choices)
    previous_lifecycle = models.CharField(max_length=12, choices=Lifecycle.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["algorithm", "-number"]
        constraints = [models.UniqueConstraint(fields=["algorithm", "number"], name="ai_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.algorithm_id} v{self.number}"

    @property
    def author_name(self) -> str:
        """Empty for what the system did (an import from the command line, the demo)."""
        return (self.author.get_full_name() or self.author.get_username()) if self.author else ""


# --- classification (B) ---
class Classification(models.Model):
    """One run of the AI Act decision aid for an algorithm (decision 0036): the tree it ran on (version and digest),
    every answer, the labels and the conclusion, so it can be run again when the tree changes. The newest one of an
    algorithm is its classification; its profile is copied to the algorithm."""

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="classifications")
    tree_version = models.CharField(max_length=20)
    tree_digest = models.CharField(max_length=64)
    # [{question, question_text, answer, labels}], in the order they were asked
    answers = models.JSONField(default=list)
    labels = models.JSONField(default=list)
    conclusion = models.CharField(_("conclusion"), max_length=20)
    conclusion_text = models.TextField(blank=True)
    obligation = models.TextField(blank=True)
    profile = models.JSONField(default=dict)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classified_at = models.DateTimeField(auto_now_add=True)
    needs_review = models.BooleanField(default=False, db_index=True)
    # What changed for it in the tree it was last checked against ([{kind, item, old, new}])
    differences = models.JSONField(default=list, blank=True)
    checked_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["algorithm", "-classified_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.algorithm_id}: {self.conclusion}"

    def stored(self) -> dict:
        """As rerun.differences reads it."""
        return {
            "version": self.tree_version,
            "digest": self.tree_digest,
            "answers": self.answers,
            "labels": self.labels,
            "conclusion": self.conclusion,
            "conclusion_text": self.conclusion_text,
            "obligation": self.obligation,
        }


# --- framework (C) ---


class ChecklistState(models.TextChoices):
    TODO = "todo", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class FrameworkProfile(models.Model):
    """An AI Act profile chosen by hand for the framework's checklist, for an algorithm not (yet) classified with the
    decision aid; the decision aid's ``Algorithm.ai_act_profile`` wins once it is set (decision 0037)."""

    owner_path = "organisation"

    algorithm = models.OneToOneField(Algorithm, on_delete=models.CASCADE, related_name="framework_profile")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    profile = models.JSONField(default=dict)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.algorithm_id}: {self.profile}"


class ChecklistItem(models.Model):
    """The work on one requirement or measure of the framework for one algorithm. ``item`` is the framework's id
    (``urn:nl:ak:ver:aia-20``, ``urn:nl:ak:mtr:org-01``), kept as text so a changed framework leaves the work."""

    owner_path = "organisation"

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="checklist")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(max_length=80)
    # The item's title when the work was recorded: the framework renumbers measures between versions (decision 0037).
    title = models.CharField(max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ChecklistState.choices, default=ChecklistState.TODO)
    reason = models.TextField(_("reason it does not apply"), blank=True)
    evidence = models.TextField(_("evidence (links, one per line)"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["algorithm", "item"], name="ai_checklist_one_per_item")]

    def __str__(self) -> str:
        return f"{self.algorithm_id} {self.item}: {self.state}"


class ChecklistChange(models.Model):
    """Who changed a checklist item, when, and what it was before and after."""

    checklist_item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.checklist_item_id} at {self.changed_at}"


class InstrumentAnswer(models.Model):
    """One answer to one question of an instrument (IAMA, AIIA, conformity assessment, Annex IV documentation) for one
    algorithm. Answers are never overwritten: the newest per question is the current one, the rest its history."""

    owner_path = "organisation"

    algorithm = models.ForeignKey(Algorithm, on_delete=models.CASCADE, related_name="instrument_answers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=60)
    question = models.CharField(max_length=80)
    answer = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        indexes = [models.Index(fields=["algorithm", "instrument"], name="ai_answer_algorithm_instrument")]

    def __str__(self) -> str:
        return f"{self.algorithm_id} {self.question}"


# --- reusable AI: the catalogue (decision 0039) ---


class PriorityArea(models.Model):
    """A priority application area for AI, as the national programme sets it (NDS priority 3); applications are
    placed under areas by the organisations that run them."""

    programme_owned = True

    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.URLField(_("source (where the programme set it)"), max_length=500, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_nl", "pk"]

    def __str__(self) -> str:
        return self.name_nl

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")


class AiApplication(models.Model):
    """An AI application one organisation runs and offers to the rest of government: what it does, how it is built
    (open or not, which model, which data), the register entry that accounts for it, and how good it measured."""

    owner_path = "organisation"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("operating organisation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("what it does"))
    open_source = models.BooleanField(_("open source"), default=False)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    repository_url = models.URLField(_("source code repository"), max_length=500, blank=True)
    model_name = models.CharField(_("model"), max_length=200, blank=True)
    model_version = models.CharField(_("model version"), max_length=100, blank=True)
    model_origin = models.CharField(_("where the model comes from"), max_length=500, blank=True)
    model_licence = models.CharField(_("model licence"), max_length=100, blank=True)
    data_provenance = models.TextField(_("data provenance"), blank=True)
    # The register entry: an algorithm of the same organisation (checked where it is chosen).
    algorithm = models.ForeignKey(
        Algorithm,
        verbose_name=_("register entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    areas = models.ManyToManyField(
        PriorityArea, verbose_name=_("priority areas"), blank=True, related_name="applications"
    )
    quality_metric = models.CharField(_("quality metric"), max_length=100, blank=True)
    quality_value = models.CharField(_("measured value"), max_length=50, blank=True)
    quality_method = models.TextField(_("how it was measured"), blank=True)
    quality_measured_on = models.DateField(_("measured on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ai:application", kwargs={"public_id": self.public_id})


class ReuseState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ReuseRequest(models.Model):
    """Another organisation asks to reuse an application; the operating organisation accepts or declines with a
    reason. The accepted ones are who uses what."""

    # The asking organisation owns the request; the decision is the application's owner's (see catalogue.py).
    owner_path = "requester"

    application = models.ForeignKey(AiApplication, on_delete=models.CASCADE, related_name="reuse_requests")
    requester = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    motivation = models.TextField(_("what you want to use it for"))
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=ReuseState.choices, default=ReuseState.REQUESTED)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open or accepted request per organisation and application; after a decline it may ask again.
            models.UniqueConstraint(
                fields=["application", "requester"],
                condition=models.Q(state__in=["requested", "accepted"]),
                name="ai_reuse_one_live_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} -> {self.application_id}: {self.state}"
