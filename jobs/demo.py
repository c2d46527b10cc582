"""The idempotent demo seed: companies, logins and postings that let a newcomer try every role.

Refuses to run unless settings.DEMO_DATA_ALLOWED (never in production), because it creates logins with a
known password.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from accounts.services import email_address_verified_set
from companies.models import Company, CompanyMembership, Network
from regions.models import Municipality

from . import services
from .demo_data import BENEFITS, COMPANIES, ROLES, UNFIT_ROLES
from .models import JobPosting, Status

DEMO_SOURCE_REF = "demo"
POSTINGS_PER_APPROVED_COMPANY = 12
POSTINGS_PER_PENDING_COMPANY = 2
# Typical gross monthly pay (EUR) per field, low end; the range adds 10–25 %.
MONTHLY_PAY = {
    "11": 2600, "12": 2500, "21": 2900, "22": 2800, "23": 2900, "24": 3000, "25": 3100, "26": 3200, "27": 3600,
    "28": 2600, "29": 2500, "32": 2900, "33": 2700, "34": 3000, "43": 3900, "51": 2600, "52": 2800, "54": 2200,
    "62": 2300, "63": 2400, "71": 2900, "72": 3100, "81": 3300, "82": 2800, "83": 3200, "92": 3300, "93": 2900,
}  # fmt: skip


@dataclass
class DemoSummary:
    companies: int
    users: int
    postings_created: int
    postings_total: int


def _ensure_user(username: str, *, password: str, staff: bool = False) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@regiojobs.example"})
    if created or not user.check_password(password):
        user.set_password(password)
    user.is_staff = user.is_superuser = staff
    user.save()
    email_address_verified_set(user=user)  # logs in at once (allauth asks new sign-ups to confirm their address)
    return user


def _description(company: Company, role: tuple[str, list[str], list[str]], rng: random.Random) -> str:
    """The posting's own content first (what a card's snippet shows), the company's portrait towards the end."""
    title, tasks, profile = role
    benefits = rng.sample(BENEFITS, 4)
    items = lambda xs: "".join(f"<li>{x}</li>" for x in xs)  # noqa: E731
    focus = " und ".join(tasks[:2])
    return (
        f"<p>Für unser Team in {company.municipality.short_name} suchen wir Sie als {title}. "
        f"Ihre Schwerpunkte: {focus}.</p>"
        f"<h3>Ihre Aufgaben</h3><ul>{items(tasks)}</ul>"
        f"<h3>Ihr Profil</h3><ul>{items(profile)}</ul>"
        f"<h3>Wir bieten</h3><ul>{items(benefits)}</ul>"
        f"<h3>Über uns</h3><p>{company.name}: {company.description}</p>"
        f"<p>Wir freuen uns auf Ihre Bewerbung – gern auch ohne Anschreiben.</p>"
    )


def company_roles(slug: str, field: str) -> list[tuple[str, list[str], list[str]]]:
    """The roles of an occupational field that fit the company's trade (ROLES less its UNFIT_ROLES)."""
    unfit = UNFIT_ROLES.get(slug, set())
    return [role for role in ROLES[field] if role[0] not in unfit]


def _posting_data(
    company: Company, field: str, rng: random.Random, today: datetime.date, nearby: list[Municipality]
) -> dict[str, Any]:
    role = rng.choice(company_roles(company.slug, field))
    base_title = role[0]
    roll = rng.random()
    offer_type, employment, contract = "job", ["full_time"], "permanent"
    starts_on = None
    if roll < 0.12:
        offer_type, title = "apprenticeship", f"Ausbildung {base_title} (m/w/d) {today.year + 1}"
        # Apprenticeships begin on 1 August or 1 September (no extra random draw: the rest of the seed stays as is).
        starts_on = datetime.date(today.year + 1, 8 + len(base_title) % 2, 1)
    elif roll < 0.17:
        offer_type, title, contract = "internship", f"Praktikum {base_title} (m/w/d)", "fixed_term"
    elif roll < 0.19:
        offer_type, title = "self_employment", f"{base_title} (m/w/d), selbstständig auf Honorarbasis"
        employment = ["part_time"]
    else:
        title = f"{base_title} (m/w/d)"
        if rng.random() < 0.3:
            employment = rng.choice([["part_time"], ["full_time", "part_time"], ["mini_job"]])
        if rng.random() < 0.25:
            employment = [*employment, "shift"]
        if rng.random() < 0.2:
            contract = "fixed_term"
    pay = MONTHLY_PAY.get(field, 2800)
    salary: dict[str, Any] = {}
    if offer_type == "job" and rng.random() < 0.7:
        low = round(pay * rng.uniform(0.9, 1.15), -1)
        salary = {"salary_min": low, "salary_max": round(low * rng.uniform(1.1, 1.25), -1), "salary_period": "month"}
    elif offer_type == "apprenticeship":
        salary = {"salary_min": rng.choice([1000, 1100, 1200]), "salary_max": None, "salary_period": "month"}
    home = company.municipality
    places = [home] if rng.random() < 0.75 else [rng.choice(nearby)]
    if rng.random() < 0.08:
        places.append(rng.choice(nearby))
    remote = "none"
    if field in ("43", "92", "71") and rng.random() < 0.6:
        remote = rng.choice(["hybrid", "hybrid", "full"])
    posted = today - datetime.timedelta(days=int(rng.expovariate(1 / 12)) % 55)
    return {
        "title": title,
        "description": _description(company, role, rng),
        "workplaces": [
            {
                "municipality": m.ags,
                "postal_code": m.postal_code_list[0] if m.postal_code_list else "",
                "street": company.street if m == home else "",
            }
            for m in dict.fromkeys(places)
        ],
        "remote": remote,
        "field": field,
        "employment_types": employment,
        "offer_type": offer_type,
        "contract": contract,
        **salary,
        "salary_currency": "EUR",
        "apply_url": f"https://www.{company.slug}.example/karriere",
        "apply_email": f"bewerbung@{company.slug}.example",
        "date_posted": posted,
        "valid_through": max(
            posted + datetime.timedelta(days=rng.choice([30, 45, 60, 90])), today + datetime.timedelta(days=7)
        )
        if rng.random() < 0.6
        else None,
        "starts_on": starts_on,
        "status": "published",
    }


def _operator_desk(operator: Any) -> None:
    """Something on the operator dashboard: a posting its company sent back after a rejection, a report of a posting
    and a few searches that found nothing (the pending companies come with COMPANIES). Only on the first seed."""
    from moderation.models import PostingReport, SearchMiss
    from moderation.services import report_create, search_miss_record

    first = next(slug for slug, *_rest, status, _f, _d in COMPANIES if status == "approved")
    demo = JobPosting.objects.filter(source_ref=DEMO_SOURCE_REF)
    review = demo.filter(external_id=f"{first}-5", status=Status.PUBLISHED).first()
    if review is not None:
        review = services.job_reject(job=review, reason="Bitte nennen Sie den Arbeitsort genauer.", by=operator)
        # The company corrected it and sent it back: it waits for the operator's review.
        member = review.company.memberships.first()
        services.job_resubmit(job=review, by=member.user if member else None)
    reported = demo.filter(external_id=f"{first}-6").first()
    if reported is not None and reported.is_visible and not PostingReport.objects.exists():
        report_create(posting=reported, reason="expired", text="Die Stelle ist laut Telefonat schon besetzt.")
    if not SearchMiss.objects.exists():
        for q in ("Hufschmied", "Drohnenpilot", "Hufschmied", "Tierpfleger Zoo"):
            search_miss_record(q=q)


@transaction.atomic
def demo_seed(*, progress: Callable[[str], None] | None = None, seed: int = 2026) -> DemoSummary:
    if not settings.DEMO_DATA_ALLOWED:
        raise ImproperlyConfigured(
            "Demo data is disabled here (DEMO_DATA_ALLOWED is false); it is never seeded in production."
        )
    say = progress or (lambda _m: None)
    rng = random.Random(seed)
    today = timezone.localdate()
    password = settings.DEMO_PASSWORD
    operator = _ensure_user("operator", password=password, staff=True)
    # The regional manager: staff in the operator group, not superuser (moderation.roles).
    from moderation.services import operator_make

    operator_make(user=operator)
    networks = {n.slug: n for n in Network.objects.all()}
    created = 0
    for slug, name, ags, street, network_slugs, status, fields, description in COMPANIES:
        municipality = Municipality.objects.select_related("county").get(ags=ags)
        company, _ = Company.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "municipality": municipality,
                "street": street,
                "postal_code": municipality.postal_code_list[0],
                "description": description,
                "website": f"https://www.{slug}.example",
                "careers_url": f"https://www.{slug}.example/karriere",
            },
        )
        if company.status != status and not company.postings.exists():
            company.status = status
            company.save(update_fields=["status"])
        company.networks.set([networks[s] for s in network_slugs if s in networks])
        user = _ensure_user(slug, password=password)
        CompanyMembership.objects.get_or_create(user=user, company=company, defaults={"role": "owner"})
        nearby = list(Municipality.objects.filter(county=municipality.county).exclude(ags=ags))
        count = POSTINGS_PER_APPROVED_COMPANY if status == "approved" else POSTINGS_PER_PENDING_COMPANY
        for i in range(count):
            external_id = f"{slug}-{i}"
            data = _posting_data(company, fields[i % len(fields)], rng, today, nearby)
            if JobPosting.objects.filter(source_ref=DEMO_SOURCE_REF, external_id=external_id).exists():
                continue
            if status != "approved" or i == 3:
                data["status"] = "draft"
            if i == 7:  # an old posting that has run out
                data["date_posted"] = today - datetime.timedelta(days=120)
                data["valid_through"] = None
            job = services.job_create(company=company, data=data, source_ref=DEMO_SOURCE_REF, external_id=external_id)
            if i == 9 and slug.startswith(("b", "k")):
                services.job_close(job=job)
            created += 1
        say(f"{company.name}: {count} postings")
    services.jobs_expire(today=today)
    _operator_desk(operator)
    return DemoSummary(
        companies=len(COMPANIES),
        users=len(COMPANIES) + 1,
        postings_created=created,
        postings_total=JobPosting.objects.filter(source_ref=DEMO_SOURCE_REF).count(),
    )
