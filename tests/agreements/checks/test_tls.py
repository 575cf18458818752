"""The TLS verdicts, asserted against real local servers: Debian's nginx configured well and badly, servers with
a broken certificate, pyOpenSSL servers with and without the post-quantum hybrid, and hosts that cannot be
measured. sslyze runs from its own environment (.venv-sslyze), as in production."""

import socket
import ssl
import warnings

import pytest

from tests.agreements.tls_servers import (
    GOOD_TLS,
    NGINX,
    WEAK_TLS,
    make_pki,
    nginx,
    pq_server,
    python_tls_server,
    refusing_port,
    silent_port,
)
from thorbecke.agreements.checks import tls
from thorbecke.agreements.checks.base import Target
from thorbecke.agreements.checks.tls import check_pq_hybrid, check_tls, cipher_suite_level
from thorbecke.agreements.checks.web import check_https

needs_nginx = pytest.mark.skipif(not NGINX.exists(), reason=f"{NGINX} is not installed (`make test` installs it)")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("tls-pki"))


@pytest.fixture(scope="module")
def good_nginx(pki, tmp_path_factory):
    with nginx(tmp_path_factory.mktemp("nginx-good"), pki.pairs["good"], GOOD_TLS) as port:
        yield Target("localhost", port, refusing_port(), str(pki.ca))


@pytest.fixture(scope="module")
def weak_nginx(pki, tmp_path_factory):
    with nginx(tmp_path_factory.mktemp("nginx-weak"), pki.pairs["good"], WEAK_TLS) as port:
        yield Target("localhost", port, ca_file=str(pki.ca))


def handshake(port: int, version: ssl.TLSVersion, ciphers: str = "ALL:@SECLEVEL=0") -> tuple[str | None, str]:
    """An independent handshake with Python's ssl, to show what a server really offers."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # using the deprecated versions is the point here
        context.minimum_version = context.maximum_version = version
    context.set_ciphers(ciphers)
    with context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5)) as tls:
        return tls.version(), tls.cipher()[0]


@needs_nginx
def test_a_well_configured_nginx_passes_with_what_it_offers_as_evidence(good_nginx):
    result = check_tls(good_nginx)
    assert (result.verdict, result.problems) == ("pass", [])
    evidence = result.evidence
    assert evidence["guideline"] == "NCSC-NL ICT-beveiligingsrichtlijnen voor TLS 2025-05"
    assert evidence["protocols"] == ["TLS 1.2", "TLS 1.3"]
    assert "TLS_AES_256_GCM_SHA384" in evidence["cipher_suites"]["TLS 1.3"]
    assert "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256" in evidence["cipher_suites"]["TLS 1.2"]
    assert set(evidence["groups"]) == {"X25519", "secp256r1", "secp384r1"}
    assert evidence["certificate"]["verified"] and evidence["certificate"]["key"] == "EC secp256r1"
    assert (evidence["compression"], evidence["early_data"], evidence["secure_renegotiation"]) == (False, False, True)
    # The same server is a sound website too: HTTPS with a year of HSTS (and no plain HTTP at all).
    assert check_https(good_nginx).verdict == "pass"


@needs_nginx
def test_a_weak_nginx_fails_with_a_named_problem_per_finding(weak_nginx):
    # First, that the server really offers what it is configured with, seen by another client than sslyze.
    assert handshake(weak_nginx.https_port, ssl.TLSVersion.TLSv1) == ("TLSv1", "ECDHE-ECDSA-AES128-SHA")
    assert handshake(weak_nginx.https_port, ssl.TLSVersion.TLSv1_1)[0] == "TLSv1.1"
    assert handshake(weak_nginx.https_port, ssl.TLSVersion.TLSv1_2, "ECDHE-ECDSA-NULL-SHA:@SECLEVEL=0")[1] == (
        "ECDHE-ECDSA-NULL-SHA"
    )
    result = check_tls(weak_nginx)
    assert result.verdict == "fail"
    assert result.problems == [
        "insufficient: TLS 1.0 is offered",
        "insufficient: TLS 1.1 is offered",
        "insufficient: cipher suite TLS_ECDHE_ECDSA_WITH_NULL_SHA (no encryption) in TLS 1.0, TLS 1.1, TLS 1.2",
        "insufficient: cipher suite TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA (CBC with SHA-1) in TLS 1.0, TLS 1.1, TLS 1.2",
        "phase-out: cipher suite TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 (CBC) in TLS 1.2",
    ]
    assert result.evidence["protocols"] == ["TLS 1.0", "TLS 1.1", "TLS 1.2"]
    assert "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA" in result.evidence["cipher_suites"]["TLS 1.0"]


@pytest.mark.parametrize(
    ("certificate", "problem"),
    [
        ("expired", "insufficient: certificate expired on "),
        ("wrong-name", "insufficient: certificate is not valid for localhost"),
        ("untrusted", "insufficient: certificate is not trusted: no chain to a root in the Supplied CA file"),
    ],
)
def test_a_certificate_that_does_not_verify_is_a_finding(pki, certificate, problem):
    with python_tls_server(pki.pairs[certificate]) as port:
        result = check_tls(Target("localhost", port, ca_file=str(pki.ca)))
    assert result.verdict == "fail"
    assert len(result.problems) == 1 and result.problems[0].startswith(problem)
    assert result.evidence["certificate"]["verified"] is False


def test_the_post_quantum_hybrid_is_measured_by_the_group_negotiated(pki):
    with pq_server(pki.pairs["good"], hybrid=True) as port:
        on = check_pq_hybrid(Target("localhost", port))
    assert (on.verdict, on.evidence["group"], on.evidence["protocol"]) == ("pass", "X25519MLKEM768", "TLSv1.3")
    with pq_server(pki.pairs["good"], hybrid=False) as port:
        off = check_pq_hybrid(Target("localhost", port))
    assert (off.verdict, off.evidence["group"]) == ("fail", "x25519")
    assert off.problems == ["no ML-KEM hybrid key exchange: the server negotiated x25519 (TLSv1.3)"]


@needs_nginx
def test_nginx_on_the_system_openssl_has_no_post_quantum_hybrid(good_nginx, weak_nginx):
    assert check_pq_hybrid(good_nginx).evidence["group"] == "x25519"
    weak = check_pq_hybrid(weak_nginx)  # TLS 1.2 at most: the hybrids need TLS 1.3
    assert (weak.verdict, weak.evidence["protocol"]) == ("fail", "TLSv1.2")


def test_unresolvable_refusing_and_hanging_hosts_are_not_measured(pki, monkeypatch):
    monkeypatch.setattr(tls, "TIMEOUT", 0.5)
    for check in (check_tls, check_pq_hybrid):
        unresolvable = check(Target("gemeente.invalid"))
        assert unresolvable.verdict == "error" and "gemeente.invalid does not resolve" in unresolvable.problems[0]
        refused = check(Target("localhost", refusing_port()))
        assert refused.verdict == "error" and "the connection failed" in refused.problems[0]
        with silent_port() as port:
            hanging = check(Target("localhost", port))
        assert (hanging.verdict, hanging.problems) == ("error", ["no answer within 0.5 s"])


def test_without_a_working_sslyze_the_scan_is_not_measured(pki, settings, tmp_path):
    with python_tls_server(pki.pairs["good"]) as port:
        target = Target("localhost", port, ca_file=str(pki.ca))
        settings.SSLYZE = str(tmp_path / "missing" / "sslyze")
        missing = check_tls(target)
        assert (missing.verdict, missing.problems) == (
            "error",
            [f"sslyze is not installed (looked for {tmp_path}/missing/sslyze)"],
        )
        settings.SSLYZE = "/bin/false"  # runs, says nothing, exits non-zero
        broken = check_tls(target)
        assert (broken.verdict, broken.problems) == ("error", ["sslyze failed: exit status 1"])


@pytest.mark.parametrize(
    ("suite", "level"),
    [
        ("TLS_AES_256_GCM_SHA384", "good"),
        ("TLS_AES_128_GCM_SHA256", "sufficient"),
        ("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "sufficient"),
        ("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "sufficient"),
        ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "phase-out"),
        ("TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384", "phase-out"),
        ("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "phase-out"),
        ("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "insufficient"),
        ("TLS_RSA_WITH_AES_128_GCM_SHA256", "insufficient"),
        ("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "insufficient"),
        ("TLS_RSA_WITH_RC4_128_SHA", "insufficient"),
        ("TLS_RSA_EXPORT_WITH_RC4_40_MD5", "insufficient"),
        ("TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "insufficient"),
        ("TLS_ECDHE_ECDSA_WITH_NULL_SHA", "insufficient"),
        ("TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "insufficient"),
        ("TLS_AES_128_CCM_8_SHA256", "insufficient"),
        ("SSL_CK_RC4_128_WITH_MD5", "insufficient"),
    ],
)
def test_the_guideline_rates_each_cipher_suite_by_its_weakest_part(suite, level):
    # Suites that Debian's OpenSSL can no longer offer (3DES, RC4, export, anonymous) are rated here.
    assert cipher_suite_level(suite)[0] == level
