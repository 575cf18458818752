"""A signed-in person sees, through the real demo nodes, what a source holds on them and who used it."""

import pytest

from thorbecke.exchange import federated
from thorbecke.services.citizens import SESSION_BSN, CitizenBackend

pytestmark = pytest.mark.django_db


def sign_in(client, bsn, name):
    user = CitizenBackend().create_user({"bsn": bsn, "name": name})
    client.force_login(user)
    session = client.session
    session[SESSION_BSN] = bsn
    session.save()


def test_a_person_sees_the_records_held_and_who_used_them(client, data_system):
    sign_in(client, "999990019", "Sanne de Vries")
    page = client.get("/mijn-pagina/").content.decode()
    assert "Oudegracht 100" in page  # fetched from the source, not from the hub
    # Utrecht logged its own purpose when it asked; RvIG logged providing the records: both ends
    assert "Kwijtschelding gemeentelijke belastingen" in page and "Artikel 26 Invorderingswet 1990" in page
    assert "Verstrekken van persoonsgegevens" in page and "Artikel 3.3 Wet basisregistratie personen" in page
    assert "gemeente Utrecht" in page and "Rijksdienst voor Identiteitsgegevens" in page
    # One processing, one row: a node logs a call in several records of one trace (decision 0023).
    uses = federated.who_used("999990019").uses
    assert len({(u.peer_id, u.trace_id, u.activity_uri) for u in uses}) == len(uses) > 0
    english = client.get("/en/my-page/").content.decode()
    assert "Providing personal records" in english and "Who used your data" in english


def test_another_person_sees_only_their_own(client, data_system):
    sign_in(client, "999990020", "Mohammed El Amrani")
    first = client.get("/mijn-pagina/").content.decode()
    assert "Coolsingel 40" in first and "Oudegracht" not in first
    assert "Artikel 26 Invorderingswet 1990" not in first


def test_without_the_data_system_the_page_says_so(client, register, settings):
    settings.HUB_NODE = ""
    sign_in(client, "999990019", "Sanne de Vries")
    page = client.get("/mijn-pagina/").content.decode()
    assert "zodra de organisaties" in page or "once the organisations" in page


def test_utrecht_gets_an_income_for_its_purpose_only(data_system):
    import http.client
    import json

    from thorbecke.exchange.models import activity_uri

    utrecht = data_system.nodes["utrecht"]
    remission = activity_uri("gm0344", "kwijtschelding")
    grant = data_system.connect("utrecht", "tax", "inkomen", remission)  # already in place: returns the same grant

    def ask(purpose):
        connection = http.client.HTTPConnection("127.0.0.1", utrecht.ports["outway"], timeout=10)
        connection.request(
            "POST",
            "/inkomens",
            json.dumps({"burgerservicenummer": ["999990019"], "belastingjaar": 2026}),
            {"Fsc-Grant-Hash": grant, "Thorbecke-Purpose": purpose, "Thorbecke-Data-Subject": "BSN:999990019"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read())

    status, answer = ask(remission)
    assert status == 200, answer
    (income,) = answer["inkomens"]
    assert income["verzamelinkomen"] == {"bedrag": 21400, "valuta": "EUR"} and income["status"] == "voorlopig"
    # the contract binds the purpose: a header naming another cannot widen it
    status, answer = ask(activity_uri("gm0344", "marketing"))
    assert (status, answer["code"]) == (403, "ERROR_CODE_PURPOSE_NOT_ALLOWED")


def test_the_api_answers_the_signed_in_person_only(client, data_system):
    assert client.get("/api/v1/me/processings").status_code == 401
    sign_in(client, "999990019", "Sanne de Vries")
    body = client.get("/api/v1/me/processings").json()
    names = {p["name"] for p in body["processings"]}
    assert "Kwijtschelding gemeentelijke belastingen" in names and body["unreachable"] == []
    assert all(p["when"].endswith("+00:00") for p in body["processings"])


def test_the_hubs_own_processing_is_shown_but_not_the_persons_own_looking(client, data_system, settings):
    from pathlib import Path

    from thorbecke.exchange.federated import HubNode
    from thorbecke.population import source
    from thorbecke.proactive import life_events

    sign_in(client, "999990019", "Sanne de Vries")
    client.get("/mijn-pagina/")  # looking is logged at the hub, but is not a use to show her
    assert "Logius" not in client.get("/mijn-pagina/").content.decode()
    population = Path(settings.THORBECKE_POPULATION)
    life_events.publish(data_system.nodes["rvig"], [source.move_household(population, 999990019, "GM0193")])
    hub = HubNode(data_system.nodes["hub"].config)
    for _ in range(100):
        if life_events.consume(hub).handled:
            break
    body = client.get("/api/v1/me/processings").json()
    (own,) = [p for p in body["processings"] if p["peerId"] == hub.peer_id]
    assert own["name"] == "Proactieve dienstverlening" and "AVG" in own["legalBasis"]
    # Asking again adds nothing: her own looking is logged at the hub but not shown back to her as a use.
    assert len(client.get("/api/v1/me/processings").json()["processings"]) == len(body["processings"])


def test_a_standard_fsc_consumer_reaches_every_demo_service_without_a_thorbecke_header(data_system):
    """Each demo contract binds its purpose, so an outway sends nothing but FSC's own header and the data."""
    import http.client
    import json

    questions = {
        "brp-personen": ("/personen", {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": ["999990019"],
                                       "fields": ["naam"]}),
        "inkomen": ("/inkomens", {"burgerservicenummer": ["999990019"], "belastingjaar": 2026}),
        "logboek": ("/processing-activities", {"dpl.core.data_subject_id": "999990019"}),
    }  # fmt: skip
    reached = []
    for key, node in data_system.nodes.items():
        _, listing = node.admin("GET", "/contracts")
        for contract, grant_hash in (
            (c, h) for c in listing["contracts"] if c["state"] == "valid" for h in c["grant_hashes"]
        ):
            data = contract["content"]["grants"][0]["data"]
            if data["type"] != "GRANT_TYPE_SERVICE_CONNECTION":  # the publications in the hub's directory
                continue
            if data["outway"]["peer_id"] != node.peer_id or data["service"]["name"] not in questions:
                continue
            path, question = questions[data["service"]["name"]]
            connection = http.client.HTTPConnection("127.0.0.1", node.ports["outway"], timeout=10)
            connection.request("POST", path, json.dumps(question), {"Fsc-Grant-Hash": grant_hash})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == 200, (key, data["service"]["name"], body)
            reached.append((key, data["service"]["name"]))
    assert len(reached) == 6, reached  # the hub: three logs and the personal records; Utrecht: records and income


def test_the_hub_asks_under_the_contract_that_binds_its_purpose(data_system):
    """A contract from before purposes were bound (or for another purpose) is not used when one binds the purpose."""
    from thorbecke.exchange.federated import records_held

    data_system.connect("hub", "rvig", "brp-personen")  # valid, but binds no purpose: RvIG would refuse it
    held = records_held("999990019")
    assert held.unreachable == [] and len(held.records) == 1


def test_a_use_under_an_activity_a_published_algorithm_serves_names_it_and_links_its_register_page(client, data_system):
    """Issue 24 item 7: Utrecht's published remission algorithm serves the activity under which Utrecht asked for her
    income; its concept serves it too, but a concept is nobody's to read; RvIG's provision names no algorithm."""
    from tests.ai.test_exchange_format import standard_description
    from thorbecke.ai.exchange_format import import_descriptions
    from thorbecke.ai.links import save_links
    from thorbecke.ai.register import move
    from thorbecke.exchange.models import ProcessingActivity
    from thorbecke.registry.models import Organisation

    utrecht = Organisation.objects.get(code="gm0344")
    remission = ProcessingActivity.objects.get(organisation=utrecht, slug="kwijtschelding")
    published, concept = import_descriptions(
        [standard_description(name="Kwijtscheldingstoets"), standard_description(name="Geheime proefrekenregel")],
        utrecht,
    )
    move(published, "publish", None)
    for algorithm in (published, concept):
        save_links(algorithm, [remission], [], None)
    sign_in(client, "999990019", "Sanne de Vries")
    page = client.get("/mijn-pagina/").content.decode()
    rows = [row for row in page.split("<tr")[2:]]  # the table's rows after its head
    remission_rows = [row for row in rows if "Kwijtschelding gemeentelijke belastingen" in row]
    provision_rows = [row for row in rows if "Verstrekken van persoonsgegevens" in row]
    assert remission_rows and provision_rows
    link = f'href="/algoritmes/{published.public_id}/">Kwijtscheldingstoets</a>'
    assert all("Hierbij was een algoritme betrokken" in row and link in row for row in remission_rows)
    assert not any("algoritme" in row for row in provision_rows)
    assert "Geheime proefrekenregel" not in page
    english = client.get("/en/my-page/").content.decode()
    assert "An algorithm was involved" in english and f'href="/en/algorithms/{published.public_id}/"' in english
    # The page's link leads to the algorithm's public page.
    assert client.get(f"/algoritmes/{published.public_id}/").status_code == 200
    # The API says the same.
    processings = client.get("/api/v1/me/processings").json()["processings"]
    named = {p["name"]: p["algorithms"] for p in processings}
    assert named["Kwijtschelding gemeentelijke belastingen"] == [
        {"name": "Kwijtscheldingstoets", "url": f"http://testserver/algoritmes/{published.public_id}/"}
    ]
    assert named["Verstrekken van persoonsgegevens"] == []
