"""Digital proficiency: the shared competence model and the open pool."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.workforce import views_competences, views_pools

app_name = "workforce"
urlpatterns = [
    path("", views_competences.home, name="home"),
    path(_("competences/"), views_competences.model, name="competences"),
    path(_("competences/upload/"), views_competences.upload, name="competences-upload"),
    path(_("archetypes/"), views_competences.archetypes, name="archetypes"),
    path(_("pool/"), views_pools.home, name="pool"),
    path(_("pool/profile/"), views_pools.profile, name="pool-profile"),
    path(_("pool/profile/export/"), views_pools.export, name="pool-export"),
    path(_("pool/profile/delete/"), views_pools.delete, name="pool-delete"),
    path(_("pool/profile/views/"), views_pools.views, name="pool-views"),
    path(_("pool/assignments/new/"), views_pools.assignment_new, name="pool-assignment-new"),
    path(_("pool/assignments/<int:pk>/"), views_pools.assignment, name="pool-assignment"),
    path(_("pool/assignments/<int:pk>/close/"), views_pools.close, name="pool-assignment-close"),
    path(_("pool/assignments/<int:pk>/candidates/<str:key>/"), views_pools.candidate, name="pool-candidate"),
]
