"""The hub's commands (`thorbecke hub`, `migrate`, `create-user`) as an operator runs them: in a subprocess, against
real databases."""

import subprocess
import time
import urllib.request

import pytest

from tests.cli.running import THORBECKE, run, sqlite_env
from thorbecke.node.launcher import free_port


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
