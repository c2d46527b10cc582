"""The map of a search: postings per workplace municipality, the same on every backend, and its GeoJSON endpoint."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
from rest_framework.test import APIClient

from search.backends.base import BaseSearchBackend
from search.query import SearchQuery
from search.selectors import jobs_per_place

from .helpers import ERFURT, JENA, NORDHAUSEN, SONDERSHAUSEN, at, require


def per_place(**params: Any) -> dict[str, int]:
    return {p.ags: p.count for p in jobs_per_place(SearchQuery.from_params(params))}


@pytest.mark.usefixtures("backend")
def test_postings_per_place_follow_every_search_parameter(post: Any) -> None:
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN))
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN), contract="fixed_term")
    # Two workplaces: the posting counts in both places.
    post(title="Industriemechaniker (m/w/d)", field="25", workplaces=[*at(NORDHAUSEN), *at(ERFURT)])
    post(title="Koch (m/w/d)", field="29", workplaces=at(SONDERSHAUSEN))
    post(title="Koch (m/w/d)", field="29", workplaces=at(JENA))

    everywhere = jobs_per_place(SearchQuery())
    assert [(p.ags, p.count) for p in everywhere[:1]] == [(NORDHAUSEN, 3)]
    assert {p.ags: p.count for p in everywhere} == {NORDHAUSEN: 3, ERFURT: 1, SONDERSHAUSEN: 1, JENA: 1}
    nordhausen = everywhere[0]
    assert (nordhausen.name, nordhausen.place) == ("Nordhausen", "Nordhausen")
    assert (round(nordhausen.lat, 1), round(nordhausen.lon, 1)) == (51.5, 10.8)

    assert per_place(q="Mechaniker") == {NORDHAUSEN: 3, ERFURT: 1}
    assert per_place(q="Koch", field="29") == {SONDERSHAUSEN: 1, JENA: 1}
    assert per_place(county="16065") == {SONDERSHAUSEN: 1}  # a multi-select filter counts too
    assert per_place(contract="fixed_term") == {NORDHAUSEN: 1}
    assert per_place(q="Koch", place="Nordhausen", radius_km="20") == {SONDERSHAUSEN: 1}
    assert per_place(q="Gärtner") == {}


@pytest.mark.usefixtures("backend")
def test_a_radius_keeps_only_the_places_inside_it(post: Any, backend: BaseSearchBackend) -> None:
    require(backend, "radius_any_workplace")
    post(workplaces=at(NORDHAUSEN))
    # Found by its workplace in Nordhausen; its workplace in Erfurt lies outside the radius.
    post(workplaces=[*at(NORDHAUSEN), *at(ERFURT)])
    post(workplaces=at(SONDERSHAUSEN))
    post(workplaces=at(JENA))
    assert per_place(place="Nordhausen", radius_km="20") == {NORDHAUSEN: 2, SONDERSHAUSEN: 1}
    assert per_place(place="Nordhausen", radius_km="0") == {NORDHAUSEN: 2}
    assert per_place(place="Erfurt", radius_km="10") == {ERFURT: 1}


@pytest.mark.usefixtures("sqlite_backend")
class TestMapApi:
    def test_geojson_points_with_count_and_link_to_the_places_results(self, api: APIClient, post: Any) -> None:
        post(title="Koch (m/w/d)", field="29", workplaces=at(NORDHAUSEN))
        post(title="Koch (m/w/d)", field="29", workplaces=[*at(NORDHAUSEN), *at(SONDERSHAUSEN)])
        post(title="Elektroniker (m/w/d)", field="26", workplaces=at(ERFURT))
        response = api.get("/api/v1/search/jobs/map/", {"q": "Koch", "page": "2", "sort": "date"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["type"] == "FeatureCollection"
        first, second = body["features"]
        assert first["type"] == "Feature"
        assert first["id"] == NORDHAUSEN
        assert first["geometry"]["type"] == "Point"
        lon, lat = first["geometry"]["coordinates"]
        assert (round(lat, 1), round(lon, 1)) == (51.5, 10.8)
        assert {k: first["properties"][k] for k in ("ags", "name", "count")} == {
            "ags": NORDHAUSEN,
            "name": "Nordhausen",
            "count": 2,
        }
        assert (second["properties"]["name"], second["properties"]["count"]) == ("Sondershausen", 1)
        # The link: the same search (without its page), narrowed to the place.
        url = urllib.parse.urlsplit(first["properties"]["url"])
        assert url.path == "/jobs/"
        assert urllib.parse.parse_qs(url.query) == {
            "q": ["Koch"],
            "sort": ["date"],
            "place": ["Nordhausen"],
            "radius_km": ["0"],
        }

    def test_the_link_finds_exactly_the_count(self, client: Any, post: Any) -> None:
        post(title="Koch (m/w/d)", workplaces=at(NORDHAUSEN))
        post(title="Koch (m/w/d)", workplaces=at(SONDERSHAUSEN))
        [feature, _] = client.get("/api/v1/search/jobs/map/").json()["features"]
        page = client.get(feature["properties"]["url"])
        assert page.status_code == 200
        assert page.context["results"].total == feature["properties"]["count"] == 1

    @pytest.mark.parametrize(
        ("query", "parameter"),
        [
            ("place=Berlin", "place"),
            ("radius_km=10", "radius_km"),
            ("place=Erfurt&radius_km=250", "radius_km"),
            ("field=07", "field"),
            ("lat=91&lon=10", "lat"),
            ("q=" + "x" * 201, "q"),
        ],
    )
    def test_bad_parameters_answer_400_naming_them(self, api: APIClient, query: str, parameter: str) -> None:
        response = api.get(f"/api/v1/search/jobs/map/?{query}")
        assert response.status_code == 400
        assert parameter in response.json()

    def test_cached_until_a_posting_changes(self, api: APIClient, post: Any) -> None:
        post(workplaces=at(NORDHAUSEN))
        assert [f["properties"]["count"] for f in api.get("/api/v1/search/jobs/map/").json()["features"]] == [1]
        post(workplaces=at(NORDHAUSEN))
        assert [f["properties"]["count"] for f in api.get("/api/v1/search/jobs/map/").json()["features"]] == [2]

    def test_empty_search_is_an_empty_collection(self, api: APIClient) -> None:
        assert api.get("/api/v1/search/jobs/map/").json() == {"type": "FeatureCollection", "features": []}

    def test_in_the_openapi_schema_with_the_search_parameters(self, api: APIClient) -> None:
        schema = api.get("/api/schema/?format=json").json()
        operation = schema["paths"]["/api/v1/search/jobs/map/"]["get"]
        assert operation["operationId"] == "search_jobs_map"
        names = {p["name"] for p in operation["parameters"]}
        search = {p["name"] for p in schema["paths"]["/api/v1/search/jobs/"]["get"]["parameters"]}
        assert names == search
        assert {"200", "400", "503"} <= set(operation["responses"])
