from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProactiveConfig(AppConfig):
    name = "thorbecke.proactive"
    verbose_name = _("Proactive services: rules as code, screening and non-take-up")
    default_auto_field = "django.db.models.BigAutoField"
