"""A new organisation's node, its certificate issued under a PKIoverheid-shaped chain (root, issuing CA, leaf with
the OIN in serialNumber), joins the running demo group and calls every demo service as a standard FSC consumer.

How the group comes to trust the new root: the way an organisation running a node would do it. Each demo node's
node.json gets the root as one more trust anchor and a CRL of each CA under it (``Group.trust``), and each
provider adds the newcomer's processing activity to the purposes its service serves (``Group.allow``); a node reads
node.json when it starts, so the changed running nodes are restarted (``Group.restart_changed``), keeping their
ports, certificates, contracts and logs. No hot reload of anchors: the TLS contexts and the verifier are built at
start, and a restart is what an operator does after changing a node's trust.

The newcomer then proposes one connection contract per demo service, each binding its own processing activity
(decision 0019), the providers accept, and it calls each service through its own outway with ``Fsc-Grant-Hash``
and the request body alone: no Thorbecke header."""

import http.client
import json
import time

import pytest

from thorbecke.exchange import enrolment
from thorbecke.exchange.models import activity_uri
from thorbecke.node.launcher import NodeProcess
from thorbecke.node.pki import load_chain, pkioverheid_chain
from thorbecke.registry.models import Organisation

pytestmark = pytest.mark.django_db

AMERSFOORT = "gm0307"
REMISSION, INSIGHT = activity_uri(AMERSFOORT, "kwijtschelding"), activity_uri(AMERSFOORT, "inzage-verwerkingen")

# What the newcomer asks each service, and under which of its own activities (None: the service serves any).
QUESTIONS = {
    ("rvig", "brp-personen"): (
        REMISSION,
        "/personen",
        {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"], "fields": ["naam"]},
    ),
    ("tax", "inkomen"): (REMISSION, "/inkomens", {"burgerservicenummer": ["999990019"], "belastingjaar": 2026}),
    ("rvig", "logboek"): (INSIGHT, "/processing-activities", {"dpl.core.data_subject_id": "999990019"}),
    ("utrecht", "logboek"): (INSIGHT, "/processing-activities", {"dpl.core.data_subject_id": "999990019"}),
    ("tax", "logboek"): (INSIGHT, "/processing-activities", {"dpl.core.data_subject_id": "999990019"}),
    ("hub", "meldingen"): (
        None,
        "/",
        {
            "specversion": "1.0",
            "id": "amersfoort-1",
            "source": f"urn:oin:{enrolment.test_oin(AMERSFOORT)}",
            "type": "nl.gemeente.kwijtschelding-beoordeeld",
            "subject": "999990019",
            "dplsubjecttype": "BSN",
        },
    ),
}


def listed_peers(directory: NodeProcess) -> set[str]:
    _, answer = directory.admin("GET", "/directory/peers")
    return {peer["id"] for peer in answer["peers"]}


def call(port: int, path: str, question: dict, grant_hash: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("POST", path, json.dumps(question), {"Fsc-Grant-Hash": grant_hash})
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def test_a_node_with_a_pkioverheid_chain_joins_the_demo_and_uses_every_service(data_system, tmp_path):
    group = data_system
    root, issuing = pkioverheid_chain(tmp_path / "pkioverheid")
    offered = {
        (key, name) for key, node in group.nodes.items() for name in json.loads(node.config.read_text())["services"]
    }
    assert offered == set(QUESTIONS)  # every demo service is asked below

    group.trust(root.certificate_path, [root.crl_path, issuing.crl_path])
    for (provider, service), (purpose, _, _) in QUESTIONS.items():
        if purpose:
            group.allow(provider, service, purpose)
    group.restart_changed()

    organisation = Organisation.objects.get(code=AMERSFOORT)
    newcomer = group.add("amersfoort", organisation.name, enrolment.test_oin(AMERSFOORT), issuer=issuing)
    leaf, *intermediates = load_chain(newcomer.folder / "node.pem")
    assert intermediates == [issuing.certificate] and leaf.issuer == issuing.certificate.subject
    newcomer.start()
    # It announces itself to the group's directory (the hub's node) once started: its chain passed the hub's TLS.
    deadline = time.monotonic() + 10
    while newcomer.peer_id not in listed_peers(group.nodes["hub"]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert newcomer.peer_id in listed_peers(group.nodes["hub"])

    answers = {}
    for (provider, service), (purpose, path, question) in QUESTIONS.items():
        grant_hash = group.connect("amersfoort", provider, service, purpose)
        answers[provider, service] = call(newcomer.ports["outway"], path, question, grant_hash)
    assert {k: status for k, (status, _) in answers.items()} == {
        **{k: 200 for k in QUESTIONS if k != ("hub", "meldingen")},
        ("hub", "meldingen"): 202,  # an inbox accepts; it has nothing to answer with
    }, answers
    (person,) = answers["rvig", "brp-personen"][1]["personen"]
    assert person["naam"]["geslachtsnaam"] == "Vries"
    (income,) = answers["tax", "inkomen"][1]["inkomens"]
    assert income["verzamelinkomen"] == {"bedrag": 21400, "valuta": "EUR"}

    # The logs: RvIG and the tax office name the newcomer as the one they served a moment ago; Utrecht asked RvIG
    # for her records when the demo started.
    def processors(provider: str) -> set[str]:
        activities = answers[provider, "logboek"][1]["processingActivities"]
        return {a["attributes"].get("dpl.core.foreign_operation.processor", "") for a in activities}

    assert f"urn:oin:{newcomer.peer_id}" in processors("rvig") & processors("tax")
    assert f"urn:oin:{group.nodes['utrecht'].peer_id}" in processors("rvig")
    assert answers["utrecht", "logboek"][1]["processingActivities"]
    assert answers["hub", "meldingen"][1] == {"duplicate": False}
