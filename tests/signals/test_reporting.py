"""The reporting page, a report's public page, following a report, and photos without their metadata."""

import html
import io
import json
from collections import Counter

import pytest
import shapely
from PIL import Image

from tests.conftest import PASSWORD
from thorbecke.signals.intake import DEVICE_PER_MINUTE
from thorbecke.signals.models import Follower, Photo, ServiceRequest

pytestmark = pytest.mark.django_db

DOM_UTRECHT = {"lat": "52.0907", "long": "5.1214"}


def photo_with_location(fmt: str = "JPEG") -> io.BytesIO:
    """A photo as a phone makes it: EXIF with the camera and the GPS position where it was taken."""
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 26.52), 3: "E", 4: (5.0, 7.0, 17.04)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    out.seek(0)
    out.name = "straat." + fmt.lower()
    return out


def report(client, **fields):
    data = {
        "description": "De lantaarnpaal voor nummer 12 doet het niet.",
        "category": "straatverlichting-openbare-klok",
        **fields,
    }
    return client.post("/melding-doen/", data)


def test_a_person_reports_with_a_point_from_the_map_and_can_follow_it(client, register):
    assert client.get("/melding-doen/").status_code == 200
    response = report(client, **DOM_UTRECHT, email="melder@example.org")
    item = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/melding-doen/{item.pk}/"
    assert (item.organisation.code, item.category_id, item.email) == (
        "gm0344",
        "straatverlichting-openbare-klok",
        "melder@example.org",
    )
    assert item.device_id.startswith("web-") and "127.0.0.1" not in item.device_id
    page = client.get(response["Location"]).content.decode()
    assert "Utrecht" in page and "melder@example.org" not in page


def test_without_the_map_the_address_with_its_postcode_gives_the_place(client, register):
    assert report(client, address="Domplein 29, 3512 JE Utrecht").status_code == 302
    item = ServiceRequest.objects.get()
    assert (item.organisation.code, item.lat, item.zipcode) == ("gm0344", None, "3512JE")
    # A water board's kind of problem, by postcode: the board of that municipality.
    dike = {"category": "dijk-waterkering", "question-dijk-waterkering-water_door_dijk": "nee"}
    assert report(client, **dike, address="Markt 1, 3511 AB").status_code == 302
    assert ServiceRequest.objects.latest("pk").organisation.org_type == "waterschap"


def test_the_kind_of_problem_asks_its_own_questions(client, register):
    page = client.get("/melding-doen/").content.decode()
    assert "Stroomt er water door of over de dijk?" in page and "Is traffic in immediate danger?" not in page
    english = client.get("/en/report-a-problem/").content.decode()
    assert "Is water flowing through or over the dike?" in english
    dike = {"description": "De dijk lekt, er stroomt water door de dijk heen.", **DOM_UTRECHT}
    # Not answered: refused under the question, with the kind chosen (from the description) kept.
    response = report(client, **dike, category="")
    page = response.content.decode()
    assert response.status_code == 400 and "Deze vraag moet beantwoord worden" in page
    assert '<option value="dijk-waterkering" selected>' in page
    assert not ServiceRequest.objects.exists()
    # An answer that is not one of the question's own is refused too.
    wrong = {"category": "dijk-waterkering", "question-dijk-waterkering-water_door_dijk": "misschien"}
    assert report(client, **dike, **wrong).status_code == 400
    answered = {"category": "dijk-waterkering", "question-dijk-waterkering-water_door_dijk": "ja"}
    assert report(client, **dike, **answered).status_code == 302
    item = ServiceRequest.objects.get()
    assert (item.category_id, item.attributes) == ("dijk-waterkering", {"water_door_dijk": "ja"})
    # Questions of another kind of problem are not kept with this one.
    light = {
        "question-dijk-waterkering-water_door_dijk": "ja",
        "question-straatverlichting-openbare-klok-lichtpuntnummer": "12-34",
    }
    assert report(client, **DOM_UTRECHT, **light).status_code == 302
    assert ServiceRequest.objects.latest("pk").attributes == {"lichtpuntnummer": "12-34"}


@pytest.mark.parametrize(
    "fields, words",
    [
        ({}, "adres"),
        ({"address": "Ergens in het land"}, "postcode"),
        ({"lat": "50.8467", "long": "4.3525"}, "gemeente"),  # Brussels
        ({"description": "Kapot <script>alert(1)</script>", **DOM_UTRECHT}, "script"),
        ({"category": "bestaat-niet", **DOM_UTRECHT}, "keuze"),
        ({"description": "", **DOM_UTRECHT}, "verplicht"),
    ],
)
def test_bad_reports_say_why_and_store_nothing(client, register, fields, words):
    response = report(client, **fields)
    assert response.status_code == 400 and words in response.content.decode().lower()
    assert not ServiceRequest.objects.exists()


def test_a_photo_is_kept_without_its_exif_and_shown_only_to_the_handling_organisation(client, accounts):
    assert report(client, **DOM_UTRECHT, photo=photo_with_location()).status_code == 302
    photo = Photo.objects.get()
    stored = Image.open(io.BytesIO(bytes(photo.data)))
    assert stored.format == "JPEG" and (stored.width, stored.height) == (64, 48)
    assert not stored.getexif() and b"PhoneMaker" not in bytes(photo.data)
    url = f"/meldingen/{photo.request_id}/foto/"
    assert client.get(url).status_code == 302  # to sign in
    client.login(username="amsterdam-editor", password=PASSWORD)
    assert client.get(url).status_code == 403
    client.login(username="utrecht-viewer", password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_a_photo_is_refused(client, register):
    fake = io.BytesIO(b"%PDF-1.7 not a photo")
    fake.name = "bon.jpg"
    response = report(client, **DOM_UTRECHT, photo=fake)
    assert response.status_code == 400 and not ServiceRequest.objects.exists()


def test_an_open_report_nearby_is_offered_to_follow_instead(client, register):
    report(client, **DOM_UTRECHT)
    first = ServiceRequest.objects.get()
    nearby = {"lat": "52.0908", "long": "5.1215"}
    response = report(client, **nearby, email="buur@example.org")
    assert response.status_code == 200 and "Al gemeld" in response.content.decode()
    assert ServiceRequest.objects.count() == 1
    assert client.post(f"/melding-doen/{first.pk}/volgen/", {}).status_code == 400  # no address, not signed in
    client.post(f"/melding-doen/{first.pk}/volgen/", {"email": "buur@example.org"})
    assert Follower.objects.get().email == "buur@example.org"
    # "It is a different problem": the confirmed report is taken in after all.
    assert report(client, **nearby, confirmed="1").status_code == 302
    assert ServiceRequest.objects.count() == 2


def test_posting_is_limited_per_device(client, register):
    for number in range(DEVICE_PER_MINUTE):
        lat = 52.0907 + number * 0.01
        assert report(client, lat=str(lat), long="5.1214", confirmed="1").status_code == 302
    assert report(client, **DOM_UTRECHT, confirmed="1").status_code == 429
    assert ServiceRequest.objects.count() == DEVICE_PER_MINUTE


def test_without_a_category_the_description_chooses_it(client, register):
    response = report(client, category="", description="Er ligt een berg vuilnis naast de container", **DOM_UTRECHT)
    assert response.status_code == 302
    assert ServiceRequest.objects.get().category.parent_id == "afval"


def test_the_place_picked_on_the_map_is_said_in_words(client, register):
    answer = client.get("/melding-doen/place.json", {**DOM_UTRECHT, "address": ""}).json()
    assert answer == {"place": "In de gemeente Utrecht", "inNetherlands": True}
    english = client.get("/en/report-a-problem/place.json", {**DOM_UTRECHT, "address": "3511"}).json()
    assert english["place"] == "Near 3511, municipality of Utrecht"
    typed = client.get("/melding-doen/place.json", {**DOM_UTRECHT, "address": "Domplein 29, 3512 JE"}).json()
    assert typed["place"] == "Domplein 29, 3512 JE, gemeente Utrecht"
    brussels = client.get("/en/report-a-problem/place.json", {"lat": "50.8467", "long": "4.3525"}).json()
    assert brussels["inNetherlands"] is False
    assert client.get("/melding-doen/place.json", {"lat": "abc", "long": "5.1"}).status_code == 400
    assert client.get("/melding-doen/place.json", {"lat": "95", "long": "5.1"}).status_code == 400


def test_the_offline_map_has_every_boundary_with_its_name_and_stays_small(client, register):
    response = client.get("/melding-doen/outline.geojson", headers={"Accept-Encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip" and "max-age=86400" in response["Cache-Control"]
    assert len(response.content) < 200_000
    plain = client.get("/melding-doen/outline.geojson")
    assert len(plain.content) < 700_000
    features = json.loads(plain.content)["features"]
    kinds = Counter(f["properties"]["kind"] for f in features)
    assert kinds == {"gemeente": 342, "waterschap": 21, "provincie": 12}
    names = {f["properties"]["name"] for f in features}
    assert {"Utrecht", "Fryslân", "waterschap Limburg", "Hoogheemraadschap van Delfland"} <= names
    utrecht = next(
        f for f in features if f["properties"]["name"] == "Utrecht" and f["properties"]["kind"] == "gemeente"
    )
    assert shapely.geometry.shape(utrecht["geometry"]).contains(shapely.Point(5.1214, 52.0907))
    assert shapely.geometry.shape(utrecht["geometry"]).contains(shapely.Point(*utrecht["properties"]["label"]))


def test_the_map_uses_pdoks_base_map_unless_tiles_are_turned_off(client, register, settings):
    page = client.get("/melding-doen/").content.decode()
    assert 'data-tiles="https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/' in page
    assert "Kadaster" in page
    settings.MAP_TILES_URL = ""
    assert 'data-tiles=""' in client.get("/melding-doen/").content.decode()


def test_a_reports_public_page_says_what_and_where_but_not_who(client, register):
    answered = {"category": "dijk-waterkering", "question-dijk-waterkering-water_door_dijk": "ja"}
    description = "Er stroomt water door de dijk bij het gemaal."
    report(client, **answered, **DOM_UTRECHT, description=description, email="melder@example.org")
    item = ServiceRequest.objects.get()
    ServiceRequest.objects.filter(pk=item.pk).update(first_name="Jan", last_name="Melder", phone="0612345678")
    page = client.get(f"/melding-doen/{item.pk}/").content.decode()
    assert "Dijk of waterkering" in page and description in page
    assert "Stroomt er water door of over de dijk?" in page and "<dd>Ja</dd>" in page
    assert "In de gemeente Utrecht" in page and 'id="report-map"' in page
    assert "Nog niets gedaan" in page or "open" in page
    for personal in ("melder@example.org", "Jan", "Melder", "0612345678", item.device_id):
        assert personal not in page
    english = client.get(f"/en/report-a-problem/{item.pk}/").content.decode()
    assert "Dike or flood defence" in english and "Is water flowing through or over the dike?" in english
    assert "<dd>Yes</dd>" in english and "In the municipality of Utrecht" in english


def test_a_report_by_address_says_its_address_on_its_public_page(client, register):
    report(client, address="Domplein 29, 3512 JE Utrecht")
    page = client.get(f"/en/report-a-problem/{ServiceRequest.objects.get().pk}/").content.decode()
    assert "Domplein 29, 3512 JE Utrecht, municipality of Utrecht" in page and 'id="report-map"' not in page


TYPED = "De stoeptegel ligt los"


@pytest.mark.parametrize(
    "fields, dutch, english",
    [
        ({"description": ""}, "Dit veld is verplicht", "This field is required"),
        ({"description": "x" * 4001}, "niet meer dan 4000 tekens", "at most 4000 characters"),
        ({"description": TYPED + " <script>alert(1)</script>"}, "zonder opmaak of script", "without markup or script"),
        ({"address": "Domplein 29 <b>Utrecht</b>", "lat": "", "long": ""}, "zonder opmaak", "without markup"),
        ({"lat": "abc"}, "geen plaats op de kaart", "not a place on the map"),
        ({"lat": "95", "long": "5.1214"}, "geen plaats op de kaart", "not a place on the map"),
        ({"address": "Domplein 29, Utrecht", "lat": "", "long": ""}, "postcode", "postcode"),
        ({"address": "Domplein 29, 0123 AB", "lat": "", "long": ""}, "postcode", "postcode"),
        (
            {"address": "Nergensweg 1, 1099 ZZ", "lat": "", "long": ""},
            "Postcode 1099 bestaat niet",
            "1099 does not exist",
        ),
        ({"lat": "50.8467", "long": "4.3525"}, "buitenland", "abroad"),  # Brussels
        ({"lat": "52.0907", "long": "", "address": ""}, "Vul het adres in", "Give the address"),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_bad_input_is_refused_in_the_pages_language_keeping_what_was_typed(
    client, register, fields, dutch, english, language
):
    data = {"description": TYPED, "category": "onderhoud-stoep-straat-en-fietspad", **DOM_UTRECHT, **fields}
    data.setdefault("address", "Domplein 29, 3512 JE")
    response = client.post("/melding-doen/" if language == "nl" else "/en/report-a-problem/", data)
    page = response.content.decode()
    assert response.status_code == 400 and (dutch if language == "nl" else english) in page
    assert 'role="alert"' in page
    for typed in (data["description"], data["address"]):
        assert html.escape(typed, quote=False)[:1000] in page
    assert "<script>alert(1)</script>" not in page
    assert not ServiceRequest.objects.exists()
