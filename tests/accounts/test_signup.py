"""Accounts for everyone (django-allauth): sign-up as a job seeker or for a company with the confirmation mail, login
by e-mail address or user name, no login before the confirmation, password reset mails in German and English, the
django-axes lockout on allauth's login page, the API token for confirmed users only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from accounts.selectors import email_unconfirmed
from notifications.models import LanguagePreference
from tests.factories import UserFactory
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

PASSWORD = "Sicheres-Passwort-2026"
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/accounts/confirm-email/[-:\w]+/)")


def _sign_up(client: Client, kind: str, email: str) -> Any:
    return client.post(
        "/accounts/signup/", {"kind": kind, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def _confirmation_link(email: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [email]]
    text = message.body
    html = message.alternatives[0][0]
    match = LINK.search(text)
    assert match and match.group(0) in html  # the same link in the plain text and the HTML part
    return match.group(1)


def _confirm(client: Client, email: str) -> Any:
    link = _confirmation_link(email)
    page = client.get(link)
    # The page asks to confirm with a button (a mail scanner opening the link confirms nothing). Its key is signed
    # with the time again, so it may differ from the mail's by a second.
    form = soup(page).find("main").find("form", method="post")
    assert page.status_code == 200 and form["action"].startswith("/accounts/confirm-email/")
    return client.post(form["action"], follow=True)


def test_the_sign_up_page_offers_both_kinds_and_the_entry_links_preselect_one(client: Client) -> None:
    page = soup(client.get("/accounts/signup/"))
    radios = {r["value"]: r for r in page.find_all("input", attrs={"name": "kind"})}
    assert set(radios) == {"seeker", "company"} and not any(r.has_attr("checked") for r in radios.values())
    assert page.find("legend") and page.find("label", attrs={"for": "id_email"})
    company = soup(client.get("/accounts/signup/?as=company"))
    assert company.find("input", attrs={"name": "kind", "value": "company"}).has_attr("checked")
    # The header of every page links to log in and sign up.
    home = soup(client.get("/"))
    assert home.find("a", href="/accounts/login/") and home.find("a", href="/accounts/signup/")


def test_a_job_seeker_signs_up_confirms_and_lands_on_the_seeker_dashboard(client: Client) -> None:
    response = _sign_up(client, "seeker", "lena@example.org")
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="lena@example.org")
    assert email_unconfirmed(user=user)
    # Not logged in before the confirmation.
    assert client.get("/seeker/").status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("regiojobs: ") and message.extra_headers["Content-Language"] == "de"
    assert message.body.startswith("Guten Tag,") and 'lang="de"' in message.alternatives[0][0]
    landed = _confirm(client, "lena@example.org")
    assert landed.redirect_chain[-1][0] == "/seeker/" and landed.status_code == 200
    assert EmailAddress.objects.get(user=user).verified and not email_unconfirmed(user=user)
    assert LanguagePreference.objects.get(user=user).language == "de"
    # The header now offers the profile and the logout, no company area (no membership).
    page = soup(client.get("/"))
    assert page.find("a", href="/seeker/") and page.find("form", action="/accounts/logout/")
    assert not page.find("a", href="/company-area/")


def test_a_company_person_signs_up_in_english_and_lands_on_the_company_registration() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    _sign_up(client, "company", "chef@firma.example")
    (message,) = mail.outbox
    assert message.subject == "regiojobs: Please confirm your e-mail address"
    assert "welcome to regiojobs" in message.body
    landed = _confirm(client, "chef@firma.example")
    assert landed.redirect_chain[-1][0] == "/company-area/register/"


def test_the_sign_up_names_a_missing_choice_and_a_taken_address(member_a: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/accounts/signup/", {"email": "neu@example.org", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 200
    error = soup(response).find(id="id_kind_error")
    assert "whether you look for work or register your company" in error.get_text()
    assert error.find_parent("fieldset")["aria-describedby"] == "id_kind_error"
    assert not get_user_model().objects.filter(email="neu@example.org").exists()
    # An address with an account: the same answer as for a new one (nobody learns who has an account), and a mail
    # to that address saying so, with the way to a new password.
    response = _sign_up(client, "seeker", "ANNA@example.org")
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email__iexact="anna@example.org").count() == 1
    (message,) = mail.outbox
    assert message.subject == "regiojobs: You already have an account"
    assert "/accounts/password/reset/" in message.body and "/accounts/password/reset/" in message.alternatives[0][0]


def test_an_unconfirmed_user_cannot_log_in_and_is_asked_to_confirm(client: Client) -> None:
    _sign_up(Client(), "seeker", "lena@example.org")
    mail.outbox.clear()
    cache.clear()  # allauth sends a new link at most every few minutes (its counters live in the cache)
    response = client.post("/accounts/login/", {"login": "lena@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    page = client.get(response["Location"])
    assert soup(page).find("h1") and soup(page).find(role="status")
    assert client.get("/seeker/").status_code == 302  # not logged in
    (message,) = mail.outbox  # a new link
    assert LINK.search(message.body)


@pytest.mark.parametrize("login", ["anna", "anna@example.org", "ANNA@example.org"])
def test_login_by_user_name_or_e_mail_address(client: Client, member_a: Any, login: str) -> None:
    response = client.post("/accounts/login/", {"login": login, "password": "pw-123456"}, follow=True)
    assert response.redirect_chain[-1][0] == "/company-area/"
    # The language preference is stored at a page login (notifications listens to user_logged_in).
    assert LanguagePreference.objects.get(user=member_a).language == "de"


def test_after_login_the_operator_the_member_and_the_seeker_land_each_on_their_page(
    operator: Any, member_a: Any
) -> None:
    seeker = UserFactory(username="lena")
    for user, landing in ((operator, "/operator/"), (member_a, "/company-area/"), (seeker, "/seeker/")):
        client = Client()
        response = client.post("/accounts/login/", {"login": user.email, "password": "pw-123456"}, follow=True)
        assert response.redirect_chain[-1][0] == landing, user


@pytest.mark.parametrize(
    ("language", "greeting", "footer"),
    [("de", "Guten Tag,", "Dies ist eine automatische Nachricht"), ("en", "Hello,", "This is an automatic message")],
)
def test_password_reset_mail_in_german_and_english(member_a: Any, language: str, greeting: str, footer: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("regiojobs: ") and message.extra_headers["Content-Language"] == language
    html = message.alternatives[0][0]
    assert message.body.startswith(greeting) and footer in message.body
    assert greeting in html and footer in html and f'lang="{language}"' in html
    link = re.search(re.escape(settings.SITE_URL) + r"(/accounts/password/reset/key/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    done = client.post(form.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    assert Client().post("/accounts/login/", {"login": "anna", "password": PASSWORD}).status_code == 302


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client: Client) -> None:
    response = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_allauths_login_page_locks_out_after_the_failure_limit(member_a: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/accounts/login/", {"login": "anna@example.org", "password": "wrong"}).status_code == 200
    locked = client.post("/accounts/login/", {"login": "anna@example.org", "password": "wrong"})
    assert locked.status_code == 429 and "Retry-After" in locked
    assert client.post("/accounts/login/", {"login": "anna@example.org", "password": "pw-123456"}).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_token_api_works_for_confirmed_users_and_not_before_the_confirmation(api: APIClient, member_a: Any) -> None:
    assert api.post("/api/v1/auth/token/", {"username": "anna", "password": "pw-123456"}).status_code == 200
    _sign_up(Client(), "seeker", "lena@example.org")
    lena = get_user_model().objects.get(email="lena@example.org")
    refused = api.post(
        "/api/v1/auth/token/", {"username": lena.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400 and "confirm your e-mail address" in refused.json()["non_field_errors"][0]
    refused = api.post(
        "/api/v1/auth/token/", {"username": lena.username, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in refused.json()["non_field_errors"][0]
    _confirm(Client(), "lena@example.org")
    assert api.post("/api/v1/auth/token/", {"username": lena.username, "password": PASSWORD}).status_code == 200


def test_a_user_without_any_address_keeps_the_token_login(api: APIClient) -> None:
    get_user_model().objects.create_user("ohne-adresse", password="pw-123456")
    assert api.post("/api/v1/auth/token/", {"username": "ohne-adresse", "password": "pw-123456"}).status_code == 200


def test_the_account_pages_use_the_site_layout(client: Client, member_a: Any) -> None:
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/inactive/"):
        page = soup(client.get(url))
        assert page.find("a", class_="skip-link") and page.find("h1"), url
    client.force_login(member_a)
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/logout/", "/accounts/reauthenticate/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert soup(response).find("a", class_="skip-link") and soup(response).find("h1"), url


def test_adding_an_e_mail_address_sends_a_confirmation_link(client: Client, member_a: Any) -> None:
    client.force_login(member_a)
    response = client.post("/accounts/email/", {"action_add": "", "email": "anna.neu@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["anna.neu@example.org"] and LINK.search(message.body)
    _confirm(client, "anna.neu@example.org")
    assert EmailAddress.objects.get(email="anna.neu@example.org").verified


def test_the_german_messages_address_the_reader_formally_as_the_rest_of_the_site() -> None:
    # django-allauth's and DRF's own German says "Gib …" and "Du …"; the project's catalogue comes first.
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    response = client.post(
        "/accounts/signup/", {"kind": "seeker", "email": "nope", "password1": PASSWORD, "password2": PASSWORD + "x"}
    )
    text = soup(response).get_text(" ", strip=True)
    assert "Geben Sie eine gültige E-Mail-Adresse ein." in text
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in text
    assert not re.search(r"\b(Gib|Du|du|dein|deine)\b", text)
