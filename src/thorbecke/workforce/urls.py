"""Digital proficiency: the shared competence model, and which academy teaches what."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.workforce import views_competences, views_courses

app_name = "workforce"
urlpatterns = [
    path("", views_competences.home, name="home"),
    path(_("competences/"), views_competences.model, name="competences"),
    path(_("competences/upload/"), views_competences.upload, name="competences-upload"),
    path(_("archetypes/"), views_competences.archetypes, name="archetypes"),
    path(_("courses/"), views_courses.catalogue, name="courses"),
    path(_("courses/<int:pk>/"), views_courses.course, name="course"),
    path(_("courses/upload/"), views_courses.upload, name="courses-upload"),
    path(_("learning-paths/"), views_courses.learning_paths, name="learning-paths"),
    path(_("ai-literacy/"), views_courses.ai_literacy_page, name="ai-literacy"),
    path(_("ai-literacy/record/"), views_courses.ai_literacy_record, name="ai-literacy-record"),
]
