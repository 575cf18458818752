from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AiConfig(AppConfig):
    name = "thorbecke.ai"
    verbose_name = _("Algorithms and AI")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thorbecke.ai.links import published_serving
        from thorbecke.ai.models import Algorithm
        from thorbecke.ai.register_cache import changed
        from thorbecke.exchange.served_by import provide
        from thorbecke.registry.models import Organisation

        # The data system sits below the register: it learns which algorithm serves an activity from here.
        provide(published_serving)
        # What the public register's filters offer depends on both (register_cache.py).
        for model in (Algorithm, Organisation):
            post_save.connect(changed, sender=model, dispatch_uid=f"ai-register-choices-save-{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"ai-register-choices-delete-{model.__name__}")
