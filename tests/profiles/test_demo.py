"""The demo's job seekers: 150 realistic, valid profiles with logins, their visibilities as planned, seeded once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from audit.models import Action, AuditEntry
from profiles.demo import SEEKERS, demo_seekers_seed, seeker_data
from profiles.models import SeekerProfile
from profiles.validation import profile_clean
from search.models import PendingProfileIndexUpdate
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

REGION = {"16062", "16064", "16065"}  # Nordhausen, Unstrut-Hainich-Kreis, Kyffhäuserkreis


def test_every_seed_profile_passes_the_one_check() -> None:
    CompanyFactory(slug="harzer-praezisionsteile")
    blank = SeekerProfile()
    datas = [seeker_data(n) for n in range(1, SEEKERS + 1)]
    for data in datas:
        profile_clean(data, profile=blank)  # raises naming the field if not
    assert datas == [seeker_data(n) for n in range(1, SEEKERS + 1)]  # deterministic
    assert sum(1 for d in datas if d["blocked_companies"]) >= 3


def test_seed_demo_adds_150_seekers_once(api: Any) -> None:
    call_command("seed_demo", "--no-index", verbosity=0)
    users = get_user_model().objects.filter(username__startswith="seeker-")
    assert users.count() == SEEKERS == 150
    profiles = SeekerProfile.objects.filter(user__in=users).select_related("user", "home_municipality")
    visibility = Counter(p.visibility for p in profiles)
    assert visibility == {"hidden": 30, "pseudonymous": 90, "named": 30}
    # Realistic: the region first, many occupations, some people whose mother tongue is not German.
    counties = Counter(p.home_municipality.county_id for p in profiles)
    assert sum(counties[c] for c in REGION) >= 100 and len(counties) >= 6
    assert len({o["field"] for p in profiles for o in p.occupations}) >= 15
    mother_tongues = Counter(lang["code"] for p in profiles for lang in p.languages if lang["level"] == "native")
    assert {"uk", "pl", "ar"} <= set(mother_tongues) and mother_tongues["de"] >= 100
    assert sum(1 for p in profiles if p.blocked_companies.filter(slug="harzer-praezisionsteile").exists()) >= 3
    assert all(p.consent_version for p in profiles if p.is_findable)
    # Written through profile_update: audited, and waiting in the index's outbox (--no-index: search_reindex's).
    assert AuditEntry.objects.filter(action=Action.PROFILE_PUBLISH).count() == 120
    assert PendingProfileIndexUpdate.objects.filter(profile_id__in=[p.pk for p in profiles]).count() == 150
    # Logins: realistic names, a verified address, the demo password.
    first = users.get(username="seeker-1")
    assert first.email == "seeker-1@demo.regiojobs.example" and first.first_name and first.last_name
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(user__in=users, verified=True, primary=True).count() == 150
    response = api.post("/api/v1/auth/token/", {"username": "seeker-150", "password": "demo-password"})
    assert response.status_code == 200

    before = {p.pk: (p.updated_at, p.headline) for p in profiles}
    entries = AuditEntry.objects.count()
    summary = demo_seekers_seed()
    assert summary.created == 0 and summary.seekers == 150 and summary.findable == 120
    assert {p.pk: (p.updated_at, p.headline) for p in SeekerProfile.objects.filter(user__in=users)} == before
    assert AuditEntry.objects.count() == entries and users.count() == 150
