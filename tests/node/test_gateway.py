"""Requests through a real outway and inway: mutual TLS, contracts, tokens, refusals, logs at both ends."""

import asyncio
import json

from tests.node.conftest import OIN_UTRECHT, run_async
from tests.node.federation import PURPOSE, federation
from thorbecke.node.http_io import parse_traceparent

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"


def run(scenario):
    return run_async(scenario)


def transaction_records(node, transaction_id):
    return [r for r in node.log.records() if r["attributes"].get("fsc.transaction_id") == transaction_id]


def test_a_request_travels_under_its_contract_and_is_logged_at_both_ends(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            assert f.contract.hash in {c.hash for c in [f.tax.manager.store.contract(f.contract.hash)]}
            assert f.tax.manager.store.contract(f.contract.hash).state() == "valid"
            response = await f.outway().request(
                "POST",
                b"/inkomen?jaar=2025",
                [
                    (b"fsc-grant-hash", f.grant_hash.encode()),
                    (b"traceparent", f"00-{TRACE}-00f067aa0ba902b7-01".encode()),
                    (b"thorbecke-purpose", PURPOSE.encode()),
                ],
                b'{"bsn": "999990019"}',
            )
            assert response.status == 200, response.body
            assert json.loads(response.body)["inkomen"] == 23456
            transaction = response.header(b"fsc-transaction-id").decode()
            seen = f.source.requests[-1]
            assert seen["path"] == "/inkomen" and seen["body"] == b'{"bsn": "999990019"}'
            assert seen["headers"]["fsc-transaction-id"] == transaction
            assert seen["headers"]["fsc-authorization"].startswith("Bearer ")
            assert parse_traceparent(seen["headers"]["traceparent"].encode())[0] == TRACE
            (outgoing,) = transaction_records(f.utrecht, transaction)
            (incoming,) = transaction_records(f.tax, transaction)
            assert outgoing["trace_id"] == incoming["trace_id"] == TRACE
            assert incoming["parent_span_id"] == outgoing["span_id"]
            assert outgoing["attributes"]["fsc.direction"] == "DIRECTION_OUTGOING"
            assert incoming["attributes"]["dpl.core.processing_activity_id"] == PURPOSE
            assert incoming["attributes"]["dpl.core.foreign_operation.processor"] == f.utrecht.manager_address
            assert f.tax.log.verify() == [] and f.utrecht.log.verify() == []

    run(scenario)


def test_a_contract_one_party_has_not_signed_gives_no_access(tmp_path):
    async def scenario():
        async with federation(tmp_path, accept=False) as f:
            assert f.tax.manager.store.contract(f.contract.hash).state() == "proposed"
            response = await f.outway().request("GET", b"/inkomen", [(b"fsc-grant-hash", f.grant_hash.encode())])
            assert response.status == 403
            assert f.source.requests == []

    run(scenario)


def test_a_revoked_contract_is_refused_at_the_inway_even_with_a_cached_token(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            outway = f.outway()
            headers = [(b"fsc-grant-hash", f.grant_hash.encode())]
            assert (await outway.request("GET", b"/inkomen", headers)).status == 200
            token = f.utrecht.outway._tokens[f.grant_hash][0]
            await f.tax.manager.sign(f.contract.hash, "revoke")
            assert f.utrecht.manager.store.contract(f.contract.hash).state() == "revoked"
            direct = await f.direct_to_inway().request(
                "GET",
                b"/inkomen",
                [
                    (b"fsc-authorization", b"Bearer " + token.encode()),
                    (b"fsc-transaction-id", b"01890a5d-ac96-774b-bcce-b302099a8057"),
                ],
            )
            assert direct.status == 401
            assert direct.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_INVALID"
            assert len(f.source.requests) == 1

    run(scenario)


def _refusal_headers(token=None, transaction=b"01890a5d-ac96-774b-bcce-b302099a8057"):
    headers = [(b"fsc-transaction-id", transaction)] if transaction else []
    if token:
        headers.append((b"fsc-authorization", b"Bearer " + token.encode()))
    return headers


def test_each_refusal_has_its_fsc_code_is_logged_and_reaches_nothing(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            assert (await f.outway().request("GET", b"/x", [(b"fsc-grant-hash", f.grant_hash.encode())])).status == 200
            token = f.utrecht.outway._tokens[f.grant_hash][0]
            before = len(f.source.requests)
            header, payload, signature = token.split(".")
            cases = {
                "ERROR_CODE_ACCESS_TOKEN_MISSING": (f.direct_to_inway(), _refusal_headers()),
                "MISSING_LOG_RECORD_ID": (f.direct_to_inway(), _refusal_headers(token, transaction=None)),
                "INVALID_LOG_RECORD_ID": (f.direct_to_inway(), _refusal_headers(token, transaction=b"42")),
                # a token bound to Utrecht's certificate, presented by another organisation
                "ERROR_CODE_ACCESS_TOKEN_INVALID": (f.direct_to_inway("stranger"), _refusal_headers(token)),
            }
            tampered = f"{header}.{payload[:-4]}AAAA.{signature}"
            for code, (pool, headers) in cases.items():
                response = await pool.request("GET", b"/inkomen", headers)
                assert response.header(b"fsc-error-code") == code.encode(), (code, response.body)
                assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_INWAY"
            response = await f.direct_to_inway().request("GET", b"/inkomen", _refusal_headers(tampered))
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_ACCESS_TOKEN_INVALID"
            persons = await f.connect("brp-personen")
            for purpose in (b"https://elders/marketing", None):
                headers = [(b"fsc-grant-hash", persons.encode())]
                headers += [(b"thorbecke-purpose", purpose)] if purpose else []
                response = await f.outway().request("POST", b"/personen", headers, b"{}")
                assert (response.status, response.header(b"fsc-error-code")) == (
                    403,
                    b"ERROR_CODE_PURPOSE_NOT_ALLOWED",
                )
            assert len(f.source.requests) == before
            refusals = [r for r in f.tax.log.records() if "thorbecke.refusal" in r["attributes"]]
            assert len(refusals) == 7

    run(scenario)


def test_a_revoked_certificate_is_refused(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            assert (await f.outway().request("GET", b"/x", [(b"fsc-grant-hash", f.grant_hash.encode())])).status == 200
            token = f.utrecht.outway._tokens[f.grant_hash][0]
            serial = f.utrecht.manager.signer.certificate.serial_number
            f.anchor.revoke(serial)
            await asyncio.sleep(0.5)  # the nodes in these tests reload the CRL every 0.2 s
            response = await f.direct_to_inway().request("GET", b"/inkomen", _refusal_headers(token))
            assert response.status == 401 and b"revoked" in response.body

    run(scenario)


def test_an_oversized_or_malformed_request_is_refused(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            big = await f.direct_to_inway().request("POST", b"/inkomen", _refusal_headers(), b"x" * 2_000_000)
            assert big.status == 413
            reader, writer = await asyncio.open_connection("127.0.0.1", f.utrecht.config.outway_port)
            writer.write(b"NOT HTTP AT ALL\r\n\r\n")
            await writer.drain()
            assert (await reader.read(100)).startswith(b"HTTP/1.1 400")
            writer.close()
            assert f.source.requests == []

    run(scenario)


def test_the_manager_refuses_a_signature_for_other_content(tmp_path):
    async def scenario():
        async with federation(tmp_path, accept=False) as f:
            other = dict(f.contract.content, created_at=f.contract.content["created_at"] - 1)
            signature = f.tax.manager.signer.sign(other, "accept")
            body = json.dumps({"contract_content": f.contract.content, "signature": signature}).encode()
            response = await f.tax.manager.pool(f.utrecht.manager_address).request(
                "PUT",
                f"/v1/contracts/{f.contract.hash}/accept".encode(),
                [(b"fsc-manager-address", f.tax.manager_address.encode())],
                body,
            )
            assert response.status == 422
            assert response.header(b"fsc-error-code") == b"ERROR_CODE_SIGNATURE_CONTRACT_CONTENT_HASH_MISMATCH"
            assert f.utrecht.manager.store.contract(f.contract.hash).state() == "proposed"

    run(scenario)


def test_personal_records_come_minimised_and_the_person_can_see_who_used_them(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            persons = await f.connect("brp-personen", purpose=PURPOSE)
            insight = await f.connect("logboek")
            question = {
                "type": "RaadpleegMetBurgerservicenummer",
                "burgerservicenummer": ["999990019"],
                "fields": ["naam.voornamen", "geboorte.datum"],
            }
            response = await f.outway().request(
                "POST",
                b"/personen",
                [
                    (b"fsc-grant-hash", persons.encode()),
                    (b"thorbecke-data-subject", b"BSN:999990019"),
                    (b"content-type", b"application/json"),
                ],
                json.dumps(question).encode(),
            )
            assert response.status == 200, response.body
            (person,) = json.loads(response.body)["personen"]
            assert person == {
                "burgerservicenummer": "999990019",
                "naam": {"voornamen": "Sanne"},
                "geboorte": {"datum": {"type": "Datum", "datum": "1988-04-12", "langFormaat": "12 april 1988"}},
            }
            assert f.source.requests == []  # the personal records came from the node's own source
            # one record per person at both ends, in one trace (at the outway, followed by the call's outcome)
            (at_utrecht,) = [r for r in f.utrecht.log.for_subject("999990019") if "fsc.direction" in r["attributes"]]
            # at the tax office: the inway's record for the person (decision 0023) and the source's own
            (at_source,) = [r for r in f.tax.log.for_subject("999990019") if not r["name"].startswith("inway ")]
            at_inway = [r for r in f.tax.log.for_subject("999990019") if r["name"].startswith("inway ")]
            assert at_inway and all(r["trace_id"] == at_source["trace_id"] for r in at_inway)
            assert at_utrecht["trace_id"] == at_source["trace_id"]
            assert at_source["attributes"]["dpl.core.foreign_operation.processor"] == f"urn:oin:{OIN_UTRECHT}"
            assert b"999990019" not in (f.utrecht.config.directory / "log.sqlite").read_bytes()

            answer = await f.outway().request(
                "POST",
                b"/processing-activities",
                [(b"fsc-grant-hash", insight.encode())],
                json.dumps({"dpl.core.data_subject_id": "999990019", "dpl.core.data_subject_id_type": "BSN"}).encode(),
            )
            assert answer.status == 200, answer.body
            seen = json.loads(answer.body)["processingActivities"]
            assert at_source["span_id"] in {s["spanId"] for s in seen}
            for activity in seen:
                assert activity["attributes"]["dpl.core.processing_activity_id"] == PURPOSE
                assert "dpl.core.data_subject_id" not in activity["attributes"]
            other = await f.outway().request(
                "POST",
                b"/processing-activities",
                [(b"fsc-grant-hash", insight.encode())],
                json.dumps({"dpl.core.data_subject_id": "999990020"}).encode(),
            )
            assert json.loads(other.body)["processingActivities"] == []

    run(scenario)


def test_an_unknown_or_expired_certificate_is_refused_at_the_handshake(tmp_path):
    import datetime as dt

    from thorbecke.node.pki import TrustAnchor
    from thorbecke.node.server import client_context
    from thorbecke.node.upstream import Pool, UpstreamError

    async def scenario():
        async with federation(tmp_path) as f:
            stranger = TrustAnchor.create(tmp_path / "other-anchor", "other-group")
            stranger.issue(tmp_path / "outsider", "Buitenstaander", OIN_UTRECHT)
            past = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
            f.anchor.issue(tmp_path / "expired", "Gemeente Utrecht", OIN_UTRECHT, days=1, not_before=past)
            for folder in ("outsider", "expired"):
                context = client_context(
                    str(tmp_path / folder / "node.pem"),
                    str(tmp_path / folder / "node.key"),
                    str(f.anchor.certificate_path),
                )
                pool = Pool("127.0.0.1", f.tax.config.inway_port, context)
                try:
                    await pool.request("GET", b"/inkomen", _refusal_headers())
                except UpstreamError:
                    continue
                raise AssertionError(f"the {folder} certificate was let in")
            assert f.source.requests == []

    run(scenario)
