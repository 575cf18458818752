"""A peer's key set (JWKS) as the manager reads it: a set without a usable certificate is a clear FSC error
naming the peer, and key sets are cached per peer, fetched again after a maximum age or for an unknown key."""

import json

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import mldsa

from tests.node.conftest import OIN_DIRECTORY, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc
from thorbecke.node.jwks import PQ_MEMBER, jwks, key_ids, read_jwks
from thorbecke.node.pki import TrustAnchor
from thorbecke.node.server import Server, client_context, server_context
from thorbecke.node.upstream import Pool


class PeerManager:
    """A third peer's manager, serving only its key set, and counting how often it is fetched."""

    def __init__(self, document):
        self.document, self.fetches = document, 0

    async def __call__(self, scope, receive, send):
        await receive()
        if scope["path"] == "/v1/.well-known/jwks.json":
            self.fetches += 1
            status, payload = 200, json.dumps(self.document).encode()
        else:
            status, payload = 404, b"{}"
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
        )
        await send({"type": "http.response.body", "body": payload})


class Stranger:
    """The third peer (the directory's OIN) with its own manager on loopback, proposing contracts to Utrecht."""

    def __init__(self, f, document=None):
        folder = f.tmp / "stranger"
        pem, key, ca = str(folder / "node.pem"), str(folder / "node.key"), str(f.anchor.certificate_path)
        self.f = f
        self.signer = fsc.Signer.from_files(folder / "node.pem", folder / "node.key")
        self.peer = PeerManager(document if document is not None else jwks(self.signer))
        self.server = Server(self.peer, "127.0.0.1", 0, server_context(pem, key, ca))
        self.to_utrecht = Pool("127.0.0.1", f.utrecht.config.manager_port, client_context(pem, key, ca))

    async def __aenter__(self):
        await self.server.start()
        return self

    async def __aexit__(self, *exc):
        self.to_utrecht.close()
        await self.server.stop()

    async def propose(self):
        thumbprint = fsc.public_key_thumbprint(self.signer.certificate)
        grant = fsc.connection_grant(OIN_DIRECTORY, thumbprint, OIN_UTRECHT, "meldingen")
        content = fsc.new_content(self.f.utrecht.manager.group_id, [grant])
        body = json.dumps({"contract_content": content, "signature": self.signer.sign(content, "accept")})
        headers = [
            (b"content-type", b"application/json"),
            (b"fsc-manager-address", f"https://127.0.0.1:{self.server.port}".encode()),
        ]
        return await self.to_utrecht.request("POST", b"/v1/contracts", headers, body.encode())


def test_a_key_set_without_a_certificate_is_refused_with_the_peers_name(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            async with Stranger(f) as stranger:
                keys = jwks(stranger.signer)
                stranger.peer.document = {"keys": [{k: v for k, v in keys["keys"][0].items() if k != "x5c"}]}
                response = await stranger.propose()
                assert response.status == 400, response.body
                assert response.header(b"fsc-error-code") == b"ERROR_CODE_PEER_CERTIFICATE_VERIFICATION_FAILED"
                answer = json.loads(response.body)
                assert OIN_DIRECTORY in answer["message"] and answer["domain"] == "ERROR_DOMAIN_MANAGER"
                assert stranger.peer.fetches == 1

    run_async(scenario)


def test_key_sets_are_cached_per_peer_and_fetched_again_when_old_or_missing_the_key(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            async with Stranger(f) as stranger:
                for _ in range(3):
                    response = await stranger.propose()
                    assert response.status == 201, response.body
                assert stranger.peer.fetches == 1
                # a signature by a key the cached set does not name (say, a renewed certificate): fetched again
                fetched_at, _ = f.utrecht.manager._key_sets[OIN_DIRECTORY]
                f.utrecht.manager._key_sets[OIN_DIRECTORY] = (fetched_at, frozenset({"an-older-key"}))
                assert (await stranger.propose()).status == 201
                assert stranger.peer.fetches == 2
                assert (await stranger.propose()).status == 201
                assert stranger.peer.fetches == 2
                f.utrecht.manager.key_set_max_age = 0  # every cached set is now too old
                assert (await stranger.propose()).status == 201
                assert stranger.peer.fetches == 3

    run_async(scenario)


def test_the_key_set_holds_only_key_types_fsc_allows_and_still_carries_the_post_quantum_key(tmp_path):
    """FSC allows RSA and EC keys; a strict parser refuses any other type, so the ML-DSA key rides in the signing
    key as a member other implementations ignore, and a group that requires it still verifies both signatures."""

    async def scenario():
        async with federation(tmp_path, require_pq=True) as f:
            response = await f.tax.manager.pool(f.tax.manager_address).request("GET", b"/v1/.well-known/jwks.json", [])
            document = json.loads(response.body)
            for key in document["keys"]:
                assert key["kty"] in ("EC", "RSA")
                jwt.PyJWK(key)  # raises on a key type it does not know
            assert document["keys"][0][PQ_MEMBER]["alg"] == fsc.PQ_ALGORITHM
            _certificate, _chain, pq_key = read_jwks(document)
            assert pq_key is not None
            # The tax office requires the post-quantum co-signature: it took Utrecht's proposal only after reading
            # Utrecht's ML-DSA key from its set, and the contract both signed is valid there.
            assert f.tax.manager.store.contract(f.contract.hash).state() == "valid"

    run_async(scenario)


def test_an_older_nodes_key_set_with_the_akp_key_beside_is_still_read(tmp_path):
    anchor = TrustAnchor.create(tmp_path / "ca", "test-group")
    anchor.issue(tmp_path / "node", "Gemeente Utrecht", OIN_UTRECHT)
    pq = mldsa.MLDSA65PrivateKey.generate()
    pem = pq.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "node" / "mldsa.key").write_bytes(pem)
    signer = fsc.Signer.from_files(
        tmp_path / "node" / "node.pem", tmp_path / "node" / "node.key", tmp_path / "node" / "mldsa.key"
    )
    document = jwks(signer)
    nested = document["keys"][0].pop(PQ_MEMBER)
    older = {"keys": [document["keys"][0], {**nested, "use": "sig"}]}
    assert read_jwks(older)[2] is not None
    assert nested["kid"] in key_ids(older) and nested["kid"] in key_ids(jwks(signer))
