"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""

from django.urls import path

from thorbecke.ai import views_register

app_name = "ai"
urlpatterns = [
    # --- register (A) ---
    path("", views_register.register_list, name="register"),
    path("export.json", views_register.register_export, {"fmt": "json"}, name="register-json"),
    path("export.csv", views_register.register_export, {"fmt": "csv"}, name="register-csv"),
    path("<uuid:public_id>/", views_register.algorithm_detail, name="algorithm"),
    path("<uuid:public_id>.json", views_register.algorithm_export, {"fmt": "json"}, name="algorithm-json"),
    path("<uuid:public_id>.csv", views_register.algorithm_export, {"fmt": "csv"}, name="algorithm-csv"),
]
