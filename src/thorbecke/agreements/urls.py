from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path(_("scorecard/"), views.scorecard, name="scorecard"),
    path(_("scorecard.csv"), views.scorecard_csv, name="scorecard-csv"),
    path(_("scorecard.json"), views.scorecard_json, name="scorecard-json"),
    path("<slug:slug>/", views.agreement_detail, name="detail"),
    path(_("<slug:slug>/edit/"), views.agreement_edit, name="edit"),
]
