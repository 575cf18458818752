from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LandscapeConfig(AppConfig):
    name = "thorbecke.landscape"
    verbose_name = _("IT landscape")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thorbecke.ai.links import provide
        from thorbecke.landscape.algorithms import LandscapeForRegister

        # The algorithm register sits below the landscape: it checks and shows its references through this.
        provide(LandscapeForRegister())
