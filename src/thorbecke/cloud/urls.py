"""Cloud: the uniform definitions, the supply catalogue, needs and their matches, pooled demand and bundles, out of
the public cloud."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import views, views_exit

app_name = "cloud"
urlpatterns = [
    path("", views.home, name="home"),
    # --- definitions ---
    # --- catalogue ---
    # --- needs ---
    # --- pooling ---
    # --- out of the public cloud ---
    path(_("out-of-the-public-cloud/"), views_exit.public_cloud_exit, name="public-cloud-exit"),
    path(_("contracts/"), views_exit.contracts, name="contracts"),
    path(_("contracts/new/"), views_exit.contract_new, name="contract-new"),
]
