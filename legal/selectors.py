"""Reads of the legal pages."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import LegalPage, LegalSection


def legal_page(*, kind: str) -> LegalPage | None:
    """The page of this kind with its sections in order, or None when the operator deleted it."""
    return (
        LegalPage.objects.filter(kind=kind)
        .prefetch_related(Prefetch("sections", queryset=LegalSection.objects.order_by("position", "id")))
        .first()
    )
