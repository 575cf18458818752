"""A node as the group's FSC directory: a service is listed at ``/v1/services`` while a contract with a
ServicePublicationGrant naming this node as directory is valid, and only then; the publishing peer is in
``/v1/peers`` from its signed call. Real nodes on loopback (federation.py): the tax office publishes in Utrecht's
directory."""

import json

from tests.node.conformance.suite import agreed, delegated_publication, manager_of, third_peer
from tests.node.conftest import OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc


async def _listed(f, query: str = "") -> list[dict]:
    path = b"/v1/services" + (b"?" + query.encode() if query else b"")
    response = await manager_of(f, f.utrecht).request("GET", path, [])
    assert response.status == 200, response.body
    answer = json.loads(response.body)
    assert answer["pagination"] == {"next_cursor": ""}
    return [entry["data"] for entry in answer["services"]]


def test_a_service_is_listed_only_while_its_publication_contract_is_valid(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            proposed = await f.tax.manager.propose([fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen")])
            assert await _listed(f) == []  # the directory has not signed yet
            await f.utrecht.manager.sign(proposed.hash, "accept")
            (listed,) = await _listed(f)
            assert listed["type"] == "SERVICE_TYPE_SERVICE"
            assert (listed["name"], listed["protocol"]) == ("inkomen", "PROTOCOL_TCP_HTTP_1.1")
            assert listed["peer"] == {
                "id": OIN_TAX_OFFICE,
                "name": "Belastingdienst",
                "manager_address": f.tax.manager_address,
            }
            # the node's own configured services are not a publication: Utrecht offers none by contract
            assert all(s["peer"]["id"] == OIN_TAX_OFFICE for s in await _listed(f))
            await f.tax.manager.sign(proposed.hash, "revoke")
            assert await _listed(f) == []

    run_async(scenario)


def test_a_publication_in_another_directory_or_rejected_is_not_listed(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            # the tax office is its own directory here: Utrecht is no party and lists nothing
            await agreed(f.tax, fsc.publication_grant(OIN_TAX_OFFICE, OIN_TAX_OFFICE, "inkomen"))
            rejected = await f.tax.manager.propose([fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen")])
            await f.utrecht.manager.sign(rejected.hash, "reject")
            assert await _listed(f) == []

    run_async(scenario)


def test_a_delegated_publication_names_its_delegator_and_the_filters_select(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            # the tax office offers 'brp-kopie' on behalf of RvIG, which signs too
            for node in (f.tax, f.utrecht):  # configured with RvIG's address only, so its name comes from its call
                node.manager.store.remember_peer(OIN_DIRECTORY, OIN_DIRECTORY, rvig.manager_address)
            grant = delegated_publication(OIN_UTRECHT, OIN_TAX_OFFICE, "brp-kopie", OIN_DIRECTORY)
            await agreed(f.tax, grant, f.utrecht, rvig)
            await agreed(f.tax, fsc.publication_grant(OIN_UTRECHT, OIN_TAX_OFFICE, "inkomen"), f.utrecht)
            by_name = {s["name"]: s for s in await _listed(f)}
            delegated = by_name["brp-kopie"]
            assert delegated["type"] == "SERVICE_TYPE_DELEGATED_SERVICE"
            assert delegated["delegator"]["peer_id"] == OIN_DIRECTORY
            assert delegated["delegator"]["peer_name"]
            assert delegated["peer"]["id"] == OIN_TAX_OFFICE
            assert [s["name"] for s in await _listed(f, "service_name=INKO")] == ["inkomen"]
            assert len(await _listed(f, f"peer_id={OIN_TAX_OFFICE}")) == 2
            assert await _listed(f, "peer_id=00000001000000000000") == []

    run_async(scenario)


def test_the_directory_knows_the_publishing_peer_from_its_signed_call(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            # Utrecht learns RvIG only from its signed submission, named by the organisation in its certificate
            await agreed(rvig, fsc.publication_grant(OIN_UTRECHT, OIN_DIRECTORY, "brp-personen"), f.utrecht)
            response = await manager_of(f, f.utrecht).request("GET", b"/v1/peers", [])
            peers = {p["id"]: p for p in json.loads(response.body)["peers"]}
            assert peers[OIN_DIRECTORY]["manager_address"] == rvig.manager_address
            assert peers[OIN_DIRECTORY]["name"] == "Rijksdienst voor Identiteitsgegevens"
            response = await manager_of(f, f.utrecht).request("GET", f"/v1/peers?peer_id={OIN_DIRECTORY}".encode(), [])
            assert [p["id"] for p in json.loads(response.body)["peers"]] == [OIN_DIRECTORY]

    run_async(scenario)
