from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.services import views

app_name = "services"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("search/"), views.search, name="search"),
    path(_("products/<slug:slug>/"), views.product, name="product"),
    path(_("life-events/"), views.life_event_list, name="life-events"),
    path(_("life-events/<slug:slug>/"), views.life_event, name="life-event"),
    path(_("my-page/"), views.my_page, name="my-page"),
    path(_("my-page/messages/<int:pk>/"), views.message, name="message"),
]
