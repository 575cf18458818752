"""WSGI entry point: the hub is served over WSGI (see docs/decisions/0001-hub-framework-and-server.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thorbecke.hub.settings")
application = get_wsgi_application()
