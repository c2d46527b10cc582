"""Descriptions stored as plain text (before jobs.sanitize kept their paragraphs) get their paragraphs and line
breaks as HTML, exactly as a write through jobs.sanitize.sanitize_html gives them today. Their plain text, and so
the search index, stays the same (block tags become the spaces newlines were)."""

from typing import Any

from django.db import migrations

from jobs.sanitize import is_plain_text, sanitize_html

BATCH = 500


def forwards(apps: Any, schema_editor: Any) -> None:
    JobPosting = apps.get_model("jobs", "JobPosting")
    candidates = JobPosting.objects.filter(description__contains="\n").exclude(description__contains="<")
    changed = []
    for posting in candidates.only("pk", "description").iterator(chunk_size=BATCH):
        if is_plain_text(posting.description):
            posting.description = sanitize_html(posting.description)
            changed.append(posting)
        if len(changed) >= BATCH:
            JobPosting.objects.bulk_update(changed, ["description"])
            changed = []
    if changed:
        JobPosting.objects.bulk_update(changed, ["description"])


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_review_status_starts_on")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
