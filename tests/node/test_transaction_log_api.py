"""FSC's logging extension on the manager: GET /v1/logs, against real nodes (beyond the suite's one case)."""

import json

from tests.node.conformance.suite import connected_for_rvig, manager_of, third_peer
from tests.node.conftest import OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node.server import client_context


async def _call(f, grant_hash: str) -> str:
    response = await f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", grant_hash.encode())])
    assert response.status == 200, response.body
    return response.header(b"fsc-transaction-id").decode()


async def _logs(pool, query: str = "") -> tuple[int, dict]:
    response = await pool.request("GET", b"/v1/logs" + (b"?" + query.encode() if query else b""), [])
    return response.status, json.loads(response.body)


def test_logs_are_paged_filtered_and_in_the_extensions_record_format(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            sent = [await _call(f, f.grant_hash) for _ in range(3)]
            pool = manager_of(f, f.tax)  # Utrecht asks the tax office's manager
            status, first = await _logs(pool, "limit=2")
            assert status == 200, first
            assert [r["transaction_id"] for r in first["records"]] == sent[:2]
            record = first["records"][0]
            assert record["direction"] == "DIRECTION_INCOMING"
            assert record["source"] == {"type": "SOURCE_TYPE_SOURCE", "outway_peer_id": OIN_UTRECHT}
            assert record["destination"] == {"type": "DESTINATION_TYPE_DESTINATION", "service_peer_id": OIN_TAX_OFFICE}
            assert (record["grant_hash"], record["service_name"]) == (f.grant_hash, "inkomen")
            assert isinstance(record["created_at"], int)
            status, rest = await _logs(pool, f"limit=2&cursor={first['pagination']['next_cursor']}")
            assert [r["transaction_id"] for r in rest["records"]] == sent[2:]
            assert rest["pagination"]["next_cursor"] == ""
            _, newest = await _logs(pool, "sort_order=SORT_ORDER_DESCENDING")
            assert [r["transaction_id"] for r in newest["records"]] == sent[::-1]
            _, picked = await _logs(pool, f"transaction_id={sent[1]},{sent[2]}&service_name=inkomen")
            assert [r["transaction_id"] for r in picked["records"]] == sent[1:]
            _, none = await _logs(pool, "service_name=other")
            assert none["records"] == []
            status, refused = await _logs(pool, "limit=1001")
            assert status == 400, refused

    run_async(scenario)


def test_a_peer_sees_only_the_records_that_name_it_and_a_delegator_sees_its_own(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            own = await _call(f, f.grant_hash)
            delegated = await _call(f, await connected_for_rvig(f, rvig))
            _, seen = await _logs(rvig.manager.pool(f.tax.manager_address))
            assert [r["transaction_id"] for r in seen["records"]] == [delegated]
            assert seen["records"][0]["source"] == {
                "type": "SOURCE_TYPE_DELEGATED_SOURCE",
                "outway_peer_id": OIN_UTRECHT,
                "delegator_peer_id": OIN_DIRECTORY,
            }
            # a peer of the group that is on neither record
            issued = f.anchor.issue(tmp_path / "outsider", "Kadaster", "00000099000000004000")
            context = client_context(str(issued.certificate), str(issued.key), str(f.anchor.certificate_path))
            _, outsider = await _logs(manager_of(f, f.tax, context))
            assert outsider["records"] == []
            _, consumer = await _logs(manager_of(f, f.tax))
            assert [r["transaction_id"] for r in consumer["records"]] == [own, delegated]

    run_async(scenario)
