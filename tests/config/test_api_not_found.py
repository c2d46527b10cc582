"""Every 404 of the API answers one message, in the language asked for (Django's get_object_or_404 named the model
in English among German answers; an unknown address under the API answered the site's HTML page)."""

from __future__ import annotations

import pytest

from tests.factories import make_posting

pytestmark = pytest.mark.django_db

MESSAGE = {"de": "Nicht gefunden.", "en": "Not found."}


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/jobs/999999/",
        "/api/v1/jobs/keine-zahl/",
        "/api/v1/jobs/?page=99",
        "/api/v1/companies/gibt-es-nicht/",
        "/api/v1/companies/?page=99",
        "/api/v1/search/jobs/999/",
        "/api/v1/gibt-es-nicht/",
    ],
)
def test_every_api_404_answers_one_translated_message(api, company_a, path, language):
    make_posting(company_a)
    r = api.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert r.status_code == 404, r.content
    assert r["Content-Type"].startswith("application/json")
    assert r.json() == {"detail": MESSAGE[language]}


@pytest.mark.parametrize("language", ["de", "en"])
def test_another_companys_posting_is_404_in_the_language_asked_for(client_b, company_a, language):
    job = make_posting(company_a)
    for method in ("patch", "delete"):
        r = getattr(client_b, method)(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=language)
        assert r.status_code == 404 and r.json() == {"detail": MESSAGE[language]}, (method, r.content)
    r = client_b.post(f"/api/v1/jobs/{job.pk}/close/", HTTP_ACCEPT_LANGUAGE=language)
    assert r.status_code == 404 and r.json() == {"detail": MESSAGE[language]}


def test_an_address_without_its_slash_is_still_redirected(api):
    assert api.get("/api/v1/jobs").status_code == 301
