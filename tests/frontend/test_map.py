"""The map component on /jobs/ and on the home page: without JavaScript it is a list of the places with the most
postings, each a link to that place's results; the script finds its data and tile settings in data- attributes."""

from __future__ import annotations

import urllib.parse

import pytest

from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

NORDHAUSEN = "16062041"
SONDERSHAUSEN = "16065067"
ERFURT = "16051000"


def at(ags: str) -> list[dict[str, str]]:
    return [{"municipality": ags, "postal_code": "", "street": ""}]


@pytest.fixture
def postings(indexed, company_a):  # type: ignore[no-untyped-def]
    indexed(company_a, title="Koch (m/w/d)", field="29")
    indexed(company_a, title="Koch (m/w/d)", field="29", workplaces=[*at(NORDHAUSEN), *at(ERFURT)])
    indexed(company_a, title="Koch (m/w/d)", field="29", workplaces=at(SONDERSHAUSEN))
    indexed(company_a, title="Elektriker (m/w/d)", field="26", workplaces=at(ERFURT))


def place_list(response) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [
        (a.get_text(strip=True), a.find_next_sibling(class_="count").get_text(strip=True), a["href"])
        for a in soup(response).select(".map .map-places a")
    ]


def test_results_page_lists_the_places_of_the_results_as_links(client_de, postings) -> None:  # type: ignore[no-untyped-def]
    response = client_de.get("/jobs/?q=Koch")
    places = place_list(response)
    assert [(name, count) for name, count, _ in places] == [
        ("Nordhausen", "(2)"),
        ("Erfurt", "(1)"),
        ("Sondershausen", "(1)"),
    ]
    href = urllib.parse.urlsplit(places[0][2])
    assert href.path == "/jobs/"
    assert urllib.parse.parse_qs(href.query) == {"q": ["Koch"], "place": ["Nordhausen"], "radius_km": ["0"]}
    # The link finds exactly as many as it says.
    assert client_de.get(places[0][2]).context["results"].total == 2
    page = soup(response)
    toggle = page.select_one("details.map-toggle")
    assert toggle is not None and "Karte" in toggle.summary.get_text()
    canvas = page.select_one("[data-map]")
    assert canvas.has_attr("hidden")  # shown by the script only
    assert canvas["data-geojson-url"] == "/api/v1/search/jobs/map/?q=Koch"
    assert canvas["data-tile-url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in canvas["data-tile-attribution"]
    scripts = [s["src"] for s in page.find_all("script", src=True)]
    # Leaflet is fetched by map.js only when the map is shown (a folded map costs the page nothing).
    assert not any(s.endswith("leaflet/leaflet.js") for s in scripts)
    assert canvas["data-leaflet-js"].endswith("leaflet/leaflet.js")
    assert canvas["data-leaflet-css"].endswith("leaflet/leaflet.css")
    assert any(s.endswith("frontend/map.js") for s in scripts)
    assert all(s.has_attr("defer") for s in page.find_all("script", src=True))


def test_every_place_has_a_link_without_the_map(client_de, postings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("frontend.maps.MAP_LIST_TOP", 2)
    page = soup(client_de.get("/jobs/?q=Koch"))
    shown = [a.get_text(strip=True) for a in page.select(".map > .map-places a")]
    more = page.select_one(".map details.map-more")
    assert shown == ["Nordhausen", "Erfurt"]
    assert "und 1 weiterer Ort" in more.summary.get_text()
    assert [a.get_text(strip=True) for a in more.select(".map-places a")] == ["Sondershausen"]
    assert more.select_one("ol")["start"] == "3"


def test_a_radius_search_maps_only_the_places_inside_it(client_de, postings) -> None:  # type: ignore[no-untyped-def]
    response = client_de.get("/jobs/?place=Nordhausen&radius_km=25")
    assert [(name, count) for name, count, _ in place_list(response)] == [
        ("Nordhausen", "(2)"),
        ("Sondershausen", "(1)"),
    ]
    canvas = soup(response).select_one("[data-map]")
    assert canvas["data-geojson-url"] == "/api/v1/search/jobs/map/?place=Nordhausen&radius_km=25"


def test_no_results_no_map(client_de, postings) -> None:  # type: ignore[no-untyped-def]
    assert soup(client_de.get("/jobs/?q=Gärtner")).select_one(".map") is None


def test_home_page_maps_the_default_regions_open_postings(client_de, postings) -> None:  # type: ignore[no-untyped-def]
    response = client_de.get("/")
    # Nordthüringen (the default region): Erfurt lies outside it.
    assert [(name, count) for name, count, _ in place_list(response)] == [
        ("Nordhausen", "(2)"),
        ("Sondershausen", "(1)"),
    ]
    page = soup(response)
    assert page.select_one("details.map-toggle") is None  # open on the home page
    url = urllib.parse.urlsplit(page.select_one("[data-map]")["data-geojson-url"])
    assert url.path == "/api/v1/search/jobs/map/"
    assert sorted(urllib.parse.parse_qs(url.query)["county"]) == ["16062", "16064", "16065"]
    # Each place's link keeps to the region too, and finds what it says.
    link = place_list(response)[0][2]
    assert "county=16062" in link and client_de.get(link).context["results"].total == 2


def test_english_labels(client, postings, settings) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en")
    canvas = soup(response).select_one("[data-map]")
    assert canvas["data-label-other"] == "{name}: {count} jobs"
    assert soup(response).select_one("#map-h").get_text() == "Jobs on the map"


def test_without_tile_url_the_map_has_markers_only(client_de, postings, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAP_TILE_URL = ""
    canvas = soup(client_de.get("/jobs/?q=Elektriker")).select_one("[data-map]")
    assert canvas["data-tile-url"] == ""


def test_csp_allows_the_tile_server_and_nothing_inline(client_de, postings) -> None:  # type: ignore[no-untyped-def]
    csp = client_de.get("/jobs/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert "https://tile.openstreetmap.org" in directives["img-src"].split()
    assert "'unsafe-inline'" not in csp


def test_tile_origin() -> None:
    from config.settings.base import tile_origin

    assert tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("") == ""
    assert tile_origin("/tiles/{z}/{x}/{y}.png") == ""
