"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import views_indicators, views_legislation

app_name = "steering"
urlpatterns = [
    # --- indicators ---
    path(_("indicators/"), views_indicators.indicator_list, name="indicators"),
    path(_("indicators/<slug:code>/"), views_indicators.indicator_detail, name="indicator"),
    # --- legislation ---
    path(_("legislation/"), views_legislation.law_list, name="laws"),
    path(
        _("legislation/organisations/<str:code>/"),
        views_legislation.organisation_legislation,
        name="organisation-legislation",
    ),
    path(_("legislation/<slug:slug>/"), views_legislation.law_detail, name="law"),
]
