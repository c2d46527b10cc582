"""/jobs/ says what it searched instead of what was typed: a misspelt place, a word found with a typo; and a place it
does not know is refused with links to the places meant, never silently replaced by a longer name."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_en() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def postings(indexed, company_a):  # type: ignore[no-untyped-def]
    return [indexed(company_a, title="Mechaniker (m/w/d)", field="25")]


def notices(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.get_text(" ", strip=True), p.find("a")["href"]) for p in soup(response).select(".search-corrections p")]


def test_a_misspelt_place_is_searched_as_corrected_and_said_so(client_en, postings):
    response = client_en.get("/jobs/?q=Mechaniker&place=Nordhasuen&radius_km=10")
    assert response.status_code == 200
    assert "1 job" in soup(response).find("h1").get_text()
    assert notices(response) == [
        (
            "Results for Nordhausen : no place called “Nordhasuen” is known.",
            "/jobs/?q=Mechaniker&place=Nordhausen&radius_km=10",
        )
    ]
    # The form keeps what was typed; the link asks as corrected, and then nothing is said.
    assert soup(response).find(id="id_place")["value"] == "Nordhasuen"
    assert notices(client_en.get("/jobs/?q=Mechaniker&place=Nordhausen&radius_km=10")) == []


def test_a_word_found_with_a_typo_is_said_with_its_spelling(client_en, postings):
    response = client_en.get("/jobs/?q=Mechnaiker")
    assert "1 job" in soup(response).find("h1").get_text()
    assert notices(response) == [("Results for Mechaniker : no match for “Mechnaiker”.", "/jobs/?q=Mechaniker")]


def test_german_notices(postings):
    response = Client(HTTP_ACCEPT_LANGUAGE="de").get("/jobs/?q=Mechnaiker&place=Sonderhausen")
    assert response.status_code == 200
    texts = [text for text, _url in notices(response)]
    assert len(texts) == 2 and "Sondershausen" in texts[0] and "Mechaniker" in texts[1]


def test_a_complete_word_is_not_a_longer_place(client_en, postings):
    response = client_en.get("/jobs/?place=Berlin")
    assert response.status_code == 400
    error = soup(response).find(id="id_place_error").get_text(" ", strip=True)
    assert "“Berlin” lies outside Thuringia" in error
    assert "Berlingerode" not in response.content.decode()
    # The box above the results points to that field rather than showing an empty list.
    box = soup(response).select_one(".note-error")
    assert not box.select("ul.errorlist") and "The marked field above says why." in box.get_text(" ", strip=True)


def test_a_shared_name_offers_each_place_as_a_link(client_en, postings):
    response = client_en.get("/jobs/?q=Mechaniker&place=Eichenberg")
    assert response.status_code == 400
    links = soup(response).select("#id_place_error a.place-suggestion")
    assert [a.get_text() for a in links] == ["Eichenberg (Hildburghausen)", "Eichenberg (Saale-Holzland-Kreis)"]
    followed = client_en.get(links[0]["href"])
    assert followed.status_code == 200
    assert soup(followed).find(id="id_q")["value"] == "Mechaniker"
