"""FSC's own error codes where FSC defines one: CONNECT at the outway and inway, a submitting or receiving
peer that is not on the contract. Our own codes, where FSC has none, are listed in docs/decisions/0016."""

import asyncio
import json

import pytest

from tests.node.conftest import OIN_DIRECTORY, OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc
from thorbecke.node.server import client_context
from thorbecke.node.upstream import Pool

CONNECT = b"CONNECT example.org:443 HTTP/1.1\r\nhost: example.org:443\r\n\r\n"


async def _raw(port, data, ssl=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ssl)
    writer.write(data)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(4096), 5)
    writer.close()
    return answer


def _status_and_code(answer):
    head, _, payload = answer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = dict(line.split(b": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get(b"fsc-error-code"), json.loads(payload)


@pytest.mark.parametrize("gateway", ["outway", "inway"])
def test_connect_is_answered_405_method_unsupported(tmp_path, gateway):
    async def scenario():
        async with federation(tmp_path) as f:
            if gateway == "outway":
                port, context = f.utrecht.config.outway_port, None
            else:
                folder = tmp_path / "utrecht"
                pem, key, ca = str(folder / "node.pem"), str(folder / "node.key"), str(f.anchor.certificate_path)
                port, context = f.tax.config.inway_port, client_context(pem, key, ca)
            answer = await _raw(port, CONNECT, ssl=context)
            status, code, payload = _status_and_code(answer)
            assert (status, code) == (405, b"ERROR_CODE_METHOD_UNSUPPORTED"), answer
            assert payload["domain"] == f"ERROR_DOMAIN_{gateway.upper()}"
            assert f.source.requests == []

    run_async(scenario)


def _stranger(f):
    folder = f.tmp / "stranger"
    signer = fsc.Signer.from_files(folder / "node.pem", folder / "node.key")
    context = client_context(str(folder / "node.pem"), str(folder / "node.key"), str(f.anchor.certificate_path))
    return signer, context


def test_a_submitting_peer_not_on_the_contract_gets_peer_not_part_of_contract(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            signer, context = _stranger(f)
            # a contract between Utrecht and the tax office, submitted by a third peer
            content = fsc.new_content(f.utrecht.manager.group_id, f.contract.content["grants"])
            body = json.dumps({"contract_content": content, "signature": signer.sign(content, "accept")}).encode()
            pool = Pool("127.0.0.1", f.utrecht.config.manager_port, context)
            response = await pool.request("POST", b"/v1/contracts", [(b"content-type", b"application/json")], body)
            assert response.status == 422, response.body
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_PEER_NOT_PART_OF_CONTRACT"
            assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_MANAGER"

    run_async(scenario)


def test_a_contract_the_receiving_peer_is_not_on_gets_peer_not_part_of_contract(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            signer, _ = _stranger(f)
            thumbprint = fsc.public_key_thumbprint(signer.certificate)
            # between the tax office and a third peer, sent by the tax office to Utrecht
            grant = fsc.connection_grant(OIN_DIRECTORY, thumbprint, OIN_TAX_OFFICE, "inkomen")
            content = fsc.new_content(f.tax.manager.group_id, [grant])
            jws = f.tax.manager.signer.sign(content, "accept")
            body = json.dumps({"contract_content": content, "signature": jws}).encode()
            response = await f.tax.manager.pool(f.utrecht.manager_address).request(
                "POST", b"/v1/contracts", [(b"content-type", b"application/json")], body
            )
            assert response.status == 422, response.body
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_PEER_NOT_PART_OF_CONTRACT"
            assert OIN_UTRECHT not in fsc.parties(content)

    run_async(scenario)
