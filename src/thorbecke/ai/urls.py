"""The algorithm register, its AI Act classifications and the framework's work per algorithm."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.ai import (
    views_catalogue,
    views_classification,
    views_description,
    views_framework,
    views_links,
    views_register,
)

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
    # --- links (decision 0041): processing activities, landscape entities, supplier ---
    path(_("<uuid:public_id>/links/"), views_links.algorithm_links, name="algorithm-links"),
]

# --- classification (B): the AI Act decision aid ---
urlpatterns += [
    path(_("<uuid:public_id>/classify/"), views_classification.classify, name="classify"),
    path(_("classifications/"), views_classification.review, name="classification-review"),
]

urlpatterns += [
    # --- framework (C) ---
    path(_("framework/"), views_framework.requirement_list, name="framework"),
    path(_("framework/<slug:code>/"), views_framework.requirement_detail, name="framework-requirement"),
    path(_("<uuid:public_id>/framework/"), views_framework.algorithm_checklist, name="framework-checklist"),
    path(_("<uuid:public_id>/framework/profile/"), views_framework.algorithm_profile, name="framework-profile"),
    path(
        _("<uuid:public_id>/framework/instruments/<slug:slug>/"),
        views_framework.instrument,
        name="framework-instrument",
    ),
    path(
        _("<uuid:public_id>/framework/instruments/<slug:slug>/save/"),
        views_framework.instrument_save,
        name="framework-instrument-save",
    ),
    path(_("<uuid:public_id>/framework/<slug:item>/"), views_framework.checklist_item, name="framework-item"),
    path(
        _("<uuid:public_id>/framework/<slug:item>/save/"),
        views_framework.checklist_item_save,
        name="framework-item-save",
    ),
]

# --- reusable AI: the catalogue (decision 0039) ---
urlpatterns += [
    path(_("reuse/"), views_catalogue.catalogue_list, name="catalogue"),
    path(_("reuse/new/"), views_catalogue.application_new, name="application-new"),
    path(_("reuse/areas/new/"), views_catalogue.area_edit, name="area-new"),
    path(_("reuse/areas/<slug:slug>/"), views_catalogue.area_detail, name="area"),
    path(_("reuse/areas/<slug:slug>/edit/"), views_catalogue.area_edit, name="area-edit"),
    path(_("reuse/requests/<int:pk>/decide/"), views_catalogue.reuse_decide, name="reuse-decide"),
    path(_("reuse/<uuid:public_id>/"), views_catalogue.application_detail, name="application"),
    path(_("reuse/<uuid:public_id>/edit/"), views_catalogue.application_edit, name="application-edit"),
    path(_("reuse/<uuid:public_id>/ask/"), views_catalogue.reuse_ask, name="reuse-ask"),
]
