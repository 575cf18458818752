from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from thorbecke.hub.api import api
from thorbecke.services.sign_in import EHerkenningSignInCallback, EHerkenningSignInStart

urlpatterns = [
    path("api/v1/", api.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("oidc/eherkenning/authenticate/", EHerkenningSignInStart.as_view(), name="eherkenning_authentication_init"),
    path("oidc/eherkenning/callback/", EHerkenningSignInCallback.as_view(), name="eherkenning_authentication_callback"),
    path("open311/v2/", include("thorbecke.signals.urls")),
    path("taxii2/", include("thorbecke.soc.taxii_urls")),
    *i18n_patterns(
        path("", include("thorbecke.web.urls")),
        path("", include("thorbecke.services.urls")),
        path(_("organisations/"), include("thorbecke.registry.urls")),
        path(_("reports/"), include("thorbecke.signals.web_urls")),
        path(_("report-a-problem/"), include("thorbecke.signals.reporting_urls")),
        path(_("agreements/"), include("thorbecke.agreements.urls")),
        path(_("landscape/"), include("thorbecke.landscape.urls")),
        path(_("threat-indicators/"), include("thorbecke.soc.urls")),
        path(_("proactive/"), include("thorbecke.proactive.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "thorbecke.web.views.not_found"
handler403 = "thorbecke.web.views.forbidden"
