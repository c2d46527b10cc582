"""/jobs/ and its feed, on the configured search backend: facets, multi-select, sort, paging, errors, empty state."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from companies.services import network_save
from frontend.templatetags.frontend import job_url
from tests.factories import CompanyFactory, NetworkFactory
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

ERFURT = "16051000"
MUEHLHAUSEN = "16064046"


def facet_counts(response, name: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """{value: count} of one facet's checkboxes."""
    counts = {}
    for box in soup(response).find_all("input", attrs={"type": "checkbox", "name": name}):
        label = soup(response).find("label", attrs={"for": box["id"]})
        counts[box["value"]] = int(label.find(class_="count").get_text().strip("()"))
    return counts


def checked(response, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [b["value"] for b in soup(response).find_all("input", attrs={"name": name, "checked": True})]


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.get_text(strip=True) for a in soup(response).select("ol.cards h2 a")]


@pytest.fixture
def postings(indexed, company_a, company_b):  # type: ignore[no-untyped-def]
    erfurt = [{"municipality": ERFURT, "postal_code": "99084", "street": ""}]
    return {
        "pflege_ndh": indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81", description="<p>Pflege</p>"),
        "alten_ndh": indexed(company_b, title="Altenpfleger (m/w/d)", field="82", employment_types=["part_time"]),
        "pflege_ef": indexed(company_b, title="Pflegehelfer", field="81", workplaces=erfurt),
        "cnc_ndh": indexed(company_a, title="Zerspanungsmechaniker (m/w/d)", field="24"),
    }


class TestResults:
    def test_text_search_shows_cards_with_highlight(self, client_de, postings):
        response = client_de.get("/jobs/?q=Pflegefachkraft")
        assert response.status_code == 200
        page = soup(response)
        card = page.select_one("ol.cards li.card")
        link = card.find("a")
        assert link["href"] == job_url(postings["pflege_ndh"].pk, "Pflegefachkraft (m/w/d)")
        assert "Firma A GmbH" in card.get_text() and "Nordhausen" in card.get_text()
        assert card.find("time")["datetime"] == postings["pflege_ndh"].date_posted.isoformat()
        assert "Medizinische Gesundheitsberufe" in card.get_text()
        assert page.find("h1").get_text(" ", strip=True).startswith("1 Stelle")

    def test_facet_counts_are_multi_select(self, client_de, postings):
        everything = client_de.get("/jobs/")
        assert facet_counts(everything, "county") == {"16062": 3, "16051": 1}
        one_county = client_de.get("/jobs/?county=16051")
        # The chosen county is checked; the other keeps its count so it can be added.
        assert checked(one_county, "county") == ["16051"]
        assert facet_counts(one_county, "county") == {"16062": 3, "16051": 1}
        assert titles(one_county) == ["Pflegehelfer"]
        # Other facets count only within the chosen county.
        assert facet_counts(one_county, "field") == {"81": 1}
        both = client_de.get("/jobs/?county=16051&county=16062")
        assert len(titles(both)) == 4

    def test_place_and_radius_narrow_and_show_distance(self, client_de, postings):
        response = client_de.get("/jobs/?q=Pflege&place=Nordhausen&radius_km=25")
        assert response.status_code == 200
        assert "Pflegehelfer" not in titles(response)  # Erfurt is ~60 km away
        assert "km entfernt" in soup(response).select_one("ol.cards").get_text()
        assert soup(response).find("option", selected=True, value="25") is not None
        wider = client_de.get("/jobs/?q=Pflege&place=Nordhausen&radius_km=100")
        assert "Pflegehelfer" in titles(wider)

    def test_radius_zero_means_only_this_place(self, client_de, postings):
        response = client_de.get("/jobs/?place=Erfurt&radius_km=0")
        assert response.status_code == 200
        assert titles(response) == ["Pflegehelfer"]

    def test_sort_by_date_and_distance(self, client_de, postings):
        response = client_de.get("/jobs/?place=Erfurt&radius_km=100&sort=distance")
        assert titles(response)[0] == "Pflegehelfer"
        assert (
            soup(response).find("select", attrs={"name": "sort"}).find("option", selected=True)["value"] == "distance"
        )

    def test_no_contract_or_remote_filter_is_lost(self, client_de, postings):
        response = client_de.get("/jobs/?contract=fixed_term")
        assert checked(response, "contract") == ["fixed_term"]
        assert titles(response) == []

    def test_pagination_keeps_the_search(self, client_de, indexed, company_a, search_index):
        for i in range(23):
            indexed(company_a, title=f"Pflegekraft {i}", field="81")
        first = client_de.get("/jobs/?q=Pflegekraft&field=81")
        assert len(titles(first)) == 20
        nav = soup(first).find("nav", class_="pagination")
        page2 = next(a for a in nav.find_all("a") if a.get_text(" ", strip=True) == "Seite 2")
        assert page2["href"] == "?q=Pflegekraft&field=81&page=2"
        second = client_de.get("/jobs/" + page2["href"])
        assert len(titles(second)) == 3
        assert soup(second).find("ol", class_="cards")["start"] == "21"
        assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True).endswith("1")


class TestUrlAndErrors:
    def test_empty_params_and_area_codes_are_canonicalised(self, client_de, postings):
        response = client_de.get("/jobs/?q=&place=&radius_km=25&field=8&sort=relevance")
        assert response.status_code == 302
        assert response["Location"] == "/jobs/?area=8&sort=relevance"
        followed = client_de.get(response["Location"])
        assert checked(followed, "area") == ["8"]
        assert sorted(titles(followed)) == ["Altenpfleger (m/w/d)", "Pflegefachkraft (m/w/d)", "Pflegehelfer"]

    def test_unknown_place_is_explained_next_to_the_field(self, client_de, postings):
        response = client_de.get("/jobs/?q=Pflege&place=Sondersh&radius_km=25")
        assert response.status_code == 400
        page = soup(response)
        error = page.find(id="id_place_error")
        # "Did you mean": a link that runs the same search with that place.
        link = error.select_one("a.place-suggestion")
        assert link.get_text() == "Sondershausen"
        assert link["href"] == "/jobs/?q=Pflege&place=Sondershausen&radius_km=25"
        assert error.get_text().count("Sondershausen") == 1  # not also in words
        assert page.find(id="id_place")["aria-describedby"] == "id_place_error"
        assert page.find(id="id_place")["value"] == "Sondersh"

    def test_bad_filter_values_say_which(self, client_de, postings):
        response = client_de.get("/jobs/?field=99&employment_type=sometimes")
        assert response.status_code == 400
        text = soup(response).find(class_="note-error").get_text()
        assert "99" in text and "sometimes" in text

    def test_empty_result_offers_ways_out(self, client_de, postings):
        response = client_de.get("/jobs/?q=Pflege&place=Erfurt&radius_km=10&employment_type=mini_job")
        assert response.status_code == 200
        assert titles(response) == []
        links = {a.get_text(strip=True): a["href"] for a in soup(response).select(".note a")}
        assert (
            links["Umkreis auf 25 km erweitern"] == "/jobs/?q=Pflege&place=Erfurt&radius_km=25&employment_type=mini_job"
        )
        assert links["Arbeitszeit-Filter entfernen"] == "/jobs/?q=Pflege&place=Erfurt&radius_km=10"
        dropped = client_de.get(links["Arbeitszeit-Filter entfernen"])
        assert titles(dropped) == ["Pflegehelfer"]

    def test_works_without_javascript(self, client_de, postings):
        """Every filter control belongs to the one GET form, so a plain submit carries the whole search."""
        page = soup(client_de.get("/jobs/?q=Pflege"))
        form = page.find("form", id="job-search")
        assert form["method"] == "get" and form["action"] == "/jobs/"
        boxes = page.find_all("input", attrs={"type": ["checkbox", "radio"]})
        assert boxes and all(b.get("form") == "job-search" or b.find_parent("form") is form for b in boxes)
        assert page.find("button", attrs={"form": "job-search", "type": "submit"}) is not None


class TestEscaping:
    """What a visitor types and what companies and the operator name comes back as text, never as markup."""

    def test_typed_search_words_and_place(self, client_de, postings):
        script = '<script>alert("x")</script>'
        response = client_de.get("/jobs/", {"q": f"Pflege {script}", "place": '"><img src=x onerror=alert(1)>'})
        html = response.content.decode()
        assert response.status_code == 400  # the place is unknown, and said so next to the field
        assert "<script>alert" not in html and "<img src=x" not in html
        page = soup(response)
        assert page.find(id="id_q")["value"] == f"Pflege {script}"
        assert page.find(id="id_place")["value"] == '"><img src=x onerror=alert(1)>'

    def test_company_name_and_facet_label(self, client_de, indexed, search_index):
        company = CompanyFactory(slug="boese", name="<script>alert('firma')</script> GmbH")
        company.networks.add(network_save(network=NetworkFactory.build(slug="netz", name="<b>Netz</b> & Co")))
        indexed(company, title="Koch <b>sofort</b> (m/w/d)")
        response = client_de.get("/jobs/", {"q": "Koch"})
        html = response.content.decode()
        assert "<script>alert" not in html and "<b>" not in html
        assert "&lt;script&gt;alert(&#x27;firma&#x27;)&lt;/script&gt; GmbH" in html
        assert "Koch &lt;b&gt;sofort&lt;/b&gt;" in html
        card = soup(response).select_one("ol.cards li.card")
        assert "<script>alert('firma')</script> GmbH" in card.get_text()
        label = soup(response).find("label", attrs={"for": "f-network-netz"})
        assert label.get_text(" ", strip=True).startswith("<b>Netz</b> & Co")


class TestOneCard:
    def test_a_posting_has_the_same_card_on_home_and_results(self, client_de, company_a, indexed):
        job = indexed(company_a, title="Pflegefachkraft (m/w/d)", field="81", employment_types=["part_time"])
        home_card = soup(client_de.get("/")).select_one("#newest ~ ul.cards li.card")
        result_card = soup(client_de.get("/jobs/")).select_one("ol.cards li.card")
        for card in (home_card, result_card):
            assert card.find("a")["href"] == job_url(job.pk, job.title)
            assert [s.get_text() for s in card.select(".card-meta span")] == [
                "Firma A GmbH",
                "Nordhausen",
                job.date_posted.strftime("%d.%m.%Y"),
            ]
            assert [t.get_text() for t in card.select(".tags .tag")] == ["Medizinische Gesundheitsberufe", "Teilzeit"]
        assert home_card.find("h3") is not None and result_card.find("h2") is not None


class TestFeed:
    def test_rss_of_the_current_search(self, client_de, postings):
        page = soup(client_de.get("/jobs/?q=Pflege&county=16062"))
        feed_link = page.find("link", type="application/rss+xml")
        assert feed_link["href"] == "/jobs/feed/?q=Pflege&county=16062"
        response = client_de.get(feed_link["href"])
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")
        items = [i.findtext("title") for i in channel.findall("item")]
        assert sorted(items) == ["Altenpfleger (m/w/d) – Firma B AG", "Pflegefachkraft (m/w/d) – Firma A GmbH"]
        assert channel.find("item").findtext("link").startswith("http://testserver/jobs/")


class TestHomeSearchForm:
    def test_home_form_round_trip(self, client_de, postings):
        """What the home form sends leads (via one canonical redirect) to the matching results."""
        response = client_de.get("/jobs/?q=Pflege&place=Nordhausen&radius_km=25&field=81", follow=True)
        assert response.status_code == 200
        assert titles(response) == ["Pflegefachkraft (m/w/d)"]
        assert checked(response, "field") == ["81"]

    def test_suggest_url_is_wired(self, client_de):
        page = soup(client_de.get("/"))
        assert page.find(id="id_q")["data-suggest"] == "/api/v1/search/suggest/"
        assert page.find(id="id_place")["data-suggest"] == "/api/v1/regions/places/"
