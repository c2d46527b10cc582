"""Saving from the pages without JavaScript, the "Gemerkt" list, and that the cached cards and posting page never
carry one user's state to another."""

from __future__ import annotations

import pytest
from django.test import Client

from jobs import services as job_services
from savedjobs.models import SavedJob
from tests.factories import UserFactory, make_posting
from tests.frontend.conftest import soup
from tests.frontend.test_pages import detail_url

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(user)
    return client


@pytest.fixture
def job(company_a):  # type: ignore[no-untyped-def]
    return make_posting(company_a, title="Mechatroniker (m/w/d)")


@pytest.fixture
def sabine(db):  # type: ignore[no-untyped-def]
    return client_for(UserFactory(username="sabine"))


@pytest.fixture
def stefan(db):  # type: ignore[no-untyped-def]
    return client_for(UserFactory(username="stefan"))


def save_form(page):  # type: ignore[no-untyped-def]
    return page.find("form", attrs={"data-save-form": True})


class TestPostingPage:
    def test_anonymous_gets_a_login_link_back_to_the_posting(self, client, job):  # type: ignore[no-untyped-def]
        page = soup(client.get(detail_url(job)))
        assert save_form(page) is None
        link = page.find("a", class_="save-link")
        assert link["href"] == f"/accounts/login/?next={detail_url(job)}"

    def test_save_and_remove_without_javascript(self, sabine, job):  # type: ignore[no-untyped-def]
        form = save_form(soup(sabine.get(detail_url(job))))
        button = form.find("button")
        assert button["value"] == "save"
        back = form.find("input", attrs={"name": "next"})["value"]
        response = sabine.post(form["action"], {"action": "save", "next": back})
        assert response.status_code == 302 and response["Location"] == detail_url(job)
        assert SavedJob.objects.filter(posting=job).count() == 1

        page = soup(sabine.get(detail_url(job)))
        assert save_form(page).find("button")["value"] == "remove"
        sabine.post(form["action"], {"action": "remove", "next": back})
        assert not SavedJob.objects.exists()

    def test_the_cached_posting_page_does_not_carry_the_state_to_others(self, sabine, stefan, client, job):  # type: ignore[no-untyped-def]
        sabine.get(detail_url(job))  # the posting's fragment is cached now
        sabine.post(f"/jobs/{job.pk}/save/", {"action": "save"})
        assert save_form(soup(sabine.get(detail_url(job)))).find("button")["value"] == "remove"
        assert save_form(soup(stefan.get(detail_url(job)))).find("button")["value"] == "save"
        assert save_form(soup(client.get(detail_url(job)))) is None

    def test_an_unsafe_next_goes_back_to_the_posting(self, sabine, job):  # type: ignore[no-untyped-def]
        response = sabine.post(f"/jobs/{job.pk}/save/", {"action": "save", "next": "https://evil.example/"})
        assert response["Location"] == detail_url(job)

    def test_a_bad_action_saves_nothing(self, sabine, job):  # type: ignore[no-untyped-def]
        response = sabine.post(f"/jobs/{job.pk}/save/", {"action": "steal"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400 and "action" in response.json()
        assert not SavedJob.objects.exists()


class TestSaveForm:
    """The address the cards link to: the save form (GET) and the toggle (POST, plain or JSON for saved.js)."""

    def test_anonymous_is_sent_to_log_in_and_back(self, client, job):  # type: ignore[no-untyped-def]
        response = client.get(f"/jobs/{job.pk}/save/")
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next=/jobs/{job.pk}/save/"
        assert client.post(f"/jobs/{job.pk}/save/", {"action": "save"}).status_code == 302
        assert not SavedJob.objects.exists()

    def test_the_form_page_and_json_toggle(self, sabine, job):  # type: ignore[no-untyped-def]
        page = soup(sabine.get(f"/jobs/{job.pk}/save/"))
        assert save_form(page).find("button")["value"] == "save"
        saved = sabine.post(f"/jobs/{job.pk}/save/", {"action": "save"}, HTTP_ACCEPT="application/json")
        assert saved.json()["saved"] is True
        removed = sabine.post(f"/jobs/{job.pk}/save/", {"action": "remove"}, HTTP_ACCEPT="application/json")
        assert removed.json()["saved"] is False
        assert not SavedJob.objects.exists()

    def test_a_draft_is_not_there(self, sabine, company_b):  # type: ignore[no-untyped-def]
        draft = make_posting(company_b, status="draft")
        assert sabine.get(f"/jobs/{draft.pk}/save/").status_code == 404
        assert sabine.post(f"/jobs/{draft.pk}/save/", {"action": "save"}).status_code == 404
        assert not SavedJob.objects.exists()

    def test_csrf_is_required(self, job):  # type: ignore[no-untyped-def]
        client = Client(enforce_csrf_checks=True)
        client.force_login(UserFactory(username="ohne-token"))
        assert client.post(f"/jobs/{job.pk}/save/", {"action": "save"}).status_code == 403
        assert not SavedJob.objects.exists()


class TestResultCards:
    def test_cards_are_the_same_for_everybody_and_the_ids_are_per_user(  # type: ignore[no-untyped-def]
        self, sabine, stefan, client, company_a, job
    ):
        sabine.post(f"/jobs/{job.pk}/save/", {"action": "save"})
        company_page = f"/companies/{company_a.slug}/"

        def card_save(c):  # type: ignore[no-untyped-def]
            return str(soup(c.get(company_page)).find("p", class_="card-save"))

        # The card (a cached fragment) is one for all: the link to the save form and the one to log in first.
        assert card_save(sabine) == card_save(stefan) == card_save(client)
        page = soup(client.get(company_page))
        assert page.body["class"] == ["signed-out"]
        link = page.find("a", attrs={"data-save-job": str(job.pk)})
        assert link["href"] == f"/jobs/{job.pk}/save/"
        login = page.find("a", class_="for-signed-out")
        assert login["href"] == f"/accounts/login/?next=%2Fjobs%2F{job.pk}%2Fsave%2F"
        assert soup(sabine.get(company_page)).body["class"] == ["signed-in"]
        # Which are saved comes per user, never cached in shared form.
        ids = sabine.get("/seeker/saved/ids/")
        assert ids.json() == {"ids": [job.pk]} and "no-store" in ids["Cache-Control"]
        assert stefan.get("/seeker/saved/ids/").json() == {"ids": []}
        assert client.get("/seeker/saved/ids/").status_code == 302


class TestSavedList:
    def test_lists_own_postings_and_marks_ended_ones(self, sabine, stefan, company_a, job):  # type: ignore[no-untyped-def]
        closed = make_posting(company_a, title="Schon besetzt")
        for j in (job, closed):
            sabine.post(f"/jobs/{j.pk}/save/", {"action": "save"})
        job_services.job_close(job=closed)

        page = soup(sabine.get("/seeker/saved/"))
        cards = page.find("ol", class_="saved-jobs").find_all("li", recursive=False)
        assert [c.find("h2").get_text(strip=True) for c in cards] == ["Schon besetzt", "Mechatroniker (m/w/d)"]
        ended, open_ = cards
        assert "card-ended" in ended["class"] and ended.find("h2").find("a") is None
        assert ended.find(class_="badge-ended") is not None
        assert open_.find("h2").find("a")["href"] == detail_url(job)
        assert open_.find(class_="badge-ended") is None
        # Removing works for the ended one too.
        form = ended.find("form")
        sabine.post(form["action"], {"action": "remove", "next": "/seeker/saved/"})
        assert list(SavedJob.objects.values_list("posting_id", flat=True)) == [job.pk]

        assert "Mechatroniker" not in stefan.get("/seeker/saved/").content.decode()

    def test_linked_from_header_and_dashboard(self, sabine, client):  # type: ignore[no-untyped-def]
        dashboard = soup(sabine.get("/seeker/"))
        assert dashboard.find("header").find("a", href="/seeker/saved/") is not None
        assert dashboard.find("main").find("a", href="/seeker/saved/") is not None
        assert soup(client.get("/")).find("a", href="/seeker/saved/") is None
        assert client.get("/seeker/saved/").status_code == 302
