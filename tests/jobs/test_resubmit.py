"""A rejected posting: edited by its company (keeping its status), resubmitted (REJECTED → IN_REVIEW, audited),
through the service and the API alike; the one rule for closing; a postal code must belong to its municipality
(API and crawler)."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import Action, AuditEntry
from jobs import services
from jobs.models import CLOSABLE_STATUSES, EDITABLE_STATUSES, RESUBMITTABLE_STATUSES, JobPosting, Status
from jobs.validation import posting_fit_limits
from tests.factories import NORDHAUSEN, make_posting, posting_data

pytestmark = pytest.mark.django_db


def _rejected(company):  # type: ignore[no-untyped-def]
    return services.job_reject(job=make_posting(company), reason="Kein Gehalt angegeben")


class TestRules:
    def test_one_rule_per_transition(self):
        assert RESUBMITTABLE_STATUSES == (Status.REJECTED,)
        assert {Status.REJECTED, Status.IN_REVIEW} <= set(EDITABLE_STATUSES)
        assert Status.EXPIRED not in CLOSABLE_STATUSES

    @pytest.mark.parametrize("status", list(Status))
    def test_the_service_resubmits_exactly_what_the_rule_names(self, company_a, status):
        job = make_posting(company_a)
        JobPosting.objects.filter(pk=job.pk).update(status=status)
        job.refresh_from_db()
        if status in RESUBMITTABLE_STATUSES:
            assert services.job_resubmit(job=job).status == Status.IN_REVIEW
        else:
            with pytest.raises(ValidationError):
                services.job_resubmit(job=job)

    def test_an_expired_posting_is_not_closed(self, company_a):
        job = make_posting(company_a)
        JobPosting.objects.filter(pk=job.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=2))
        job.refresh_from_db()
        assert not job.is_closable
        with pytest.raises(ValidationError):
            services.job_close(job=job)


class TestResubmitService:
    def test_edit_keeps_rejected_and_resubmit_is_audited_with_the_reason(self, company_a, member_a):
        job = _rejected(company_a)
        job = services.job_update(job=job, data={"salary_min": 3000, "salary_max": 3500}, by=member_a)
        assert job.status == Status.REJECTED
        with pytest.raises(ValidationError) as info:
            services.job_update(job=job, data={"status": Status.PUBLISHED}, by=member_a)
        assert "status" in info.value.message_dict
        job = services.job_resubmit(job=job, by=member_a)
        assert (job.status, job.rejection_reason, job.is_visible) == (Status.IN_REVIEW, "Kein Gehalt angegeben", False)
        entry = AuditEntry.objects.for_object(job).get(action=Action.POSTING_RESUBMIT)
        assert entry.actor == member_a
        assert entry.changes["status"] == ["rejected", "in_review"]
        # The rejection (with its reason) stays in the history.
        assert AuditEntry.objects.for_object(job).filter(action=Action.POSTING_REJECT).exists()


class TestResubmitApi:
    def test_patch_keeps_the_status_and_resubmit_moves_it_to_review(self, client_a, company_a):
        job = _rejected(company_a)
        r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Korrigiert (m/w/d)"}, format="json")
        assert r.status_code == 200, r.content
        assert r.json()["status"] == "rejected"
        r = client_a.post(f"/api/v1/jobs/{job.pk}/resubmit/")
        assert r.status_code == 200, r.content
        assert (r.json()["status"], r.json()["rejection_reason"]) == ("in_review", "Kein Gehalt angegeben")
        r = client_a.patch(f"/api/v1/jobs/{job.pk}/", {"title": "Nochmals (m/w/d)"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "in_review"

    def test_resubmit_is_refused_with_the_reason_when_not_rejected(self, client_a, company_a):
        job = make_posting(company_a)
        r = client_a.post(f"/api/v1/jobs/{job.pk}/resubmit/", HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400
        assert r.json()["status"] == ["Only a rejected posting can be resubmitted for review."]

    def test_resubmit_permissions_are_those_of_patch(self, api, client_b, company_a):
        job = _rejected(company_a)
        assert api.post(f"/api/v1/jobs/{job.pk}/resubmit/").status_code == 401
        assert client_b.post(f"/api/v1/jobs/{job.pk}/resubmit/").status_code == 404
        job.refresh_from_db()
        assert job.status == Status.REJECTED


class TestPostalCodeOfTheMunicipality:
    def test_the_api_refuses_a_postal_code_of_another_place(self, client_a, company_a):
        data = {**posting_data(), "workplaces": [{"municipality": NORDHAUSEN, "postal_code": "12345"}]}
        data = {k: (str(v) if isinstance(v, datetime.date) else v) for k, v in data.items() if v is not None}
        r = client_a.post("/api/v1/jobs/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400, r.content
        (message,) = r.json()["workplaces"]
        assert "12345" in message and "Nordhausen" in message and "99734" in message
        assert not JobPosting.objects.exists()

    def test_the_crawler_drops_it_and_logs_without_the_street(self, company_a, caplog):
        data = posting_data(workplaces=[{"municipality": NORDHAUSEN, "postal_code": "12345", "street": "Privatweg 7"}])
        with caplog.at_level(logging.WARNING, logger="jobs.validation"):
            fitted = posting_fit_limits(data, company=company_a)
        assert fitted["workplaces"] == [{"municipality": NORDHAUSEN, "postal_code": "", "street": "Privatweg 7"}]
        assert "12345" in caplog.text and "Privatweg" not in caplog.text
        job = services.job_create(company=company_a, data=fitted)
        assert job.workplaces.get().postal_code == ""
