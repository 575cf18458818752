import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from thorbecke.demo.identity import PROVIDERS
from thorbecke.registry.models import Organisation
from thorbecke.services.citizens import CitizenBackend, citizen_key, send_message, valid_bsn

pytestmark = pytest.mark.django_db


def citizen(bsn, name):
    return CitizenBackend().create_user({"bsn": bsn, "name": name})


def test_the_elfproef_accepts_demo_numbers_and_refuses_others():
    assert all(valid_bsn(bsn) for bsn in PROVIDERS["digid"].accounts())
    assert not valid_bsn("999990018") and not valid_bsn("12345678") and not valid_bsn("abcdefghi")


def test_the_hub_keeps_a_pseudonym_not_the_citizen_number(register):
    user = citizen("999990019", "Sanne de Vries")
    assert user.citizen.key == citizen_key("999990019") != "999990019"
    assert "999990019" not in user.username
    assert not user.has_usable_password()


def test_a_person_never_sees_another_persons_messages(client, register):
    sanne, jan = citizen("999990019", "Sanne de Vries"), citizen("999990032", "Jan Jansen")
    gemeente = Organisation.objects.get(code="gm0344")
    for_sanne = send_message(
        "999990019",
        gemeente,
        ("Uw paspoort verloopt", "Your passport expires"),
        ("Vraag op tijd een nieuw paspoort aan.", "Apply for a new passport in time."),
    )
    for_jan = send_message("999990032", gemeente, ("Afvalkalender", "Waste calendar"), ("Tekst", "Text"))

    client.force_login(sanne)
    page = client.get("/mijn-pagina/").content.decode()
    assert "Uw paspoort verloopt" in page and "Afvalkalender" not in page
    assert client.get(f"/mijn-pagina/berichten/{for_jan.pk}/").status_code == 404
    assert client.get(f"/en/my-page/messages/{for_sanne.pk}/").content.decode().count("Your passport expires") >= 1
    for_sanne.refresh_from_db()
    assert for_sanne.read_at is not None

    client.force_login(jan)
    page = client.get("/mijn-pagina/").content.decode()
    assert "Afvalkalender" in page and "Uw paspoort verloopt" not in page
    assert client.get(f"/mijn-pagina/berichten/{for_sanne.pk}/").status_code == 404
    assert client.post(f"/mijn-pagina/berichten/{for_sanne.pk}/", {"unread": "1"}).status_code == 404
    for_sanne.refresh_from_db()
    assert for_sanne.read_at is not None


def test_messages_need_a_valid_citizen_number(register):
    with pytest.raises(ValueError):
        send_message("123", None, ("a", "a"), ("b", "b"))


def test_staff_are_not_shown_a_citizens_page(client, accounts):
    client.force_login(get_user_model().objects.get(username="utrecht-editor"))
    response = client.get("/mijn-pagina/")
    assert response.status_code == 401 and "medewerker" in response.content.decode()


def test_the_demo_identity_provider_is_refused_off_loopback(settings):
    from thorbecke.services.sign_in import demo_idp_only_on_loopback

    settings.DEMO_IDP = True
    settings.ALLOWED_HOSTS = ["hub.example.nl"]
    assert [e.id for e in demo_idp_only_on_loopback()] == ["thorbecke.E001"]
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    assert demo_idp_only_on_loopback() == []
    call_command("check")


def test_the_hub_serves_no_identity_provider_of_its_own(client, settings):
    # A hub answering its own sign-in's token request waits on itself when it serves one request at a time.
    settings.DEMO_IDP = True
    assert client.get("/demo-idp/jwks").status_code == 404
    assert client.get("/digid/.well-known/openid-configuration").status_code == 404
