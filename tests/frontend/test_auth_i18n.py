"""Login, logout, password reset (e-mail), and the German default with the English switch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpRequest
from django.test import Client

from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


class TestAuth:
    def test_login_redirects_to_the_company_area(self, member_a):
        client = Client()
        page = soup(client.get("/accounts/login/"))
        assert page.find("label", attrs={"for": "id_login"}) and page.find("label", attrs={"for": "id_password"})
        response = client.post("/accounts/login/", {"login": "anna", "password": "pw-123456"}, follow=True)
        assert response.redirect_chain[-1] == ("/company-area/", 302)
        assert client.get("/company-area/").status_code == 200

    def test_wrong_password_is_said(self, member_a):
        response = Client().post("/accounts/login/", {"login": "anna", "password": "falsch"})
        assert response.status_code == 200
        assert "Passwort sind leider falsch" in soup(response).find(role="alert").get_text()

    def test_login_returns_to_next(self, member_a):
        response = Client().post(
            "/accounts/login/", {"login": "anna", "password": "pw-123456", "next": "/company-area/register/"}
        )
        assert response["Location"] == "/company-area/register/"

    def test_logout_by_post(self, logged_in_a):
        page = soup(logged_in_a.get("/"))
        form = page.find("form", action="/accounts/logout/")
        assert form["method"] == "post"
        response = logged_in_a.post("/accounts/logout/")
        assert response.status_code == 302 and response["Location"] == "/"
        assert logged_in_a.get("/company-area/").status_code == 302

    def test_password_reset_by_email(self, member_a):
        client = Client()
        response = client.post("/accounts/password/reset/", {"email": "anna@example.org"})
        assert response.status_code == 302
        assert client.get(response["Location"]).status_code == 200
        (message,) = mail.outbox
        assert message.to == ["anna@example.org"]
        link = re.search(r"http://127.0.0.1:8000(/accounts/password/reset/key/\S+/)", message.body).group(1)
        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200
        post_to = form_page.redirect_chain[-1][0]
        done = client.post(post_to, {"password1": "Neu-Passwort-2026", "password2": "Neu-Passwort-2026"})
        assert done.status_code == 302
        # django-axes counts logins per client, so authenticate() needs the request.
        assert Client().login(request=HttpRequest(), username="anna", password="Neu-Passwort-2026")

    def test_password_reset_uses_site_templates(self):
        page = soup(Client().get("/accounts/password/reset/"))
        assert page.find("a", class_="skip-link") is not None  # our layout, not the admin's
        assert page.find("label", attrs={"for": "id_email"}) is not None


class TestLanguages:
    def test_german_is_the_default(self):
        page = soup(Client().get("/"))
        assert page.html["lang"] == "de"
        assert page.find("h1").get_text(strip=True) == "Finden Sie einen Job in Thüringen"

    def test_switch_to_english_and_back(self):
        client = Client()
        page = soup(client.get("/companies/"))
        form = page.find("form", action="/i18n/setlang/")
        button = form.find("button", attrs={"name": "language"})
        assert button["value"] == "en" and button.get_text(strip=True) == "English"
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/companies/"})
        assert response.status_code == 302 and response["Location"] == "/companies/"
        english = soup(client.get("/companies/"))
        assert english.html["lang"] == "en"
        assert english.find("h1").get_text(strip=True) == "Member companies"
        client.post("/i18n/setlang/", {"language": "de", "next": "/"})
        assert soup(client.get("/")).html["lang"] == "de"

    def test_compiled_messages_are_committed_and_complete(self):
        for lang in ("de", "en"):
            assert (Path(settings.BASE_DIR) / "locale" / lang / "LC_MESSAGES" / "django.mo").exists()
        po = (Path(settings.BASE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        entries = [e for e in po.split("\n\n")[1:] if "msgid" in e and not e.lstrip().startswith("#~")]
        # An empty msgstr not continued on the next line is an untranslated entry.
        untranslated = [e for e in entries if re.search(r'^msgstr(\[0\])? ""(?!\n")$', e, re.M)]
        fuzzy = [e for e in entries if "#, fuzzy" in e]
        assert not untranslated, untranslated[:3]
        assert not fuzzy, fuzzy[:3]
