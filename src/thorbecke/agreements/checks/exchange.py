"""The data-system agreements (FSC, Logboek Dataverwerkingen), measured through exchange's adoption service:

- ``exchange``: the organisation announced a node (an FSC peer) in the directory, and holds a valid
  contract with the hub's node, which is the only party whose contracts the hub can see (FSC shows a peer
  only the contracts it is party to);
- ``processing-log``: it keeps a register of processing activities on the hub, which its processing-log
  records point at (``dpl.core.processing_activity_id``), and lets the hub read its log under a valid
  contract, so that a citizen can see who used their data;
- ``api-design``: the OpenAPI document of every data service it announced, linted against the NL API
  Design Rules (checks.api), one measurement per document.

Without a node to ask, the contract half cannot be measured: an organisation that has a node or a register
then gets "could not measure" with the reason, never "meets"; one without either fails.
"""

from thorbecke.agreements.checks.api import check_apis
from thorbecke.agreements.checks.base import ERROR, FAIL, PASS, Result
from thorbecke.agreements.models import Measurement
from thorbecke.exchange.adoption import adoption, openapi_urls
from thorbecke.registry.models import Organisation

SUBJECT = "data system"  # what was measured, where a website check names its host


def _verdict(present: bool, contract: bool | None, missing: str, no_contract: str, unasked: str) -> tuple[str, list]:
    if not present:
        return FAIL, [missing]
    if contract is None:
        return ERROR, [f"could not ask the contracts: {unasked}"]
    return (PASS, []) if contract else (FAIL, [no_contract])


def measure_exchange(organisation: Organisation) -> list[Measurement]:
    found = adoption(organisation)
    has_contract = None if found.contracts_with_hub is None else found.contracts_with_hub > 0
    verdict, problems = _verdict(
        found.peers > 0,
        has_contract,
        "no node announced in the directory",
        "no valid contract with the hub's node",
        found.unasked,
    )
    node = Result(
        "exchange",
        verdict,
        {"peers": found.peers, "services": found.services, "contracts_with_hub": found.contracts_with_hub},
        problems,
    )
    verdict, problems = _verdict(
        found.activities > 0,
        found.log_open_to_hub if found.peers else False,
        "no processing activities registered",
        "its processing log is not open to the hub under a valid contract",
        found.unasked,
    )
    log = Result(
        "processing-log", verdict, {"activities": found.activities, "log_open_to_hub": found.log_open_to_hub}, problems
    )
    return Measurement.record(organisation, SUBJECT, [node, log])


def measure_apis(organisation: Organisation) -> list[Measurement]:
    urls = openapi_urls(organisation)
    return [
        measurement
        for url, result in zip(urls, check_apis(urls), strict=True)
        for measurement in Measurement.record(organisation, url, [result])
    ]
