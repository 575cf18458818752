"""The register of government organisations, and who may act for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.oin import validate_oin


class OrganisationType(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    PROVINCIE = "provincie", _("Province")
    WATERSCHAP = "waterschap", _("Water board")
    OMGEVINGSDIENST = "omgevingsdienst", _("Environmental service")
    VEILIGHEIDSREGIO = "veiligheidsregio", _("Safety region")
    MINISTERIE = "ministerie", _("Ministry")
    HOOG_COLLEGE = "hoog_college_van_staat", _("High council of state")
    RIJKSORGANISATIE = "rijksorganisatie", _("Other central-government organisation")


class Organisation(models.Model):
    """A government organisation, current or historical; never deleted, only ended."""

    code = models.CharField(_("code"), max_length=64, unique=True, help_text=_("TOOI organisation code, e.g. gm0363."))
    org_type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices, db_index=True)
    name = models.CharField(_("official name"), max_length=200)
    short_name = models.CharField(_("name without type"), max_length=200, blank=True)
    sort_name = models.CharField(max_length=200, db_index=True)
    tooi_uri = models.URLField(_("TOOI URI"), max_length=200, blank=True)
    register_code = models.CharField(
        _("register code"), max_length=16, blank=True, db_index=True, help_text=_("CBS-style code, e.g. GM0363.")
    )
    owms_id = models.URLField(_("OWMS identifier"), max_length=300, blank=True)
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"org_type": OrganisationType.PROVINCIE},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        help_text=_("For executive agencies: the ministry they belong to."),
    )
    oin = models.CharField(_("OIN"), max_length=20, blank=True, validators=[validate_oin])
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True, db_index=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    source = models.CharField(_("source"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    # The permission layer reads this: an organisation owns its own record.
    owner_path = "self"

    class Meta:
        ordering = ["sort_name", "code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["oin"], condition=~models.Q(oin=""), name="registry_organisation_unique_oin"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    def current_successor(self) -> "Organisation | None":
        """Follow the successor chain to the organisation that exists today."""
        seen = {self.pk}
        org = self.successor
        while org is not None and org.successor_id is not None and org.successor_id not in seen:
            seen.add(org.pk)
            org = org.successor
        return org


class Domain(models.Model):
    """A website domain name of an organisation, from the government domain-name list."""

    name = models.CharField(_("domain name"), max_length=253, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    source = models.CharField(max_length=200)

    owner_path = "organisation"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """One run of the organisation importer: what it read and what it changed."""

    started_at = models.DateTimeField(auto_now_add=True)
    source_checksums = models.JSONField(default=dict)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    ended = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    domains_linked = models.PositiveIntegerField(default=0)
    domains_unmatched = models.JSONField(default=list)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"import of {self.started_at:%Y-%m-%d %H:%M}"


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")
    PROGRAMME = "programme", _("National programme")


class Membership(models.Model):
    """A user belongs to exactly one organisation, with one role."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    owner_path = "organisation"
    # Who works for an organisation is decided by its administrators, not its editors; the programme's own accounts
    # by the programme at its seat (permissions.membership_change_refusal narrows each change further).
    change_roles = frozenset({Role.ADMIN, Role.PROGRAMME})

    def __str__(self) -> str:
        return f"{self.user} ({self.role}, {self.organisation.code})"


class OinChange(models.Model):
    """The national programme set or changed an organisation's OIN after checking it: kept, and shown with the OIN."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="oin_changes")
    old_oin = models.CharField(_("old OIN"), max_length=20, blank=True)
    new_oin = models.CharField(_("new OIN"), max_length=20, blank=True)
    reason = models.TextField(_("reason"))
    # The name as well as the link: the record outlives the account.
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField(max_length=150)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"OIN of {self.organisation_id}: {self.old_oin or '-'} -> {self.new_oin or '-'}"


class MembershipChange(models.Model):
    """Who gave whom which role or access, and when: an account made, a role changed, access ended or restored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="membership_changes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    member_name = models.CharField(max_length=150)
    # Empty for a change made on the command line by whoever runs the hub.
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by_name = models.CharField(max_length=150, blank=True)
    old_role = models.CharField(max_length=16, choices=Role.choices, blank=True)
    new_role = models.CharField(max_length=16, choices=Role.choices)
    old_active = models.BooleanField(null=True)
    new_active = models.BooleanField()
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member_name}: {self.old_role or 'new'} -> {self.new_role}"


class SignInFailure(models.Model):
    """One failed staff sign-in, under a digest of what it is counted against (the account from an address, or the
    address): kept only as long as the throttle looks back."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"sign-in failure at {self.at:%Y-%m-%d %H:%M:%S}"
