"""Cloud: the uniform definitions, the supply catalogue, needs and their matches, pooled demand and bundles, out of
the public cloud."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.cloud import views, views_needs

app_name = "cloud"
urlpatterns = [
    path("", views.home, name="home"),
    # --- definitions ---
    # --- catalogue ---
    # --- needs ---
    path(_("needs/"), views_needs.needs, name="needs"),
    path(_("needs/new/"), views_needs.new, name="need-new"),
    path(_("needs/<int:pk>/"), views_needs.detail, name="need"),
    path(_("needs/<int:pk>/change/"), views_needs.edit, name="need-edit"),
    path(_("needs/<int:pk>/remove/"), views_needs.delete, name="need-delete"),
    # --- pooling ---
    # --- out of the public cloud ---
]
