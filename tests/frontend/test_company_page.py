"""The public company page: its open postings 20 to a page, and where they come from (crawl health), inside the right
landmarks."""

import datetime

import pytest
from django.utils import timezone

from crawlers.pipeline import source_add
from jobs import services
from jobs.models import JobPosting
from tests.factories import CompanyFactory, make_posting
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


def test_company_page_shows_crawl_health_in_the_body_and_a_plain_title(client, company_a):
    source_add(company=company_a, url="https://karriere.firma-a.example/jobs")
    page = soup(client.get(f"/companies/{company_a.slug}/"))
    assert page.title.get_text(strip=True) == f"{company_a.name} · regiojobs"
    health = page.find(id="crawl-h")
    assert health is not None and health.find_parent("main") is not None
    assert "karriere.firma-a.example" in health.find_parent("section").get_text()


# --- the open postings, 20 to a page --------------------------------------------------------------------------------


@pytest.fixture
def many(company_a, indexed):  # type: ignore[no-untyped-def]
    """45 open postings of Firma A, "Stelle 00" the newest, one day apart, created oldest first; one of Firma B."""
    today = timezone.localdate()
    for i in reversed(range(45)):
        indexed(company_a, title=f"Stelle {i:02d}", date_posted=today - datetime.timedelta(days=i))
    indexed(CompanyFactory(slug="firma-b", name="Firma B AG"), title="Fremde Stelle")
    return company_a


def card_titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.get_text(strip=True) for h in soup(response).select("#open-h ~ ul.cards > li.card h3")]


def pager(response) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    """The pager's numbered entries as (text, href, aria-current); a gap is ("…", "", None). (The previous and next
    links: steps().)"""
    nav = soup(response).find("nav", class_="pagination")
    if nav is None:
        return []
    entries = []
    for li in nav.find_all("li"):
        if "page-step" in (li.get("class") or []):
            continue
        a = li.find("a")
        if a is None:
            entries.append((li.get_text(strip=True), "", None))
        else:
            entries.append((a.get_text(" ", strip=True), a["href"], a.get("aria-current")))
    return entries


def test_twenty_newest_per_page_with_the_total_and_a_pager(client_de, many):  # type: ignore[no-untyped-def]
    first = client_de.get("/companies/firma-a/")
    assert first.status_code == 200
    assert card_titles(first) == [f"Stelle {i:02d}" for i in range(20)]
    assert soup(first).find(id="open-h").get_text(strip=True) == "45 offene Stellen"
    assert pager(first) == [("Seite 1", "?", "page"), ("Seite 2", "?page=2", None), ("Seite 3", "?page=3", None)]
    # The label "Seite" is for screen readers; what is seen is the number.
    assert soup(first).select_one("nav.pagination a .visually-hidden").get_text(strip=True) == "Seite"

    second = client_de.get("/companies/firma-a/?page=2")
    assert card_titles(second) == [f"Stelle {i:02d}" for i in range(20, 40)]
    assert [current for _, _, current in pager(second)] == [None, "page", None]
    last = client_de.get("/companies/firma-a/?page=3")
    assert card_titles(last) == [f"Stelle {i:02d}" for i in range(40, 45)]
    assert soup(last).find(id="open-h").get_text(strip=True) == "45 offene Stellen"


def test_a_long_list_shows_first_last_and_the_neighbours_with_gaps(client_de, company_a):  # type: ignore[no-untyped-def]
    for i in range(20 * 6 + 1):  # 7 pages
        make_posting(company_a, title=f"Stelle {i}")
    entries = pager(client_de.get("/companies/firma-a/?page=4"))
    assert [text for text, _, _ in entries] == ["Seite 1", "…", "Seite 3", "Seite 4", "Seite 5", "…", "Seite 7"]
    assert [href for _, href, current in entries if current] == ["?page=4"]


def test_one_page_has_no_pager_and_an_english_total(client, company_a):  # type: ignore[no-untyped-def]
    make_posting(company_a, title="Einzige Stelle")
    response = client.get("/companies/firma-a/", HTTP_ACCEPT_LANGUAGE="en")
    assert card_titles(response) == ["Einzige Stelle"]
    assert soup(response).find(id="open-h").get_text(strip=True) == "1 open posting"
    assert pager(response) == []


def test_no_postings_no_search_link(client_de, company_a):  # type: ignore[no-untyped-def]
    page = soup(client_de.get("/companies/firma-a/"))
    assert page.find(id="open-h").get_text(strip=True) == "0 offene Stellen"
    assert page.find("a", href="/jobs/?company=firma-a") is None
    assert "keine offenen Stellen" in page.find(id="open-h").find_parent("section").get_text()


def test_the_search_link_lists_the_company_postings(client_de, many):  # type: ignore[no-untyped-def]
    link = soup(client_de.get("/companies/firma-a/")).find("a", href="/jobs/?company=firma-a")
    assert link.get_text(strip=True) == "Alle Stellen dieses Unternehmens in der Suche"
    search = client_de.get(link["href"])
    assert search.status_code == 200
    assert soup(search).find(id="results-h").get_text(" ", strip=True).startswith("45 ")
    titles = [h.get_text(strip=True) for h in soup(search).select("ol.cards h2")]
    assert len(titles) == 20 and "Fremde Stelle" not in titles


@pytest.mark.parametrize(
    ("page", "status"),
    [("0", 400), ("-1", 400), ("abc", 400), ("1.5", 400), ("²", 400), ("9" * 5000, 400), ("", 400), ("4", 404)],
)
def test_a_bad_page_number_is_named_with_the_range(client_de, many, page, status):  # type: ignore[no-untyped-def]
    response = client_de.get("/companies/firma-a/", {"page": page})
    assert response.status_code == status
    page_ = soup(response)
    assert (
        page_.find(role="alert")
        .get_text(" ", strip=True)
        .startswith("Die Seite muss eine ganze Zahl von 1 bis 3 sein.")
    )
    assert page_.find("a", href="/companies/firma-a/") is not None  # back to the first page
    assert card_titles(response) == []
    assert page_.find(id="open-h").get_text(strip=True) == "45 offene Stellen"


def test_page_one_has_one_address(client_de, many):  # type: ignore[no-untyped-def]
    response = client_de.get("/companies/firma-a/?page=1")
    assert response.status_code == 302 and response["Location"] == "/companies/firma-a/"
    assert client_de.get("/companies/firma-a/?page=1&utm=x")["Location"] == "/companies/firma-a/?utm=x"


def test_a_closed_posting_leaves_its_page_at_once(client_de, many, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assert card_titles(client_de.get("/companies/firma-a/"))[0] == "Stelle 00"
    assert card_titles(client_de.get("/companies/firma-a/?page=3"))[0] == "Stelle 40"
    newest = JobPosting.objects.get(title="Stelle 00")
    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=newest)
    first = client_de.get("/companies/firma-a/")
    assert card_titles(first) == [f"Stelle {i:02d}" for i in range(1, 21)]
    assert soup(first).find(id="open-h").get_text(strip=True) == "44 offene Stellen"
    # Every later page moves up by one.
    assert card_titles(client_de.get("/companies/firma-a/?page=3"))[0] == "Stelle 41"
