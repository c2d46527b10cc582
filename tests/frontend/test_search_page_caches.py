"""/jobs/ is built in Python around a layout cached per process (frontend/layout.py, frontend/search_page.py).

What those caches hold must never outlive what it depends on: a county or network the operator renames shows its
new name, each language and kind of visitor gets its own layout, and the per-request parts (CSRF token, current
path, flash messages) are never shared between requests.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages import info as message_info
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory

from companies.services import network_save
from frontend import search_views
from regions.models import County
from tests.factories import NetworkFactory
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


def facet_labels(response, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """{value: label text without the count} of one facet's checkboxes."""
    page = soup(response)
    labels = {}
    for box in page.find_all("input", attrs={"type": "checkbox", "name": name}):
        label = page.find("label", attrs={"for": box["id"]})
        count = label.find(class_="count")
        if count:
            count.extract()
        labels[box["value"]] = label.get_text(strip=True)
    return labels


@pytest.fixture
def networked(indexed, company_a):  # type: ignore[no-untyped-def]
    network = NetworkFactory(slug="pflege-netz", name="Pflegenetz Nord")
    company_a.networks.add(network)
    indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81")
    return network


class TestOperatorEdits:
    def test_renamed_network_shows_at_once(self, client_de, networked):
        assert facet_labels(client_de.get("/jobs/"), "network") == {"pflege-netz": "Pflegenetz Nord"}
        networked.name = "Gesundheitsnetz <Nord> & Co"
        network_save(network=networked)
        response = client_de.get("/jobs/")
        assert facet_labels(response, "network") == {"pflege-netz": "Gesundheitsnetz <Nord> & Co"}
        # Escaped like every other value on the page.
        assert "Gesundheitsnetz &lt;Nord&gt; &amp; Co" in response.content.decode()
        assert "Pflegenetz Nord" not in response.content.decode()

    def test_renamed_county_shows_at_once(self, client_de, networked, operator):
        county = County.objects.get(ags="16062")
        assert facet_labels(client_de.get("/jobs/"), "county")["16062"] == county.name
        admin = Client()
        admin.force_login(operator)
        form = {
            "ags": "16062",
            "name": "Kreis Nordhausen (Harz)",
            "slug": county.slug,
            "lat": county.lat,
            "lon": county.lon,
        }
        assert admin.post("/admin/regions/county/16062/change/", form).status_code == 302
        assert facet_labels(client_de.get("/jobs/"), "county")["16062"] == "Kreis Nordhausen (Harz)"


class TestLayout:
    def test_each_language_gets_its_own_layout(self, networked):
        german, english = Client(HTTP_ACCEPT_LANGUAGE="de"), Client(HTTP_ACCEPT_LANGUAGE="en")
        for _ in range(2):  # the second round comes from the cache
            de, en = soup(german.get("/jobs/")), soup(english.get("/jobs/"))
            assert de.html["lang"] == "de" and en.html["lang"] == "en"
            assert de.find("button", attrs={"name": "language"})["value"] == "en"
            assert en.find("button", attrs={"name": "language"})["value"] == "de"
            assert de.find(id="filters-h").get_text() == "Filter"
            assert en.find(id="filters-h").get_text() == "Filters"
            assert en.title.get_text() == "Jobs · regiojobs"

    def test_signed_in_and_anonymous_visitors_get_their_own_header(self, client_de, logged_in_a, networked):
        for _ in range(2):
            anonymous, member = soup(client_de.get("/jobs/")), soup(logged_in_a.get("/jobs/"))
            assert anonymous.find("a", href="/accounts/login/") is not None
            assert anonymous.find("form", action="/accounts/logout/") is None
            assert member.find("form", action="/accounts/logout/") is not None
            assert member.find("a", href="/accounts/login/") is None
            # The current page is marked in the navigation either way.
            assert anonymous.find("a", attrs={"aria-current": "page"})["href"] == "/jobs/"

    def test_csrf_token_and_current_path_are_per_request(self, networked):
        client = Client(HTTP_ACCEPT_LANGUAGE="de", enforce_csrf_checks=True)
        first = client.get("/jobs/?q=%3Cb%3E")
        assert "csrftoken" in first.cookies
        form = soup(first).find("form", class_="lang-form")
        token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
        assert token and "\x00" not in first.content.decode()
        # The path is escaped in the attribute and reads back unchanged.
        assert form.find("input", attrs={"name": "next"})["value"] == "/jobs/?q=%3Cb%3E"
        assert soup(client.get("/jobs/?q=Pflege")).find("input", attrs={"name": "next"})["value"] == "/jobs/?q=Pflege"
        # The token the page carries is accepted by the language switch (a CSRF-checked POST).
        switched = client.post("/i18n/setlang/", {"language": "en", "next": "/jobs/", "csrfmiddlewaretoken": token})
        assert switched.status_code == 302
        assert soup(client.get("/jobs/")).html["lang"] == "en"

    def test_flash_messages_are_shown_once(self, networked):
        def request():  # type: ignore[no-untyped-def]
            req = RequestFactory().get("/jobs/", HTTP_ACCEPT_LANGUAGE="de")
            req.user = AnonymousUser()
            SessionMiddleware(lambda r: None).process_request(req)  # type: ignore[arg-type, return-value]
            MessageMiddleware(lambda r: None).process_request(req)  # type: ignore[arg-type, return-value]
            return req

        req = request()
        message_info(req, "Gespeichert <ok>")
        html = search_views.job_search(req).content.decode()
        assert '<li class="message message-info">Gespeichert &lt;ok&gt;</li>' in html
        # Shown, so used up; the layout is the same as without messages otherwise.
        assert get_messages(req).used
        plain = search_views.job_search(request()).content.decode()
        assert "message-info" not in plain
        # Apart from the messages, the template path renders the same page as the cached layout.
        assert html.split("<main")[1] == plain.split("<main")[1]
        assert html.split('name="csrfmiddlewaretoken"')[0] == plain.split('name="csrfmiddlewaretoken"')[0]
