"""/api/v1/me/saved-jobs/: who may list, save and remove what (the permission matrix), and what a save refuses."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from jobs import services as job_services
from jobs.models import JobPosting
from savedjobs.models import SAVED_JOBS_MAX, SavedJob
from tests.factories import make_posting

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/saved-jobs/"


def one(posting_id: int) -> str:
    return f"{LIST}{posting_id}/"


@pytest.fixture
def open_job(company_a):  # type: ignore[no-untyped-def]
    return make_posting(company_a, title="Elektroniker (m/w/d)")


@pytest.fixture
def draft_job(company_b):  # type: ignore[no-untyped-def]
    return make_posting(company_b, title="Geheimer Entwurf", status="draft")


class TestAnonymous:
    @pytest.mark.parametrize("method,path", [("get", LIST), ("post", LIST), ("delete", "one")])
    def test_every_method_needs_a_login(self, api, open_job, method, path):  # type: ignore[no-untyped-def]
        url = one(open_job.pk) if path == "one" else path
        response = getattr(api, method)(url, {"posting": open_job.pk}, format="json")
        assert response.status_code == 401
        assert not SavedJob.objects.exists()


class TestOwnList:
    def test_save_list_and_remove(self, client_seeker_a, open_job):  # type: ignore[no-untyped-def]
        created = client_seeker_a.post(LIST, {"posting": open_job.pk}, format="json")
        assert created.status_code == 201, created.content
        assert created.json()["posting"] == open_job.pk
        assert created.json()["state"] == "open"
        assert created.json()["url"].endswith(f"/api/v1/jobs/{open_job.pk}/")
        assert "no-store" in created["Cache-Control"]

        again = client_seeker_a.post(LIST, {"posting": open_job.pk}, format="json")
        assert again.status_code == 200
        assert SavedJob.objects.count() == 1

        listed = client_seeker_a.get(LIST)
        assert listed.status_code == 200
        assert [(r["posting"], r["title"], r["company"]) for r in listed.json()] == [
            (open_job.pk, "Elektroniker (m/w/d)", "Firma A GmbH")
        ]
        assert "private" in listed["Cache-Control"]

        assert client_seeker_a.delete(one(open_job.pk)).status_code == 204
        assert client_seeker_a.get(LIST).json() == []
        assert client_seeker_a.delete(one(open_job.pk)).status_code == 404

    def test_company_members_and_operators_have_their_own_list_too(  # type: ignore[no-untyped-def]
        self, client_a, client_operator, open_job
    ):
        for client in (client_a, client_operator):
            assert client.post(LIST, {"posting": open_job.pk}, format="json").status_code == 201
            assert [r["posting"] for r in client.get(LIST).json()] == [open_job.pk]
        assert SavedJob.objects.count() == 2

    def test_closed_and_expired_postings_stay_marked(self, client_seeker_a, company_a):  # type: ignore[no-untyped-def]
        closing = make_posting(company_a, title="Wird besetzt")
        expiring = make_posting(company_a, title="Läuft ab")
        staying = make_posting(company_a, title="Bleibt offen")
        for job in (closing, expiring, staying):
            assert client_seeker_a.post(LIST, {"posting": job.pk}, format="json").status_code == 201
        job_services.job_close(job=closing)
        JobPosting.objects.filter(pk=expiring.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))

        states = {r["title"]: (r["state"], r["url"]) for r in client_seeker_a.get(LIST).json()}
        assert states["Wird besetzt"] == ("closed", None)
        assert states["Läuft ab"] == ("expired", None)
        assert states["Bleibt offen"][0] == "open" and states["Bleibt offen"][1]
        # An ended posting on the list can still be removed …
        assert client_seeker_a.delete(one(closing.pk)).status_code == 204
        # … but not saved anew.
        response = client_seeker_a.post(LIST, {"posting": closing.pk}, format="json")
        assert response.status_code == 400 and "posting" in response.json()


class TestOthersLists:
    def test_one_user_never_sees_or_removes_anothers_entries(  # type: ignore[no-untyped-def]
        self, client_seeker_a, client_seeker_b, open_job
    ):
        client_seeker_a.post(LIST, {"posting": open_job.pk}, format="json")
        assert client_seeker_b.get(LIST).json() == []
        # B names the same posting: not on B's list, so nothing to remove, and A's entry stays.
        assert client_seeker_b.delete(one(open_job.pk)).status_code == 404
        assert [r["posting"] for r in client_seeker_a.get(LIST).json()] == [open_job.pk]


class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [{}, {"posting": "abc"}, {"posting": None}, {"posting": [1]}, {"posting": 10**9}, {"posting": True},
         {"posting": 1.0}, {"posting": 10**20}, {"posting": "99999999999999999999"}, {"posting": -1}],
    )  # fmt: skip
    def test_a_bad_or_unknown_posting_is_a_400_naming_the_field(self, client_seeker_a, body):  # type: ignore[no-untyped-def]
        response = client_seeker_a.post(LIST, body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["posting"]

    def test_a_body_that_is_not_an_object(self, client_seeker_a):  # type: ignore[no-untyped-def]
        response = client_seeker_a.post(LIST, [1, 2], format="json")
        assert response.status_code == 400
        assert "posting" in response.json()

    def test_a_draft_is_not_there_for_others_not_even_its_own_company(  # type: ignore[no-untyped-def]
        self, client_seeker_a, client_b, draft_job
    ):
        for client in (client_seeker_a, client_b):
            response = client.post(LIST, {"posting": draft_job.pk}, format="json")
            assert response.status_code == 400
            # The same answer as for a number that does not exist: nothing about the draft leaks.
            unknown = client.post(LIST, {"posting": 10**9}, format="json")
            assert response.json() == unknown.json()
            assert "Geheimer Entwurf" not in response.content.decode()
        assert not SavedJob.objects.exists()

    def test_a_full_list_refuses_more(self, client_seeker_a, seeker_a, company_a, open_job):  # type: ignore[no-untyped-def]
        others = [make_posting(company_a, title=f"Stelle {i}") for i in range(2)]
        SavedJob.objects.bulk_create([SavedJob(user=seeker_a, posting=others[0])])
        # Fill the list up to the cap with rows of one posting each: the limit counts rows, whatever they point at.
        postings = JobPosting.objects.bulk_create(
            [
                JobPosting(company=company_a, title=f"F{i}", expires_on=open_job.expires_on)
                for i in range(SAVED_JOBS_MAX - 1)
            ]
        )
        SavedJob.objects.bulk_create([SavedJob(user=seeker_a, posting=p) for p in postings])
        response = client_seeker_a.post(LIST, {"posting": open_job.pk}, format="json")
        assert response.status_code == 400 and "posting" in response.json()
        SavedJob.objects.filter(posting=others[0]).delete()
        assert client_seeker_a.post(LIST, {"posting": open_job.pk}, format="json").status_code == 201

    def test_delete_with_a_malformed_number_is_the_apis_404(self, client_seeker_a):  # type: ignore[no-untyped-def]
        response = client_seeker_a.delete(f"{LIST}abc/")
        assert response.status_code == 404
        assert client_seeker_a.delete(f"{LIST}99999999999999999999/").status_code == 404
        assert response["Content-Type"].startswith("application/json")
