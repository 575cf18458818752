from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocConfig(AppConfig):
    name = "thorbecke.soc"
    verbose_name = _("Shared threat indicators")
    default_auto_field = "django.db.models.BigAutoField"
