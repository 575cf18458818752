from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "thorbecke.ai"
    verbose_name = _("Algorithms and AI")
    default_auto_field = "django.db.models.BigAutoField"
