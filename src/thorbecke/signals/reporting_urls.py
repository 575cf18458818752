from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.signals import figures, reporting

app_name = "reporting"
urlpatterns = [
    path("", reporting.new_report, name="new"),
    path("<int:pk>/", reporting.report_page, name="report"),
    path(_("<int:pk>/follow/"), reporting.follow, name="follow"),
    path(_("follow/confirm/<str:code>/"), reporting.confirm_follow, name="follow-confirm"),
    path(_("follow/stop/<str:code>/"), reporting.unfollow, name="unfollow"),
    path(_("<int:pk>/satisfaction/<str:code>/"), reporting.survey, name="survey"),
    path(_("figures/"), figures.figures_page, name="figures"),
    path("outline.geojson", reporting.outline, name="outline"),
    path("place.json", reporting.place, name="place"),
]
