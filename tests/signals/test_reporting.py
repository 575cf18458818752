"""The reporting page, a report's public page, following a report, and photos without their metadata."""

import io

import pytest
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
