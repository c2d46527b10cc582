"""Searches without results: counted per normalized words and day, from the search page and the API only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from moderation.models import SearchMiss
from moderation.services import search_miss_record, search_term_normalize

pytestmark = pytest.mark.django_db


def _misses() -> dict[str, int]:
    return dict(SearchMiss.objects.values_list("term", "count"))


def test_the_search_page_and_the_api_count_searches_that_found_nothing(client, api, indexed):  # type: ignore[no-untyped-def]
    indexed(None, title="Zerspanungsmechaniker (m/w/d)")
    assert client.get("/jobs/", {"q": "Hufschmied"}).status_code == 200
    assert client.get("/jobs/", {"q": "  HUFSCHMIED "}, follow=True).status_code == 200
    assert api.get("/api/v1/search/jobs/", {"q": "Drohnenpilot"}).status_code == 200
    assert _misses() == {"hufschmied": 2, "drohnenpilot": 1}
    assert SearchMiss.objects.get(term="hufschmied").day == timezone.localdate()


def test_searches_with_results_empty_ones_and_later_pages_are_not_counted(client, indexed):  # type: ignore[no-untyped-def]
    indexed(None, title="Zerspanungsmechaniker (m/w/d)")
    client.get("/jobs/", {"q": "Zerspanungsmechaniker"})
    client.get("/jobs/", {"q": ""})
    client.get("/jobs/", {"county": "16062"})
    client.get("/jobs/", {"q": "Hufschmied", "page": "2"})
    client.get("/jobs/feed/", {"q": "Hufschmied"})
    assert _misses() == {}


def test_no_personal_data_is_recorded():
    assert search_term_normalize("Max.Mustermann@example.org Koch 0361 1234567") == "koch 0361"
    assert search_term_normalize("a" * 300) == "a" * 100
    assert search_term_normalize("@@@") == ""
    stored = {f.name for f in SearchMiss._meta.concrete_fields}
    assert stored == {"id", "term", "day", "count"}  # no address, no user, no place


def test_counted_per_term_and_day():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for _ in range(3):
        search_miss_record(q="Hufschmied", day=today)
    search_miss_record(q="Hufschmied", day=yesterday)
    search_miss_record(q="nur@mail.example")  # nothing left to record
    rows = set(SearchMiss.objects.values_list("term", "day", "count"))
    assert rows == {("hufschmied", today, 3), ("hufschmied", yesterday, 1)}
