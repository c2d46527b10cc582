"""Writes about companies: seeding networks, registration, approval and suspension."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Company, CompanyMembership, Network

DATA_DIR = Path(__file__).resolve().parent / "data"


def networks_load(*, path: Path = DATA_DIR / "networks.csv") -> int:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        Network.objects.update_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "kind": row["kind"], "description": row["description"]},
        )
    return len(rows)


@transaction.atomic
def company_register(*, user: Any, **fields: object) -> Company:
    """A new company asked for by a user: pending until the operator approves; the user becomes its owner."""
    networks = fields.pop("networks", None)
    company = Company(status=Company.Status.PENDING, **fields)
    company.full_clean()
    company.save()
    if networks:
        company.networks.set(networks)  # type: ignore[arg-type]
    CompanyMembership.objects.create(user=user, company=company, role=CompanyMembership.Role.OWNER)
    return company


def company_set_status(*, company: Company, status: str) -> Company:
    """Approve, suspend or set back to pending; the company's postings appear in or vanish from search."""
    # Imported here: jobs depends on companies, not the other way round at import time.
    from jobs.services import jobs_reindex_company

    with transaction.atomic():
        company.status = status
        company.save(update_fields=["status", "updated_at"])
        jobs_reindex_company(company=company)
    return company


def company_approve(*, company: Company) -> Company:
    return company_set_status(company=company, status=Company.Status.APPROVED)


def company_suspend(*, company: Company) -> Company:
    return company_set_status(company=company, status=Company.Status.SUSPENDED)
