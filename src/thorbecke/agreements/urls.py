from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path(_("scorecard/"), views.scorecard, name="scorecard"),
    path(_("scorecard.csv"), views.scorecard_csv, name="scorecard-csv"),
    path(_("scorecard.json"), views.scorecard_json, name="scorecard-json"),
    path(_("scans/"), views.scans, name="scans"),
    path(_("scans.json"), views.scans_json, name="scans-json"),
    path(_("scans/start/"), views.scan_start, name="scan-start"),
    path(_("gaps/"), views.gap_list, name="gaps"),
    path(_("gaps/<int:pk>/"), views.gap_detail, name="gap"),
    path(_("gaps/<int:pk>/answer/"), views.gap_answer, name="gap-answer"),
    path(_("gaps/<int:pk>/decision/"), views.gap_decide, name="gap-decide"),
    path(_("organisations/<str:code>/"), views.organisation_compliance, name="organisation"),
    path(_("organisations/<str:code>/declare/"), views.declare, name="declare"),
    path("<slug:slug>/", views.agreement_detail, name="detail"),
    path(_("<slug:slug>/edit/"), views.agreement_edit, name="edit"),
]
