from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements.api import router as agreements_router
from thorbecke.ai.api import router as ai_router
from thorbecke.ai.api_catalogue import router as ai_catalogue_router
from thorbecke.cloud.api_catalogue import router as cloud_catalogue_router
from thorbecke.cloud.api_definitions import router as cloud_definitions_router
from thorbecke.cloud.api_exit import router as cloud_exit_router
from thorbecke.cloud.api_needs import router as cloud_needs_router
from thorbecke.cloud.api_pooling import router as cloud_pooling_router
from thorbecke.exchange.api import router as exchange_router
from thorbecke.landscape.api import router as landscape_router
from thorbecke.proactive.api import router as proactive_router
from thorbecke.registry.api import router as registry_router
from thorbecke.services.api import router as services_router
from thorbecke.services.sign_in import EHerkenningSignInCallback, EHerkenningSignInStart
from thorbecke.signals.api import router as signals_router
from thorbecke.steering.api import router as steering_router
from thorbecke.steering.api_agenda import router as steering_agenda_router
from thorbecke.steering.api_bottlenecks import router as bottlenecks_router
from thorbecke.web.api import hub_api
from thorbecke.workforce.api_competences import router as workforce_competences_router
from thorbecke.workforce.api_courses import router as workforce_courses_router
from thorbecke.workforce.api_insight import router as workforce_insight_router
from thorbecke.workforce.api_pools import router as workforce_pools_router
from thorbecke.workforce.api_reports import router as workforce_reports_router

api = hub_api()
for router in (
    registry_router,
    services_router,
    exchange_router,
    signals_router,
    landscape_router,
    agreements_router,
    proactive_router,
    ai_router,
    ai_catalogue_router,
    steering_router,
    bottlenecks_router,
    steering_agenda_router,
    cloud_definitions_router,
    cloud_catalogue_router,
    cloud_pooling_router,
    cloud_exit_router,
    cloud_needs_router,
    workforce_competences_router,
    workforce_reports_router,
    workforce_insight_router,
    workforce_pools_router,
    workforce_courses_router,
):
    api.add_router("/", router)

urlpatterns = [
    path("api/v1/", api.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("oidc/eherkenning/authenticate/", EHerkenningSignInStart.as_view(), name="eherkenning_authentication_init"),
    path("oidc/eherkenning/callback/", EHerkenningSignInCallback.as_view(), name="eherkenning_authentication_callback"),
    path("open311/v2/", include("thorbecke.signals.open311_urls")),
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
        path(_("algorithms/"), include("thorbecke.ai.urls")),
        path(_("steering/"), include("thorbecke.steering.urls")),
        path("cloud/", include("thorbecke.cloud.urls")),
        path(_("workforce/"), include("thorbecke.workforce.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "thorbecke.web.views.not_found"
handler403 = "thorbecke.web.views.forbidden"
