import datetime as dt
import threading
import time

import pytest
from cryptography import x509

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT
from thorbecke.node import pki
from thorbecke.node.pki import TrustAnchor, TrustError, Verifier, oin_of


@pytest.fixture
def anchor(tmp_path):
    return TrustAnchor.create(tmp_path / "anchor", "demo")


def load(path):
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_a_node_certificate_carries_the_oin_in_the_subject_serial_number(anchor, tmp_path):
    issued = anchor.issue(tmp_path / "utrecht", "Gemeente Utrecht", OIN_UTRECHT)
    certificate = load(issued.certificate)
    assert oin_of(certificate) == OIN_UTRECHT
    assert Verifier(anchor.certificate_path, anchor.crl_path).check(certificate) == OIN_UTRECHT
    assert oct(issued.key.stat().st_mode & 0o777) == "0o600"


def test_a_revoked_certificate_is_refused_after_the_crl_is_reloaded(anchor, tmp_path):
    issued = anchor.issue(tmp_path / "tax", "Belastingdienst", OIN_TAX_OFFICE)
    certificate = load(issued.certificate)
    verifier = Verifier(anchor.certificate_path, anchor.crl_path)
    verifier.check(certificate)
    anchor.revoke(issued.serial_number)
    verifier.refresh()
    with pytest.raises(TrustError, match="revoked"):
        verifier.check(certificate)


def test_a_certificate_from_another_authority_is_refused(anchor, tmp_path):
    stranger = TrustAnchor.create(tmp_path / "stranger", "other")
    issued = stranger.issue(tmp_path / "x", "Gemeente Utrecht", OIN_UTRECHT)
    with pytest.raises(TrustError, match="not issued"):
        Verifier(anchor.certificate_path, anchor.crl_path).check(load(issued.certificate))


def test_an_expired_certificate_is_refused(anchor, tmp_path):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    issued = anchor.issue(tmp_path / "old", "Gemeente Utrecht", OIN_UTRECHT, days=1, not_before=past)
    with pytest.raises(TrustError, match="expired"):
        Verifier(anchor.certificate_path, anchor.crl_path).check(load(issued.certificate))


def test_a_malformed_oin_is_not_issued(anchor, tmp_path):
    with pytest.raises(ValueError, match="OIN"):
        anchor.issue(tmp_path / "bad", "Gemeente Utrecht", "123")


def test_an_anchor_opened_again_renews_a_crl_near_its_next_update(anchor):
    """Nodes refuse a chain whose CRL has passed its nextUpdate: a demo or hub that reopens its anchor a day later
    must find a current CRL, not a group that refuses everyone."""
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=20)
    anchor.publish_crl(now=old)
    crl = TrustAnchor.opened(anchor.directory).crl_path.read_bytes()
    assert x509.load_pem_x509_crl(crl).next_update_utc > dt.datetime.now(dt.UTC) + dt.timedelta(hours=12)


def test_the_holder_of_a_ca_keeps_its_crl_current_while_its_nodes_run(tmp_path, monkeypatch):
    monkeypatch.setattr(pki, "CRL_VALIDITY", dt.timedelta(seconds=4))
    anchor = pki.TrustAnchor.create(tmp_path / "ca", "test-group")
    first = x509.load_pem_x509_crl(anchor.crl_path.read_bytes()).next_update_utc
    stop = threading.Event()
    publisher = pki.keep_crl_current(tmp_path / "ca", stop)
    try:
        time.sleep(3)  # past half the CRL's validity: a new one is out before the old one lapses
        renewed = x509.load_pem_x509_crl(anchor.crl_path.read_bytes()).next_update_utc
        assert renewed > first
    finally:
        stop.set()
        publisher.join(timeout=5)
    assert not publisher.is_alive()
