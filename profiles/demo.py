"""The demo's job seekers: logins `seeker-1` … `seeker-N` with realistic profiles, written through profile_update (so
they are checked, audited and indexed like real ones). Deterministic (seeded random) and idempotent: a second run
leaves existing profiles alone. Refused unless settings.DEMO_DATA_ALLOWED, like the rest of the demo seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from accounts.services import email_address_verified_set
from companies.models import Company
from regions.models import Municipality

from .demo_data import (
    ABOUT,
    HEADLINES,
    OCCUPATION_WEIGHTS,
    OCCUPATIONS,
    PEOPLE,
    PEOPLE_WEIGHTS,
    PLACES,
)
from .models import SeekerProfile, Visibility
from .services import profile_get_or_create, profile_update

SEEKERS = 150
EMAIL_DOMAIN = "demo.regiojobs.example"
# The demo company a few seekers block (an employer they do not want to be found by, e.g. their current one).
BLOCKED_COMPANY = "harzer-praezisionsteile"
# How long ago the seekers last changed their profiles: up to this many days (a few are close to the reminder).
MAX_AGE_DAYS = 170


@dataclass
class SeekerSummary:
    seekers: int
    created: int
    findable: int


def seeker_username(n: int) -> str:
    return f"seeker-{n}"


def _visibility(n: int) -> str:
    """Every fifth hidden, every fifth named, the rest pseudonymous (20 / 20 / 60 %)."""
    return {0: Visibility.HIDDEN, 1: Visibility.NAMED}.get(n % 5, Visibility.PSEUDONYMOUS)


def _weighted(rng: random.Random, items: list[Any], weights: list[int]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


def seeker_person(n: int, *, seed: int = 2026) -> dict[str, Any]:
    """Who seeker number `n` is: names, mother tongue and German level (deterministic)."""
    rng = random.Random(f"{seed}-person-{n}")
    female_names, male_names, last_names, mother_tongue, german_levels = _weighted(rng, PEOPLE, PEOPLE_WEIGHTS)
    female = rng.random() < 0.5
    return {
        "first_name": rng.choice(female_names if female else male_names),
        "last_name": rng.choice(last_names),
        "female": female,
        "mother_tongue": mother_tongue,
        "german": rng.choice(german_levels),
    }


def seeker_data(n: int, *, seed: int = 2026, today: datetime.date | None = None) -> dict[str, Any]:
    """Seeker number `n`'s profile in the API's write shape (tests.factories.profile_data's shape)."""
    rng = random.Random(f"{seed}-profile-{n}")
    today = today or timezone.localdate()
    person = seeker_person(n, seed=seed)
    places = [ags for ags, _w in PLACES]
    ags = _weighted(rng, places, [w for _a, w in PLACES])
    weights = [OCCUPATION_WEIGHTS.get(o[0], 1) for o in OCCUPATIONS]
    main = _weighted(rng, OCCUPATIONS, weights)
    field, male_title, female_title, skills, licences = main
    title = female_title if person["female"] else male_title
    years = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30])
    occupations = [{"title": title, "field": field, "experience_years": years}]
    if rng.random() < 0.3:  # a second occupation, often a related one
        related = [o for o in OCCUPATIONS if o[0] == field and o is not main] or OCCUPATIONS
        other = rng.choice(related)
        occupations.append(
            {"title": other[2] if person["female"] else other[1], "field": other[0], "experience_years": years // 3}
        )
    languages = [{"code": "de", "level": person["german"]}]
    if person["mother_tongue"] != "de":
        languages.insert(0, {"code": person["mother_tongue"], "level": "native"})
    if person["mother_tongue"] != "en" and rng.random() < 0.45:
        languages.append({"code": "en", "level": rng.choice(["A2", "B1", "B1", "B2", "C1"])})
    if person["mother_tongue"] == "uk" and rng.random() < 0.7:
        languages.append({"code": "ru", "level": rng.choice(["B2", "C1", "C2"])})
    own_licences = set(licences)
    if rng.random() < 0.8:
        own_licences.add("B")
    if rng.random() < 0.1:
        own_licences.add("BE")
    if field in ("51", "22", "24", "29") and rng.random() < 0.5:
        own_licences.add("forklift")
    part_time = rng.random() < 0.2
    employment = ["part_time"] if part_time else ["full_time"]
    if "Schichtarbeit" in skills or "Schichtdienst" in skills:
        employment.append("shift")
    offer_types = ["job"] if years or rng.random() < 0.7 else ["apprenticeship"]
    place = Municipality.objects.only("name").get(ags=ags).short_name
    headline = rng.choice(HEADLINES).format(title=title, years=years or 1, place=place)
    if not years:
        headline = f"{title}, Berufseinstieg im Raum {place}"
    visibility = _visibility(n)
    salary = None
    if rng.random() < 0.6:
        salary = int(rng.randrange(2200, 4600, 100) * (0.6 if part_time else 1))
    blocked = [BLOCKED_COMPANY] if n % 23 == 7 and Company.objects.filter(slug=BLOCKED_COMPANY).exists() else []
    start = rng.choice([None, 0, 14, 30, 60, 90])
    return {
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "headline": headline,
        "occupations": occupations,
        "offer_types": offer_types,
        "employment_types": employment,
        "contract": rng.choice(["any", "any", "permanent"]),
        "available_from": None if start is None else (today + datetime.timedelta(days=start)).isoformat(),
        "remote": "none" if field not in ("43", "71", "72") else rng.choice(["none", "hybrid"]),
        "home_municipality": ags,
        "commute_km": rng.choice([10, 20, 25, 30, 30, 40, 50]),
        "about": rng.choice(ABOUT),
        "school_qualification": rng.choice(["hauptschule", "realschule", "realschule", "abitur"]),
        "vocational_qualification": "bachelor" if field in ("27", "43") and rng.random() < 0.5 else "apprenticeship",
        "skills": rng.sample(skills, k=min(len(skills), rng.randint(2, 5))),
        "languages": languages,
        "licences": sorted(own_licences),
        "salary_expectation": salary,
        # Only a named profile shows a phone number; numbers of the reserved drama range (0171 39…).
        "phone": f"0171 39{n:05d}" if visibility == Visibility.NAMED else "",
        "visibility": visibility,
        "blocked_companies": blocked,
        "consent": visibility != Visibility.HIDDEN,
    }


def demo_seekers_seed(
    *, count: int = SEEKERS, seed: int = 2026, progress: Callable[[str], None] | None = None
) -> SeekerSummary:
    """Create the demo seekers that do not exist yet; existing ones (and their profiles) stay as they are."""
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured(
            "Demo data is disabled here (DEMO_DATA_ALLOWED is false); it is never seeded in production."
        )
    say = progress or (lambda _m: None)
    User = get_user_model()
    password = settings.DEMO_PASSWORD
    usernames = [seeker_username(n) for n in range(1, count + 1)]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    # One hash for all of them: hashing the password 150 times would take most of a minute.
    hashed = None
    first = next(iter(existing.values()), None)
    if first is None or not first.check_password(password):
        hashed = make_password(password)
        User.objects.filter(username__in=usernames).update(password=hashed)
    now = timezone.now()
    created = 0
    with transaction.atomic():
        for n, username in enumerate(usernames, start=1):
            user = existing.get(username)
            if user is None:
                person = seeker_person(n, seed=seed)
                user = User.objects.create(
                    username=username,
                    email=f"{username}@{EMAIL_DOMAIN}",
                    first_name=person["first_name"],
                    last_name=person["last_name"],
                    password=hashed or make_password(password),
                )
                hashed = user.password
                email_address_verified_set(user=user)
            profile = profile_get_or_create(user=user)
            if profile.updated_at is not None:
                continue  # seeded before (or changed by someone trying the demo): left alone
            profile = profile_update(profile=profile, data=seeker_data(n, seed=seed), by=user)
            # Demo history: profiles were last changed over the past months (the first ones close to the
            # retention rule's reminder). Not the seeker's write, so set directly.
            days = MAX_AGE_DAYS - n if n <= 3 else random.Random(f"{seed}-age-{n}").randint(0, 150)
            when = now - datetime.timedelta(days=days)
            SeekerProfile.objects.filter(pk=profile.pk).update(
                updated_at=when,
                published_at=when if profile.published_at else None,
                consent_at=when if profile.consent_at else None,
            )
            created += 1
            if n % 50 == 0:
                say(f"{n} seekers")
    return SeekerSummary(
        seekers=count,
        created=created,
        findable=SeekerProfile.objects.filter(user__username__in=usernames)
        .exclude(visibility=Visibility.HIDDEN)
        .count(),
    )
