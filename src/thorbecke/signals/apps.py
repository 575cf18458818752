from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "thorbecke.signals"
    verbose_name = _("Reports in public space")
    default_auto_field = "django.db.models.BigAutoField"
