"""Cloud: the uniform definitions, the supply catalogue, needs and their matches, pooled demand and bundles, out of
the public cloud."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import views, views_pooling

app_name = "cloud"
urlpatterns = [
    path("", views.home, name="home"),
    # --- definitions ---
    # --- catalogue ---
    # --- needs ---
    # --- pooling ---
    path(_("pooled-demand/"), views_pooling.overview, name="pooling"),
    path(_("pooled-demand/bundles/new/"), views_pooling.new_bundle, name="bundle-new"),
    path(_("pooled-demand/bundles/<int:pk>/"), views_pooling.bundle, name="bundle"),
    # --- out of the public cloud ---
]
