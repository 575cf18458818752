"""The DNS the mail and DNSSEC checks are measured against: one authoritative server for every test of this
folder, and a resolver that never answers."""

import pytest

from tests.agreements.checks.mail_world import World
from tests.agreements.dns_server import silent_udp_port
from thorbecke.agreements.checks.mail.resolver import ROOT_TRUST_ANCHORS, Resolver


@pytest.fixture(scope="package")
def world():
    made = World()
    yield made
    made.server.stop()


@pytest.fixture(scope="package")
def silent():
    port, sock = silent_udp_port()
    yield Resolver(("127.0.0.1",), port, 0.3, ROOT_TRUST_ANCHORS)
    sock.close()
