from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "thorbecke.workforce"
    verbose_name = _("Digital proficiency")
    default_auto_field = "django.db.models.BigAutoField"
