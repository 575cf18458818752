from django.apps import AppConfig
from django.core import checks


class ServicesConfig(AppConfig):
    name = "thorbecke.services"
    verbose_name = "Product catalogue and front door"

    def ready(self) -> None:
        from thorbecke.services.sign_in import demo_idp_only_on_loopback

        checks.register(demo_idp_only_on_loopback)
