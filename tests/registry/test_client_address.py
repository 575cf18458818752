"""The one keyed hash of a client's address, under which the sign-in throttle and Open311's per-address limit count
(issue 23): an IPv6 address counts as its /64, so a subscriber's 2^64 addresses are one client, not 2^64."""

from django.http import HttpRequest

from thorbecke.registry.client_address import client_address_key


def request_from(address: str) -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = address
    return request


def key(address: str, *context: str) -> str:
    return client_address_key(request_from(address), *context)


def test_an_ipv4_address_is_one_client_and_its_neighbour_another():
    assert key("192.0.2.10") == key("192.0.2.10")
    assert key("192.0.2.10") != key("192.0.2.11")


def test_two_addresses_of_one_ipv6_64_are_one_client():
    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff:ffff:ffff:fffe")


def test_addresses_of_different_ipv6_64s_are_different_clients():
    assert key("2001:db8:1:2::1") != key("2001:db8:1:3::1")


def test_an_ipv4_address_written_as_ipv6_is_that_ipv4_client_not_all_of_them():
    """A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d; grouped as IPv6, every such client would fall
    in ::/64 and share one limit, so one guesser could lock out everyone coming over IPv4."""
    assert key("::ffff:192.0.2.10") == key("192.0.2.10")
    assert key("::ffff:192.0.2.10") != key("::ffff:192.0.2.11")


def test_the_key_depends_on_what_it_counts_and_holds_no_address():
    assert key("192.0.2.10", "address") != key("192.0.2.10", "report")
    assert key("192.0.2.10", "account", "utrecht-editor") != key("192.0.2.10", "account", "other-editor")
    assert "192.0.2.10" not in key("192.0.2.10") and len(key("192.0.2.10")) == 32


def test_the_key_is_keyed_by_the_secret_key(settings):
    before = key("192.0.2.10")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-" + "x" * 20
    assert key("192.0.2.10") != before


def test_x_forwarded_for_is_not_read():
    """Any client can write the header; only the peer's address counts."""
    forged = request_from("192.0.2.10")
    forged.META["HTTP_X_FORWARDED_FOR"] = "198.51.100.20"
    assert client_address_key(forged) == key("192.0.2.10")
