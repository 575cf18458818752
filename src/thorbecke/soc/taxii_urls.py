"""TAXII 2.1 at /taxii2/ (paths as the specification names them)."""

from django.urls import path

from thorbecke.soc import taxii

app_name = "taxii"
urlpatterns = [
    path("", taxii.discovery, name="discovery"),
    path("api1/", taxii.api_root, name="api-root"),
    path("api1/collections/", taxii.collections, name="collections"),
    path("api1/collections/<str:collection_id>/", taxii.collection, name="collection"),
    path("api1/collections/<str:collection_id>/objects/", taxii.objects, name="objects"),
    path("api1/collections/<str:collection_id>/manifest/", taxii.manifest, name="manifest"),
    path("api1/collections/<str:collection_id>/objects/<str:object_id>/", taxii.object_detail, name="object"),
    path("api1/collections/<str:collection_id>/objects/<str:object_id>/versions/", taxii.versions, name="versions"),
    path("api1/status/<str:status_id>/", taxii.status, name="status"),
]
