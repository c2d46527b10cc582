"""Odd input never answers 500: control characters, JSON nested too deep, dates at the end of the calendar."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from jobs.models import JobPosting
from tests.factories import make_posting, posting_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def as_json(data):
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- Control characters -----------------------------------------------------------------------------------------------


def test_strip_control_characters_keeps_text_and_line_breaks():
    from jobs.validation import strip_control_characters

    assert strip_control_characters("Koch\x01\x00 (m/w/d)\x7f\x9f\ufffe") == "Koch (m/w/d)"
    assert strip_control_characters("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert strip_control_characters("Bäcker – 😀") == "Bäcker – 😀"


def test_control_characters_are_removed_from_every_text_on_the_way_in(client_a, company_a):
    payload = as_json(
        posting_data(
            title="Koch\x01 (m/w/d)\x0b",
            description="<p>Frische\x02 Küche\x1f.</p>",
            workplaces=[{"municipality": "16062041", "postal_code": "99734", "street": "Markt\x03 1"}],
            apply_email="jobs\x04@example.org",
        )
    )
    r = client_a.post("/api/v1/jobs/", payload, format="json")
    assert r.status_code == 201, r.content
    job = JobPosting.objects.get()
    assert job.title == "Koch (m/w/d)"
    assert job.description == "<p>Frische Küche.</p>"
    assert job.workplaces.get().street == "Markt 1"
    assert job.apply_email == "jobs@example.org"


@pytest.fixture
def feed_index(search_index, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from search.indexing import index_update_enqueue

    def put(ids):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            index_update_enqueue(ids)

    return put


@pytest.fixture
def search_index(db):  # type: ignore[no-untyped-def]
    from search.backends.base import get_search_backend

    backend = get_search_backend()
    backend.reset_index()
    yield backend
    backend.reset_index()


def _feed_titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:500]
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    return [i.findtext("title") or "" for i in channel.findall("item")]


def test_feed_with_a_control_character_in_the_query_answers_200_anonymously(feed_index, company_a):
    job = make_posting(company_a, title="Koch (m/w/d)")
    feed_index([job.pk])
    response = Client(raise_request_exception=False).get("/jobs/feed/?q=%01")
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML


def test_one_stored_title_with_a_control_character_does_not_take_the_feed_down(feed_index, company_a):
    """Old data (stored before the way in cleaned it) is cleaned on the way out as well."""
    bad = make_posting(company_a, title="Koch (m/w/d)")
    good = make_posting(company_a, title="Bäcker (m/w/d)")
    JobPosting.objects.filter(pk=bad.pk).update(title="Ko\x01ch\x1b (m/w/d)")
    feed_index([bad.pk, good.pk])
    titles = _feed_titles(Client(raise_request_exception=False).get("/jobs/feed/"))
    assert sorted(titles) == ["Bäcker (m/w/d) – Firma A GmbH", "Koch (m/w/d) – Firma A GmbH"]


# --- JSON nested too deep -------------------------------------------------------------------------------------------


@override_settings(DEBUG=False)
@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_400_anonymously(db, depth):
    api = APIClient(raise_request_exception=False)
    r = api.post("/api/v1/auth/token/", data=nested(depth), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400, r.content[:300]
    assert "nested deeper" in r.json()["detail"]


@override_settings(DEBUG=False)
def test_deeply_nested_json_in_a_field_is_400_for_a_member(client_a, company_a):
    client_a.raise_request_exception = False
    body = '{"title": ' + nested(1_000) + "}"
    r = client_a.post("/api/v1/jobs/", data=body, content_type="application/json")
    assert r.status_code == 400, r.content[:300]
    assert "detail" in r.json()
    job = make_posting(company_a)
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", data=body, content_type="application/json")
    assert r.status_code == 400, r.content[:300]
    assert JobPosting.objects.count() == 1


def test_json_within_the_depth_limit_still_parses(client_a, company_a):
    body = json.dumps(as_json(posting_data()))
    r = client_a.post("/api/v1/jobs/", data=body, content_type="application/json")
    assert r.status_code == 201, r.content


def test_lone_surrogate_in_json_is_400(client_a, company_a):
    r = client_a.post("/api/v1/jobs/", data='{"title": "A\\ud800"}', content_type="application/json")
    assert r.status_code == 400
    assert JobPosting.objects.count() == 0


# --- Dates at the end of the calendar ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["date_posted", "valid_through"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_extreme_dates_are_400_on_create(client_a, company_a, name, value):
    client_a.raise_request_exception = False
    r = client_a.post("/api/v1/jobs/", {**as_json(posting_data()), name: value}, format="json")
    assert r.status_code == 400, r.content
    assert name in r.json()
    assert JobPosting.objects.count() == 0


@pytest.mark.parametrize("name", ["date_posted", "valid_through"])
def test_extreme_dates_are_400_on_patch(client_a, company_a, name):
    client_a.raise_request_exception = False
    job = make_posting(company_a)
    before = JobPosting.objects.filter(pk=job.pk).values().get()
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {name: "9999-12-31"}, format="json")
    assert r.status_code == 400, r.content
    assert name in r.json()
    assert JobPosting.objects.filter(pk=job.pk).values().get() == before


def test_patch_of_other_fields_keeps_an_old_date_posted(client_a, company_a):
    """Bounds on date posted apply when it is set, so an old posting's other fields can still be corrected."""
    job = make_posting(company_a, date_posted=TODAY - datetime.timedelta(days=30))
    JobPosting.objects.filter(pk=job.pk).update(date_posted=TODAY - datetime.timedelta(days=3_000))
    r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Koch (m/w/d)"}, format="json")
    assert r.status_code == 200, r.content


def test_the_browsable_api_shows_a_members_posting_with_its_write_form(member_a, company_a):
    """The write form is filled from the stored posting; its workplaces are a related manager, not a list."""
    from django.test import Client

    from tests.factories import make_posting

    job = make_posting(company_a)
    client = Client()
    client.force_login(member_a)
    response = client.get(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert job.title in response.content.decode()
