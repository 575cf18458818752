"""The category tree as loaded from Signalen's fixture and content/categories.yaml."""

import pytest

from thorbecke.signals.models import Category

pytestmark = pytest.mark.django_db


def test_every_active_category_has_an_english_name(register):
    active = Category.objects.filter(active=True)
    assert active.count() >= 90
    assert [c.slug for c in active if not c.name_en.strip()] == []


def test_the_english_form_names_the_kinds_of_problem_in_english(client, register):
    english = client.get("/en/report-a-problem/").content.decode()
    assert "Streetlight or public clock" in english and "Straatverlichting / openbare klok" not in english
    assert "Roads, traffic and street furniture" in english  # a group of kinds
    dutch = client.get("/melding-doen/").content.decode()
    assert "Straatverlichting / openbare klok" in dutch and "Streetlight or public clock" not in dutch
