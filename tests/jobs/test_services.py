import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jobs import services
from jobs.models import JobPosting
from tests.factories import CompanyFactory, make_posting, posting_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_default_validity_is_sixty_days(settings):
    job = make_posting(valid_through=None, date_posted=TODAY)
    assert job.expires_on == TODAY + datetime.timedelta(days=60)
    settings.JOBS_DEFAULT_VALIDITY_DAYS = 10
    job = make_posting(valid_through=None, date_posted=TODAY)
    assert job.expires_on == TODAY + datetime.timedelta(days=10)


def test_expiry_command_expires_only_postings_past_their_date():
    old = make_posting(valid_through=None, date_posted=TODAY - datetime.timedelta(days=61))
    fresh = make_posting(valid_through=None, date_posted=TODAY - datetime.timedelta(days=59))
    due_today = make_posting(valid_through=TODAY)
    assert not JobPosting.objects.visible().filter(pk=old.pk).exists()
    call_command("expire_jobs", verbosity=0)
    statuses = dict(JobPosting.objects.values_list("pk", "status"))
    assert statuses == {old.pk: "expired", fresh.pk: "published", due_today.pk: "published"}


def test_expiry_task_runs_through_celery():
    from jobs.tasks import expire_postings

    make_posting(valid_through=None, date_posted=TODAY - datetime.timedelta(days=90))
    assert expire_postings.delay().get() == 1


def test_renew_publishes_again_for_a_new_period():
    job = make_posting(valid_through=None, date_posted=TODAY - datetime.timedelta(days=90))
    services.jobs_expire()
    job.refresh_from_db()
    services.job_renew(job=job)
    job.refresh_from_db()
    assert job.status == "published" and job.expires_on > TODAY and job.is_visible


def test_reject_needs_a_reason_and_hides_the_posting():
    job = make_posting()
    with pytest.raises(ValidationError):
        services.job_reject(job=job, reason=" ")
    services.job_reject(job=job, reason="Keine echte Stelle")
    job.refresh_from_db()
    assert job.status == "rejected" and job.rejection_reason == "Keine echte Stelle"
    assert not JobPosting.objects.visible().exists()


def test_content_hash_is_stable_and_changes_with_content():
    data = posting_data()
    assert services.posting_content_hash(data) == services.posting_content_hash(dict(data))
    assert services.posting_content_hash(data) != services.posting_content_hash({**data, "title": "Anders"})
    job = make_posting()
    assert job.content_hash == services.posting_content_hash(posting_data())


def test_partial_update_keeps_other_fields_and_workplaces():
    job = make_posting(title="Alt (m/w/d)")
    services.job_update(job=job, data={"salary_max": 4000})
    job.refresh_from_db()
    assert job.title == "Alt (m/w/d)" and job.salary_max == 4000 and job.workplaces.count() == 1


def test_old_posting_can_be_corrected_without_touching_its_date():
    job = make_posting(valid_through=TODAY + datetime.timedelta(days=1))
    JobPosting.objects.filter(pk=job.pk).update(
        date_posted=TODAY - datetime.timedelta(days=30), valid_through=TODAY - datetime.timedelta(days=3)
    )
    job.refresh_from_db()
    services.job_update(job=job, data={"title": "Korrigiert"})
    with pytest.raises(ValidationError) as exc:
        services.job_update(job=job, data={"valid_through": TODAY - datetime.timedelta(days=1)})
    assert "valid_through" in exc.value.message_dict


def test_crawler_source_external_id_is_unique():
    from django.db import IntegrityError, transaction

    company = CompanyFactory()
    services.job_create(company=company, data=posting_data(), source="crawler", source_ref="crawl:1", external_id="7")
    with pytest.raises(IntegrityError), transaction.atomic():
        services.job_create(
            company=company, data=posting_data(), source="crawler", source_ref="crawl:1", external_id="7"
        )
