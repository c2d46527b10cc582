"""Nothing of a hidden profile, and nothing private of a findable one, reaches any page, feed or API answer of
someone not entitled to it, nor a log line.

Every address of the site that answers GET without arguments (walked from the URL configuration, so a new page is
covered without being listed here), and the addresses with arguments filled from the demo objects, are fetched as
anonymous, a company member, the operator and another seeker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from profiles.models import SeekerProfile
from search.backends.base import get_search_backend
from search.indexing import profile_index_update
from tests.factories import UserFactory, make_posting, make_profile

pytestmark = pytest.mark.django_db

# What must never be seen by anyone but the person: the markers of the two seekers' private data.
NAMED = {"first_name": "Xaverius", "last_name": "Quenstedt", "email": "xq-private@example.org"}
NAMED_PHONE = "+49 3631 111222"
PSEUDO = {"first_name": "Ottokar", "last_name": "Wendelin", "email": "ow-private@example.org"}
HIDDEN = {"first_name": "Hiltrud", "last_name": "Zwiebelmann", "email": "hz-private@example.org"}
PHONE = "+49 3631 987654"
HIDDEN_TEXT = "Geheimprofilzeile"
# Addresses that only their owner reaches, and the admin's: checked elsewhere (their own tests).
SKIP = re.compile(r"^/(admin/|accounts/|api/v1/me/|seeker/|i18n/|static/|media/|healthz|readyz)")


def _get_paths(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _get_paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            path = (prefix + route).replace("^", "").replace("$", "")
            if "<" in path or "(" in path or "\\" in path or "*" in path:
                continue
            yield "/" + path


@pytest.fixture
def seekers(company_a: Any) -> Iterator[dict[str, Any]]:
    """Three seekers, their profiles in the index (emptied after the test) as they would be after their writes."""
    backend = get_search_backend()
    backend.reset_index()
    named = UserFactory(username="named-seeker", **NAMED)
    make_profile(named, visibility="named", phone=NAMED_PHONE, headline="Zerspanungsmechaniker CNC")
    pseudo = UserFactory(username="pseudo-seeker", **PSEUDO)
    make_profile(pseudo, phone=PHONE, headline="Industriemechaniker Instandhaltung")
    hidden = UserFactory(username="hidden-seeker", **HIDDEN)
    make_profile(hidden, visibility="hidden", consent=False, phone=PHONE, headline=HIDDEN_TEXT, about=HIDDEN_TEXT)
    make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    profile_index_update(SeekerProfile.objects.values_list("pk", flat=True))
    yield {"named": named, "pseudo": pseudo, "hidden": hidden}
    backend.reset_index()


def _markers(*people: dict[str, str]) -> list[str]:
    out = [PHONE, HIDDEN_TEXT]
    for person in people:
        out += [person["last_name"], person["email"]]
        if person is NAMED:
            out.append(NAMED_PHONE)
    return out


def _viewers(member_a: Any, operator: Any, seeker_b: Any) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for name, user in (("member", member_a), ("operator", operator), ("other seeker", seeker_b)):
        client = Client()
        client.force_login(user)
        clients[name] = client
    return clients


def test_no_page_feed_or_api_answer_shows_a_seekers_private_data(
    seekers: dict[str, Any], member_a: Any, operator: Any, seeker_b: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    paths = sorted({p for p in _get_paths(get_resolver()) if not SKIP.match(p)})
    assert "/jobs/" in paths and "/api/v1/jobs/" in paths  # the walk found the site
    # Nobody is entitled to anything of the pseudonymous and the hidden seeker; the named seeker's name and contact
    # are for approved companies' candidate search only.
    seen = 0
    for viewer, client in _viewers(member_a, operator, seeker_b).items():
        for path in paths:
            entitled = viewer == "member" and path.startswith("/api/v1/candidates/")
            markers = _markers(PSEUDO, HIDDEN) if entitled else _markers(NAMED, PSEUDO, HIDDEN)
            response = client.get(path, HTTP_ACCEPT="text/html,application/json")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8", "replace")
            for marker in markers:
                assert marker not in text, f"{marker!r} in {path} as {viewer}"
            seen += 1
    assert seen > 40
    # The candidate search did find them (so the walk above read real hits), the hidden one not.
    found = _viewers(member_a, operator, seeker_b)["member"].get("/api/v1/candidates/").json()
    assert found["count"] == 2, found
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for marker in _markers(NAMED, PSEUDO, HIDDEN):
        assert marker not in logged
