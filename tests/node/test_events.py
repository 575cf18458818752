"""Notifications: CloudEvents from the tax office to Utrecht, at least once, under a contract."""

import asyncio
import json
import time

from tests.node.conftest import OIN_TAX_OFFICE, OIN_UTRECHT, run_async
from tests.node.federation import federation
from thorbecke.node import contracts as fsc


async def subscription(f) -> tuple[str, str]:
    """Utrecht grants the tax office's outway access to its inbox; returns (contract hash, grant hash)."""
    thumbprint = fsc.public_key_thumbprint(f.tax.manager.signer.certificate)
    grant = fsc.connection_grant(OIN_TAX_OFFICE, thumbprint, OIN_UTRECHT, "meldingen")
    contract = await f.tax.manager.propose([grant])
    await f.utrecht.manager.sign(contract.hash, "accept")
    return contract.hash, fsc.grant_hash(contract.content, contract.content["grants"][0])


async def until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_an_event_reaches_the_subscriber_once_and_is_logged(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            _, grant_hash = await subscription(f)
            f.tax.outbox.subscribe("utrecht", grant_hash, ["nl.belastingdienst.inkomen.gewijzigd"])
            f.tax.outbox.publish("nl.belastingdienst.andere.soort", {"x": 1})  # not subscribed: not sent
            event_id = f.tax.outbox.publish(
                "nl.belastingdienst.inkomen.gewijzigd", {"jaar": 2025}, "999990019", {"dplsubjecttype": "BSN"}
            )
            await until(lambda: f.tax.outbox.status()["delivered"] == 1)
            (received,) = f.utrecht.inbox.received()
            assert (received["id"], received["source"]) == (event_id, f"urn:oin:{OIN_TAX_OFFICE}")
            assert received["data"] == {"jaar": 2025}
            (record,) = f.utrecht.log.for_subject("999990019")
            # the inbox logs whom it processed the person's data for, as the inway verified it (decision 0031)
            assert record["attributes"]["dpl.core.foreign_operation.processor"] == f"urn:oin:{OIN_TAX_OFFICE}"
            # a second delivery of the same event is acknowledged and ignored
            raw = json.dumps(received).encode()
            headers = [(b"fsc-grant-hash", grant_hash.encode()), (b"content-type", b"application/cloudevents+json")]
            again = await f.outway_pool().request("POST", b"/", headers, raw)
            assert again.status == 202 and json.loads(again.body) == {"duplicate": True}
            assert len(f.utrecht.inbox.received()) == 1

    run_async(scenario)


def test_an_undeliverable_event_is_retried_then_dead_lettered_and_can_be_retried(tmp_path):
    async def scenario():
        async with federation(tmp_path) as f:
            contract_hash, grant_hash = await subscription(f)
            f.tax.outbox.subscribe("utrecht", grant_hash, [])
            await f.utrecht.manager.sign(contract_hash, "revoke")
            f.tax.outbox.publish("nl.belastingdienst.inkomen.gewijzigd", {"jaar": 2025})
            await until(lambda: len(f.tax.outbox.status()["dead"]) == 1)
            (dead,) = f.tax.outbox.status()["dead"]
            assert dead["attempts"] == 3 and "403" in dead["last_error"]
            assert f.utrecht.inbox.received() == []
            assert f.tax.outbox.retry_dead() == 1
            assert f.tax.outbox.status()["pending"] == 1

    run_async(scenario)
