"""FSC test suite, integration.md: the whole chain, contract to answer, between real nodes (see suite.py)."""

import json

from tests.node.conformance.suite import (
    connected_for_rvig,
    connected_to_delegated_service,
    published_on_behalf,
    records_of,
    third_peer,
)
from tests.node.conftest import run_async
from tests.node.federation import federation


def _consume(f, grant_hash: str):
    return f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", grant_hash.encode())])


def _succeeded(f, response) -> None:
    assert response.status == 200, response.body
    assert json.loads(response.body)["inkomen"] == 23456
    assert len(f.source.requests) == 1


def test_integration_consumeservice_1(tmp_path):
    """With a valid contract with a ServiceConnectionGrant, calling the service through the outway succeeds."""

    async def scenario():
        async with federation(tmp_path) as f:
            _succeeded(f, await _consume(f, f.grant_hash))

    run_async(scenario)


def test_integration_consumeservice_2(tmp_path):
    """Without a valid contract the outway rejects the call."""

    async def scenario():
        async with federation(tmp_path, accept=False) as f:
            response = await _consume(f, f.grant_hash)
            assert response.status >= 400
            assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_OUTWAY"
            assert f.source.requests == []

    run_async(scenario)


def test_integration_consumeserviceasdelegatee_1(tmp_path):
    """With a valid DelegatedServiceConnectionGrant, calling the service on the delegator's behalf succeeds."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            _succeeded(f, await _consume(f, await connected_for_rvig(f, rvig)))

    run_async(scenario)


def test_integration_consumedelegatedservice_1(tmp_path):
    """A service published by a delegatee is consumed under a ServiceConnectionGrant naming its delegator."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            _succeeded(f, await _consume(f, await connected_to_delegated_service(f, rvig)))

    run_async(scenario)


def test_integration_consumedelegatedservice_2(tmp_path):
    """A service published by a delegatee is consumed on behalf of another peer (DelegatedServiceConnectionGrant)."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            # RvIG both delegated the publication and lets Utrecht connect on its behalf
            service = await published_on_behalf(f, rvig)
            _succeeded(f, await _consume(f, await connected_for_rvig(f, rvig, service)))

    run_async(scenario)


def test_integration_transactionlog_1(tmp_path):
    """A call makes a TransactionLog record at the consumer and at the provider, with the same transaction id."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await _consume(f, f.grant_hash)
            assert response.status == 200, response.body
            transaction = response.header(b"fsc-transaction-id").decode()
            (outgoing,) = records_of(f.utrecht, transaction)
            (incoming,) = records_of(f.tax, transaction)
            assert outgoing["attributes"]["fsc.direction"] == "DIRECTION_OUTGOING"
            assert incoming["attributes"]["fsc.direction"] == "DIRECTION_INCOMING"
            assert outgoing["attributes"]["fsc.grant_hash"] == incoming["attributes"]["fsc.grant_hash"] == f.grant_hash

    run_async(scenario)
