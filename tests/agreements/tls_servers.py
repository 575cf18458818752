"""Real local TLS servers for the TLS measurement tests, all on 127.0.0.1 with certificates from a test CA:

- Debian's nginx, run as the current user with a configuration, prefix and pid file of its own, configured
  well (TLS 1.2 and 1.3, AEAD suites only, HSTS) or badly (TLS 1.0 and 1.1, CBC with SHA-1, NULL encryption);
- a Python ssl server for certificate problems (expired, for another name, from an unknown CA);
- a pyOpenSSL server that offers the post-quantum hybrid X25519MLKEM768 or not, since the system's OpenSSL 3.0
  (and so nginx and Python's ssl) cannot;
- a port that accepts and never answers, and one that refuses.
"""

import contextlib
import datetime as dt
import getpass
import ipaddress
import os
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from OpenSSL import SSL

NGINX = Path("/usr/sbin/nginx")

GOOD_TLS = """
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256;
    ssl_ecdh_curve X25519:secp256r1:secp384r1;
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
"""
# Debian's OpenSSL 3.0 allows TLS 1.0/1.1 and these suites only at security level 0; it has no 3DES or RC4.
WEAK_CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0"
)
WEAK_TLS = f"""
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
    ssl_ciphers "{WEAK_CIPHERS}";
"""


@dataclass(frozen=True)
class Pair:
    cert: Path
    key: Path


@dataclass(frozen=True)
class Pki:
    ca: Path
    pairs: dict[str, Pair]


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str, now: dt.datetime) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    return cert, key


def make_pki(folder: Path) -> Pki:
    """A test CA and server certificates: good (localhost and 127.0.0.1), expired, for another name, and one
    from a CA the checks are not told about. Strict verifiers (sslyze uses cryptography's) want the key
    identifiers and the server-auth usage that public CAs put in."""
    now = dt.datetime.now(dt.UTC)
    ca, ca_key = _ca("Thorbecke TLS test CA", now)
    stranger, stranger_key = _ca("Unknown CA", now)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pairs = {}
    for label, names, start, end, (issuer, issuer_key) in (
        ("good", ["localhost"], -1, 90, (ca, ca_key)),
        ("expired", ["localhost"], -60, -1, (ca, ca_key)),
        ("wrong-name", ["elders.example"], -1, 90, (ca, ca_key)),
        ("untrusted", ["localhost"], -1, 90, (stranger, stranger_key)),
    ):
        key = ec.generate_private_key(ec.SECP256R1())
        alternatives: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
        if names == ["localhost"]:
            alternatives.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
        cert = (
            x509.CertificateBuilder().subject_name(_name(names[0])).issuer_name(issuer.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=start)).not_valid_after(now + dt.timedelta(days=end))
            .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
            .sign(issuer_key, hashes.SHA256())
        )  # fmt: skip
        pair = Pair(folder / f"{label}.crt", folder / f"{label}.key")
        pair.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        pair.key.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        pairs[label] = pair
    return Pki(folder / "ca.pem", pairs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen[bytes] | None = None, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def nginx(folder: Path, pair: Pair, tls: str) -> Iterator[int]:
    """Debian's nginx in the foreground with everything it writes in `folder`; yields its HTTPS port."""
    folder.mkdir(parents=True, exist_ok=True)
    # The user directive only counts when nginx starts as root; then it keeps the workers as that user.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    for _attempt in range(3):  # another process may take the free port before nginx binds it
        port = free_port()
        temp = " ".join(
            f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 128; }}
http {{
  access_log off;
  {temp}
  server {{
    listen 127.0.0.1:{port} ssl;
    server_name localhost;
    ssl_certificate {pair.cert};
    ssl_certificate_key {pair.key};
    {tls}
    location / {{ default_type text/html; return 200 "<!doctype html><title>gemeente</title>"; }}
  }}
}}
""")
        log = (folder / "stderr.log").open("wb")
        process = subprocess.Popen(
            [str(NGINX), "-p", f"{folder}/", "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if _wait_for(port, process):
            break
        process.kill()
        process.wait()
        log.close()
    else:
        raise RuntimeError(f"nginx did not start: {(folder / 'error.log').read_text(errors='replace')[-2000:]}")
    try:
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _serve_forever(listener: socket.socket, handle: Callable[[socket.socket], None]) -> None:
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return  # the listener was closed: the server stops
        threading.Thread(target=handle, args=(client,), daemon=True).start()


@contextlib.contextmanager
def python_tls_server(pair: Pair) -> Iterator[int]:
    """A small HTTPS server on Python's ssl with only AEAD suites, so that the certificate is its only flaw."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pair.cert, pair.key)
    context.set_ciphers("ECDHE+AESGCM:ECDHE+CHACHA20")

    def handle(client: socket.socket) -> None:
        client.settimeout(5)
        with contextlib.suppress(OSError), context.wrap_socket(client, server_side=True) as tls:
            tls.recv(4096)
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        client.close()

    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=_serve_forever, args=(listener, handle), daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@contextlib.contextmanager
def pq_server(pair: Pair, hybrid: bool) -> Iterator[int]:
    """A TLS 1.2/1.3 server on pyOpenSSL (the OpenSSL inside cryptography), offering X25519MLKEM768 or only
    classical groups."""
    context = SSL.Context(SSL.TLS_SERVER_METHOD)
    context.use_certificate_chain_file(str(pair.cert))
    context.use_privatekey_file(str(pair.key))
    groups = b"X25519MLKEM768:X25519:secp256r1" if hybrid else b"X25519:secp256r1"
    # No public pyOpenSSL call sets the groups; the binding of SSL_CTX_set1_curves_list does.
    if SSL._lib.SSL_CTX_set1_curves_list(context._context, groups) != 1:
        raise RuntimeError(f"OpenSSL refused the groups {groups!r}")

    def handle(client: socket.socket) -> None:
        # OpenSSL needs a blocking socket here; the kernel's timeouts still end a client that stalls.
        client.setblocking(True)
        for option in (socket.SO_RCVTIMEO, socket.SO_SNDTIMEO):
            client.setsockopt(socket.SOL_SOCKET, option, struct.pack("ll", 5, 0))
        connection = SSL.Connection(context, client)
        connection.set_accept_state()
        with contextlib.suppress(SSL.Error, OSError):
            connection.do_handshake()
            connection.shutdown()
        client.close()

    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=_serve_forever, args=(listener, handle), daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@contextlib.contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (a server that hangs)."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=16)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


def refusing_port() -> int:
    """A port nothing listens on."""
    return free_port()
