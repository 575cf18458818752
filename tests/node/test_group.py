from thorbecke.node.launcher import free_port


def test_free_port_never_hands_out_a_port_twice():
    ports = [free_port() for _ in range(500)]
    assert len(set(ports)) == len(ports)
