"""Reports in public space: the category tree with the layer that handles each category, and the
service requests people post (Open311 GeoReport v2), each routed to one organisation."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.localised import localised
from thorbecke.registry.models import Organisation
from thorbecke.registry.responsibility import Layer

# Reports accepted per minute from one client address (intake.check_rate), unless an api_key allows more.
ADDRESS_PER_MINUTE = 30


class Category(models.Model):
    slug = models.SlugField(primary_key=True, max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    layer = models.CharField(max_length=20, choices=Layer.choices, default=Layer.GEMEENTE)
    deadline_days = models.PositiveSmallIntegerField(default=5)
    handling = models.CharField(max_length=30, blank=True, help_text=_("Signalen handling code"))
    active = models.BooleanField(default=True)
    source = models.CharField(max_length=200)
    # Open311 service attributes (code, datatype, required, description, values): questions beside the text.
    attributes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["parent_id", "slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.slug

    @property
    def name(self) -> str:
        return localised(self, "name")


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class ServiceRequest(models.Model):
    """One report, with the field names of Open311 GeoReport v2 where the spec names them."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_requests")
    description = models.TextField(blank=True)
    lat = models.FloatField(null=True, blank=True)
    long = models.FloatField(null=True, blank=True)
    address_string = models.CharField(max_length=300, blank=True)
    address_id = models.CharField(max_length=100, blank=True)
    zipcode = models.CharField(max_length=10, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    # A keyed hash of the address the hub saw the report come from (intake.client_of): for the limit per
    # address, which a client cannot choose as it chooses its device_id. Never the address itself.
    client_address = models.CharField(max_length=32, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The latest public note only (Open311 status_notes); notes to the reporter or internal stay in the history.
    status_notes = models.TextField(blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expected_at = models.DateTimeField(null=True, blank=True)
    api_client = models.CharField(max_length=100, blank=True)
    # The signed-in reporter's pseudonym (services.Citizen.key): news goes to their front-door inbox.
    reporter_key = models.CharField(max_length=64, blank=True, db_index=True)
    assigned_to = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_reports"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["category", "status", "requested_at"]),
            # "Already reported": open reports of a category within a band of latitude.
            models.Index(fields=["category", "status", "lat"]),
            models.Index(fields=["organisation", "status", "requested_at"]),
            models.Index(fields=["device_id", "requested_at"]),
            models.Index(fields=["api_client", "requested_at"]),
            models.Index(fields=["client_address", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.category_id} ({self.status})"

    def public_history(self) -> models.QuerySet["StatusChange"]:
        """The handling steps anyone may see: all but who inside the organisation took it on. A step's note
        is shown only when it is public (StatusChange.public_note)."""
        return self.history.exclude(kind=StatusChange.Kind.ASSIGN).select_related("forwarded_to")


class Follower(models.Model):
    """Someone who found their problem already reported and follows that report instead, or the reporter's own
    e-mail address (``reporter``) when they reported without signing in.

    A signed-in person is kept by pseudonym and hears in their inbox; otherwise by e-mail, and only once
    the address's owner has confirmed it with the signed link mailed to it (notify.ask_to_confirm).
    """

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="followers")
    reporter_key = models.CharField(max_length=64, blank=True)
    email = models.EmailField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # Unset: nothing but the one confirmation mail is ever sent to this follower.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The address given with the report itself: it hears the notes to the reporter and the closing question.
    reporter = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{'reporter' if self.reporter else 'follower'} of {self.request_id}"


class Photo(models.Model):
    """A photo sent with a report, re-encoded without its metadata (EXIF, including location).

    Kept in the database beside the report so that a report and its photo are saved in one
    transaction, and only the handling organisation is shown it.
    """

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="photo")
    content_type = models.CharField(max_length=30)
    data = models.BinaryField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    owner_path = "request__organisation"

    def __str__(self) -> str:
        return f"photo of {self.request_id}"


class Feedback(models.Model):
    """The reporter's answer to the one question asked when a report is closed."""

    request = models.OneToOneField(ServiceRequest, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField(help_text="1 (very dissatisfied) to 5 (very satisfied)")
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.request_id}: {self.satisfaction}"


class RoutingRule(models.Model):
    """An exception to the category's layer: within an area, a category goes to a named organisation.

    Agreed nationally, so the national programme edits the rules; each change keeps who and when.
    """

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="rules")
    area = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The municipality, province or water board whose area the rule covers."),
    )
    handled_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    active = models.BooleanField(default=True)
    changed_by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)

    programme_owned = True

    class Meta:
        ordering = ["category_id", "area__code"]
        constraints = [models.UniqueConstraint(fields=["category", "area"], name="one_rule_per_category_and_area")]

    def __str__(self) -> str:
        return f"{self.category_id} in {self.area_id} -> {self.handled_by_id}"


class ApiKey(models.Model):
    """Open311 lets a jurisdiction require an api_key for posting; only its hash is kept."""

    name = models.CharField(max_length=100, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    active = models.BooleanField(default=True)
    per_minute = models.PositiveIntegerField(default=600, help_text="Posts accepted per minute with this key.")
    # A phone app's key is in every copy of the app: per address, whatever device_id it sends. A server posting for
    # many people from one address gets a higher number.
    per_address = models.PositiveIntegerField(
        default=ADDRESS_PER_MINUTE, help_text="Posts accepted per minute from one client address with this key."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    """Who reads a note: anyone (the public page, Open311), the reporter too, or the handling organisation only."""

    PUBLIC = "public", _("Public: anyone, on the report's page and in Open311")
    REPORTER = "reporter", _("Only the reporter, by e-mail or in their inbox")
    # An internal note stays with the organisation that wrote it, also when the report is forwarded (decision 0060).
    INTERNAL = "internal", _("Internal: only our own staff, also after the report is forwarded")


class StatusChange(models.Model):
    """One step in a report's handling. Append-only: a step once taken is never changed or removed."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status")
        FORWARD = "forward", _("Forwarded")
        # Who handles a report is the organisation's own business: these steps are never public.
        ASSIGN = "assign", _("Assigned")

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="history")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    old_status = models.CharField(max_length=10, choices=Status.choices)
    new_status = models.CharField(max_length=10, choices=Status.choices)
    note = models.TextField()
    # Internal unless said otherwise: a step whose audience nobody chose is never published.
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.INTERNAL)
    # Set when the step forwarded the report to another organisation; the note gives the reason.
    forwarded_from = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    forwarded_to = models.ForeignKey(Organisation, null=True, on_delete=models.PROTECT, related_name="+")
    # Set when the step assigned the report to a member of the handling organisation.
    assigned_to = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL, related_name="+")
    # The organisation that held the report when the step was taken (set on saving): its internal notes and its
    # assignments stay with it after a forward (readable_by).
    held_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    owner_path = "request__organisation"

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.old_status} -> {self.new_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("the handling history is append-only")
        if self.held_by_id is None:
            self.held_by_id = self.request.organisation_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("the handling history is append-only")

    @property
    def public_note(self) -> str:
        return self.note if self.audience == Audience.PUBLIC else ""

    def readable_by(self, organisation_id: int) -> bool:
        """Whether staff of this organisation read the step's note (and, for an assignment, whom it names). An
        internal note or an assignment stays with the organisation that held the report then; a note to the public
        or to the reporter (what they were told) and a forward's reason (written for the next organisation) are read
        by every organisation that comes to hold the report. The others see that there was a step, by whom and when."""
        return (
            self.kind == self.Kind.FORWARD or self.audience != Audience.INTERNAL or self.held_by_id == organisation_id
        )
