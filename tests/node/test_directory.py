"""A node as the group's FSC directory: a service is listed at ``/v1/services`` while a contract with a
ServicePublicationGrant naming this node as directory is valid, and only then; the publishing peer is in
``/v1/peers`` from its signed call. Real nodes on loopback (federation.py): the tax office publishes in Utrecht's
directory."""

import asyncio
import json

from tests.node.conformance.suite import agreed, delegated_publication, manager_of, third_peer
from tests.node.conftest import OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import _node_folder, federation
from thorbecke.node import contracts as fsc
from thorbecke.node.config import NodeConfig, rewrite
from thorbecke.node.launcher import free_port
from thorbecke.node.runner import Node


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


def _rvig_with_directory(f, address: str) -> NodeConfig:
    """RvIG's node, not yet started, with Utrecht's manager (at ``address``) as its directory in its node.json."""
    folder = f.tmp / "rvig"
    _node_folder(f.anchor, folder, "Rijksdienst voor Identiteitsgegevens", OIN_DIRECTORY, {})
    directory = {"peer_id": OIN_UTRECHT, "manager_address": address}
    rewrite(folder / "node.json", lambda raw: {**raw, "directory": directory})
    return NodeConfig.load(folder / "node.json")


def test_a_node_announces_itself_to_the_group_directory_when_it_starts(tmp_path):
    """FSC Core: each peer calls the directory's announce endpoint to register as a participant of the group."""

    async def scenario():
        async with federation(tmp_path) as f:
            folder = tmp_path / "rvig"
            _node_folder(f.anchor, folder, "Rijksdienst voor Identiteitsgegevens", OIN_DIRECTORY, {})
            rewrite(
                folder / "node.json",
                lambda raw: {
                    **raw,
                    "directory": {"peer_id": OIN_UTRECHT, "manager_address": f.utrecht.manager_address},
                },
            )
            config = NodeConfig.load(folder / "node.json")
            assert (config.directory_peer_id, config.directory_address) == (OIN_UTRECHT, f.utrecht.manager_address)
            rvig = Node(config)
            await rvig.start()
            try:
                # it knows the directory as a peer, so it can offer it a publication contract
                assert rvig.manager.store.manager_address_of(OIN_UTRECHT) == f.utrecht.manager_address
                known: dict[str, dict] = {}
                for _ in range(100):  # the announcement runs beside the start; it takes milliseconds
                    response = await manager_of(f, f.utrecht).request("GET", b"/v1/peers", [])
                    known = {p["id"]: p for p in json.loads(response.body)["peers"]}
                    if OIN_DIRECTORY in known:
                        break
                    await asyncio.sleep(0.05)
                assert known[OIN_DIRECTORY]["manager_address"] == rvig.manager_address
                assert known[OIN_DIRECTORY]["name"] == "Rijksdienst voor Identiteitsgegevens"
            finally:
                await rvig.stop()

    run_async(scenario)


def test_a_node_whose_directory_does_not_answer_still_starts(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            rvig = Node(_rvig_with_directory(f, f"https://127.0.0.1:{free_port()}"))
            await asyncio.wait_for(rvig.start(), 10)
            await rvig.stop()

    run_async(scenario)
