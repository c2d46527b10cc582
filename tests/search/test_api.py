"""The search endpoints: response shape, 400s naming the parameter, autocomplete, and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from .helpers import SONDERSHAUSEN, at

pytestmark = pytest.mark.usefixtures("sqlite_backend")


def test_search_response_shape(api: APIClient, post: Any) -> None:
    job = post(title="Pflegefachkraft (m/w/d)", field="81", description="<p>Pflege mit Herz.</p>")
    post(title="Koch (m/w/d)", field="29", workplaces=at(SONDERSHAUSEN))
    response = api.get("/api/v1/search/jobs/", {"q": "Pflegekräfte", "place": "Nordhausen", "radius_km": "10"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (1, 1, 20)
    hit = body["results"][0]
    assert set(hit) == {"id", "url", "title", "company", "places", "distance_km", "field", "employment_types",
                        "date_posted", "snippet", "salary"}  # fmt: skip
    assert hit["id"] == job.pk
    assert hit["distance_km"] == 0.0
    assert hit["snippet"] == "<mark>Pflege</mark> mit Herz."
    assert set(body["facets"]) == {"county", "field", "area", "employment_type", "offer_type", "network",
                                   "contract", "remote", "posted_within_days"}  # fmt: skip
    assert body["facets"]["county"] == [{"value": "16062", "label": "Landkreis Nordhausen", "count": 1,
                                         "selected": False}]  # fmt: skip


def test_contract_remote_and_date_facets_over_the_api(api: APIClient, post: Any) -> None:
    post(contract="fixed_term", remote="hybrid")
    body = api.get("/api/v1/search/jobs/?posted_within_days=7").json()
    [contract] = body["facets"]["contract"]
    assert (contract["value"], contract["count"], contract["selected"]) == ("fixed_term", 1, False)
    assert contract["label"] not in ("", "fixed_term")
    assert [v["value"] for v in body["facets"]["remote"]] == ["hybrid"]
    dated = {v["value"]: (v["count"], v["selected"]) for v in body["facets"]["posted_within_days"]}
    assert dated == {"1": (1, False), "7": (1, True), "30": (1, False)}


def test_body_is_what_drfs_json_renderer_writes(api: APIClient, post: Any) -> None:
    post(title="Bäcker\u2028Konditor (m/w/d)", description="<p>Frühschicht ab 4 Uhr – Brötchen</p>")
    response = api.get("/api/v1/search/jobs/", {"q": "Frühschicht"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1
    assert response.content == JSONRenderer().render(response.json())
    assert b"\\u2028" in response.content


def test_multi_select_facets_over_the_api(api: APIClient, post: Any) -> None:
    post(field="24")
    post(field="24", workplaces=at(SONDERSHAUSEN))
    body = api.get("/api/v1/search/jobs/?county=16065").json()
    assert body["count"] == 1
    assert {v["value"]: v["count"] for v in body["facets"]["county"]} == {"16062": 1, "16065": 1}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("place=Berlin", "place"),
        ("radius_km=10", "radius_km"),
        ("place=Erfurt&radius_km=250", "radius_km"),
        ("page_size=500", "page_size"),
        ("field=07", "field"),
    ],
)
def test_bad_requests_answer_400_naming_the_parameter(api: APIClient, query: str, parameter: str) -> None:
    response = api.get(f"/api/v1/search/jobs/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_unknown_place_says_did_you_mean(api: APIClient) -> None:
    # A prefix is not a place (the autocomplete completes it); the 400 names the place it may mean.
    messages = api.get("/api/v1/search/jobs/?place=Sondersh").json()["place"]
    assert "Sondersh" in messages[0] and "Sondershausen" in messages[-1]
    # A near miss is searched instead (place_corrected).
    assert api.get("/api/v1/search/jobs/?place=Sondershaussen").json()["place_corrected"] == "Sondershausen"


def test_suggest_titles_and_places(api: APIClient, post: Any) -> None:
    post(title="Erzieher (m/w/d)", field="83")
    post(title="Erzieherin", field="83")
    body = api.get("/api/v1/search/suggest/", {"q": "Erz"}).json()
    assert [t["text"] for t in body["titles"]] == ["Erzieher", "Erzieherin"]
    assert all(p["kind"] == "place" for p in body["places"])
    places = api.get("/api/v1/search/suggest/", {"q": "Sonders"}).json()["places"]
    assert places[0]["text"] == "Sondershausen"
    assert api.get("/api/v1/search/suggest/", {"q": "E"}).json() == {"titles": [], "places": []}


def test_endpoints_are_in_the_openapi_schema(api: APIClient) -> None:
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    jobs = schema["paths"]["/api/v1/search/jobs/"]["get"]
    suggest = schema["paths"]["/api/v1/search/suggest/"]["get"]
    assert {p["name"] for p in jobs["parameters"]} >= {"q", "county", "place", "radius_km", "field", "page_size"}
    assert jobs["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SearchResults")
    assert suggest["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/SearchSuggestResponse"
    )
    components = schema["components"]["schemas"]
    assert {"SearchHit", "SearchFacetValue", "SearchFacets", "SearchSuggestion"} <= set(components)
    assert set(components["SearchHit"]["properties"]) >= {"snippet", "distance_km", "places"}


@pytest.mark.parametrize("url", ["/api/v1/search/jobs/", "/api/v1/search/suggest/?q=Pf"])
def test_search_endpoints_answer_other_methods_like_every_drf_view(api: APIClient, url: str) -> None:
    assert api.post(url, {}).status_code == 405
    assert api.head(url).status_code == 200
    options = api.options(url)
    assert options.status_code == 200
    assert "GET" in options["Allow"]


def test_facet_labels_in_the_language_asked_for(api: APIClient, post: Any) -> None:
    post(employment_types=["full_time"])

    def label(language: str) -> str:
        body = api.get("/api/v1/search/jobs/", HTTP_ACCEPT_LANGUAGE=language).json()
        return {v["value"]: v["label"] for v in body["facets"]["employment_type"]}["full_time"]

    assert (label("de"), label("en"), label("fr")) == ("Vollzeit", "Full-time", "Vollzeit")


def test_corrections_are_reported(api: APIClient, post: Any) -> None:
    post(title="Mechaniker (m/w/d)")
    body = api.get("/api/v1/search/jobs/", {"q": "Mechaniker", "place": "Nordhausen"}).json()
    assert (body["count"], body["place_corrected"], body["q_corrected"]) == (1, None, None)
    body = api.get("/api/v1/search/jobs/", {"q": "Mechnaiker", "place": "Nordhasuen"}).json()
    assert (body["count"], body["place_corrected"], body["q_corrected"]) == (1, "Nordhausen", "Mechaniker")
    # Too far from any place, or shared: a 400 naming place, with the suggestions in its words.
    refused = api.get("/api/v1/search/jobs/", {"place": "Eichenberg"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "Eichenberg (Saale-Holzland-Kreis)" in refused.json()["place"][-1]
    berlin = api.get("/api/v1/search/jobs/", {"place": "Berlin"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "outside Thuringia" in berlin["place"][0]


def test_corrections_are_in_the_openapi_schema(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    results = schema["components"]["schemas"]["SearchResults"]
    assert {"place_corrected", "q_corrected"} <= set(results["properties"])
    assert results["properties"]["q_corrected"]["nullable"] is True
