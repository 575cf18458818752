"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.ai import views_classification

app_name = "ai"
urlpatterns: list = []

# --- classification (B): the AI Act decision aid ---
urlpatterns += [
    path(_("<uuid:public_id>/classify/"), views_classification.classify, name="classify"),
    path(_("classifications/"), views_classification.review, name="classification-review"),
]
