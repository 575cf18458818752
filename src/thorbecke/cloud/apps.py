from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CloudConfig(AppConfig):
    name = "thorbecke.cloud"
    verbose_name = _("Cloud")
    default_auto_field = "django.db.models.BigAutoField"
