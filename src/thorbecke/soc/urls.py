from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.soc import views

app_name = "soc"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path(_("share/"), views.share, name="share"),
]
