"""Digital proficiency: for now its first part, the shared competence model."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.workforce import views_competences

app_name = "workforce"
urlpatterns = [
    path("", views_competences.home, name="home"),
    path(_("competences/"), views_competences.model, name="competences"),
    path(_("competences/upload/"), views_competences.upload, name="competences-upload"),
    path(_("archetypes/"), views_competences.archetypes, name="archetypes"),
]
