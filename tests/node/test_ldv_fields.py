"""The processing log's records against the Logboek Dataverwerkingen standard: outcome and end time, resource,
processing activity and the calling application, at both ends of a real exchange (docs/decisions/0023)."""

import asyncio
import socket
import time

from tests.node.conftest import run_async
from tests.node.federation import PURPOSE, federation
from thorbecke.node.upstream import Pool

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


async def until(condition, seconds: float = 10):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
    return found


def gateway_record(node, transaction):
    (record,) = [r for r in node.log.records() if r["attributes"].get("fsc.transaction_id") == transaction]
    return record


def outcome_of(node, record):
    """The record that completes a gateway record: its child span, with the outcome and the real end time."""
    return [
        r for r in node.log.records() if (r["trace_id"], r["parent_span_id"]) == (record["trace_id"], record["span_id"])
    ]


async def ask(f):
    """A request through Utrecht's outway to the tax office's income source, under the federation's contract."""
    headers = [(b"fsc-grant-hash", f.grant_hash.encode()), (b"thorbecke-purpose", PURPOSE.encode())]
    return await f.outway().request("GET", b"/inkomen", headers)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_outcome_and_the_real_end_time_follow_the_record_written_before_forwarding(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            response = await ask(f)
            assert response.status == 200, response.body
            answered = int(time.time() * 1000)
            transaction = response.header(b"fsc-transaction-id").decode()
            for node in (f.utrecht, f.tax):
                first = gateway_record(node, transaction)
                assert first["status"] == "Unset"  # written before the request went on: no outcome yet
                (done,) = await until(lambda node=node, first=first: outcome_of(node, first))
                assert done["status"] == "Ok", done
                assert first["end_time"] <= done["end_time"] <= answered + 1000
                assert done["attributes"]["dpl.core.processing_activity_id"] == PURPOSE
                assert done["attributes"]["http.response.status_code"] == 200

            # The source is gone: the inway answers 502, and both ends record the failure as an Error.
            f.tax.inway.sources["inkomen"] = Pool("127.0.0.1", _closed_port(), timeout=5)
            response = await ask(f)
            assert response.status == 502, response.body
            transaction = response.header(b"fsc-transaction-id").decode()
            for node in (f.utrecht, f.tax):
                first = gateway_record(node, transaction)
                (done,) = await until(lambda node=node, first=first: outcome_of(node, first))
                assert done["status"] == "Error", done
            assert f.tax.log.verify() == [] and f.utrecht.log.verify() == []

    run_async(scenario)


def test_records_name_the_node_as_their_resource(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            response = await ask(f)
            transaction = response.header(b"fsc-transaction-id").decode()
            for node, oin in ((f.utrecht, f.utrecht.config.peer_id), (f.tax, f.tax.config.peer_id)):
                resource = gateway_record(node, transaction)["resource"]["attributes"]
                assert resource["service.name"] == "thorbecke-node"
                assert resource["service.version"]
                assert resource["service.instance.id"] == oin

    run_async(scenario)


def test_the_outway_records_the_purpose_its_grant_names(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            grant = await f.connect("inkomen", PURPOSE)
            response = await f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", grant.encode())])
            assert response.status == 200, response.body
            outgoing = gateway_record(f.utrecht, response.header(b"fsc-transaction-id").decode())
            assert outgoing["attributes"]["dpl.core.processing_activity_id"] == PURPOSE

    run_async(scenario)


def test_the_inway_names_the_calling_application_by_its_url(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            response = await ask(f)
            incoming = gateway_record(f.tax, response.header(b"fsc-transaction-id").decode())
            # LDV: dpl.core.foreign_operation.processor is a URL, a link to the calling application.
            assert incoming["attributes"]["dpl.core.foreign_operation.processor"] == f.utrecht.manager_address
            assert incoming["attributes"]["fsc.source.outway_peer_id"] == f.utrecht.config.peer_id

    run_async(scenario)


def test_the_inway_records_the_data_subjects_the_request_names(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            headers = [
                (b"fsc-grant-hash", f.grant_hash.encode()),
                (b"thorbecke-purpose", PURPOSE.encode()),
                (b"content-type", b"application/json"),
            ]
            question = b'{"burgerservicenummer": ["999990019", "999990020"], "belastingjaar": 2025}'
            response = await f.outway().request("POST", b"/inkomen", headers, question)
            assert response.status == 200, response.body
            incoming = gateway_record(f.tax, response.header(b"fsc-transaction-id").decode())
            for bsn in ("999990019", "999990020"):
                # one record per subject, a child of the gateway's record, written with it before forwarding
                (written,) = [r for r in f.tax.log.for_subject(bsn) if r["parent_span_id"] == incoming["span_id"]]
                assert written["attributes"]["dpl.core.data_subject_id_type"] == "BSN"
                assert written["attributes"]["dpl.core.processing_activity_id"] == PURPOSE
                assert written["attributes"]["dpl.core.data_subject_id"] == f.tax.log.pseudonym(bsn)
            assert b"999990020" not in (f.tax.config.directory / "log.sqlite").read_bytes()

    run_async(scenario)
