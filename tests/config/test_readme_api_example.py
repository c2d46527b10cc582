"""The README's write example runs as written: its login and its posting (with `company`, which a member of several
companies must send), against the demo's company and user."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from companies.models import Company
from jobs.models import JobPosting
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _example() -> tuple[dict[str, str], dict[str, object]]:
    posting = re.search(r"saved as `posting.json`\):\n\n```json\n(.*?)```", README, re.S)
    flow = re.search(r"```sh\n(TOKEN=.*?)```", README, re.S)
    assert posting and flow, "the README's write example is missing"
    login = re.search(r"-d '(\{.*?\})'", flow.group(1))
    assert login and "/api/v1/auth/token/" in flow.group(1) and "/api/v1/jobs/" in flow.group(1)
    assert "-d @posting.json" in flow.group(1)
    return json.loads(login.group(1)), json.loads(posting.group(1))


@pytest.fixture
def demo_owner_of_two_companies(settings):  # type: ignore[no-untyped-def]
    """The demo's owner of harzer-praezisionsteile, also a member of a second company (the case that failed)."""
    login, posting = _example()
    company = CompanyFactory(slug=posting["company"], name="Harzer Präzisionsteile GmbH")
    user = UserFactory(username=login["username"], password=login["password"])
    MembershipFactory(company=company, user=user, role="owner")
    MembershipFactory(company=CompanyFactory(slug="zweite-firma"), user=user)
    assert login["password"] == settings.DEMO_PASSWORD
    return user


def test_the_readme_example_runs_as_written(api, demo_owner_of_two_companies):
    login, posting = _example()
    r = api.post("/api/v1/auth/token/", login, format="json")
    assert r.status_code == 200, r.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    r = api.post("/api/v1/jobs/", posting, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["company"]["slug"] == posting["company"] and body["status"] == "published"
    assert JobPosting.objects.get(pk=body["id"]).company == Company.objects.get(slug=posting["company"])


def test_without_company_a_member_of_several_is_told_the_field_and_their_slugs(api, demo_owner_of_two_companies):
    login, posting = _example()
    token = api.post("/api/v1/auth/token/", login, format="json").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    del posting["company"]
    r = api.post("/api/v1/jobs/", posting, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    (message,) = r.json()["company"]
    assert "harzer-praezisionsteile, zweite-firma" in message
    assert not JobPosting.objects.exists()
