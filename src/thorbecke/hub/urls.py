from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from thorbecke.hub.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("", include("thorbecke.web.urls")),
        path(_("organisations/"), include("thorbecke.registry.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "thorbecke.web.views.not_found"
handler403 = "thorbecke.web.views.forbidden"
