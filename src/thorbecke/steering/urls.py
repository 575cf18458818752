"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import views_bottlenecks, views_indicators

app_name = "steering"
urlpatterns = [
    # --- indicators ---
    path(_("indicators/"), views_indicators.indicator_list, name="indicators"),
    path(_("indicators/<slug:code>/"), views_indicators.indicator_detail, name="indicator"),
    # --- bottlenecks ---
    path(_("data-bottlenecks/"), views_bottlenecks.register, name="bottlenecks"),
    path(_("data-bottlenecks/ours/"), views_bottlenecks.own, name="bottlenecks-own"),
    path(_("data-bottlenecks/new/"), views_bottlenecks.new, name="bottleneck-new"),
    path(_("data-bottlenecks/<int:pk>/"), views_bottlenecks.detail, name="bottleneck"),
    path(_("data-bottlenecks/<int:pk>/step/"), views_bottlenecks.step, name="bottleneck-step"),
]
