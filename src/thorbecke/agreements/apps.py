from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "thorbecke.agreements"
    verbose_name = _("Agreements: standards and building blocks")
    default_auto_field = "django.db.models.BigAutoField"
