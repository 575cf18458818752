"""Digital proficiency: the shared competence model, and insight into the IT workforce from aggregate reports."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thorbecke.workforce import views_competences, views_insight, views_reports

app_name = "workforce"
urlpatterns = [
    path("", views_competences.home, name="home"),
    path(_("competences/"), views_competences.model, name="competences"),
    path(_("competences/upload/"), views_competences.upload, name="competences-upload"),
    path(_("archetypes/"), views_competences.archetypes, name="archetypes"),
    path(pgettext_lazy("workforce", "reports/"), views_reports.index, name="reports"),
    path(_("reports/upload/"), views_reports.upload, name="reports-upload"),
    path(_("reports/template.csv"), views_reports.template, name="reports-template"),
    path(_("reports/<int:pk>/"), views_reports.detail, name="report"),
    path(_("insight/"), views_insight.national, name="insight"),
    path(_("insight/shortages/"), views_insight.shortages, name="shortages"),
    path(_("insight/sourcing/"), views_insight.sourcing, name="sourcing"),
    path(_("insight/sourcing/core/"), views_insight.core, name="sourcing-core"),
]
