"""ASGI entry point, for tools that want one; production serves the hub over WSGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
application = get_asgi_application()
