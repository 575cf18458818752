"""Loading the hub's settings and apps in a process that is not served by the hub's WSGI entry point: the
`thorbecke` command, the demo."""

import os


def setup() -> None:
    """Configure Django with the hub's settings (unless DJANGO_SETTINGS_MODULE names others) and load its apps."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
    import django

    django.setup()
