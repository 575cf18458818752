from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "thorbecke.ai"
    verbose_name = _("Algorithms and AI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thorbecke.ai.links import published_serving
        from thorbecke.exchange.served_by import provide

        # The data system sits below the register: it learns which algorithm serves an activity from here.
        provide(published_serving)
