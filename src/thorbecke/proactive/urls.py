from django.urls import path

from thorbecke.proactive import views

app_name = "proactive"
urlpatterns = [path("", views.non_take_up, name="non-take-up")]
