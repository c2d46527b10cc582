"""factory_boy factories for the domain models. Postings are created through the services by default."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

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
