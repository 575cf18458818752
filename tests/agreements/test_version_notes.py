"""The history the importer writes reads in the page's language: its notes are stored as a message code with
the source, not as English text; a person's own reason for a change is kept as typed."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import translation

from thorbecke.agreements.catalogue import import_agreements
from thorbecke.agreements.models import Agreement, AgreementVersion

pytestmark = pytest.mark.django_db


def test_the_import_note_reads_dutch_on_the_dutch_page_and_english_on_the_english_one(client, register):
    import_agreements(settings.SHARED_DATA_DIR)
    agreement = Agreement.objects.get(slug="standaard-tls")
    dutch = client.get("/afspraken/standaard-tls/").content.decode()
    assert f"Geïmporteerd uit {agreement.source}." in dutch and "Imported from" not in dutch
    english = client.get("/en/agreements/standaard-tls/").content.decode()
    assert f"Imported from {agreement.source}." in english
    assert "Imported" not in stored(agreement) and agreement.source in stored(agreement)


def stored(agreement: Agreement) -> str:
    """The first version's note as the database holds it."""
    versions = AgreementVersion.objects.filter(agreement=agreement, number=1)
    return versions.annotate(raw=Cast("note", TextField())).values_list("raw", flat=True).get()


def test_old_english_import_notes_become_messages_and_a_persons_reason_stays_as_typed(register):
    import_agreements(settings.SHARED_DATA_DIR)
    agreement = Agreement.objects.get(slug="standaard-tls")
    AgreementVersion.objects.filter(agreement=agreement).update(note=f"Imported from {agreement.source}.")
    AgreementVersion.record(agreement, "Imported from the minister's letter.")
    migration = importlib.import_module("thorbecke.agreements.migrations.0006_version_note_messages")
    migration.coded(apps, None)
    first, second = AgreementVersion.objects.filter(agreement=agreement).order_by("number")
    with translation.override("en"):
        assert str(first.note) == f"Imported from {agreement.source}."
    assert str(first.note) == f"Geïmporteerd uit {agreement.source}."  # the hub's own language, outside a request
    assert "Imported" not in stored(agreement)
    assert second.note == "Imported from the minister's letter."
