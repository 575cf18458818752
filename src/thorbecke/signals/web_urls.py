from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path(_("<int:pk>/status/"), views.report_status, name="status"),
    path(_("<int:pk>/forward/"), views.report_forward, name="forward"),
]
