import math

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thorbecke.web.api import API_PREFIX, problem
from thorbecke.web.forms import DesignSystemFormMixin


class SignInForm(DesignSystemFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or password is not right. Check both; capital letters count."),
    }


class SignInView(LoginView):
    template_name = "web/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        # Set by the throttling authentication backend (registry.sign_in_throttle) when it refused the attempt; the
        # same answer whether or not the account exists.
        until = getattr(self.request, "sign_in_locked_until", None)
        if until is None:
            return super().form_invalid(form)
        response = render(self.request, "web/sign_in_locked.html", {"until": until}, status=429)
        response["Retry-After"] = str(max(1, math.ceil((until - timezone.now()).total_seconds())))
        return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return problem(request, 404, _("No API resource has this address."))
    return render(request, "web/not_found.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/forbidden.html", status=403)
