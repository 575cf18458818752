from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "thorbecke.services"
    verbose_name = "Product catalogue and front door"
