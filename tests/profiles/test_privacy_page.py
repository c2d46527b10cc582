"""/datenschutz/ tells seekers what happens to their profile: the section the exchange added (legal migration 0003),
in German and English, editable like the others."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from jobs.sanitize import sanitize_html
from legal.defaults import SEEKER_PROFILES_SECTION
from legal.models import LegalSection

pytestmark = pytest.mark.django_db

KEY = SEEKER_PROFILES_SECTION[0]


def _section(language: str) -> Any:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/datenschutz/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    section = page.find("section", id=KEY)
    assert section is not None
    # Listed in the contents, between the retention periods and the rights.
    ids = [s["id"] for s in page.select("article section[id]")]
    assert ids.index("speicherdauer") < ids.index(KEY) < ids.index("rechte")
    assert page.select_one(f'nav a[href="#{KEY}"]') is not None
    return section


def test_the_privacy_page_explains_seeker_profiles_in_german() -> None:
    section = _section("de")
    assert section.find("h2").get_text() == "Bewerberprofile"
    text = section.get_text(" ")
    for words in (
        "Verborgen", "Pseudonym", "Mit Namen", "sperren", "Einwilligung", "widerrufen", "Art. 20", "Art. 17",
        "Mein Profil", "Lebenslauf", "nicht öffentlichen Speicher", "Zugang gelöscht",
    ):  # fmt: skip
        assert words in text, words


def test_the_privacy_page_explains_seeker_profiles_in_english() -> None:
    section = _section("en")
    assert section.find("h2").get_text() == "Job seeker profiles"
    text = section.get_text(" ")
    for words in ("Hidden", "Pseudonymous", "With name", "block", "consent", "Art. 20", "Art. 17", "My profile"):
        assert words in text, words


def test_the_numbers_are_those_of_the_settings() -> None:
    """The section has no placeholders: its numbers are written out and must match the rule the job applies."""
    _key, _position, _h, _h_en, body, body_en = SEEKER_PROFILES_SECTION
    for text in (body, body_en):
        assert f"{settings.PROFILES_STALE_DAYS} " in text and f"{settings.PROFILES_STALE_REMINDER_DAYS} " in text
    section = _section("de").get_text(" ")
    assert "180 Tage" in section and "14 Tage vorher" in section


def test_the_text_is_stored_as_the_admin_would_save_it_and_the_operator_can_edit_it() -> None:
    section = LegalSection.objects.get(page__kind="datenschutz", key=KEY)
    assert section.body == sanitize_html(section.body) and section.body_en == sanitize_html(section.body_en)
    section.body = "<p>Eigener Text des Betreibers.</p>"
    section.save()
    assert "Eigener Text des Betreibers." in _section("de").get_text()
