"""FSC test suite, manager.md: the manager API of real nodes, called over mutual TLS by a peer (see suite.py)."""

import copy
import json
from urllib.parse import urlencode

import jwt

from tests.node.conformance.suite import (
    agreed,
    as_utrecht,
    connected_for_rvig,
    connected_to_delegated_service,
    connection,
    delegated_publication,
    manager_of,
    on_default_port,
    plain_service,
    stranger,
    submit,
    third_peer,
    utrecht_thumbprint,
)
from tests.node.conftest import GROUP, OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc

JSON = [(b"content-type", b"application/json")]

# -- submitting contracts: the tax office (or a stranger) submits to Utrecht's manager -------------------------------


def _submit_case(tmp_path, grants, expected_code: str | None, by_stranger: bool = False, group: str = GROUP):
    async def scenario():
        async with federation(tmp_path) as f:
            content = fsc.new_content(group, grants(f))
            if by_stranger:
                signer, context = stranger(f)
                pool = manager_of(f, f.utrecht, context)
            else:
                signer, pool = f.tax.manager.signer, manager_of(f, f.utrecht)
            response = await submit(pool, content, signer.sign(content, "accept"))
            stored = f.utrecht.manager.store.contract(fsc.content_hash(content))
            if expected_code is None:
                assert response.status == 201, response.body
                assert stored is not None and signer.peer_id in stored.signatures["accept"]
            else:
                assert response.status >= 400
                assert response.header(b"fsc-error-code") == expected_code.encode(), response.body
                assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_MANAGER"
                assert stored is None

    run_async(scenario)


def _scg(f):
    return [fsc.connection_grant(OIN_UTRECHT, utrecht_thumbprint(f), OIN_TAX_OFFICE, "inkomen")]


def test_manager_submitcontract_1(tmp_path):
    """A contract with a ServiceConnectionGrant submitted by a peer on it is accepted."""
    _submit_case(tmp_path, _scg, None)


def test_manager_submitcontract_2(tmp_path):
    """A contract submitted by a peer that is not on it is rejected."""
    _submit_case(tmp_path, _scg, fsc.NOT_A_PARTY, by_stranger=True)


def test_manager_submitcontract_4(tmp_path):
    """A contract with a ServicePublicationGrant is accepted."""
    _submit_case(tmp_path, lambda f: [fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen")], None)


def test_manager_submitcontract_5(tmp_path):
    """A contract with a DelegatedServicePublicationGrant is accepted."""
    grant = delegated_publication(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen", OIN_DIRECTORY)
    _submit_case(tmp_path, lambda f: [grant], None)


def test_manager_submitcontract_6(tmp_path):
    """A contract with a DelegatedServiceConnectionGrant is accepted."""

    def grants(f):
        return [connection(OIN_UTRECHT, utrecht_thumbprint(f), plain_service(OIN_TAX_OFFICE, "inkomen"), OIN_DIRECTORY)]

    _submit_case(tmp_path, grants, None)


def test_manager_submitcontract_9(tmp_path):
    """A contract with a ServicePublicationGrant combined with another grant is rejected."""

    def grants(f):
        return [fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen"), *_scg(f)]

    _submit_case(tmp_path, grants, "ERROR_CODE_GRANT_COMBINATION_NOT_ALLOWED")


def test_manager_submitcontract_10(tmp_path):
    """A contract whose group id is not the receiving manager's is rejected."""
    _submit_case(tmp_path, _scg, "ERROR_CODE_INCORRECT_GROUP_ID", group="another-group")


# -- accept, reject and revoke signatures: the tax office (or a stranger) signs Utrecht's proposal --------------------

OTHER_KIND = {"accept": "reject", "reject": "accept", "revoke": "reject"}


def _signature_case(tmp_path, kind: str, variant: str):
    """The five cases each signature type has: a valid one, one by a peer not on the contract, one over other content,
    one of another type, and one whose URL names another contract than its body."""

    async def scenario():
        # accept and reject: a proposal without the tax office's signature; revoke: a contract both accepted
        async with federation(tmp_path, accept=kind == "revoke") as f:
            digest, content = f.contract.hash, f.contract.content
            before = copy.deepcopy(f.utrecht.manager.store.contract(digest).signatures)
            if variant == "valid":
                await f.tax.manager.sign(digest, kind)
                signatures = f.utrecht.manager.store.contract(digest).signatures
                assert OIN_TAX_OFFICE in signatures[kind]
                listed = await manager_of(f, f.utrecht).request("GET", b"/v1/contracts", [])
                (mine,) = [c for c in json.loads(listed.body)["contracts"] if fsc.content_hash(c["content"]) == digest]
                assert OIN_TAX_OFFICE in mine["signatures"][kind]
                return
            signer, pool, path = f.tax.manager.signer, manager_of(f, f.utrecht), f"/v1/contracts/{digest}/{kind}"
            if variant == "not_a_peer":
                signer, context = stranger(f)
                pool, jws, expected = manager_of(f, f.utrecht, context), signer.sign(content, kind), fsc.NOT_A_PARTY
            elif variant == "wrong_hash":
                other = dict(content, iv="0b4b2f5e-2a77-4c4e-9a53-1a2f6c5e9d10")
                jws, expected = signer.sign(other, kind), "ERROR_CODE_SIGNATURE_CONTRACT_CONTENT_HASH_MISMATCH"
            elif variant == "wrong_type":
                jws, expected = signer.sign(content, OTHER_KIND[kind]), fsc.SIGNATURE_FAILED
            else:  # the URL names another contract's hash
                other = fsc.content_hash(dict(content, iv="0b4b2f5e-2a77-4c4e-9a53-1a2f6c5e9d10"))
                path, jws, expected = f"/v1/contracts/{other}/{kind}", signer.sign(content, kind), None
                expected = "ERROR_CODE_URL_PATH_CONTENT_HASH_MISMATCH"
            response = await submit(pool, content, jws, path)
            assert response.status >= 400, response.body
            assert response.header(b"fsc-error-code") == expected.encode(), response.body
            assert f.utrecht.manager.store.contract(digest).signatures == before

    run_async(scenario)


def test_manager_acceptcontract_1(tmp_path):
    """A valid accept signature of a peer on the contract is placed on it."""
    _signature_case(tmp_path, "accept", "valid")


def test_manager_acceptcontract_2(tmp_path):
    """An accept signature by a peer that is not on the contract is rejected."""
    _signature_case(tmp_path, "accept", "not_a_peer")


def test_manager_acceptcontract_3(tmp_path):
    """An accept signature over another contract hash is rejected."""
    _signature_case(tmp_path, "accept", "wrong_hash")


def test_manager_acceptcontract_4(tmp_path):
    """A signature of another type sent as an accept signature is rejected."""
    _signature_case(tmp_path, "accept", "wrong_type")


def test_manager_acceptcontract_5(tmp_path):
    """An accept signature whose URL hash differs from the content hash in the body is rejected."""
    _signature_case(tmp_path, "accept", "url_mismatch")


def test_manager_rejectcontract_1(tmp_path):
    """A valid reject signature of a peer on the contract is placed on it."""
    _signature_case(tmp_path, "reject", "valid")


def test_manager_rejectcontract_2(tmp_path):
    """A reject signature by a peer that is not on the contract is rejected."""
    _signature_case(tmp_path, "reject", "not_a_peer")


def test_manager_rejectcontract_3(tmp_path):
    """A reject signature over another contract hash is rejected."""
    _signature_case(tmp_path, "reject", "wrong_hash")


def test_manager_rejectcontract_4(tmp_path):
    """A signature of another type sent as a reject signature is rejected."""
    _signature_case(tmp_path, "reject", "wrong_type")


def test_manager_rejectcontract_5(tmp_path):
    """A reject signature whose URL hash differs from the content hash in the body is rejected."""
    _signature_case(tmp_path, "reject", "url_mismatch")


def test_manager_revokecontract_1(tmp_path):
    """A valid revoke signature of a peer on the contract is placed on it."""
    _signature_case(tmp_path, "revoke", "valid")


def test_manager_revokecontract_2(tmp_path):
    """A revoke signature by a peer that is not on the contract is rejected."""
    _signature_case(tmp_path, "revoke", "not_a_peer")


def test_manager_revokecontract_3(tmp_path):
    """A revoke signature over another contract hash is rejected."""
    _signature_case(tmp_path, "revoke", "wrong_hash")


def test_manager_revokecontract_4(tmp_path):
    """A signature of another type sent as a revoke signature is rejected."""
    _signature_case(tmp_path, "revoke", "wrong_type")


def test_manager_revokecontract_5(tmp_path):
    """A revoke signature whose URL hash differs from the content hash in the body is rejected (the suite's Then
    says "revoked", a slip for "rejected" as in the accept and reject cases)."""
    _signature_case(tmp_path, "revoke", "url_mismatch")


# -- listings ------------------------------------------------------------------------------------------------------


def _listed_contracts(tmp_path, by_stranger: bool):
    async def scenario():
        async with federation(tmp_path) as f:
            context = stranger(f)[1] if by_stranger else None
            response = await manager_of(f, f.utrecht, context).request("GET", b"/v1/contracts", [])
            assert response.status == 200, response.body
            return {fsc.content_hash(c["content"]) for c in json.loads(response.body)["contracts"]}, f.contract.hash

    return run_async(scenario)


def test_manager_contracts_1(tmp_path):
    """A valid contract with a ServiceConnectionGrant containing the calling peer is listed to it."""
    listed, digest = _listed_contracts(tmp_path, by_stranger=False)
    assert digest in listed


def test_manager_contracts_2(tmp_path):
    """A contract that does not contain the calling peer is not listed to it."""
    listed, digest = _listed_contracts(tmp_path, by_stranger=True)
    assert digest not in listed


# -- access tokens: Utrecht's manager asks the tax office's ------------------------------------------------------


async def _ask_token(f, grant_hash: str):
    form = urlencode({"grant_type": "client_credentials", "scope": grant_hash, "client_id": OIN_UTRECHT}).encode()
    headers = [(b"content-type", b"application/x-www-form-urlencoded")]
    return await manager_of(f, f.tax).request("POST", b"/v1/token", headers, form)


def _claims(response) -> dict:
    assert response.status == 200, response.body
    return jwt.decode(json.loads(response.body)["access_token"], options={"verify_signature": False})


def test_manager_gettoken_1(tmp_path):
    """With a valid contract with a ServiceConnectionGrant containing the peer, an access token is returned."""

    async def scenario():
        async with federation(tmp_path) as f:
            claims = _claims(await _ask_token(f, f.grant_hash))
            assert (claims["gth"], claims["sub"], claims["iss"], claims["svc"]) == (
                f.grant_hash,
                OIN_UTRECHT,
                OIN_TAX_OFFICE,
                "inkomen",
            )

    run_async(scenario)


def test_manager_gettoken_2(tmp_path):
    """Without a valid contract the access token request is rejected."""

    async def scenario():
        async with federation(tmp_path, accept=False) as f:
            response = await _ask_token(f, f.grant_hash)
            assert response.status == 400
            assert "access_token" not in json.loads(response.body)

    run_async(scenario)


def test_manager_gettoken_3(tmp_path):
    """A contract accepted by all and then revoked gives no access token. (The suite's Then, "an access token
    containing the Delegator should be returned", is GetToken-4's; FSC Core gives tokens for valid contracts only.)"""

    async def scenario():
        async with federation(tmp_path) as f:
            await f.tax.manager.sign(f.contract.hash, "revoke")
            response = await _ask_token(f, f.grant_hash)
            assert response.status == 400
            assert json.loads(response.body)["error"] == "invalid_grant"

    run_async(scenario)


def test_manager_gettoken_4(tmp_path):
    """Under a valid DelegatedServiceConnectionGrant the access token names the delegator (act.sub)."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            claims = _claims(await _ask_token(f, await connected_for_rvig(f, rvig)))
            assert claims["act"] == {"sub": OIN_DIRECTORY}

    run_async(scenario)


def test_manager_gettoken_5(tmp_path):
    """For a service offered on behalf of another peer (DelegatedServicePublicationGrant) the token names it (pdi)."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            grant_hash = await connected_to_delegated_service(f, rvig)
            assert _claims(await _ask_token(f, grant_hash))["pdi"] == OIN_DIRECTORY

    run_async(scenario)


# -- the peer, its peers, services, logs, port and keys --------------------------------------------------------------


def test_manager_peerinfo_1(tmp_path):
    """The peer endpoint returns the peer that hosts the manager."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await manager_of(f, f.tax).request("GET", b"/v1/peer", [])
            assert response.status == 200, response.body
            info = json.loads(response.body)
            assert (info["peer_id"], info["peer_name"]) == (OIN_TAX_OFFICE, "Belastingdienst")

    run_async(scenario)


def test_manager_peers_2(tmp_path):
    """The peers endpoint returns the peers with whom contracts were negotiated."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            thumbprint = fsc.public_key_thumbprint(rvig.manager.signer.certificate)
            await agreed(rvig, connection(OIN_DIRECTORY, thumbprint, plain_service(OIN_TAX_OFFICE, "inkomen")), f.tax)
            response = await manager_of(f, f.tax).request("GET", b"/v1/peers", [])
            assert response.status == 200, response.body
            peers = {p["id"]: p["manager_address"] for p in json.loads(response.body)["peers"]}
            assert peers[OIN_DIRECTORY] == rvig.manager_address
            assert peers[OIN_UTRECHT] == f.utrecht.manager_address

    run_async(scenario)


def test_manager_services_1(tmp_path):
    """The services endpoint returns the service of a valid contract with a ServicePublicationGrant."""

    async def scenario():
        async with federation(tmp_path) as f:
            # Utrecht's manager as the directory the tax office publishes 'inkomen' in
            await agreed(f.tax, fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen"), f.utrecht)
            response = await manager_of(f, f.utrecht).request("GET", b"/v1/services", [])
            assert response.status == 200, response.body
            listed = {(s["data"]["peer"]["id"], s["data"]["name"]) for s in json.loads(response.body)["services"]}
            assert (OIN_TAX_OFFICE, "inkomen") in listed

    run_async(scenario)


def test_manager_transactionlogrecord_1(tmp_path):
    """The logs endpoint returns the TransactionLog records that contain the calling peer."""

    async def scenario():
        async with federation(tmp_path) as f:
            sent = await f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", f.grant_hash.encode())])
            transaction = sent.header(b"fsc-transaction-id").decode()
            response = await manager_of(f, f.tax).request("GET", b"/v1/logs", [])
            assert response.status == 200, response.body
            assert transaction in response.body.decode()

    run_async(scenario)


def test_manager_port_1(tmp_path):
    """A manager on its default port responds; the default is 8443 (the suite allows 443 or 8443)."""

    async def scenario():
        async with federation(tmp_path) as f, on_default_port(f, "manager") as port:
            assert port in (443, 8443)
            response = await as_utrecht(f, port).request("GET", b"/v1/peer", [])
            assert response.status == 200, response.body
            assert json.loads(response.body)["peer_id"] == OIN_TAX_OFFICE

    run_async(scenario)


def test_manager_jsonwebkeyset_1(tmp_path):
    """The JSON Web Key Set holds the keys the peer signs its contract signatures and access tokens with."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await manager_of(f, f.tax).request("GET", b"/v1/.well-known/jwks.json", [])
            assert response.status == 200, response.body
            kids = {key.get("kid") for key in json.loads(response.body)["keys"]}
            accept = f.utrecht.manager.store.contract(f.contract.hash).signatures["accept"][OIN_TAX_OFFICE]
            token = json.loads((await _ask_token(f, f.grant_hash)).body)["access_token"]
            assert jwt.get_unverified_header(accept)["x5t#S256"] in kids
            assert jwt.get_unverified_header(token)["x5t#S256"] in kids

    run_async(scenario)
