"""The saved jobs are the person's data: in their export, gone with their account."""

from __future__ import annotations

import pytest

from profiles.export import account_export
from profiles.services import account_delete
from savedjobs.models import SavedJob
from savedjobs.services import saved_job_add
from tests.factories import make_posting

pytestmark = pytest.mark.django_db


def test_export_holds_the_own_saved_jobs_only(seeker_a, seeker_b, company_a):  # type: ignore[no-untyped-def]
    mine = make_posting(company_a, title="Meine Stelle")
    theirs = make_posting(company_a, title="Fremde Stelle")
    saved_job_add(user=seeker_a, posting_id=mine.pk)
    saved_job_add(user=seeker_b, posting_id=theirs.pk)
    rows = account_export(user=seeker_a)["saved_jobs"]
    assert [(r["posting"], r["title"], r["company"], r["state"]) for r in rows] == [
        (mine.pk, "Meine Stelle", "Firma A GmbH", "open")
    ]
    assert rows[0]["saved_at"]


def test_account_deletion_removes_the_list_and_nothing_of_others(seeker_a, seeker_b, company_a):  # type: ignore[no-untyped-def]
    job = make_posting(company_a)
    saved_job_add(user=seeker_a, posting_id=job.pk)
    saved_job_add(user=seeker_b, posting_id=job.pk)
    account_delete(user=seeker_a, by=seeker_a)
    assert list(SavedJob.objects.values_list("user__username", flat=True)) == ["stefan"]
