"""A node whose certificate PKIoverheid-style comes through an intermediate CA, under a second trust anchor of the
group, joins the group: contracts are signed with it (its key set's x5c carries the chain) and requests pass its
mutual TLS (the chain sent in the handshake); revoking it on the intermediate's CRL shuts it out."""

import asyncio

from tests.node.conftest import run_async
from tests.node.federation import federation
from thorbecke.node.pki import load_chain


def test_a_node_with_a_pkioverheid_chain_signs_a_contract_and_uses_it(tmp_path):
    async def scenario():
        async with federation(tmp_path, pkioverheid=True) as f:
            root, issuing = f.pkioverheid
            leaf, *intermediates = load_chain(f.utrecht.config.certificate)
            assert intermediates == [issuing.certificate] and leaf.issuer == issuing.certificate.subject
            assert f.tax.config.anchors == [f.anchor.certificate_path, root.certificate_path]
            assert f.tax.manager.store.contract(f.contract.hash).state() == "valid"
            headers = [(b"fsc-grant-hash", f.grant_hash.encode())]
            response = await f.outway().request("GET", b"/inkomen", headers)
            assert response.status == 200, response.body
            assert f.source.requests[-1]["path"] == "/inkomen"

            issuing.revoke(leaf.serial_number)
            await asyncio.sleep(0.6)  # the nodes reload the CRLs every 0.2 s in these tests
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers)
            assert response.status == 401, response.body
            assert b"revoked" in response.body

    run_async(scenario)
