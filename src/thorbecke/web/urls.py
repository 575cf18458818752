from django.contrib.auth.views import LogoutView
from django.urls import path
from django.utils.translation import gettext_lazy as _

from thorbecke.web import views

app_name = "web"
urlpatterns = [
    path(_("sign-in/"), views.SignInView.as_view(), name="sign-in"),
    path(_("sign-out/"), LogoutView.as_view(), name="sign-out"),
]
