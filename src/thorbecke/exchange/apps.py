from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "thorbecke.exchange"
    verbose_name = _("Federated data system")
    default_auto_field = "django.db.models.BigAutoField"
