"""Cloud: the uniform definitions, the supply catalogue, needs and their matches, pooled demand and bundles, out of
the public cloud."""

from django.urls import path

from thorbecke.cloud import views

app_name = "cloud"
urlpatterns = [
    path("", views.home, name="home"),
    # --- definitions ---
    # --- catalogue ---
    # --- needs ---
    # --- pooling ---
    # --- out of the public cloud ---
]
