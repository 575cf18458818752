"""The open pool: civil servants who chose to join keep a profile there; organisations post assignments; every
time an organisation opens a candidate's name and contact, it is logged for the member to see.

A pool profile belongs to the person (its ``user``), not to the organisation they work for: their employer does not
see it, and deleting it removes it, its competences, its view log and its appearances in candidate lists (no soft
delete: the member asked for it to be gone). An assignment belongs to the organisation that posted it
(``owner_path``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thorbecke.registry.models import Organisation

# The languages a member or an assignment names; a bit each in the matching arrays (pool_matching), so at most 16.
LANGUAGES = {
    "nl": _("Dutch"),
    "en": _("English"),
    "fy": _("Frisian"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "pap": _("Papiamento"),
    "pl": _("Polish"),
    "tr": _("Turkish"),
    "ar": _("Arabic"),
}


class PoolMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_member")
    profile_scheme = models.CharField(_("job profile scheme"), max_length=32)
    profile_code = models.CharField(_("job profile"), max_length=32)
    # {"B.1": 4, ...}: e-CF codes with a level the competence is defined at (checked by workforce.pools).
    competences = models.JSONField(_("competences"), default=dict)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    available_from = models.DateField(_("available from"))
    available_until = models.DateField(_("available until"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=8, help_text=_("The province's code, e.g. pv26."))
    languages = models.JSONField(_("languages"), default=list)
    text = models.TextField(_("about me"), max_length=1000, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)  # the matching cache's state

    def __str__(self) -> str:
        return f"pool member {self.pk}"


class Assignment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pool_assignments")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    # [{"code": "B.1", "level": 3, "must": true}, ...]: what the work needs; the musts filter, all of them score.
    competences = models.JSONField(_("competences needed"), default=list)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    region = models.CharField(_("region"), max_length=8, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    languages = models.JSONField(_("languages"), default=list)
    open = models.BooleanField(_("open"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    owner_path = "organisation"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PoolVersion(models.Model):
    """One row, counted up at every saved or deleted profile (signals in apps.py, so a cascade from a deleted
    account counts too): the matching cache asks this instead of counting 100,000 rows per match."""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)


class ProfileView(models.Model):
    """One opening of a member's name and contact for an assignment; kept with the viewer's name as it was then,
    so the member sees who looked even after that account is gone."""

    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="views")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="profile_views")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    viewer_name = models.CharField(_("viewed by"), max_length=200)
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]

    def __str__(self) -> str:
        return f"view of {self.member_id} for {self.assignment_id}"


class Appearance(models.Model):
    """A member shown in an assignment's candidate list (pseudonymously, with what explains their rank), once per
    member, assignment and day (UTC): a reload adds nothing. The member sees every list they were in."""

    member = models.ForeignKey(PoolMember, on_delete=models.CASCADE, related_name="appearances")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="appearances")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day (UTC)"))
    first_at = models.DateTimeField(_("first shown at"))

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "assignment", "day"], name="workforce_appearance_once_a_day")
        ]

    def __str__(self) -> str:
        return f"appearance of {self.member_id} for {self.assignment_id} on {self.day}"
