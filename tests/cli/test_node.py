"""`thorbecke node --org ... --enrol`: an organisation enrolled in the demo group and its node run, in a subprocess."""

import json
import subprocess

import pytest

from tests.cli.running import THORBECKE, run, sqlite_env
from thorbecke.node.launcher import free_port


@pytest.mark.slow
def test_node_enrols_an_organisation_and_runs_its_gateway(tmp_path):
    env = sqlite_env(tmp_path)
    assert run("migrate", env=env).returncode == 0
    assert run("import-organisations", env=env).returncode == 0
    unknown = run("node", "--org", "gm9999", "--enrol", env=env)
    assert unknown.returncode == 1 and "no organisation" in unknown.stderr
    ports = [free_port() for _ in range(4)]
    options = [
        "--manager-port",
        str(ports[0]),
        "--inway-port",
        str(ports[1]),
        "--outway-port",
        str(ports[2]),
        "--admin-port",
        str(ports[3]),
    ]
    node = subprocess.Popen(
        [*THORBECKE, "node", "--org", "gm0344", "--enrol", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "Enrolled gemeente Utrecht" in node.stdout.readline()
        assert "manager https://127.0.0.1" in node.stdout.readline()
        config = json.loads((tmp_path / "nodes" / "gm0344" / "node.json").read_text())
        assert config["manager_port"] == ports[0]
        certificate = (tmp_path / "nodes" / "gm0344" / "node.pem").read_bytes()
        from cryptography import x509

        from thorbecke.node.pki import oin_of

        assert oin_of(x509.load_pem_x509_certificate(certificate)).startswith("00000099")  # a test OIN
    finally:
        node.terminate()
        assert node.wait(timeout=20) == 0
