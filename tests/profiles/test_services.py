"""profile_update: the one write of a profile (API, pages and seed use it)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from audit.models import Action, AuditEntry
from profiles.consent import CONSENT_VERSION
from profiles.models import SeekerProfile, Visibility
from profiles.services import profile_get_or_create, profile_update
from search.models import PendingProfileIndexUpdate
from tests.factories import UserFactory, profile_data

pytestmark = pytest.mark.django_db


def test_publishing_records_consent_audit_and_outbox() -> None:
    user = UserFactory()
    profile = profile_get_or_create(user=user)
    assert profile.visibility == Visibility.HIDDEN
    profile = profile_update(profile=profile, data=profile_data(), by=user)
    assert profile.visibility == Visibility.PSEUDONYMOUS
    assert profile.consent_version == CONSENT_VERSION and profile.consent_at is not None
    assert profile.published_at is not None
    assert profile.home_municipality_id == "16062041"
    assert profile.occupations == [{"title": "Zerspanungsmechaniker", "field": "24", "experience_years": 8}]
    assert profile.languages == [{"code": "de", "level": "native"}, {"code": "en", "level": "B1"}]
    entry = AuditEntry.objects.get(action=Action.PROFILE_PUBLISH)
    assert entry.changes == {"visibility": ["hidden", "pseudonymous"], "consent_version": ["", CONSENT_VERSION]}
    assert "Mustermann" not in entry.target_label
    assert PendingProfileIndexUpdate.objects.filter(profile_id=profile.pk).exists()


def test_publishing_without_consent_changes_nothing() -> None:
    user = UserFactory()
    profile = profile_get_or_create(user=user)
    with pytest.raises(ValidationError) as exc:
        profile_update(profile=profile, data=profile_data(consent=False, headline="Neu"), by=user)
    assert set(exc.value.message_dict) == {"consent"}
    stored = SeekerProfile.objects.get(pk=profile.pk)
    assert stored.visibility == Visibility.HIDDEN and stored.headline == ""


def test_every_bad_field_is_named_and_nothing_stored() -> None:
    user = UserFactory()
    profile = profile_get_or_create(user=user)
    bad = profile_data(
        occupations=[{"title": "", "field": "99", "experience_years": -1}] * 4,
        commute_km=201,
        visibility="public",
        languages=[{"code": "deu", "level": "C3"}],
        licences=["Z"],
        home_municipality="00000000",
        available_from="morgen",
        blocked_companies=["no-such-company"],
        skills="CNC",
        salary_expectation=True,
    )
    with pytest.raises(ValidationError) as exc:
        profile_update(profile=profile, data=bad, by=user)
    assert set(exc.value.message_dict) >= {
        "occupations", "commute_km", "visibility", "languages", "licences", "home_municipality", "available_from",
        "blocked_companies", "skills", "salary_expectation",
    }  # fmt: skip
    assert SeekerProfile.objects.get(pk=profile.pk).headline == ""


def test_partial_update_keeps_consent_and_sanitizes_about() -> None:
    user = UserFactory()
    profile = profile_update(profile=profile_get_or_create(user=user), data=profile_data(), by=user)
    profile = profile_update(
        profile=profile, data={"about": "<script>x()</script><p onclick='y'>Hallo</p>"}, by=user, given=["about"]
    )
    assert profile.about == "<p>Hallo</p>"
    assert profile.visibility == Visibility.PSEUDONYMOUS
