"""A user's mails come in the language the site was shown in when they last logged in on a page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from companies.models import Company
from companies.services import company_suspend
from notifications.models import LanguagePreference

pytestmark = pytest.mark.django_db


def _login(member: Any, language: str | None) -> None:
    client = Client()
    if language:
        client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"login": member.username, "password": "pw-123456"})
    assert response.status_code == 302


def test_login_in_english_makes_the_mails_english(django_capture_on_commit_callbacks: Any, member_a: Any) -> None:
    assert not LanguagePreference.objects.filter(user=member_a).exists()
    _login(member_a, "en")
    assert LanguagePreference.objects.get(user=member_a).language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        company_suspend(company=Company.objects.get(slug="firma-a"), reason="Missing imprint")
    assert mail.outbox[0].subject == "“Firma A GmbH” is suspended on regiojobs"
    # The next login in German switches back.
    _login(member_a, None)
    assert LanguagePreference.objects.get(user=member_a).language == "de"


def test_an_api_token_login_leaves_the_language_alone(api: Any, member_a: Any) -> None:
    LanguagePreference.objects.create(user=member_a, language="en")
    response = api.post(
        "/api/v1/auth/token/", {"username": "anna", "password": "pw-123456"}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert LanguagePreference.objects.get(user=member_a).language == "en"
