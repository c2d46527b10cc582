"""'Report this posting': a short form on the public posting page, throttled, with no personal data kept."""

from __future__ import annotations

import pytest
from django.test import Client

from jobs import services as job_services
from moderation.models import PostingReport
from tests.factories import make_posting
from tests.frontend.conftest import field_error, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():  # type: ignore[no-untyped-def]
    return make_posting(title="Maurer (m/w/d)")


def _url(job) -> str:  # type: ignore[no-untyped-def]
    return f"/jobs/{job.pk}/report/"


def test_the_posting_page_links_the_form(job):  # type: ignore[no-untyped-def]
    page = soup(Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/jobs/{job.pk}/", follow=True))
    link = page.find("a", href=_url(job))
    assert link is not None and link.get_text(strip=True) == "Report this posting"


def test_a_report_is_stored_without_who_sent_it(client, job):  # type: ignore[no-untyped-def]
    form = client.get(_url(job))
    assert form.status_code == 200 and 'name="csrfmiddlewaretoken"' in form.content.decode()
    response = client.post(
        _url(job), {"reason": "discriminating", "text": "Nur Bewerber unter 30"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302 and response["Location"].startswith(f"/jobs/{job.pk}-maurer")
    report = PostingReport.objects.get()
    assert (report.posting_id, report.reason, report.text, report.resolved_at) == (
        job.pk, "discriminating", "Nur Bewerber unter 30", None,
    )  # fmt: skip
    stored = {f.name for f in PostingReport._meta.concrete_fields}
    assert stored == {"id", "posting", "reason", "text", "created_at", "resolved_at", "resolution", "resolved_by"}


def test_csrf_is_required(job):  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    assert client.post(_url(job), {"reason": "spam"}).status_code == 403
    assert not PostingReport.objects.exists()


@pytest.mark.parametrize(
    ("data", "field_id"),
    [({}, "id_reason"), ({"reason": "nonsense"}, "id_reason"), ({"reason": "other", "text": "x" * 1001}, "id_text")],
)
def test_bad_input_is_a_400_naming_the_field(client, job, data, field_id):  # type: ignore[no-untyped-def]
    response = client.post(_url(job), data)
    assert response.status_code == 400
    assert field_error(response, field_id)
    assert not PostingReport.objects.exists()


def test_reports_are_throttled_per_address_and_session(client, job, settings):  # type: ignore[no-untyped-def]
    settings.POSTING_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(_url(job), {"reason": "spam"}, REMOTE_ADDR="203.0.113.9").status_code == 302
    refused = client.post(_url(job), {"reason": "spam"}, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert PostingReport.objects.count() == 2
    # The same browser from another address: its session is over the limit too.
    assert client.post(_url(job), {"reason": "spam"}, REMOTE_ADDR="198.51.100.7").status_code == 429
    # Another browser from the first address: that address is over the limit.
    assert Client().post(_url(job), {"reason": "spam"}, REMOTE_ADDR="203.0.113.9").status_code == 429
    # Someone else entirely may still report.
    assert Client().post(_url(job), {"reason": "spam"}, REMOTE_ADDR="198.51.100.8").status_code == 302


def test_only_public_postings_can_be_reported(client, job):  # type: ignore[no-untyped-def]
    job_services.job_close(job=job)
    assert client.get(_url(job)).status_code == 404
    assert client.post(_url(job), {"reason": "spam"}).status_code == 404
    assert client.get("/jobs/999999/report/").status_code == 404
