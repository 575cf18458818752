from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.ai import views_framework

app_name = "ai"
urlpatterns: list = [
    # --- framework (C) ---
    path(_("framework/"), views_framework.requirement_list, name="framework"),
    path(_("framework/<slug:code>/"), views_framework.requirement_detail, name="framework-requirement"),
]
