"""The results page and the posting page as a job seeker uses them, through the test client on the configured search
backend: salaries on cards and postings (one formatting), the salary and company filters with removable chips and
the filter count, previous/next pages, a search around a location, the favicon, the share links."""

from __future__ import annotations

import urllib.parse

import pytest
from django.test import Client
from django.utils import translation

from frontend.templatetags.frontend import job_url, salary_text
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

NORDHAUSEN_LAT, NORDHAUSEN_LON = "51.51", "10.79"


def titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.get_text(strip=True) for a in soup(response).select("ol.cards h2 a")]


def chips(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The active filters: {label: link that removes it}."""
    return {
        a.find(string=True, recursive=False).strip(): a["href"] for a in soup(response).select("ul.active-filters a")
    }


def query_of(url: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


@pytest.fixture
def client_en() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def paid(indexed, company_a, company_b):  # type: ignore[no-untyped-def]
    return {
        "cnc": indexed(company_a, title="Zerspanungsmechaniker (m/w/d)", salary_min=3200, salary_max=3800),
        "lager": indexed(
            company_a, title="Aushilfe Lager (m/w/d)", field="51", salary_min=15, salary_max=None, salary_period="hour"
        ),
        "koch": indexed(company_b, title="Koch (m/w/d)", field="29", salary_min=2400, salary_max=2400),
        "praktikum": indexed(
            company_b, title="Praktikum Büro (m/w/d)", field="71", salary_min=None, salary_max=None, salary_period=""
        ),
    }


class TestSalaryText:
    @pytest.mark.parametrize(
        ("language", "args", "text"),
        [
            ("de", (3200, 3800, "EUR", "month"), "3.200–3.800 € pro Monat"),
            ("de", (15, None, "EUR", "hour"), "ab 15 € pro Stunde"),
            ("de", (12.5, None, "EUR", "hour"), "ab 12,50 € pro Stunde"),
            ("de", (None, 2000, "EUR", "month"), "bis zu 2.000 € pro Monat"),
            ("de", (2400, 2400, "EUR", "month"), "2.400 € pro Monat"),
            ("de", (42000, 48000, "EUR", "year"), "42.000–48.000 € pro Jahr"),
            ("de", (3000, None, "CHF", ""), "ab 3.000 CHF"),
            ("de", (None, None, "EUR", "month"), ""),
            ("en", (3200, 3800, "EUR", "month"), "3,200–3,800 € per month"),
            ("en", (15, None, "EUR", "hour"), "from 15 € per hour"),
        ],
    )
    def test_formats(self, language: str, args: tuple, text: str) -> None:  # type: ignore[type-arg]
        with translation.override(language):
            assert salary_text(*args) == text


class TestSalaryOnPages:
    def test_cards_show_the_salary(self, client_de, paid):  # type: ignore[no-untyped-def]
        page = soup(client_de.get("/jobs/"))
        shown = {
            card.find("h2").get_text(strip=True): (card.select_one(".card-salary") or card).get_text(strip=True)
            for card in page.select("ol.cards li.card")
        }
        assert shown["Zerspanungsmechaniker (m/w/d)"] == "3.200–3.800 € pro Monat"
        assert shown["Aushilfe Lager (m/w/d)"] == "ab 15 € pro Stunde"
        assert shown["Koch (m/w/d)"] == "2.400 € pro Monat"
        assert page.select_one("ol.cards li.card:-soup-contains('Praktikum') .card-salary") is None

    def test_the_posting_page_shows_it_the_same_way(self, client_de, paid):  # type: ignore[no-untyped-def]
        job = paid["lager"]
        page = soup(client_de.get(job_url(job.pk, job.title)))
        facts = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in page.select("dl.facts dt")}
        assert facts["Gehalt"] == "ab 15 € pro Stunde"

    def test_cards_of_the_company_page_show_it(self, client_en, paid):  # type: ignore[no-untyped-def]
        page = soup(client_en.get("/companies/firma-a/"))
        assert "3,200–3,800 € per month" in page.select_one("ul.cards, ol.cards").get_text()


class TestSalaryAndCompanyFilters:
    def test_salary_filter_keeps_the_better_paid_and_shows_as_an_active_filter(self, client_de, paid):  # type: ignore[no-untyped-def]
        response = client_de.get("/jobs/?salary_min=3000")
        assert response.status_code == 200
        # Per month: 15 €/h is about 2,600 € a month.
        assert titles(response) == ["Zerspanungsmechaniker (m/w/d)"]
        page = soup(response)
        select = page.find("select", attrs={"name": "salary_min"})
        assert select["form"] == "job-search"
        assert select.find("option", selected=True)["value"] == "3000"
        assert page.find("label", attrs={"for": select["id"]}).get_text(strip=True) == "Mindestgehalt"
        removable = chips(response)
        assert list(removable) == ["ab 3.000 € pro Monat"]
        assert removable["ab 3.000 € pro Monat"] == "/jobs/"
        assert "1" in page.select_one("a.filter-toggle .filter-count").get_text()

    def test_an_amount_not_offered_is_kept_in_the_select(self, client_de, paid):  # type: ignore[no-untyped-def]
        select = soup(client_de.get("/jobs/?salary_min=2700")).find("select", attrs={"name": "salary_min"})
        assert select.find("option", selected=True)["value"] == "2700"

    def test_a_bad_salary_is_the_apis_400_naming_the_filter(self, client_de, api, paid):  # type: ignore[no-untyped-def]
        for bad in ("viel", "2.500", "-5"):
            page = client_de.get("/jobs/", {"salary_min": bad})
            assert page.status_code == 400
            assert api.get("/api/v1/search/jobs/", {"salary_min": bad}).status_code == 400
            errors = soup(page).select_one(".note-error ul.errorlist").get_text(" ", strip=True)
            assert errors.startswith("Mindestgehalt:")

    def test_company_filter_lists_companies_with_postings_and_filters(self, client_de, paid):  # type: ignore[no-untyped-def]
        response = client_de.get("/jobs/?company=firma-b")
        assert sorted(titles(response)) == ["Koch (m/w/d)", "Praktikum Büro (m/w/d)"]
        page = soup(response)
        boxes = {b["value"]: b.has_attr("checked") for b in page.find_all("input", attrs={"name": "company"})}
        assert boxes == {"firma-a": False, "firma-b": True}
        assert chips(response) == {"Unternehmen: Firma B AG": "/jobs/"}

    def test_company_and_salary_filters_combine_in_the_canonical_url(self, client_de, paid):  # type: ignore[no-untyped-def]
        response = client_de.get("/jobs/?salary_min=3000&company=&company=firma-a&q=")
        assert response.status_code == 302
        assert response["Location"] == "/jobs/?salary_min=3000&company=firma-a"
        response = client_de.get(response["Location"])
        assert titles(response) == ["Zerspanungsmechaniker (m/w/d)"]
        removable = chips(response)
        assert removable["Unternehmen: Firma A GmbH"] == "/jobs/?salary_min=3000"
        assert removable["ab 3.000 € pro Monat"] == "/jobs/?company=firma-a"

    def test_an_unknown_company_finds_nothing_as_in_the_api(self, client_de, api, paid):  # type: ignore[no-untyped-def]
        response = client_de.get("/jobs/?company=gibt-es-nicht")
        assert response.status_code == 200 and titles(response) == []
        assert api.get("/api/v1/search/jobs/?company=gibt-es-nicht").json()["count"] == 0
        # It can be unticked.
        assert soup(response).find("input", attrs={"name": "company", "value": "gibt-es-nicht", "checked": True})


class TestPagination:
    def test_previous_and_next_on_the_results(self, client_de, indexed, company_a, search_index):  # type: ignore[no-untyped-def]
        for i in range(45):
            indexed(company_a, title=f"Stelle {i:02d}")
        first = soup(client_de.get("/jobs/?company=firma-a"))
        assert first.select_one("nav.pagination a[rel=prev]") is None
        step = first.select_one("nav.pagination a[rel=next]")
        assert step["href"] == "?company=firma-a&page=2"
        assert step.get_text(" ", strip=True).startswith("Nächste Seite")
        second = soup(client_de.get("/jobs/?company=firma-a&page=2"))
        assert second.select_one("nav.pagination a[rel=prev]")["href"] == "?company=firma-a"
        assert second.select_one("nav.pagination a[rel=next]")["href"] == "?company=firma-a&page=3"
        third = soup(client_de.get("/jobs/?company=firma-a&page=3"))
        assert third.select_one("nav.pagination a[rel=next]") is None

    def test_a_page_past_the_last_says_so_and_leads_back(self, client_en, indexed, company_a, search_index):  # type: ignore[no-untyped-def]
        for i in range(3):
            indexed(company_a, title=f"Stelle {i:02d}")
        page = soup(client_en.get("/jobs/?company=firma-a&page=3"))
        note = page.select_one(".note")
        assert "past the last page" in note.get_text() and "No postings match" not in note.get_text()
        assert note.find("a")["href"] == "?company=firma-a"

    def test_the_company_page_uses_the_same_pager(self, client_de, indexed, company_a, search_index):  # type: ignore[no-untyped-def]
        for i in range(25):
            indexed(company_a, title=f"Stelle {i:02d}")
        page = soup(client_de.get("/companies/firma-a/?page=2"))
        assert page.select_one("nav.pagination a[rel=prev]")["href"] == "?"
        assert page.select_one("nav.pagination a[rel=next]") is None


class TestNearMe:
    def test_a_location_keeps_its_radius_and_distance_sort(self, client_de, paid):  # type: ignore[no-untyped-def]
        url = f"/jobs/?lat={NORDHAUSEN_LAT}&lon={NORDHAUSEN_LON}&radius_km=10&sort=distance"
        response = client_de.get(url)
        assert response.status_code == 200
        page = soup(response)
        assert "in Ihrer Nähe" in page.find(id="results-h").get_text()
        # The form carries the location on, and offers the radius.
        hidden = {i["name"]: i["value"] for i in page.select("form#job-search input[type=hidden]")}
        assert hidden == {"lat": NORDHAUSEN_LAT, "lon": NORDHAUSEN_LON}
        assert page.find("select", attrs={"name": "radius_km"}).find("option", selected=True)["value"] == "10"
        assert page.find("select", attrs={"name": "sort"}).find("option", selected=True)["value"] == "distance"
        assert chips(response)["In Ihrer Nähe"] == "/jobs/"
        # The button is there for the script to show (hidden without it).
        assert page.select_one("[data-geo]").has_attr("hidden")

    def test_a_typed_place_replaces_the_location(self, client_de, paid):  # type: ignore[no-untyped-def]
        response = client_de.get(f"/jobs/?lat={NORDHAUSEN_LAT}&lon={NORDHAUSEN_LON}&place=Erfurt")
        assert response.status_code == 302
        assert query_of(response["Location"]) == {"place": ["Erfurt"]}

    def test_a_half_location_is_a_400_naming_it(self, client_de, paid):  # type: ignore[no-untyped-def]
        response = client_de.get(f"/jobs/?lat={NORDHAUSEN_LAT}")
        assert response.status_code == 400
        assert "Breitengrad:" in soup(response).select_one(".note-error").get_text()

    def test_a_latitude_out_of_range_is_named_once(self, client_en, paid):  # type: ignore[no-untyped-def]
        response = client_en.get(f"/jobs/?lat=91&lon={NORDHAUSEN_LON}")
        assert response.status_code == 400
        text = " ".join(soup(response).select_one(".note-error").get_text().split())
        assert "Latitude: Between -90 and 90 degrees." in text and "Latitude: Latitude" not in text


class TestPostingPage:
    def test_share_links_carry_the_canonical_address(self, client_de, paid):  # type: ignore[no-untyped-def]
        job = paid["cnc"]
        page = soup(client_de.get(job_url(job.pk, job.title)))
        canonical = page.find("link", rel="canonical")["href"]
        share = page.select_one(".share")
        assert share.find("a", attrs={"data-share-url": True})["href"] == canonical
        mailto = share.select_one("a[href^='mailto:']")["href"]
        assert query_of(mailto.replace("mailto:", "x:/", 1))["body"] == [canonical]
        assert page.find("script", src=lambda s: bool(s) and s.endswith("share.js"))

    def test_a_plain_text_description_shows_its_paragraphs(self, client_de, indexed, company_a, search_index):  # type: ignore[no-untyped-def]
        job = indexed(company_a, description="Erster Absatz.\n\nZweiter Absatz,\nmit Zeilenumbruch.")
        description = soup(client_de.get(job_url(job.pk, job.title))).select_one(".description")
        assert [p.get_text() for p in description.find_all("p")] == [
            "Erster Absatz.",
            "Zweiter Absatz,\nmit Zeilenumbruch.",
        ]
        assert description.find("br") is not None


def test_every_page_links_the_icon_and_favicon_ico_answers(client_de, search_index):  # type: ignore[no-untyped-def]
    page = soup(client_de.get("/jobs/"))
    icon = page.find("link", rel="icon")
    assert icon["href"].endswith(".svg") and icon["type"] == "image/svg+xml"
    response = client_de.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon["href"]
