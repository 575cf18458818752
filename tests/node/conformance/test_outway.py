"""FSC test suite, outway.md: the outway against a real provider node (see suite.py)."""

import asyncio
import json

from tests.node.conformance.suite import (
    connected_for_rvig,
    connected_to_delegated_service,
    log_held,
    records_of,
    third_peer,
)
from tests.node.conftest import OIN_DIRECTORY, run_async
from tests.node.federation import federation


def _through_outway(f, grant_hash: str):
    return f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", grant_hash.encode())])


def test_outway_incomingrequest_1(tmp_path):
    """Under a valid ServiceConnectionGrant the outway gets a token, sends to the inway and returns its answer."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await _through_outway(f, f.grant_hash)
            assert response.status == 200, response.body
            assert json.loads(response.body)["inkomen"] == 23456
            assert len(f.source.requests) == 1
            assert f.source.requests[0]["headers"]["fsc-authorization"].startswith("Bearer ")

    run_async(scenario)


def test_outway_incomingrequest_2(tmp_path):
    """Without a valid contract no access token is obtained: nothing reaches the inway, the outway answers an error."""

    async def scenario():
        async with federation(tmp_path, accept=False) as f:
            response = await _through_outway(f, f.grant_hash)
            assert response.status >= 400
            assert response.header(b"fsc-error-code")
            assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_OUTWAY"
            assert f.source.requests == [] and list(f.tax.log.records()) == []

    run_async(scenario)


def test_outway_incomingrequest_3(tmp_path):
    """With a valid contract and token but an unreachable inway the outway answers an error."""

    async def scenario():
        async with federation(tmp_path) as f:
            (inway,) = [s for s in f.tax.servers if s.app is f.tax.inway]
            await inway.stop()
            response = await _through_outway(f, f.grant_hash)
            assert response.status == 502, response.body
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_SERVICE_UNREACHABLE"
            assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_OUTWAY"
            assert f.source.requests == []

    run_async(scenario)


def test_outway_transactionlog_1(tmp_path):
    """The outway writes the TransactionLog record for a request before it sends the request to the inway."""

    async def scenario():
        async with federation(tmp_path) as f:
            with log_held(f.utrecht):
                sent = asyncio.ensure_future(_through_outway(f, f.grant_hash))
                await asyncio.sleep(1.0)
                # the record cannot be written yet, so nothing may have left the outway
                early = list(f.source.requests) + list(f.tax.log.records())
            response = await sent
            assert early == []
            assert response.status == 200, response.body
            assert records_of(f.utrecht, response.header(b"fsc-transaction-id").decode())

    run_async(scenario)


def test_outway_transactionlog_2(tmp_path):
    """The TransactionLog record's transaction id travels in the request to the inway."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await _through_outway(f, f.grant_hash)
            assert response.status == 200, response.body
            (outgoing,) = [r for r in f.utrecht.log.records() if r["attributes"].get("fsc.direction")]
            transaction = outgoing["attributes"]["fsc.transaction_id"]
            assert f.source.requests[0]["headers"]["fsc-transaction-id"] == transaction
            (incoming,) = records_of(f.tax, transaction)
            assert incoming["attributes"]["fsc.direction"] == "DIRECTION_INCOMING"

    run_async(scenario)


def test_outway_transactionlog_3(tmp_path):
    """Under a DelegatedServiceConnectionGrant the outway's TransactionLog record names the delegator in its source."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            grant_hash = await connected_for_rvig(f, rvig)
            response = await _through_outway(f, grant_hash)
            assert response.status == 200, response.body
            (record,) = records_of(f.utrecht, response.header(b"fsc-transaction-id").decode())
            assert record["attributes"]["fsc.source.delegator_peer_id"] == OIN_DIRECTORY

    run_async(scenario)


def test_outway_transactionlog_4(tmp_path):
    """For a service offered on behalf of another peer the outway's record names that delegator in its destination."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            grant_hash = await connected_to_delegated_service(f, rvig)
            response = await _through_outway(f, grant_hash)
            assert response.status == 200, response.body
            (record,) = records_of(f.utrecht, response.header(b"fsc-transaction-id").decode())
            assert record["attributes"]["fsc.destination.delegator_peer_id"] == OIN_DIRECTORY

    run_async(scenario)


def test_outway_transactionlog_5(tmp_path):
    """When the transaction log fails the outway answers an error and does not send the request to the inway."""

    async def scenario():
        async with federation(tmp_path) as f:
            with log_held(f.utrecht):
                response = await _through_outway(f, f.grant_hash)
            assert response.status >= 500
            assert response.header(b"fsc-error-code")
            assert f.source.requests == [] and list(f.tax.log.records()) == []

    run_async(scenario)
