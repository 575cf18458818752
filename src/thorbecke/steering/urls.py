"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import views_dashboard, views_indicators
from thorbecke.steering.models import Priority

app_name = "steering"
urlpatterns = [
    # --- indicators ---
    path(_("indicators/"), views_indicators.indicator_list, name="indicators"),
    path(_("indicators/<slug:code>/"), views_indicators.indicator_detail, name="indicator"),
    # --- dashboard ---
    path("", views_dashboard.home, name="dashboard"),
    path(_("compute/"), views_dashboard.compute_now, name="compute-now"),
    # Only the priorities' own keys, so that no other page's one-word path is ever taken for a priority.
    re_path(rf"^(?P<priority>{'|'.join(Priority.values)})/$", views_dashboard.priority, name="priority"),
]
