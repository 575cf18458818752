"""Digital proficiency: the shared competence model, insight into the IT workforce from aggregate reports, the
open pool, and which academy teaches what."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thorbecke.workforce import views_competences, views_courses, views_insight, views_pools, views_reports

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
    path(_("insight/publications/"), views_insight.publications, name="publications"),
    path(_("insight/publications/publish/"), views_insight.publish, name="publish"),
    path(_("pool/"), views_pools.home, name="pool"),
    path(_("pool/profile/"), views_pools.profile, name="pool-profile"),
    path(_("pool/profile/export/"), views_pools.export, name="pool-export"),
    path(_("pool/profile/delete/"), views_pools.delete, name="pool-delete"),
    path(_("pool/profile/views/"), views_pools.views, name="pool-views"),
    path(_("pool/assignments/new/"), views_pools.assignment_new, name="pool-assignment-new"),
    path(_("pool/assignments/<int:pk>/"), views_pools.assignment, name="pool-assignment"),
    path(_("pool/assignments/<int:pk>/close/"), views_pools.close, name="pool-assignment-close"),
    path(_("pool/assignments/<int:pk>/candidates/<str:key>/"), views_pools.candidate, name="pool-candidate"),
    path(_("courses/"), views_courses.catalogue, name="courses"),
    path(_("courses/<int:pk>/"), views_courses.course, name="course"),
    path(_("courses/upload/"), views_courses.upload, name="courses-upload"),
    path(_("learning-paths/"), views_courses.learning_paths, name="learning-paths"),
    path(_("ai-literacy/"), views_courses.ai_literacy_page, name="ai-literacy"),
    path(_("ai-literacy/record/"), views_courses.ai_literacy_record, name="ai-literacy-record"),
]
