"""Purpose binding: the contract's grant names the consumer's purpose (FSC grant properties), the provider's manager
puts it in the access token (``prp``), and the inway checks it there; the caller's ``Thorbecke-Purpose`` header
can no longer choose or widen it."""

import json

import jwt

from tests.node.conftest import run_async
from tests.node.federation import ASSISTANCE, PURPOSE, federation
from thorbecke.node.processing_log import ACTIVITY

QUESTION = json.dumps(
    {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam.voornamen"]}
).encode()
REFUSED = b"ERROR_CODE_PURPOSE_NOT_ALLOWED"


def ask(f, grant_hash: str, *extra: tuple[bytes, bytes]):
    headers = [(b"fsc-grant-hash", grant_hash.encode()), (b"content-type", b"application/json"), *extra]
    return f.outway().request("POST", b"/personen", headers, QUESTION)


def test_a_standard_consumer_reaches_a_purpose_bound_service_without_any_thorbecke_header(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            persons = await f.connect("brp-personen", purpose=PURPOSE)
            response = await ask(f, persons)
            assert response.status == 200, response.body
            (person,) = json.loads(response.body)["personen"]
            assert person["naam"] == {"voornamen": "Sanne"}
            token = f.utrecht.outway._tokens[persons][0]
            # the FSC claim for grant properties, signed by the provider's manager
            assert jwt.decode(token, options={"verify_signature": False})["prp"] == {"purpose": PURPOSE}

    run_async(scenario)


def test_a_header_cannot_get_a_purpose_the_contract_does_not_grant(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            bound = await f.connect("brp-personen", purpose=PURPOSE)
            unbound = await f.connect("brp-personen")
            # ASSISTANCE is a purpose the service serves, but neither contract grants it; PURPOSE is granted by the
            # first contract only, so naming it over the second gets nothing either.
            for grant_hash, named in ((bound, ASSISTANCE), (unbound, ASSISTANCE), (unbound, PURPOSE)):
                response = await ask(f, grant_hash, (b"thorbecke-purpose", named.encode()))
                assert (response.status, response.header(b"fsc-error-code")) == (403, REFUSED), named
                assert json.loads(response.body)["domain"] == "ERROR_DOMAIN_INWAY"
            # naming the purpose the contract grants is harmless
            same = await ask(f, bound, (b"thorbecke-purpose", PURPOSE.encode()))
            assert same.status == 200, same.body
            refused = [r for r in f.tax.log.records() if r["attributes"].get("thorbecke.refusal") == REFUSED.decode()]
            assert len(refused) == 3

    run_async(scenario)


def test_a_token_without_a_purpose_is_refused_by_a_purpose_bound_service(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            unbound = await f.connect("brp-personen")
            response = await ask(f, unbound)
            assert (response.status, response.header(b"fsc-error-code")) == (403, REFUSED)
            assert "grants no purpose" in json.loads(response.body)["message"]
            token = f.utrecht.outway._tokens[unbound][0]
            assert "prp" not in jwt.decode(token, options={"verify_signature": False})
            # a purpose the service does not serve, even when the contract carries it
            elsewhere = await f.connect("brp-personen", purpose="https://elders.example/marketing")
            other = await ask(f, elsewhere)
            assert (other.status, other.header(b"fsc-error-code")) == (403, REFUSED)
            # a service without allowed purposes still serves a contract without one
            assert (await f.outway().request("GET", b"/x", [(b"fsc-grant-hash", f.grant_hash.encode())])).status == 200

    run_async(scenario)


def test_the_processing_logs_record_the_contracts_purpose(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            persons = await f.connect("brp-personen", purpose=PURPOSE)
            response = await ask(f, persons, (b"thorbecke-data-subject", b"BSN:999990019"))
            assert response.status == 200, response.body
            transaction = response.header(b"fsc-transaction-id").decode()
            (incoming,) = [r for r in f.tax.log.records() if r["attributes"].get("fsc.transaction_id") == transaction]
            (outgoing,) = [
                r for r in f.utrecht.log.records() if r["attributes"].get("fsc.transaction_id") == transaction
            ]
            # the provider logs the consumer's purpose as the contract grants it
            assert incoming["attributes"]["thorbecke.granted_purpose"] == PURPOSE
            # the consumer's own record names its processing activity, from its contract, not from a header
            assert outgoing["attributes"][ACTIVITY] == PURPOSE

    run_async(scenario)
