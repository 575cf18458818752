"""Ports for servers started later: each process keeps to its share, so that processes picking ports at the same
time (the suite's workers and the demo one of them starts) never pick the same one."""

import pytest

from thorbecke.node.launcher import PORT_SHARE, free_port


def test_free_port_keeps_to_the_share_of_this_process(monkeypatch):
    monkeypatch.setenv(PORT_SHARE, "1/3")
    picked = [free_port() for _ in range(20)]
    assert all(port % 3 == 1 for port in picked) and len(set(picked)) == 20


@pytest.mark.parametrize("share", ["3/3", "a/2", "1"])
def test_a_malformed_share_is_refused_clearly(monkeypatch, share):
    monkeypatch.setenv(PORT_SHARE, share)
    with pytest.raises(ValueError, match=PORT_SHARE):
        free_port()
