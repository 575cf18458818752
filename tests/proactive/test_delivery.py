"""From a screening's results to figures and messages: non-take-up per scheme and municipality on the hub
and over the API, and one plain-language message per person likely entitled to what they do not receive,
sent once and again only when the amount changes."""

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from thorbecke.population.schema import result_schema
from thorbecke.proactive import delivery, figures
from thorbecke.proactive.models import Notice, Screening
from thorbecke.proactive.rules.schemes import SCHEMES
from thorbecke.services.citizens import citizen_key
from thorbecke.services.models import Message

pytestmark = pytest.mark.django_db
SANNE, JAN, PIET = 999990019, 999990032, 999990044  # valid citizen numbers


def results(folder: Path, rows: list[dict]) -> Path:
    """A results file as the screening writes it: every scheme's columns, not entitled unless given."""
    schema = result_schema([s.key for s in SCHEMES])
    full = []
    for row in rows:
        base = {f.name: (False if pa.types.is_boolean(f.type) else 0.0 if pa.types.is_floating(f.type) else "")
                for f in schema}  # fmt: skip
        full.append(base | row)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(full, schema=schema), folder / "part-0.parquet")
    return folder


@pytest.fixture
def screened(register, tmp_path):
    found = results(
        tmp_path / "results",
        [
            # Sanne rents alone in Utrecht on a low income: entitled to both allowances, receives only one.
            {"persoon_id": SANNE, "huishouden_id": 1, "gemeente": "GM0344", "zorgtoeslag_recht": True,
             "zorgtoeslag_bedrag": 123.4, "huurtoeslag_recht": True, "huurtoeslag_bedrag": 310.0,
             "huurtoeslag_ontvangt": True},
            # Jan in Amsterdam: entitled to zorgtoeslag and receives it.
            {"persoon_id": JAN, "huishouden_id": 2, "gemeente": "GM0363", "zorgtoeslag_recht": True,
             "zorgtoeslag_bedrag": 98.0, "zorgtoeslag_ontvangt": True},
            # Piet in Utrecht: entitled to remission of municipal taxes, not asked for.
            {"persoon_id": PIET, "huishouden_id": 3, "gemeente": "GM0344", "kwijtschelding_recht": True,
             "kwijtschelding_bedrag": 40.0, "kwijtschelding_aannames": "kwijtschelding_aanname_vermogen_1_januari"},
        ],
    )  # fmt: skip
    screening = Screening.objects.create(period="2026-01", source="test", results=str(found), persons=3)
    return screening, found


def test_non_take_up_per_scheme_and_municipality_on_the_page_and_the_api(client, screened):
    screening, found = screened
    assert figures.record(screening, found) == 4
    utrecht = screening.figures.get(scheme="zorgtoeslag", gemeente="GM0344")
    assert (utrecht.entitled, utrecht.receiving, utrecht.unclaimed_per_month) == (1, 0, 123.4)
    # One or two people per municipality: every figure is suppressed (figures.MIN_CELL), the totals count none.
    zorg = next(n for n in figures.national(screening) if n["scheme"].key == "zorgtoeslag")
    assert (zorg["entitled"], zorg["receiving"], zorg["rate"], zorg["suppressed"]) == (0, 0, None, 2)
    page = client.get("/en/proactive/?scheme=zorgtoeslag").content.decode()
    assert "Healthcare allowance" in page and "gemeente Utrecht" in page and "Suppressed" in page
    assert "Zorgtoeslag" in client.get("/proactief/").content.decode()
    answer = client.get("/api/v1/proactive/non-take-up?scheme=kwijtschelding").json()["results"]
    assert answer == [
        {"scheme": "kwijtschelding", "gemeente": "GM0344", "suppressed": True, "entitled": None, "receiving": None,
         "notReceiving": None, "unclaimedPerMonth": None, "period": "2026-01"}
    ]  # fmt: skip
    assert client.get("/api/v1/proactive/non-take-up?scheme=bestaatniet").status_code == 400


def test_each_person_hears_once_what_they_may_be_entitled_to_and_why(screened):
    _screening, found = screened
    assert delivery.notify(found) == 2  # Sanne and Piet; Jan receives what he is entitled to
    [sanne] = Message.objects.filter(recipient_key=citizen_key(str(SANNE)))
    assert sanne.subject_nl == "U heeft misschien recht op zorgtoeslag"
    assert "ongeveer € 123 per maand" in sanne.body_nl and "zorgverzekering" in sanne.body_nl
    assert "Belastingdienst" in sanne.body_nl and "Mijn toeslagen" in sanne.body_nl
    assert "about € 123 a month" in sanne.body_en and "Why:" in sanne.body_en
    # Sent by the organisation that delivers the scheme, with the front door's page on how to apply.
    assert sanne.sender.code == "rijk-belastingdienst"
    assert "Aanvragen: http://127.0.0.1:8000/producten/zorgtoeslag/" in sanne.body_nl
    assert "Apply: http://127.0.0.1:8000/en/products/zorgtoeslag/" in sanne.body_en
    [piet] = Message.objects.filter(recipient_key=citizen_key(str(PIET)))
    assert "ongeveer € 480 per jaar" in piet.body_nl and "gemeente Utrecht" in piet.body_nl
    assert piet.sender.code == "gm0344"
    # What the estimate assumed because the government does not know it (issue 22): said, in both languages.
    assert "Aangenomen: We zijn uitgegaan van uw spaargeld en vermogen op 1 januari" in piet.body_nl
    assert "Assumed: We assumed your savings are what they were on 1 January" in piet.body_en
    assert "Aangenomen" not in sanne.body_nl
    assert not Message.objects.filter(recipient_key=citizen_key(str(JAN))).exists()
    # The same screening again tells nobody anything new; a changed amount does.
    assert delivery.notify(found) == 0
    Notice.objects.filter(scheme="zorgtoeslag").update(amount=100.0)
    assert delivery.notify(found) == 1 and Message.objects.count() == 3


def rewrite(found: Path, rows: list[dict]) -> None:
    part = found / "part-0.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=pq.read_schema(part)), part)


def manifest(found: Path, rules: str, period: str = "2026-01") -> None:
    """The screening's manifest, as screen() writes it: the rules' fingerprint and the period of the results."""
    (found / "_manifest.json").write_text(json.dumps({"fingerprint": {"rules": rules, "period": period}}))


def test_after_a_rule_correction_only_estimates_that_moved_are_told_again_saying_a_rule_changed(screened):
    _screening, found = screened
    manifest(found, rules="a" * 64)
    assert delivery.notify(found) == 2
    # The same period screened again under corrected rules: Sanne's zorgtoeslag moves by EUR 10 (told again), Piet's
    # remission by EUR 2 a month (below the threshold: not told again).
    table = pq.read_table(found / "part-0.parquet").to_pylist()
    for row in table:
        if row["persoon_id"] == SANNE:
            row["zorgtoeslag_bedrag"] += 10
        if row["persoon_id"] == PIET:
            row["kwijtschelding_bedrag"] += 2
    rewrite(found, table)
    manifest(found, rules="b" * 64)
    assert delivery.notify(found) == 1
    latest = Message.objects.filter(recipient_key=citizen_key(str(SANNE))).latest("pk")
    assert "ongeveer € 133 per maand" in latest.body_nl
    assert "rekenregel verbeterd" in latest.body_nl and "niet door een verandering in uw leven" in latest.body_nl
    assert "we corrected a rule" in latest.body_en and "not a change in your life" in latest.body_en
    assert Notice.objects.get(recipient_key=citizen_key(str(SANNE)), scheme="zorgtoeslag").rules == "b" * 64
    # A later period under the corrected rules: the person's details may have changed too, and the message says so.
    for row in table:
        if row["persoon_id"] == SANNE:
            row["zorgtoeslag_bedrag"] += 10
    rewrite(found, table)
    manifest(found, rules="c" * 64, period="2026-02")
    assert delivery.notify(found) == 1
    latest = Message.objects.filter(recipient_key=citizen_key(str(SANNE))).latest("pk")
    assert "ook uw gegevens kunnen veranderd zijn" in latest.body_nl and "details may have changed" in latest.body_en
    # Under the same rules, a moved amount is told without a word about rules.
    for row in table:
        if row["persoon_id"] == SANNE:
            row["zorgtoeslag_bedrag"] += 10
    rewrite(found, table)
    assert delivery.notify(found) == 1
    assert "Gewijzigd" not in Message.objects.filter(recipient_key=citizen_key(str(SANNE))).latest("pk").body_nl


def test_a_message_links_to_the_screening_in_the_algorithm_register(client, screened):
    from thorbecke.ai.own import PROACTIVE_SCREENING, registered
    from thorbecke.demo.own_algorithms import seed_own_algorithms
    from thorbecke.services.citizens import CitizenBackend

    _screening, found = screened
    seed_own_algorithms()
    public_id = registered(PROACTIVE_SCREENING).public_id
    delivery.notify(found)
    [message] = Message.objects.filter(recipient_key=citizen_key(str(SANNE)))
    nl = f"http://127.0.0.1:8000/algoritmes/{public_id}/"
    en = f"http://127.0.0.1:8000/en/algorithms/{public_id}/"
    assert f"Hoe komt dit bericht tot stand? Het algoritmeregister legt uit hoe het werkt: {nl}" in message.body_nl
    assert f"How did this message come about? The algorithm register explains how it works: {en}" in message.body_en

    # Sanne reads it on her page, follows the link and finds the description of the screening.
    client.force_login(CitizenBackend().create_user({"bsn": str(SANNE), "name": "Sanne de Vries"}))
    assert f'href="{nl}"' in client.get(f"/mijn-pagina/berichten/{message.pk}/").content.decode()
    assert f'href="{en}"' in client.get(f"/en/my-page/messages/{message.pk}/").content.decode()
    page = client.get(nl.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200 and "Proactief wijzen op regelingen" in page.content.decode()


def test_without_the_screening_in_the_register_a_message_has_no_such_link(screened):
    _screening, found = screened
    delivery.notify(found)
    assert not Message.objects.filter(body_nl__contains="algoritmeregister").exists()
    assert not Message.objects.filter(body_en__contains="algorithm register").exists()
