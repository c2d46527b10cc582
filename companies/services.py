"""Writes about companies: seeding networks, registration, the operator's edits, approval, suspension, members.

Every change is recorded in the audit trail inside its own transaction (audit.services.audit_record).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

from audit.models import Action
from audit.services import audit_record
from config.caching import Generation, bump
from notifications.services import mail_company_approved, mail_company_registered, mail_company_suspended

from .models import Company, CompanyMembership, Network

DATA_DIR = Path(__file__).resolve().parent / "data"
# The audit action of each status a company can be set to.
STATUS_ACTIONS = {
    Company.Status.APPROVED: Action.COMPANY_APPROVE,
    Company.Status.SUSPENDED: Action.COMPANY_SUSPEND,
    Company.Status.PENDING: Action.COMPANY_SET_PENDING,
}
# What the audit trail compares of a company (its address is the company's, not a person's).
AUDITED_FIELDS = (
    "name", "slug", "website", "careers_url", "description", "municipality_id", "street", "postal_code", "logo",
    "status",
)  # fmt: skip


def networks_load(*, path: Path = DATA_DIR / "networks.csv") -> int:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with transaction.atomic():
        for row in rows:
            Network.objects.update_or_create(
                slug=row["slug"],
                defaults={"name": row["name"], "kind": row["kind"], "description": row["description"]},
            )
        bump(Generation.REFERENCE)
    return len(rows)


def _reindex_members(network: Network) -> None:
    """The postings of the network's companies carry its slug in the search index."""
    from jobs.services import jobs_reindex_company

    for company in network.companies.all():
        jobs_reindex_company(company=company)


def network_save(*, network: Network) -> Network:
    """The operator creates or edits a network: its name shows in the search facets at once."""
    with transaction.atomic():
        stored_slug = Network.objects.filter(pk=network.pk).values_list("slug", flat=True).first()
        network.full_clean()
        network.save()
        if stored_slug is not None and stored_slug != network.slug:
            _reindex_members(network)
        bump(Generation.REFERENCE)
    return network


def network_delete(*, network: Network) -> None:
    """The operator removes a network; its companies stay, without it."""
    with transaction.atomic():
        _reindex_members(network)  # ids read now; the index drops the slug once the links are gone
        network.delete()
        bump(Generation.REFERENCE)


def _state(company: Company | None) -> dict[str, Any]:
    if company is None:
        return {}
    state = {name: getattr(company, name) for name in AUDITED_FIELDS}
    state["logo"] = company.logo.name if company.logo else ""
    return state


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
    audit_record(
        actor=user,
        action=Action.COMPANY_REGISTER,
        target=company,
        after={**_state(company), "networks": sorted(n.slug for n in company.networks.all())},
    )
    mail_company_registered(company=company)  # the operators review it
    return company


def company_save(*, company: Company, by: Any = None) -> Company:
    """The operator's edit (or creation) of a company's fields; a status change goes through company_set_status."""
    with transaction.atomic():
        stored = Company.objects.filter(pk=company.pk).first() if company.pk else None
        new_status = company.status
        if stored is not None:
            company.status = stored.status
        before = _state(stored)
        company.save()
        after = _state(company)
        if after != before:
            action = Action.COMPANY_UPDATE if stored else Action.COMPANY_CREATE
            audit_record(actor=by, action=action, target=company, before=before, after=after)
            bump(Generation.POSTINGS)  # its name, website, place … show in posting and company lists
        if new_status != company.status:
            company_set_status(company=company, status=new_status, by=by)
    return company


def company_set_networks(*, company: Company, networks: Iterable[Network], by: Any = None) -> None:
    with transaction.atomic():
        before = sorted(company.networks.values_list("slug", flat=True))
        company.networks.set(list(networks))
        after = sorted(company.networks.values_list("slug", flat=True))
        if after != before:
            audit_record(
                actor=by, action=Action.COMPANY_UPDATE, target=company, before={"networks": before},
                after={"networks": after},
            )  # fmt: skip
            bump(Generation.POSTINGS)  # the company lists show its networks


def company_set_status(*, company: Company, status: str, by: Any = None, reason: str = "") -> Company:
    """Approve, suspend or set back to pending; the company's postings appear in or vanish from search."""
    # Imported here: jobs depends on companies, not the other way round at import time.
    from jobs.services import jobs_reindex_company

    with transaction.atomic():
        was = Company.objects.filter(pk=company.pk).values_list("status", flat=True).first()
        company.status = status
        company.save(update_fields=["status", "updated_at"])
        if was != status:
            audit_record(
                actor=by,
                action=STATUS_ACTIONS[Company.Status(status)],
                target=company,
                before={"status": was},
                after={"status": status},
                reason=reason,
            )
            # The company hears of it (once the change has committed).
            if status == Company.Status.APPROVED:
                mail_company_approved(company=company)
            elif status == Company.Status.SUSPENDED:
                mail_company_suspended(company=company, reason=reason)
        jobs_reindex_company(company=company)
    return company


def company_approve(*, company: Company, by: Any = None) -> Company:
    return company_set_status(company=company, status=Company.Status.APPROVED, by=by)


def company_suspend(*, company: Company, by: Any = None, reason: str = "") -> Company:
    return company_set_status(company=company, status=Company.Status.SUSPENDED, by=by, reason=reason)


def company_delete(*, company: Company, by: Any = None) -> None:
    """The operator removes a company (with its postings and memberships)."""
    from jobs.services import jobs_reindex_company
    from search.indexing import profile_index_update_enqueue, profiles_blocking_company

    with transaction.atomic():
        audit_record(actor=by, action=Action.COMPANY_DELETE, target=company, before=_state(company))
        jobs_reindex_company(company=company)  # ids read now; the index drops them once they are gone
        # The profiles that blocked it: their documents lose its id once the block is gone with it.
        blocking = profiles_blocking_company(company.pk)
        company.delete()
        if blocking:
            transaction.on_commit(lambda: profile_index_update_enqueue(blocking))


def _membership_state(membership: CompanyMembership | None) -> dict[str, Any]:
    # The user's id, not their name: the trail names persons only as actors.
    return {} if membership is None else {"user_id": membership.user_id, "role": membership.role}


def membership_save(*, membership: CompanyMembership, by: Any = None) -> CompanyMembership:
    """Add a member to a company or change their role."""
    with transaction.atomic():
        stored = CompanyMembership.objects.filter(pk=membership.pk).first() if membership.pk else None
        before = _membership_state(stored)
        membership.full_clean()
        membership.save()
        after = _membership_state(membership)
        if after != before:
            action = Action.MEMBER_CHANGE if stored else Action.MEMBER_ADD
            audit_record(actor=by, action=action, target=membership.company, before=before, after=after)
    return membership


def membership_remove(*, membership: CompanyMembership, by: Any = None) -> None:
    with transaction.atomic():
        audit_record(
            actor=by, action=Action.MEMBER_REMOVE, target=membership.company, before=_membership_state(membership)
        )
        membership.delete()
