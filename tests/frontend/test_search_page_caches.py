"""/jobs/ keeps its rendered content and facets in the cache framework, keyed by what they show (frontend/jobs/
search.html): nothing it holds may outlive what it depends on. A county or network the operator renames shows its new
name, each language gets its own page, a new posting shows at once, and a failed search never shows an old result.
"""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import set_script_prefix

from companies.services import network_save
from frontend import search_views
from regions.models import County
from search.backends.base import SearchBackendError
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


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.get_text(strip=True) for a in soup(response).select("ol.cards h2 a")]


class TestCachedContent:
    def test_each_language_gets_its_own_page(self, networked):
        german, english = Client(HTTP_ACCEPT_LANGUAGE="de"), Client(HTTP_ACCEPT_LANGUAGE="en")
        for _ in range(2):  # the second round comes from the cache
            de, en = soup(german.get("/jobs/")), soup(english.get("/jobs/"))
            assert de.html["lang"] == "de" and en.html["lang"] == "en"
            assert de.find(id="filters-h").get_text() == "Filter"
            assert en.find(id="filters-h").get_text() == "Filters"
            permanent = {"for": "f-contract-permanent"}
            assert de.find("label", attrs=permanent).get_text(strip=True).startswith("Unbefristet")
            assert en.find("label", attrs=permanent).get_text(strip=True).startswith("Permanent")
            assert en.title.get_text() == "Jobs · regiojobs"

    def test_a_new_posting_shows_at_once(self, client_de, networked, indexed, company_a):
        assert titles(client_de.get("/jobs/?q=Pflege")) == ["Pflegefachkraft (m/w/d)"]
        assert titles(client_de.get("/jobs/?q=Pflege")) == ["Pflegefachkraft (m/w/d)"]
        indexed(company_a, title="Pflegehelfer (m/w/d)", field="81")
        response = client_de.get("/jobs/?q=Pflege")
        assert sorted(titles(response)) == ["Pflegefachkraft (m/w/d)", "Pflegehelfer (m/w/d)"]
        assert soup(response).find("label", attrs={"for": "f-field-81"}).find(class_="count").get_text() == "(2)"

    def test_a_failed_search_never_shows_the_last_result(self, client_de, networked, monkeypatch):
        assert titles(client_de.get("/jobs/?q=Pflege")) == ["Pflegefachkraft (m/w/d)"]

        def fail(query):  # type: ignore[no-untyped-def]
            raise SearchBackendError("down")

        monkeypatch.setattr(search_views, "search_jobs", fail)
        response = client_de.get("/jobs/?q=Pflege")
        assert response.status_code == 503
        assert titles(response) == [] and soup(response).find(class_="note-error") is not None
        monkeypatch.undo()
        assert titles(client_de.get("/jobs/?q=Pflege")) == ["Pflegefachkraft (m/w/d)"]

    def test_links_follow_the_script_prefix(self, client_de, networked):
        # As the WSGI handler sets it for a site mounted below the host's root (the test client does not).
        set_script_prefix("/board/")
        try:
            mounted = soup(client_de.get("/jobs/"))
        finally:
            set_script_prefix("/")
        assert mounted.select_one("ol.cards h2 a")["href"].startswith("/board/jobs/")
        assert mounted.find("form", id="job-search")["action"] == "/board/jobs/"
        plain = soup(client_de.get("/jobs/"))
        assert plain.select_one("ol.cards h2 a")["href"].startswith("/jobs/")
        assert plain.find("form", id="job-search")["action"] == "/jobs/"


def _holds(cache_alias: str, text: str) -> bool:
    """Whether any value in an in-process cache contains `text` (the test settings use LocMemCache)."""
    store = caches[cache_alias]._cache  # type: ignore[attr-defined]
    return any(text in str(pickle.loads(value)) for value in store.values())


def test_rendered_fragments_stay_in_the_process_fragment_cache(client_de, indexed, company_a):
    """A page's HTML goes to the bounded per-process fragment cache, never to the shared cache (Redis in
    production), which holds only data and generation numbers."""
    indexed(company_a, title="Fragmentprüfer (m/w/d)", field="81")
    response = client_de.get("/jobs/")
    assert "Fragmentprüfer" in response.content.decode()
    assert _holds("template_fragments", "Fragmentprüfer")
    assert not _holds("default", "Fragmentprüfer")
