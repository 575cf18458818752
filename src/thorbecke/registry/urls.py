from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    # Before the organisations' own pages: no TOOI code looks like this.
    path(_("staff-changes/"), views.staff_changes, name="staff-changes"),
    path("<str:code>/", views.organisation_detail, name="detail"),
    path(_("<str:code>/edit/"), views.organisation_edit, name="edit"),
    path("<str:code>/oin/", views.organisation_oin, name="oin"),
    path(_("<str:code>/staff/"), views.organisation_members, name="members"),
    path(_("<str:code>/staff/<int:member>/"), views.organisation_member, name="member"),
]
