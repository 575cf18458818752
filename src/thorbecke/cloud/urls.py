"""Cloud: the uniform definitions, the supply catalogue, needs and their matches, pooled demand and bundles, out of
the public cloud."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import views, views_catalogue, views_definitions, views_exit, views_needs, views_pooling

app_name = "cloud"
urlpatterns = [
    path("", views.home, name="home"),
    # --- definitions ---
    path(_("definitions/"), views_definitions.definitions, name="definitions"),
    path(_("definitions/publish/"), views_definitions.publish, name="definitions-publish"),
    path(_("definitions/upload/"), views_definitions.upload, name="definitions-upload"),
    path(_("sovereignty/"), views_definitions.sovereignty, name="sovereignty"),
    # --- catalogue ---
    path(_("offerings/"), views_catalogue.offerings, name="offerings"),
    path(_("offerings/new/"), views_catalogue.offering_new, name="offering-new"),
    path(_("offerings/<int:pk>/"), views_catalogue.offering, name="offering"),
    path(_("offerings/<int:pk>/edit/"), views_catalogue.offering_edit, name="offering-edit"),
    path(_("providers/new/"), views_catalogue.provider_new, name="provider-new"),
    # --- needs ---
    path(_("needs/"), views_needs.needs, name="needs"),
    path(_("needs/new/"), views_needs.new, name="need-new"),
    path(_("needs/<int:pk>/"), views_needs.detail, name="need"),
    path(_("needs/<int:pk>/change/"), views_needs.edit, name="need-edit"),
    path(_("needs/<int:pk>/remove/"), views_needs.delete, name="need-delete"),
    # --- pooling ---
    path(_("pooled-demand/"), views_pooling.overview, name="pooling"),
    path(_("pooled-demand/bundles/new/"), views_pooling.new_bundle, name="bundle-new"),
    path(_("pooled-demand/bundles/<int:pk>/"), views_pooling.bundle, name="bundle"),
    # --- out of the public cloud ---
    path(_("out-of-the-public-cloud/"), views_exit.public_cloud_exit, name="public-cloud-exit"),
    path(_("contracts/"), views_exit.contracts, name="contracts"),
    path(_("contracts/new/"), views_exit.contract_new, name="contract-new"),
]
