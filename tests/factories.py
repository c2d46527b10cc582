"""factory_boy factories for the domain models. Postings are created through the services by default."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.services import email_address_verified_set
from companies.models import Company, CompanyMembership, Network
from jobs import services
from jobs.models import JobPosting, OccupationalField
from regions.models import Municipality

NORDHAUSEN = "16062041"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()
            # Users made by the operator: their address counts as confirmed, so they log in like the demo's.
            email_address_verified_set(user=obj)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.Sequence(lambda n: f"Netzwerk {n}")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Beispiel GmbH {n}")
    slug = factory.Sequence(lambda n: f"beispiel-{n}")
    website = "https://example.org"
    status = Company.Status.APPROVED
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(ags=NORDHAUSEN))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMembership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = CompanyMembership.Role.OWNER


def posting_data(**overrides: Any) -> dict[str, Any]:
    """A valid posting in the write shape, with Python values (what the services take)."""
    data: dict[str, Any] = {
        "title": "Zerspanungsmechaniker (m/w/d)",
        "description": "<p>Wir suchen Verstärkung für unsere <strong>CNC-Fertigung</strong>.</p>",
        "workplaces": [{"municipality": NORDHAUSEN, "postal_code": "99734", "street": "Beispielstraße 1"}],
        "remote": "none",
        "field": "24",
        "employment_types": ["full_time"],
        "offer_type": "job",
        "contract": "permanent",
        "salary_min": 3000,
        "salary_max": 3600,
        "salary_currency": "EUR",
        "salary_period": "month",
        "apply_url": "https://example.org/apply",
        "apply_email": "jobs@example.org",
        "valid_through": timezone.localdate() + datetime.timedelta(days=30),
        "status": "published",
    }
    data.update(overrides)
    return data


def make_posting(company: Company | None = None, **overrides: Any) -> JobPosting:
    company = company or CompanyFactory()
    return services.job_create(company=company, data=posting_data(**overrides))


def field(code: str) -> OccupationalField:
    return OccupationalField.objects.get(code=code)


def profile_data(**overrides: Any) -> dict[str, Any]:
    """A complete profile in the API's write shape (issue 12's example), pseudonymous with consent."""
    data: dict[str, Any] = {
        "headline": "Zerspanungsmechaniker mit 8 Jahren CNC-Erfahrung",
        "occupations": [{"title": "Zerspanungsmechaniker", "field": "24", "experience_years": 8}],
        "offer_types": ["job"],
        "employment_types": ["full_time", "shift"],
        "contract": "permanent",
        "available_from": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "remote": "none",
        "home_municipality": NORDHAUSEN,
        "commute_km": 30,
        "about": "<p>Ich fräse und drehe seit acht Jahren.</p>",
        "school_qualification": "realschule",
        "vocational_qualification": "apprenticeship",
        "skills": ["CNC", "Heidenhain"],
        "languages": [{"code": "de", "level": "native"}, {"code": "en", "level": "B1"}],
        "licences": ["B", "forklift"],
        "salary_expectation": 3400,
        "visibility": "pseudonymous",
        "blocked_companies": [],
        "consent": True,
    }
    data.update(overrides)
    return data


def make_profile(user: Any = None, **overrides: Any) -> Any:
    """A seeker profile written through the services (indexed like a real one)."""
    from profiles.services import profile_get_or_create, profile_update

    user = user or UserFactory(first_name="Max", last_name="Mustermann")
    profile = profile_get_or_create(user=user)
    return profile_update(profile=profile, data=profile_data(**overrides), by=user)
