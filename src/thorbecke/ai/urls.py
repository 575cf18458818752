"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.ai import views_description, views_register

app_name = "ai"
urlpatterns = [
    # --- register (A) ---
    path("", views_register.register_list, name="register"),
    path("export.json", views_register.register_export, {"fmt": "json"}, name="register-json"),
    path("export.csv", views_register.register_export, {"fmt": "csv"}, name="register-csv"),
    path(_("manage/"), views_description.own_algorithms, name="own"),
    path(_("manage/new/"), views_description.algorithm_new, name="algorithm-new"),
    path(_("manage/import/"), views_description.algorithm_import, name="algorithm-import"),
    path("<uuid:public_id>/", views_register.algorithm_detail, name="algorithm"),
    path("<uuid:public_id>.json", views_register.algorithm_export, {"fmt": "json"}, name="algorithm-json"),
    path("<uuid:public_id>.csv", views_register.algorithm_export, {"fmt": "csv"}, name="algorithm-csv"),
    path(_("<uuid:public_id>/edit/"), views_description.algorithm_edit, name="algorithm-edit"),
    path(_("<uuid:public_id>/status/"), views_description.algorithm_move, name="algorithm-move"),
]
