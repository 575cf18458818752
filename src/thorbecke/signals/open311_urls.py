"""Open311 GeoReport v2 at /open311/v2/, with the format as the spec's file extension; any other path under it is
the spec's 404 error list. The OpenAPI document of these endpoints is at openapi.json."""

from django.urls import path, re_path

from thorbecke.signals import open311, open311_openapi

app_name = "open311"

urlpatterns = [
    path("openapi.json", open311_openapi.serve, name="openapi"),
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("services.<str:fmt>", open311.services, name="services"),
    path("services/<str:service_code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.requests_, name="requests"),
    path("requests/<str:service_request_id>.<str:fmt>", open311.request_detail, name="request"),
    path("tokens/<str:token_id>.<str:fmt>", open311.token, name="token"),
    re_path(r"^(?P<path>.*)$", open311.not_found, name="not-found"),
]
