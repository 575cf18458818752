from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.signals import rules, views

app_name = "signals"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path(_("<int:pk>/status/"), views.report_status, name="status"),
    path(_("<int:pk>/forward/"), views.report_forward, name="forward"),
    path(_("<int:pk>/assign/"), views.report_assign, name="assign"),
    path(_("<int:pk>/photo/"), views.report_photo, name="photo"),
    path(_("rules/"), rules.rule_list, name="rules"),
    path(_("rules/new/"), rules.rule_edit, name="rule-new"),
    path(_("rules/<int:pk>/"), rules.rule_edit, name="rule"),
]
