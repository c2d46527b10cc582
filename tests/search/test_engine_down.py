"""When the search engine is down, searches answer 503 with a clear message; pages without a search still work."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("sqlite_backend")


def test_api_answers_503_with_a_retry_hint(api: APIClient, post: Any, engine_down: Any) -> None:
    post(title="Pflegefachkraft")
    engine_down.off()
    response = api.get("/api/v1/search/jobs/", {"q": "Pflege"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"detail": "The search is unavailable at the moment. Please try again in a few minutes."}
    engine_down.on()
    assert api.get("/api/v1/search/jobs/", {"q": "Pflege"}).json()["count"] == 1


def test_bad_parameters_are_still_400_while_the_engine_is_down(api: APIClient, engine_down: Any) -> None:
    engine_down.off()
    response = api.get("/api/v1/search/jobs/", {"page_size": "500"})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_results_page_says_the_search_is_unavailable(client: Any, post: Any, engine_down: Any) -> None:
    post(title="Pflegefachkraft")
    engine_down.off()
    response = client.get("/jobs/?q=Pflege", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 503
    text = response.content.decode()
    assert "Die Suche ist gerade nicht erreichbar" in text
    assert 'role="alert"' in text
    assert 'name="q"' in text  # the form stays, filled in
    assert 'value="Pflege"' in text


def test_home_page_works_without_the_counts(client: Any, post: Any, engine_down: Any) -> None:
    post(title="Pflegefachkraft")
    engine_down.off()
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Pflegefachkraft" in response.content.decode()  # the newest postings come from the database
