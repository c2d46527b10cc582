"""When the search engine is down, searches answer 503 with a clear message; pages without a search still work."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from search.backends.base import RETRY_AFTER_SECONDS, SearchBackendError, get_search_backend, reset_backends
from search.query import ProfileQuery, SearchQuery

pytestmark = pytest.mark.usefixtures("sqlite_backend")


def test_api_answers_503_with_a_retry_hint(api: APIClient, post: Any, engine_down: Any) -> None:
    post(title="Pflegefachkraft")
    engine_down.off()
    response = api.get("/api/v1/search/jobs/", {"q": "Pflege"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
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
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
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


# ---- every engine failure, every read path --------------------------------------------------------------------------

READ_PATHS = [
    "/api/v1/search/jobs/?q=Pflege",
    "/api/v1/search/jobs/",
    "/api/v1/search/suggest/?q=Pfl",
    "/jobs/?q=Pflege",
    "/jobs/",
    "/jobs/feed/?q=Pflege",
]


@pytest.fixture
def broken_index(settings: Any, tmp_path: Path, post: Any) -> Any:
    """Point the embedded backend at a real broken index: a file that is not a database, or a folder that cannot be
    created (its parent is a file: root may write anywhere, but no one can make a folder inside a file)."""

    def make(kind: str) -> None:
        post(title="Pflegefachkraft")
        if kind == "corrupt file":
            path = tmp_path / "index" / "postings.sqlite3"
            path.parent.mkdir()
            path.write_bytes(b"this is not an SQLite database, it is a torn write " * 200)
        else:
            blocker = tmp_path / "not-a-folder"
            blocker.write_text("a file where the index folder should be")
            path = blocker / "search" / "postings.sqlite3"
        settings.SEARCH_BACKENDS = {
            "default": {**settings.SEARCH_BACKENDS["default"], "PATH": str(path), "TIME_BUDGET": 10.0}
        }

    return make


@pytest.mark.parametrize("kind", ["corrupt file", "unwritable folder"])
@pytest.mark.parametrize("url", READ_PATHS)
def test_a_broken_embedded_index_is_a_503_on_every_search_path(client: Any, broken_index: Any, kind: str, url: str):
    broken_index(kind)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "unavailable" in response.content.decode()


@pytest.mark.parametrize("kind", ["corrupt file", "unwritable folder"])
def test_a_broken_embedded_index_leaves_the_home_page_without_counts(client: Any, broken_index: Any, kind: str):
    broken_index(kind)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert "Pflegefachkraft" in response.content.decode()


@pytest.mark.parametrize("url", READ_PATHS)
def test_an_unreachable_elasticsearch_is_a_503_on_every_search_path(client: Any, post: Any, engine_down: Any, url: str):
    post(title="Pflegefachkraft")
    engine_down.off()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


def test_every_backend_operation_turns_engine_failures_into_search_backend_error(broken_index: Any) -> None:
    broken_index("corrupt file")
    reset_backends()
    backend = get_search_backend()
    for operation in (
        lambda: backend.search(SearchQuery(q="Pflege")),
        lambda: backend.autocomplete("Pfl"),
        backend.digests,
        lambda: backend.delete([1]),
        lambda: backend.search_profiles(ProfileQuery(q="Pflege")),
        backend.profile_digests,
        lambda: backend.delete_profiles([1]),
        lambda: backend.rebuild_profiles([]),
    ):
        with pytest.raises(SearchBackendError):
            operation()
    assert backend.ping() is False


def test_profile_operations_on_an_unreachable_elasticsearch_are_search_backend_errors(engine_down: Any) -> None:
    engine_down.off()
    backend = get_search_backend()
    for operation in (
        lambda: backend.search_profiles(ProfileQuery(q="Pflege", company_id=1)),
        backend.profile_digests,
        lambda: backend.delete_profiles([1]),
        lambda: backend.rebuild_profiles([]),
    ):
        with pytest.raises(SearchBackendError):
            operation()


def test_reindex_replaces_a_corrupt_index_file(broken_index: Any, api: APIClient) -> None:
    broken_index("corrupt file")
    assert api.get("/api/v1/search/jobs/", {"q": "Pflege"}).status_code == 503
    call_command("search_reindex", "--no-progress", stdout=StringIO(), stderr=StringIO())
    response = api.get("/api/v1/search/jobs/", {"q": "Pflege"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
