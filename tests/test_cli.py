"""The `thorbecke` command as a person runs it: in a subprocess, against real databases."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from thorbecke.node.launcher import free_port

THORBECKE = [sys.executable, "-m", "thorbecke.cli"]


def run(*args, env=None, **kwargs):
    return subprocess.run([*THORBECKE, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs)


def sqlite_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "THORBECKE_DATABASE_URL"}
    env["THORBECKE_DATA_DIR"] = str(tmp_path)
    return env


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "hub", "migrate", "import-organisations", "create-user", "openapi", "manage"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_hub_refuses_to_serve_an_unmigrated_database(tmp_path):
    result = run("hub", "--port", str(free_port()), env=sqlite_env(tmp_path))
    assert result.returncode == 1
    assert "Run `thorbecke migrate` first" in result.stderr


def test_hub_refuses_the_demo_identity_provider(tmp_path):
    env = {**sqlite_env(tmp_path), "THORBECKE_DEMO_IDP": "1"}
    result = run("hub", "--port", str(free_port()), env=env)
    assert result.returncode == 1 and "only for `thorbecke demo`" in result.stderr


@pytest.mark.slow
def test_create_user_explains_bad_input_and_creates_nothing(tmp_path):
    env = sqlite_env(tmp_path)
    assert run("migrate", env=env).returncode == 0
    assert run("import-organisations", env=env).returncode == 0
    unknown = run("create-user", "anna", "--org", "gm9999", "--password", "een-lang-wachtwoord", env=env)
    assert unknown.returncode == 1 and "no current organisation with code 'gm9999'" in unknown.stderr
    weak = run("create-user", "anna", "--org", "gm0363", "--password", "kort", env=env)
    assert weak.returncode == 1 and "too short" in weak.stderr
    made = run(
        "create-user", "anna", "--org", "gm0363", "--role", "editor", "--password", "een-lang-wachtwoord", env=env
    )
    assert made.returncode == 0, made.stderr
    again = run("create-user", "anna", "--org", "gm0363", "--password", "een-lang-wachtwoord", env=env)
    assert again.returncode == 1 and "taken" in again.stderr


@pytest.mark.slow
def test_demo_sets_up_seeds_and_serves_all_municipalities(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        [*THORBECKE, "demo", "--port", str(port)],
        env=sqlite_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240  # a fresh folder (the search index and classifier may come from the cache)
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/organisaties/?type=gemeente", timeout=2) as page:
                    html = page.read().decode()
                break
            except OSError:
                assert demo.poll() is None, demo.stdout.read()
                assert time.monotonic() < deadline, "the demo did not come up within 240 s"
                time.sleep(0.5)
        assert "342 organisaties gevonden" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/organisations?type=provincie") as api:
            assert b'"count": 12' in api.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/organisations?type=waterschap") as api:
            assert b'"count": 21' in api.read()
        assert (tmp_path / "thorbecke.sqlite3").exists()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/proactive/non-take-up?scheme=zorgtoeslag") as api:
            assert len(json.loads(api.read())) > 100  # a screened synthetic population, per municipality
        accounts = (tmp_path / "demo-accounts.txt").read_text().split()
        assert "programme" in accounts
        hub_node = json.loads((tmp_path / "demo-group" / "nodes" / "hub" / "node.json").read_text())
        with socket.create_connection(("127.0.0.1", hub_node["admin_port"]), timeout=2):
            pass  # the data system's nodes run beside the hub
    finally:
        demo.terminate()
        demo.wait(timeout=20)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", hub_node["admin_port"]), timeout=2)


@pytest.mark.slow
def test_hub_serves_https_with_the_given_certificate(tmp_path):
    import datetime as dt
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "hub.pem", tmp_path / "hub.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    env = sqlite_env(tmp_path)
    assert run("migrate", env=env).returncode == 0
    port = free_port()
    hub = subprocess.Popen(
        [*THORBECKE, "hub", "--port", str(port), "--tls-cert", str(cert_file), "--tls-key", str(key_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    context = ssl.create_default_context(cafile=str(cert_file))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"https://localhost:{port}/api/v1/openapi.json", context=context) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not serve HTTPS within 30 s"
                time.sleep(0.3)
        with pytest.raises(OSError):  # a client that does not trust the certificate is refused
            urllib.request.urlopen(f"https://localhost:{port}/", context=ssl.create_default_context())
    finally:
        hub.terminate()
        hub.wait(timeout=20)


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
