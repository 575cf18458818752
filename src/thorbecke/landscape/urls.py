from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.landscape import views

app_name = "landscape"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("pqc/", views.pqc_overview, name="pqc"),
    path(_("exercises/"), views.exercise_list, name="exercises"),
    path(_("exercises/new/"), views.exercise_new, name="exercise-new"),
    path(_("exercises/<int:pk>/"), views.exercise_detail, name="exercise"),
    path(_("entities/<int:pk>/"), views.entity_detail, name="entity"),
    path("<str:code>/", views.organisation_landscape, name="organisation"),
    path(_("<str:code>/import/"), views.import_landscape, name="import"),
    path("<str:code>/cyclonedx.json", views.export_cyclonedx, name="export"),
]
