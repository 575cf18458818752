import base64
import copy
import hashlib
import json

import pytest
import rfc8785

from tests.node.conftest import GROUP
from thorbecke.node import contracts as fsc


@pytest.fixture
def content(peers):
    thumbprint = fsc.public_key_thumbprint(peers["utrecht"].certificate)
    grant = fsc.connection_grant(peers["utrecht"].peer_id, thumbprint, peers["tax"].peer_id, "inkomen")
    return fsc.new_content(GROUP, [grant])


def lookup(peers):
    by_thumbprint = {fsc.certificate_thumbprint(s.certificate): s.certificate for s in peers.values()}
    pq_keys = {s.peer_id: s.pq_key.public_key() for s in peers.values()}
    return by_thumbprint.get, pq_keys.get


def test_the_content_hash_is_sha3_512_over_the_jcs_form(content):
    expected = base64.urlsafe_b64encode(hashlib.sha3_512(rfc8785.dumps(content)).digest()).rstrip(b"=").decode()
    assert fsc.content_hash(content) == "$1$1$" + expected
    reordered = dict(reversed(list(content.items())))
    assert json.dumps(reordered) != json.dumps(content)
    assert fsc.content_hash(reordered) == fsc.content_hash(content)


def test_a_grant_hash_names_one_grant_of_one_contract(content, peers):
    first = fsc.grant_hash(content, content["grants"][0])
    assert first.startswith("$1$3$")
    other = copy.deepcopy(content)
    other["iv"] = "0b4b2f5e-2a77-4c4e-9a53-1a2f6c5e9d10"
    assert fsc.grant_hash(other, other["grants"][0]) != first


def test_a_grants_purpose_is_in_its_properties_and_its_hash(content, peers):
    data = content["grants"][0]["data"]
    bound = fsc.connection_grant(
        data["outway"]["peer_id"], data["outway"]["public_key_thumbprint"], peers["tax"].peer_id, "inkomen", "urn:a"
    )
    assert bound["data"]["properties"] == {"purpose": "urn:a"} and fsc.granted_purpose(bound["data"]["properties"])
    other = copy.deepcopy(bound)
    other["data"]["properties"]["purpose"] = "urn:b"
    # the purpose is covered by the grant hash, so by the content hash every party signs
    assert fsc.grant_hash(content, bound) != fsc.grant_hash(content, other)
    assert fsc.granted_purpose(None) == fsc.granted_purpose({"purpose": 7}) == ""


def test_both_parties_must_accept_before_the_contract_is_valid(content, peers):
    certificate_for, pq_key_for = lookup(peers)
    signatures = {"accept": {}, "reject": {}, "revoke": {}}
    for name in ("utrecht", "tax"):
        assert fsc.state(content, signatures) == "proposed"
        verified = fsc.verify_signature(peers[name].sign(content, "accept"), content, certificate_for, pq_key_for)
        assert (verified.peer_id, verified.kind, verified.post_quantum) == (peers[name].peer_id, "accept", True)
        signatures["accept"][verified.peer_id] = "jws"
    assert fsc.state(content, signatures) == "valid"
    signatures["revoke"][peers["tax"].peer_id] = "jws"
    assert fsc.state(content, signatures) == "revoked"


def test_a_signature_for_other_content_is_refused(content, peers):
    certificate_for, pq_key_for = lookup(peers)
    signature = peers["tax"].sign(content, "accept")
    changed = copy.deepcopy(content)
    changed["validity"]["not_after"] += 1
    with pytest.raises(fsc.ContractError) as refused:
        fsc.verify_signature(signature, changed, certificate_for, pq_key_for)
    assert refused.value.code == "ERROR_CODE_SIGNATURE_CONTRACT_CONTENT_HASH_MISMATCH"


def test_a_tampered_signature_is_refused(content, peers):
    certificate_for, pq_key_for = lookup(peers)
    header, payload, signature = peers["tax"].sign(content, "accept").split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged["type"] = "revoke"
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(fsc.ContractError) as refused:
        fsc.verify_signature(f"{header}.{payload}.{signature}", content, certificate_for, pq_key_for)
    assert refused.value.code == "ERROR_CODE_SIGNATURE_VERIFICATION_FAILED"


def test_a_group_can_require_the_post_quantum_signature(content, peers):
    certificate_for, pq_key_for = lookup(peers)
    classical = fsc.Signer(peers["tax"].certificate, peers["tax"].key)
    signature = classical.sign(content, "accept")
    assert not fsc.verify_signature(signature, content, certificate_for, pq_key_for).post_quantum
    with pytest.raises(fsc.ContractError, match="requires an ML-DSA"):
        fsc.verify_signature(signature, content, certificate_for, pq_key_for, require_pq=True)


def test_a_forged_post_quantum_signature_is_refused(content, peers):
    certificate_for, _ = lookup(peers)
    wrong_keys = {peers["tax"].peer_id: peers["utrecht"].pq_key.public_key()}
    with pytest.raises(fsc.ContractError, match="ML-DSA signature fails"):
        fsc.verify_signature(peers["tax"].sign(content, "accept"), content, certificate_for, wrong_keys.get)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda c: c.update(group_id="other-group"), "ERROR_CODE_INCORRECT_GROUP_ID"),
        (lambda c: c.update(hash_algorithm="HASH_ALGORITHM_SHA256"), "ERROR_CODE_UNKNOWN_HASH_ALGORITHM_HASH"),
        (lambda c: c.update(fsc_version="9.9.9"), "ERROR_CODE_UNKNOWN_FSC_VERSION"),
        (lambda c: c["validity"].update(not_after=c["validity"]["not_before"]), fsc.MALFORMED),
        (lambda c: c.pop("iv"), fsc.MALFORMED),
        # FSC: a grant's properties, when present, are a JSON object
        (lambda c: c["grants"][0]["data"].update(properties=["purpose"]), fsc.MALFORMED),
    ],
)
def test_content_no_peer_may_accept_is_refused_with_its_code(content, change, code):
    change(content)
    with pytest.raises(fsc.ContractError) as refused:
        fsc.check_content(content, GROUP)
    assert refused.value.code == code


def test_a_publication_grant_stands_alone(content, peers):
    content["grants"].append(fsc.publication_grant(peers["directory"].peer_id, peers["tax"].peer_id, "inkomen"))
    with pytest.raises(fsc.ContractError) as refused:
        fsc.check_content(content, GROUP)
    assert refused.value.code == "ERROR_CODE_GRANT_COMBINATION_NOT_ALLOWED"
    assert fsc.parties(content) == {peers[n].peer_id for n in ("utrecht", "tax", "directory")}
