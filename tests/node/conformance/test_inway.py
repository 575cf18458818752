"""FSC test suite, inway.md: the provider's inway, reached straight from a peer's TLS connection (see suite.py)."""

import asyncio
import dataclasses
import json
import time

from tests.node.conformance.suite import (
    as_utrecht,
    connected_for_rvig,
    connected_to_delegated_service,
    log_held,
    on_default_port,
    records_of,
    third_peer,
)
from tests.node.conftest import GROUP, OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc
from thorbecke.node import tokens
from thorbecke.node.pki import TrustAnchor
from thorbecke.node.server import client_context
from thorbecke.node.upstream import Pool, UpstreamError

TRANSACTION = b"01890a5d-ac96-774b-bcce-b302099a8057"


async def token(f, grant_hash: str | None = None) -> str:
    """An access token from the provider's manager, by the consumer's outway (the FSC client credentials flow)."""
    grant_hash = grant_hash or f.grant_hash
    _, data = f.utrecht.manager.store.grant(grant_hash)
    value, _ = await f.utrecht.outway.token_for(grant_hash, data)
    return value


def headers(access_token: str | None, transaction: bytes | None = TRANSACTION) -> list[tuple[bytes, bytes]]:
    found = [(b"fsc-transaction-id", transaction)] if transaction else []
    return found + ([(b"fsc-authorization", b"Bearer " + access_token.encode())] if access_token else [])


def test_inway_incoming_request_1(tmp_path):
    """A request with a valid access token is accepted."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(await token(f)))
            assert response.status == 200, response.body
            assert len(f.source.requests) == 1

    run_async(scenario)


def test_inway_incoming_request_2(tmp_path):
    """A request without an access token is denied."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(None))
            assert response.status == 401
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_MISSING"
            assert f.source.requests == []

    run_async(scenario)


def test_inway_incoming_request_3(tmp_path):
    """A request whose access token is bound to another certificate than the connection's is denied."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await f.direct_to_inway("stranger").request("GET", b"/inkomen", headers(await token(f)))
            assert response.status == 401
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_INVALID"
            assert f.source.requests == []

    run_async(scenario)


def test_inway_incoming_request_4(tmp_path):
    """A request over a connection whose certificate is not signed by the group's trust anchor is denied."""

    async def scenario():
        async with federation(tmp_path) as f:
            access_token = await token(f)
            other = TrustAnchor.create(tmp_path / "other-anchor", GROUP)
            # the same organisation, certified by an anchor outside the group
            issued = other.issue(tmp_path / "outsider", "Gemeente Utrecht", OIN_UTRECHT)
            context = client_context(str(issued.certificate), str(issued.key), str(f.anchor.certificate_path))
            pool = Pool("127.0.0.1", f.tax.config.inway_port, context, timeout=10)
            try:
                response = await pool.request("GET", b"/inkomen", headers(access_token))
            except UpstreamError:
                pass  # refused in the TLS handshake
            else:
                assert response.status >= 400, response.body
            assert f.source.requests == []

    run_async(scenario)


def test_inway_incoming_request_5(tmp_path):
    """The access token of an accepted request reaches the service."""

    async def scenario():
        async with federation(tmp_path) as f:
            access_token = await token(f)
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(access_token))
            assert response.status == 200, response.body
            assert f.source.requests[0]["headers"]["fsc-authorization"] == f"Bearer {access_token}"

    run_async(scenario)


def test_inway_incoming_request_6(tmp_path):
    """A request with an expired access token is denied."""

    async def scenario():
        async with federation(tmp_path) as f:
            current = tokens.new_claims(
                f.grant_hash,
                GROUP,
                OIN_UTRECHT,
                OIN_TAX_OFFICE,
                "inkomen",
                f.tax.inway_address,
                fsc.certificate_thumbprint(f.utrecht.manager.signer.certificate),
            )
            past = int(time.time()) - 600
            expired = dataclasses.replace(current, not_before=past - 300, expires=past)
            signer = f.tax.manager.signer  # signed by the provider's manager, only its lifetime is over
            value = tokens.issue(expired, signer.key, fsc.certificate_thumbprint(signer.certificate))
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(value))
            assert response.status == 401
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_EXPIRED"
            assert f.source.requests == []

    run_async(scenario)


def test_inway_transactionlog_1(tmp_path):
    """The inway writes the TransactionLog record for a request before it passes the request to the service."""

    async def scenario():
        async with federation(tmp_path) as f:
            access_token = await token(f)
            with log_held(f.tax):
                sent = asyncio.ensure_future(f.direct_to_inway().request("GET", b"/inkomen", headers(access_token)))
                await asyncio.sleep(1.0)
                early = list(f.source.requests)  # the record cannot be written yet
            response = await sent
            assert early == []
            assert response.status == 200, response.body
            assert records_of(f.tax, TRANSACTION.decode())

    run_async(scenario)


def test_inway_transactionlog_2(tmp_path):
    """The transaction id of an accepted request is in the request to the service and in the inway's record."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(await token(f)))
            assert response.status == 200, response.body
            assert f.source.requests[0]["headers"]["fsc-transaction-id"] == TRANSACTION.decode()
            (record,) = records_of(f.tax, TRANSACTION.decode())
            assert record["attributes"]["fsc.direction"] == "DIRECTION_INCOMING"

    run_async(scenario)


def test_inway_transactionlog_3(tmp_path):
    """A request with a valid access token but no transaction id is rejected."""

    async def scenario():
        async with federation(tmp_path) as f:
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(await token(f), None))
            assert response.status == 400
            assert response.header(b"fsc-error-code")
            assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_INWAY"
            assert f.source.requests == []

    run_async(scenario)


def test_inway_transactionlog_4(tmp_path):
    """Under a DelegatedServiceConnectionGrant the inway's TransactionLog record names the delegator in its source."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            grant_hash = await connected_for_rvig(f, rvig)
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(await token(f, grant_hash)))
            assert response.status == 200, response.body
            (record,) = records_of(f.tax, TRANSACTION.decode())
            assert record["attributes"]["fsc.source.delegator_peer_id"] == OIN_DIRECTORY

    run_async(scenario)


def test_inway_transactionlog_5(tmp_path):
    """For a service offered on behalf of another peer the inway's record names that delegator in its destination."""

    async def scenario():
        async with federation(tmp_path) as f, third_peer(f) as rvig:
            grant_hash = await connected_to_delegated_service(f, rvig)
            response = await f.direct_to_inway().request("GET", b"/inkomen", headers(await token(f, grant_hash)))
            assert response.status == 200, response.body
            (record,) = records_of(f.tax, TRANSACTION.decode())
            assert record["attributes"]["fsc.destination.delegator_peer_id"] == OIN_DIRECTORY

    run_async(scenario)


def test_inway_transactionlog_6(tmp_path):
    """When the transaction log fails the inway answers an error and does not invoke the service."""

    async def scenario():
        async with federation(tmp_path) as f:
            access_token = await token(f)
            with log_held(f.tax):
                response = await f.direct_to_inway().request("GET", b"/inkomen", headers(access_token))
            assert response.status >= 500
            assert response.header(b"fsc-error-code")
            assert f.source.requests == []

    run_async(scenario)


def test_inway_port_1(tmp_path):
    """An inway on its default port responds; the default is 443 (the suite allows 443 or 8443)."""

    async def scenario():
        async with federation(tmp_path) as f, on_default_port(f, "inway") as port:
            assert port in (443, 8443)
            response = await as_utrecht(f, port).request("GET", b"/", headers(None))
            assert response.status == 401
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_MISSING"

    run_async(scenario)
