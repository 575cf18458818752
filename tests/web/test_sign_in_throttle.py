"""Staff sign-in is throttled per account and address, and per address, before any password is hashed; the lock says
when to try again and does not tell whether an account exists (issue 23, item 5)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = "/aanmelden/"
HERE, ELSEWHERE = "192.0.2.10", "198.51.100.20"


class CountingHasher(MD5PasswordHasher):
    """Django's hasher, counting the hashes a sign-in costs."""

    hashes = 0

    def encode(self, password, salt):
        CountingHasher.hashes += 1
        return super().encode(password, salt)


@pytest.fixture
def counting(settings):
    settings.PASSWORD_HASHERS = ["tests.web.test_sign_in_throttle.CountingHasher"]
    CountingHasher.hashes = 0
    return CountingHasher


def attempt(client, username, password, address=HERE, path=SIGN_IN):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_then_the_right_one_do_not_sign_in(client, accounts):
    for _ in range(30):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    response = attempt(client, "utrecht-editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_locked_page_says_when_to_try_again_in_the_pages_language(client, accounts):
    for _ in range(5):
        assert attempt(client, "utrecht-editor", "wrong-password-guess").status_code == 200
    dutch = attempt(client, "utrecht-editor", PASSWORD)
    assert dutch.status_code == 429 and 0 < int(dutch["Retry-After"]) <= 15 * 60
    assert re.search(r"probeer het opnieuw na \d\d:\d\d", dutch.content.decode())
    english = attempt(client, "utrecht-editor", PASSWORD, path="/en/sign-in/")
    assert english.status_code == 429 and re.search(r"try again after \d\d:\d\d", english.content.decode())


def test_the_lock_does_not_tell_whether_an_account_exists(client, accounts):
    def locked_page(username):
        for _ in range(5):
            attempt(client, username, "wrong-password-guess", address=f"203.0.113.{len(username)}")
        page = attempt(client, username, "wrong-password-guess", address=f"203.0.113.{len(username)}")
        return page.status_code, re.sub(r'value="[^"]+"|\d\d:\d\d', "", page.content.decode())

    assert locked_page("utrecht-editor") == locked_page("nobody-of-this-name")


def test_a_guesser_does_not_lock_the_real_user_out_from_elsewhere(client, accounts):
    for _ in range(30):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    assert attempt(client, "utrecht-editor", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_guesser_holding_an_ipv6_64_gets_no_fresh_tries_from_each_of_its_addresses(client, accounts):
    for number in range(1, 6):
        attempt(client, "utrecht-editor", "wrong-password-guess", address=f"2001:db8:1:2::{number}")
    assert attempt(client, "utrecht-editor", PASSWORD, address="2001:db8:1:2:ffff::9").status_code == 429
    assert attempt(client, "utrecht-editor", PASSWORD, address="2001:db8:1:3::1").status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, accounts):
    for number in range(20):
        attempt(client, f"guessed-name-{number}", "wrong-password-guess")
    assert attempt(client, "utrecht-editor", PASSWORD).status_code == 429
    assert attempt(client, "utrecht-editor", PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_refused_attempt_costs_no_password_hash(client, accounts, counting):
    for _ in range(5):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    assert counting.hashes == 5
    for _ in range(20):
        assert attempt(client, "utrecht-editor", "wrong-password-guess").status_code == 429
    assert counting.hashes == 5


def test_the_lock_ends_after_the_cool_off(client, accounts):
    from thorbecke.registry.models import SignInFailure

    for _ in range(5):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    assert attempt(client, "utrecht-editor", PASSWORD).status_code == 429
    SignInFailure.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert attempt(client, "utrecht-editor", PASSWORD).status_code == 302


def test_a_right_password_forgets_the_accounts_mistakes(client, accounts):
    for _ in range(4):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    assert attempt(client, "utrecht-editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "utrecht-editor", "wrong-password-guess")
    assert attempt(client, "utrecht-editor", PASSWORD).status_code == 302
