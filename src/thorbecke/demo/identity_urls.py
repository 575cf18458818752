from django.urls import path

from thorbecke.demo import identity

urlpatterns = [
    path("<slug:provider>/.well-known/openid-configuration", identity.discovery),
    path("<slug:provider>/authorize", identity.authorize),
    path("<slug:provider>/token", identity.token),
    path("<slug:provider>/userinfo", identity.userinfo),
    path("<slug:provider>/jwks", identity.jwks),
]
