"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import (
    views_agenda,
    views_bottlenecks,
    views_committee,
    views_dashboard,
    views_goals,
    views_indicators,
    views_legislation,
)
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
    path(_("committee/progress/"), views_goals.committee, name="committee"),
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
    # --- agenda ---
    path(_("investment-agenda/"), views_agenda.agenda_page, name="agenda"),
    path(_("investment-agenda/cost-and-benefit/"), views_agenda.cost_benefit, name="agenda-cost-benefit"),
    path(_("investment-agenda/together/"), views_agenda.joint, name="agenda-joint"),
    path(_("investment-agenda/new/"), views_agenda.initiative_new, name="initiative-new"),
    path(_("investment-agenda/<int:pk>/"), views_agenda.initiative_detail, name="initiative"),
    path(_("investment-agenda/<int:pk>/edit/"), views_agenda.initiative_edit, name="initiative-edit"),
    path(_("investment-agenda/<int:pk>/status/"), views_agenda.initiative_status, name="initiative-status"),
    # --- committee ---
    path(_("committee/"), views_committee.meeting_list, name="meetings"),
    path(_("committee/new/"), views_committee.meeting_new, name="meeting-new"),
    path(_("committee/<int:pk>/"), views_committee.meeting_detail, name="meeting"),
    path(_("committee/<int:pk>/decision/"), views_committee.decision_new, name="decision-new"),
    path(_("committee/decisions/<int:pk>/action/"), views_committee.action_new, name="action-new"),
    path(_("committee/actions/"), views_committee.open_actions, name="actions"),
    path(_("committee/actions/<int:pk>/done/"), views_committee.action_done, name="action-done"),
]
