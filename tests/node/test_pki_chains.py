"""Chains as PKIoverheid issues them: root -> intermediate -> node certificate, several trust anchors, and a CRL
per issuing CA (see docs/decisions/0018-trust-chains.md)."""

import datetime as dt
import shutil

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT
from thorbecke.node.pki import TrustAnchor, TrustError, Verifier, load_chain, pkioverheid_chain


@pytest.fixture
def chain(tmp_path):
    return pkioverheid_chain(tmp_path / "pkio")


def verifier(*authorities: TrustAnchor, anchors: tuple[TrustAnchor, ...] | None = None) -> Verifier:
    """A verifier trusting the given roots, with the CRL of every CA given (roots and intermediates)."""
    roots = anchors if anchors is not None else tuple(a for a in authorities if a.is_root)
    return Verifier([a.certificate_path for a in roots], [a.crl_path for a in authorities])


def presented(path) -> tuple[x509.Certificate, list[x509.Certificate]]:
    """What a peer presents: its certificate and the intermediates after it in node.pem."""
    leaf, *intermediates = load_chain(path)
    return leaf, intermediates


def posing_as_ca(issued, folder) -> TrustAnchor:
    """A CA directory made of a node certificate and its key: what a peer would do to mint certificates."""
    folder.mkdir()
    shutil.copy(issued.key, folder / "ca.key")
    leaf, *above = load_chain(issued.certificate)
    (folder / "ca.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (folder / "chain.pem").write_bytes(b"".join(c.public_bytes(serialization.Encoding.PEM) for c in [leaf, *above]))
    impostor = TrustAnchor(folder)
    impostor.publish_crl()
    return impostor


def test_the_leaf_carries_the_oin_in_serial_number_and_the_organisation_in_o(chain, tmp_path):
    root, intermediate = chain
    issued = intermediate.issue(tmp_path / "utrecht", "Gemeente Utrecht", OIN_UTRECHT)
    leaf, intermediates = presented(issued.certificate)
    subject = leaf.subject
    assert subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == OIN_UTRECHT
    assert subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == "Gemeente Utrecht"
    assert intermediates == [intermediate.certificate]
    assert leaf.issuer == intermediate.certificate.subject
    assert intermediate.certificate.issuer == root.certificate.subject


def test_a_leaf_under_an_intermediate_is_trusted(chain, tmp_path):
    root, intermediate = chain
    leaf, intermediates = presented(intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    assert verifier(root, intermediate).check(leaf, intermediates) == OIN_UTRECHT


def test_a_leaf_without_its_intermediate_is_refused(chain, tmp_path):
    root, intermediate = chain
    leaf, _ = presented(intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    with pytest.raises(TrustError, match="not issued"):
        verifier(root, intermediate).check(leaf)


def test_a_leaf_under_an_unknown_root_is_refused(chain, tmp_path):
    root, intermediate = chain
    _, other = pkioverheid_chain(tmp_path / "other", "Andere")
    leaf, intermediates = presented(other.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    with pytest.raises(TrustError, match="not issued"):
        verifier(root, intermediate).check(leaf, intermediates)


def test_a_revoked_intermediate_makes_its_leaves_refused(chain, tmp_path):
    root, intermediate = chain
    leaf, intermediates = presented(intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    trust = verifier(root, intermediate)
    assert trust.check(leaf, intermediates) == OIN_UTRECHT
    root.revoke(intermediate.certificate.serial_number)
    trust.refresh()
    with pytest.raises(TrustError, match="revoked"):
        trust.check(leaf, intermediates)


def test_a_leaf_revoked_on_the_intermediates_crl_is_refused(chain, tmp_path):
    root, intermediate = chain
    revoked = intermediate.issue(tmp_path / "tax", "Belastingdienst", OIN_TAX_OFFICE)
    kept = intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT)
    trust = verifier(root, intermediate)
    intermediate.revoke(revoked.serial_number)
    trust.refresh()
    with pytest.raises(TrustError, match="revoked"):
        trust.check(*presented(revoked.certificate))
    assert trust.check(*presented(kept.certificate)) == OIN_UTRECHT


def test_the_same_serial_on_another_issuers_crl_does_not_revoke(chain, tmp_path):
    """Revocation is per issuer: a serial number is only unique within its CA."""
    root, intermediate = chain
    issued = intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT)
    root.revoke(issued.serial_number)
    assert verifier(root, intermediate).check(*presented(issued.certificate)) == OIN_UTRECHT


def test_two_anchors_are_both_accepted(chain, tmp_path):
    root, intermediate = chain
    second_root, second_intermediate = pkioverheid_chain(tmp_path / "g2", "G2")
    trust = verifier(root, intermediate, second_root, second_intermediate)
    first = intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT)
    second = second_intermediate.issue(tmp_path / "tax", "Belastingdienst", OIN_TAX_OFFICE)
    assert trust.check(*presented(first.certificate)) == OIN_UTRECHT
    assert trust.check(*presented(second.certificate)) == OIN_TAX_OFFICE


def test_an_expired_crl_is_refused(chain, tmp_path):
    """The rule: without current revocation information from every issuer in the chain, refuse."""
    root, intermediate = chain
    leaf, intermediates = presented(intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    trust = verifier(root, intermediate)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)  # past the CRLs' nextUpdate, within the leaf's validity
    with pytest.raises(TrustError, match=r"CRL .* expired"):
        trust.check(leaf, intermediates, at=later)
    root.publish_crl(now=later)
    intermediate.publish_crl(now=later)
    trust.refresh()
    assert trust.check(leaf, intermediates, at=later) == OIN_UTRECHT


def test_a_chain_without_the_crl_of_an_issuer_is_refused(chain, tmp_path):
    root, intermediate = chain
    leaf, intermediates = presented(intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    with pytest.raises(TrustError, match="no CRL"):
        Verifier([root.certificate_path], [root.crl_path]).check(leaf, intermediates)


def test_an_intermediate_beyond_the_path_length_is_refused(chain, tmp_path):
    root, intermediate = chain
    # The intermediate may issue node certificates only (path length 0): a CA under it is not trusted.
    deeper = intermediate.issue_intermediate(tmp_path / "deeper", "Te diep CA")
    leaf, intermediates = presented(deeper.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT).certificate)
    with pytest.raises(TrustError, match="not issued"):
        verifier(root, intermediate, deeper).check(leaf, intermediates)


def test_a_node_certificate_cannot_act_as_an_intermediate(chain, tmp_path):
    root, intermediate = chain
    issued = intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT)
    impostor = posing_as_ca(issued, tmp_path / "impostor")
    leaf, intermediates = presented(impostor.issue(tmp_path / "x", "Gemeente X", OIN_TAX_OFFICE).certificate)
    with pytest.raises(TrustError, match="not issued"):
        verifier(root, intermediate, impostor, anchors=(root,)).check(leaf, intermediates)


def test_an_expired_intermediate_is_refused(chain, tmp_path):
    root, intermediate = chain
    # A node certificate outliving its CA's (which a real CA does not issue) shows the intermediate's dates count.
    issued = intermediate.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT, days=20 * 365)
    leaf, intermediates = presented(issued.certificate)
    past_the_intermediate = intermediate.certificate.not_valid_after_utc + dt.timedelta(days=1)
    with pytest.raises(TrustError, match="expired"):
        verifier(root, intermediate).check(leaf, intermediates, at=past_the_intermediate)


def test_the_old_single_anchor_verifier_still_works(tmp_path):
    anchor = TrustAnchor.create(tmp_path / "anchor", "demo")
    issued = anchor.issue(tmp_path / "u", "Gemeente Utrecht", OIN_UTRECHT)
    assert Verifier(anchor.certificate_path, anchor.crl_path).check(load_chain(issued.certificate)[0]) == OIN_UTRECHT
