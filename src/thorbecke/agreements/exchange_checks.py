"""The data-system agreements (FSC, Logboek Dataverwerkingen), measured from the hub's directory:

- ``exchange``: the organisation has announced a node (an FSC peer) in the directory;
- ``processing-log``: it keeps a register of processing activities on the hub, which its processing-log
  records point at (``dpl.core.processing_activity_id``).

- ``api-design``: the OpenAPI document of every data service it announced, linted against the NL API
  Design Rules (api_checks), one measurement per document.

Whether its contracts are valid lives in the nodes, not in the hub; asking the nodes is not done yet.
"""

from thorbecke.agreements.api_checks import check_apis
from thorbecke.agreements.models import Measurement
from thorbecke.agreements.web_checks import FAIL, PASS
from thorbecke.exchange.adoption import adoption, openapi_urls
from thorbecke.registry.models import Organisation

SUBJECT = "data system"  # what was measured, where a website check names its host


def measure_exchange(organisation: Organisation) -> list[Measurement]:
    found = adoption(organisation)
    node = Measurement(
        organisation=organisation,
        host=SUBJECT,
        check_key="exchange",
        verdict=PASS if found.peers else FAIL,
        problems=[] if found.peers else ["no node announced in the directory"],
        evidence={"peers": found.peers, "services": found.services},
    )
    log = Measurement(
        organisation=organisation,
        host=SUBJECT,
        check_key="processing-log",
        verdict=PASS if found.activities else FAIL,
        problems=[] if found.activities else ["no processing activities registered"],
        evidence={"activities": found.activities},
    )
    return Measurement.objects.bulk_create([node, log])


def measure_apis(organisation: Organisation) -> list[Measurement]:
    urls = openapi_urls(organisation)
    found = [
        Measurement(
            organisation=organisation,
            host=url[:253],
            check_key=result.check,
            verdict=result.verdict,
            problems=result.problems,
            evidence=result.evidence,
        )
        for url, result in zip(urls, check_apis(urls), strict=True)
    ]
    return Measurement.objects.bulk_create(found)
