"""The data system of `thorbecke demo`: four real organisations' nodes on loopback, with contracts.

- Logius runs the hub's node: it asks, on a signed-in person's behalf, who used their data and
  what the personal-records source holds on them, and receives the registry's life events (moves,
  coming of age) to re-screen the households they concern (proactive services).
- Rijksdienst voor Identiteitsgegevens offers personal records (Haal Centraal BRP-shaped) and its
  processing log.
- Gemeente Utrecht consumes personal records (to assess municipal tax remission) and offers its log.
- Belastingdienst offers registered incomes and its processing log.

Both sources serve the synthetic population the proactive services screen, with the test citizens in it.

Each organisation's register of processing activities is filled with the activities the demo
uses, with their legal basis. The nodes keep their certificates, contracts and logs in
``<data dir>/demo-group`` between runs.
"""

import http.client
import json
from pathlib import Path

from django.db import transaction

from thorbecke.demo.group import Group
from thorbecke.exchange.enrolment import record_peer, test_oin
from thorbecke.exchange.federated import HUB_ORGANISATION, INSIGHT, OWN_RECORDS, PROACTIVE
from thorbecke.exchange.models import DataService, ProcessingActivity, activity_uri
from thorbecke.node.launcher import NodeProcess
from thorbecke.registry.models import Organisation

RVIG, UTRECHT, TAX = "rijk-rijksdienst-voor-identiteitsgegevens", "gm0344", "rijk-belastingdienst"
NODE_ORGANISATIONS = {"hub": HUB_ORGANISATION, "rvig": RVIG, "utrecht": UTRECHT, "tax": TAX}
AVG = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32016R0679"
LIFE_EVENTS = ["nl.brp.verhuizing", "nl.brp.geboorte", "nl.brp.meerderjarig"]

ACTIVITIES = [
    (
        HUB_ORGANISATION,
        INSIGHT,
        "Inzage in verwerkingen",
        "Insight into processing",
        "Een persoon laten zien welke organisaties zijn gegevens hebben gebruikt.",
        "Showing a person which organisations used their data.",
        "Artikel 15 AVG (recht van inzage)",
        AVG,
        "Niet bewaard: alleen getoond",
    ),
    (
        HUB_ORGANISATION,
        OWN_RECORDS,
        "Inzage in eigen gegevens",
        "Insight into own records",
        "Een persoon laten zien welke gegevens de overheid over hem heeft.",
        "Showing a person which records the government holds on them.",
        "Artikel 15 AVG (recht van inzage)",
        AVG,
        "Niet bewaard: alleen getoond",
    ),
    (
        HUB_ORGANISATION,
        PROACTIVE,
        "Proactieve dienstverlening",
        "Proactive services",
        "Na een levensgebeurtenis nagaan op welke regelingen een huishouden recht heeft en het dat laten weten.",
        "After a life event, finding out which schemes a household is entitled to and telling it.",
        # A specific legal basis for proactive services across schemes does not exist yet; the general one for a
        # public task is named until it does.
        "Artikel 6 lid 1 onder e AVG (taak van algemeen belang)",
        AVG,
        "Wat iemand is verteld: zolang de regeling geldt",
    ),
    (
        RVIG,
        "verstrekking-brp",
        "Verstrekken van persoonsgegevens",
        "Providing personal records",
        "Persoonsgegevens uit de basisregistratie verstrekken aan overheidsorganisaties die ze voor hun taak nodig "
        "hebben.",
        "Providing records from the population register to government organisations that need them for their task.",
        "Artikel 3.3 Wet basisregistratie personen",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0033715&artikel=3.3",
        "Protocollering: 20 jaar",
    ),
    (
        TAX,
        "verstrekking-inkomen",
        "Verstrekken van inkomensgegevens",
        "Providing income data",
        "Geregistreerde inkomens verstrekken aan overheidsorganisaties die ze voor hun wettelijke taak nodig hebben.",
        "Providing registered incomes to government organisations that need them for their legal task.",
        # The basisregistratie inkomen is in chapter IXA of the AWR: to be checked against wetten.overheid.nl.
        "Hoofdstuk IXA Algemene wet inzake rijksbelastingen (basisregistratie inkomen)",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002320&hoofdstuk=IXA",
        "7 jaar",
    ),
    (
        UTRECHT,
        "kwijtschelding",
        "Kwijtschelding gemeentelijke belastingen",
        "Municipal tax remission",
        "Beoordelen of iemand kwijtschelding krijgt van gemeentelijke belastingen.",
        "Assessing whether someone is granted remission of municipal taxes.",
        "Artikel 26 Invorderingswet 1990",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0004770&artikel=26",
        "7 jaar",
    ),
]


def register_activities() -> None:
    for code, slug, name_nl, name_en, purpose_nl, purpose_en, basis, url, retention in ACTIVITIES:
        ProcessingActivity.objects.update_or_create(
            organisation=Organisation.objects.get(code=code),
            slug=slug,
            defaults={
                "name_nl": name_nl,
                "name_en": name_en,
                "purpose_nl": purpose_nl,
                "purpose_en": purpose_en,
                "legal_basis": basis,
                "legal_basis_url": url,
                "retention": retention,
            },
        )


def start(directory: Path, population: Path) -> Group:
    """Start the demo nodes with their contracts in place, the sources serving ``population``; returns the running
    group (stop it on exit)."""
    register_activities()
    group = Group(directory)

    def add(key: str, code: str, services: dict) -> None:
        organisation = Organisation.objects.get(code=code)
        serves = population if any(s.get("builtin") in ("brp-personen", "inkomen") for s in services.values()) else None
        group.add(key, organisation.name, organisation.oin or test_oin(code), services, serves)

    insight = activity_uri(HUB_ORGANISATION, INSIGHT)
    log_service = {"builtin": "logboek", "purpose": insight, "allowed_purposes": [insight]}
    remission = activity_uri(UTRECHT, "kwijtschelding")
    persons = {
        "builtin": "brp-personen",
        "purpose": activity_uri(RVIG, "verstrekking-brp"),
        "allowed_purposes": [remission, activity_uri(HUB_ORGANISATION, OWN_RECORDS)],
    }
    incomes = {
        "builtin": "inkomen",
        "purpose": activity_uri(TAX, "verstrekking-inkomen"),
        "allowed_purposes": [remission],
    }
    life_events = {"builtin": "cloudevents", "purpose": activity_uri(HUB_ORGANISATION, PROACTIVE)}
    add("hub", HUB_ORGANISATION, {"meldingen": life_events})
    add("rvig", RVIG, {"brp-personen": persons, "logboek": log_service})
    add("utrecht", UTRECHT, {"logboek": log_service})
    add("tax", TAX, {"logboek": log_service, "inkomen": incomes})
    # The hub's node is the group's FSC directory: the others announce themselves to it and publish their services
    # in it by contract; the hub's directory pages list what it lists.
    group.use_directory("hub")
    try:  # whatever fails, no node process is left running
        for node in group.nodes.values():
            node.start()
        for key, node in group.nodes.items():
            for name in json.loads(node.config.read_text())["services"]:
                group.publish(key, name, "hub")
        publish(group)
        # Each contract binds the consumer's purpose, so the provider serves it on the contract alone.
        for provider in ("rvig", "utrecht", "tax"):
            group.connect("hub", provider, "logboek", insight)
        group.connect("hub", "rvig", "brp-personen", activity_uri(HUB_ORGANISATION, OWN_RECORDS))
        utrecht_persons = group.connect("utrecht", "rvig", "brp-personen", remission)
        group.connect("utrecht", "tax", "inkomen", remission)
        # The registry delivers its life events to the hub's inbox, under a contract the hub granted.
        to_hub = group.connect("rvig", "hub", "meldingen")
        status, answer = group.nodes["rvig"].admin(
            "POST", "/subscriptions", {"name": HUB_ORGANISATION, "grant_hash": to_hub, "types": LIFE_EVENTS}
        )
        if status != 201:
            raise RuntimeError(f"subscribing the hub failed: {answer}")
        _utrecht_assesses_remission(group, utrecht_persons)
    except BaseException:
        group.stop()
        raise
    return group


SERVICE_TEXTS = {
    "brp-personen": (
        "Persoonsgegevens (BRP-vorm)",
        "Personal records (BRP shape)",
        "Persoonsgegevens van ingeschrevenen in de vorm van Haal Centraal BRP Personen bevragen; in de demo een "
        "synthetische bevolking.",
        "Records of registered persons in the shape of Haal Centraal BRP Personen bevragen; a synthetic population in "
        "the demo.",
    ),
    "inkomen": (
        "Inkomensgegevens",
        "Income data",
        "Het verzamelinkomen per persoon en belastingjaar; in de demo van een synthetische bevolking.",
        "The aggregate income per person and tax year; of a synthetic population in the demo.",
    ),
    "meldingen": (
        "Meldingen (CloudEvents)",
        "Notifications (CloudEvents)",
        "Ontvangt meldingen van veranderingen bij de bron, zoals levensgebeurtenissen uit de basisregistratie "
        "personen.",
        "Receives notifications of changes at the source, such as life events from the population register.",
    ),
    "logboek": (
        "Logboek dataverwerkingen",
        "Processing log",
        "De verwerkingen van gegevens van een betrokkene, volgens de standaard Logboek Dataverwerkingen.",
        "The processings of a data subject's data, as the Logboek Dataverwerkingen standard records them.",
    ),
}


def publish(group: Group) -> None:
    """The hub's record of each demo node and the description of each service it offers (titles, DCAT, purposes):
    what FSC's service listing does not carry. Whether a service is listed is the directory node's to say.

    Each node is recorded only if its certificate names its organisation (``record_peer``); one that does not stops
    the whole publication, so nothing of it is stored."""
    by_uri = {a.uri: a for a in ProcessingActivity.objects.select_related("organisation")}
    with transaction.atomic():
        for key, node in group.nodes.items():
            _publish_node(NODE_ORGANISATIONS[key], node, by_uri)


def _publish_node(code: str, node: NodeProcess, by_uri: dict[str, ProcessingActivity]) -> None:
    settings = json.loads(node.config.read_text())
    organisation = Organisation.objects.get(code=code)
    peer = record_peer(organisation, (node.folder / "node.pem").read_text(), node.manager_address)
    for name, service in settings["services"].items():
        title_nl, title_en, description_nl, description_en = SERVICE_TEXTS[name]
        published, _ = DataService.objects.update_or_create(
            peer=peer,
            name=name,
            defaults={
                "inway_address": f"https://127.0.0.1:{node.ports['inway']}",
                "activity": by_uri[service["purpose"]],
                "title_nl": title_nl,
                "title_en": title_en,
                "description_nl": description_nl,
                "description_en": description_en,
            },
        )
        published.allowed_purposes.set([by_uri[uri] for uri in service.get("allowed_purposes", [])])


def _utrecht_assesses_remission(group: Group, grant_hash: str) -> None:
    """One real exchange, so the first demo citizen's page shows a processing: Utrecht asks RvIG."""
    connection = http.client.HTTPConnection("127.0.0.1", group.nodes["utrecht"].ports["outway"], timeout=10)
    question = {
        "type": "RaadpleegMetBurgerservicenummer",
        "burgerservicenummer": ["999990019"],
        "fields": ["naam", "verblijfplaats"],
    }
    connection.request(
        "POST",
        "/personen",
        json.dumps(question),
        {
            "Fsc-Grant-Hash": grant_hash,
            "Thorbecke-Data-Subject": "BSN:999990019",
            "Content-Type": "application/json",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"the demo exchange failed with {response.status}")
