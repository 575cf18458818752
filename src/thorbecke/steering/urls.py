"""Steering: indicators, goals and commitments, the investment agenda, data bottlenecks, digital legislation."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.steering import views_agenda, views_committee, views_indicators

app_name = "steering"
urlpatterns = [
    # --- indicators ---
    path(_("indicators/"), views_indicators.indicator_list, name="indicators"),
    path(_("indicators/<slug:code>/"), views_indicators.indicator_detail, name="indicator"),
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
