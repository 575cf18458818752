from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "thorbecke.workforce"
    verbose_name = _("Digital proficiency")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from thorbecke.workforce.models import PoolMember
        from thorbecke.workforce.pool_matching import pool_changed

        post_save.connect(pool_changed, sender=PoolMember, dispatch_uid="workforce-pool-saved")
        post_delete.connect(pool_changed, sender=PoolMember, dispatch_uid="workforce-pool-deleted")
