"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import views_bottlenecks, views_dashboard, views_goals, views_indicators, views_legislation
from thorbecke.steering.models import Priority

app_name = "steering"
urlpatterns = [
    # --- indicators ---
    path(_("indicators/"), views_indicators.indicator_list, name="indicators"),
    path(_("indicators/<slug:code>/"), views_indicators.indicator_detail, name="indicator"),
    # --- goals ---
    path(_("goals/"), views_goals.goal_list, name="goals"),
    path(_("goals/new/"), views_goals.goal_new, name="goal-new"),
    path(_("indicators/<slug:code>/target/"), views_goals.indicator_target, name="indicator-target"),
    path(_("commitments/"), views_goals.commitment_list, name="commitments"),
    path(_("commitments/new/"), views_goals.commitment_new, name="commitment-new"),
    path(_("steering-committee/"), views_goals.committee, name="committee"),
    path(_("organisations/<str:code>/"), views_goals.organisation_page, name="organisation"),
    # --- legislation ---
    path(_("legislation/"), views_legislation.law_list, name="laws"),
    path(
        _("legislation/organisations/<str:code>/"),
        views_legislation.organisation_legislation,
        name="organisation-legislation",
    ),
    path(_("legislation/<slug:slug>/"), views_legislation.law_detail, name="law"),
    # --- dashboard ---
    path("", views_dashboard.home, name="dashboard"),
    path(_("compute/"), views_dashboard.compute_now, name="compute-now"),
    # Only the priorities' own keys, so that no other page's one-word path is ever taken for a priority.
    re_path(rf"^(?P<priority>{'|'.join(Priority.values)})/$", views_dashboard.priority, name="priority"),
    # --- bottlenecks ---
    path(_("data-bottlenecks/"), views_bottlenecks.register, name="bottlenecks"),
    path(_("data-bottlenecks/ours/"), views_bottlenecks.own, name="bottlenecks-own"),
    path(_("data-bottlenecks/new/"), views_bottlenecks.new, name="bottleneck-new"),
    path(_("data-bottlenecks/<int:pk>/"), views_bottlenecks.detail, name="bottleneck"),
    path(_("data-bottlenecks/<int:pk>/step/"), views_bottlenecks.step, name="bottleneck-step"),
]
