from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapeConfig(AppConfig):
    name = "thorbecke.landscape"
    verbose_name = _("IT landscape")
    default_auto_field = "django.db.models.BigAutoField"
