"""The admin's seeker profiles: state only (visibility, dates, consent version), read only, for the operator and a
superuser alike; never what a profile says, whose it is, or its CV."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from profiles.models import SeekerProfile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/profiles/seekerprofile/"
# What seeker_a's and seeker_b's profiles say and who they are (tests.factories.profile_data and the fixtures).
PRIVATE = (
    "Zerspanungsmechaniker", "CNC-Erfahrung", "Ich fräse", "Heidenhain", "Sabine", "Schröder", "sabine@example.org",
    "Stefan", "Sommer", "stefan@example.org", "stefan", "sabine", "3631 777", "cv/", ".pdf", "Lebenslauf",
)  # fmt: skip


@pytest.fixture
def profiles(seeker_a: Any, seeker_b: Any) -> tuple[SeekerProfile, SeekerProfile]:
    findable, hidden = seeker_a.seeker_profile, seeker_b.seeker_profile
    for profile in (findable, hidden):
        SeekerProfile.objects.filter(pk=profile.pk).update(phone="+49 3631 777", cv="cv/0123456789abcdef.pdf")
    return findable, hidden


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def _assert_nothing_private(html: str) -> None:
    for text in PRIVATE:
        assert text not in html, text


@pytest.mark.parametrize("who", ["operator", "superuser"])
def test_the_admin_shows_state_only(who: str, request: Any, profiles: tuple[SeekerProfile, SeekerProfile]) -> None:
    client = _client(request.getfixturevalue(who))
    findable, hidden = profiles
    index = client.get("/admin/")
    assert LIST in index.content.decode()
    listing = client.get(LIST)
    assert listing.status_code == 200
    html = listing.content.decode()
    assert f"#{findable.pk}" in html and f"#{hidden.pk}" in html
    assert "Pseudonym" in html and "2026-12-01" in html  # visibility and consent version
    _assert_nothing_private(html)
    for profile in (hidden, findable):
        detail = client.get(f"{LIST}{profile.pk}/change/")
        assert detail.status_code == 200
        html = detail.content.decode()
        assert f"#{profile.pk}" in html and ("2026-12-01" in html) == (profile == findable)
        _assert_nothing_private(html)
        assert 'name="_save"' not in html  # nothing to save
    # How many profiles there are of each visibility, beside the filter.
    assert "(1)" in listing.content.decode()


@pytest.mark.parametrize("who", ["operator", "superuser"])
def test_no_writes_through_the_admin(who: str, request: Any, profiles: tuple[SeekerProfile, SeekerProfile]) -> None:
    client = _client(request.getfixturevalue(who))
    findable, _hidden = profiles
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.get(f"{LIST}{findable.pk}/delete/").status_code == 403
    response = client.post(f"{LIST}{findable.pk}/change/", {"visibility": "hidden"})
    assert response.status_code == 403
    findable.refresh_from_db()
    assert findable.visibility == "pseudonymous"


def test_the_address_cannot_filter_on_what_profiles_say(
    operator: Any, profiles: tuple[SeekerProfile, SeekerProfile]
) -> None:
    client = _client(operator)
    for query in ("headline__icontains=Zerspanung", "about__contains=fr", "user__email=sabine@example.org", "phone=1"):
        response = client.get(f"{LIST}?{query}")
        # Refused (400) or the filter dropped with an error page (?e=1): never a list narrowed by the text.
        assert response.status_code in (302, 400), query
        if response.status_code == 302:
            assert "e=1" in response["Location"]
    assert client.get(f"{LIST}?visibility__exact=hidden").status_code == 200


def test_the_operator_role_may_view_profiles_and_nothing_more(operator: Any) -> None:
    assert operator.has_perm("profiles.view_seekerprofile")
    for action in ("add", "change", "delete"):
        assert not operator.has_perm(f"profiles.{action}_seekerprofile")
    assert Permission.objects.filter(codename="view_seekerprofile").exists()
