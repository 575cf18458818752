"""Staff sign-in throttling (issue 23, decision 0029): failures are counted for one account from one address and for
one address whatever the account, over a sliding window; past a limit the sign-in is refused before any password is
hashed, until the window has let go of enough failures.

An account is never locked as such: someone guessing at a colleague's account from their own address locks only
themselves out, and the colleague still signs in from elsewhere.
"""

import datetime as dt

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from thorbecke.registry.client_address import client_address_key
from thorbecke.registry.models import SignInFailure

WINDOW = dt.timedelta(minutes=15)
# Failures within the window before a sign-in is refused. Five lets a person mistype a few times; twenty from one
# address whatever the account stops a guesser who changes user names, and still lets an office behind one address
# work when some of its staff mistype.
ACCOUNT_FROM_ADDRESS_LIMIT = 5
ADDRESS_LIMIT = 20
# The request attribute the sign-in view reads to answer 429 instead of "wrong password".
LOCKED_UNTIL = "sign_in_locked_until"


def _keys(request: HttpRequest, username: str) -> list[tuple[str, int]]:
    return [
        (client_address_key(request, "account-from-address", username.casefold()), ACCOUNT_FROM_ADDRESS_LIMIT),
        (client_address_key(request, "address"), ADDRESS_LIMIT),
    ]


def locked_until(request: HttpRequest, username: str) -> dt.datetime | None:
    """Until when a sign-in to this account from this request's address is refused; None if it is not."""
    since = timezone.now() - WINDOW
    until = None
    for key, limit in _keys(request, username):
        recent = SignInFailure.objects.filter(key=key, at__gt=since).order_by("-at").values_list("at", flat=True)
        times = list(recent[:limit])
        if len(times) >= limit:
            # The window lets go of the oldest of these last `limit` failures at this moment.
            until = max(until or times[-1], times[-1] + WINDOW)
    return until


def count_failure(request: HttpRequest | None, credentials: dict, **kwargs: object) -> None:
    """user_login_failed: count a wrong password; not a refused one (the wait it was told stays true), nor a failure
    without a request or a user name (the test client, a citizen's OpenID Connect sign-in)."""
    username = credentials.get("username")
    if request is None or not username or getattr(request, LOCKED_UNTIL, None):
        return
    now = timezone.now()
    SignInFailure.objects.filter(at__lte=now - WINDOW).delete()
    SignInFailure.objects.bulk_create([SignInFailure(key=key, at=now) for key, _limit in _keys(request, username)])


def forget_failures(request: HttpRequest | None, user: object, **kwargs: object) -> None:
    """user_logged_in: the person got their own password right from here; the address's count stays, or a guesser with
    an account of their own could clear it between guesses."""
    if request is not None:
        key, _limit = _keys(request, user.get_username())[0]  # type: ignore[attr-defined]
        SignInFailure.objects.filter(key=key).delete()


class ThrottledModelBackend(ModelBackend):
    """Django's user-name-and-password backend, refusing a throttled sign-in before it hashes the password. In place
    of ModelBackend rather than before it: force_login and the session name the first backend, which must load
    users."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: object
    ) -> AbstractBaseUser | None:
        if request is not None and username is not None:
            until = locked_until(request, username)
            if until is not None:
                setattr(request, LOCKED_UNTIL, until)
                raise PermissionDenied  # django.contrib.auth.authenticate stops at this, trying no other backend
        return super().authenticate(request, username=username, password=password, **kwargs)
