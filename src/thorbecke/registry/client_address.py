"""The client a request comes from, as the hub counts it for its limits: the sign-in throttle (decision 0029) and
Open311's and the reporting page's limits per address (decision 0032). One function, so both count the same client.

The address is REMOTE_ADDR, the peer the hub's server (granian) sees. Behind a reverse proxy every client would share
the proxy's address; X-Forwarded-For is not read, as any client can write it.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

# The network one subscriber is given: counting each of its 2^64 addresses apart would give whoever holds one a
# fresh limit per address.
IPV6_CLIENT_PREFIX = 64


def client_network(address: str) -> str:
    """The address as one client: an IPv4 address as it is (also when a dual-stack socket writes it as IPv6), an IPv6
    address as its /64. What is not an address is kept as given, and so still counted."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network((ip, IPV6_CLIENT_PREFIX), strict=False))


def client_address_key(request: HttpRequest, *context: str) -> str:
    """A keyed hash of the request's client (``client_network``) with what it is counted for (``context``, such as
    "address" or an account's name): the tables never hold an address, nor what someone typed as a user name.
    128 bits, as hexadecimal: enough that two clients never meet under one key."""
    parts = [*context, client_network(request.META.get("REMOTE_ADDR", ""))]
    return hmac.new(settings.SECRET_KEY.encode(), "\0".join(parts).encode(), hashlib.sha256).hexdigest()[:32]
