"""A description without any tag is plain text: its blank-line paragraphs become <p> and its single newlines <br>,
whoever writes it (API, company-area form, crawler: all through jobs.services and jobs.sanitize), and the rows stored
as plain text before are converted by a data migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from jobs.models import JobPosting
from jobs.sanitize import sanitize_html
from tests.factories import make_posting

pytestmark = pytest.mark.django_db

PLAIN = (
    "Wir suchen Sie.\n\nIhre Aufgaben:\n- Fräsen & Drehen\n- Qualität < 1 ‰ Ausschuss\r\n\r\n\r\nKontakt: Frau Beispiel"
)
AS_HTML = (
    "<p>Wir suchen Sie.</p><p>Ihre Aufgaben:<br>\n- Fräsen &amp; Drehen<br>\n- Qualität &lt; 1 ‰ Ausschuss</p>"
    "<p>Kontakt: Frau Beispiel</p>"
)


def test_plain_text_gets_paragraphs_and_line_breaks() -> None:
    assert sanitize_html(PLAIN) == AS_HTML
    assert sanitize_html("Eine Zeile") == "<p>Eine Zeile</p>"
    # HTML stays as it is (blank lines in markup mean nothing).
    assert sanitize_html("<p>Eins</p>\n\nZwei") == "<p>Eins</p>\n\nZwei"
    # Converting twice changes nothing.
    assert sanitize_html(sanitize_html(PLAIN)) == AS_HTML


def test_the_api_keeps_the_paragraphs(client_a, company_a) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import posting_data
    from tests.jobs.test_api_bad_input import as_json

    response = client_a.post("/api/v1/jobs/", as_json(posting_data(description=PLAIN)), format="json")
    assert response.status_code == 201
    assert JobPosting.objects.get().description == AS_HTML


def test_the_crawlers_way_in_keeps_them_too(company_a) -> None:  # type: ignore[no-untyped-def]
    # The crawler's upsert calls the same service with the normalized description.
    job = make_posting(company_a, description="Absatz eins.\n\nAbsatz zwei.")
    assert job.description == "<p>Absatz eins.</p><p>Absatz zwei.</p>"


def test_the_data_migration_converts_stored_plain_text(company_a) -> None:  # type: ignore[no-untyped-def]
    plain = make_posting(company_a)
    html = make_posting(company_a)
    one_line = make_posting(company_a)
    # As stored before: sanitized, but without paragraphs.
    JobPosting.objects.filter(pk=plain.pk).update(description="Eins &amp; zwei.\n\nDrei.")
    JobPosting.objects.filter(pk=html.pk).update(description="<p>Schon HTML</p>\n\n<p>bleibt</p>")
    JobPosting.objects.filter(pk=one_line.pk).update(description="Nur eine Zeile.")
    migration = importlib.import_module("jobs.migrations.0005_plain_text_descriptions_keep_paragraphs")
    migration.forwards(django_apps, None)
    descriptions = dict(JobPosting.objects.values_list("pk", "description"))
    assert descriptions[plain.pk] == "<p>Eins &amp; zwei.</p><p>Drei.</p>"
    assert descriptions[html.pk] == "<p>Schon HTML</p>\n\n<p>bleibt</p>"
    assert descriptions[one_line.pk] == "Nur eine Zeile."  # one paragraph shows as one either way


def test_demo_postings_open_with_their_own_content() -> None:
    from django.core.management import call_command

    from search.documents import text_blocks

    call_command("seed_demo", verbosity=0)
    firsts = {}
    for job in JobPosting.objects.select_related("company"):
        first = text_blocks(job.description)[0]
        assert job.company.description not in first
        firsts.setdefault(job.company_id, set()).add(first)
    # Different postings of a company open differently (the same role in the same town may repeat).
    assert sum(len(v) for v in firsts.values()) > 0.5 * JobPosting.objects.count()
