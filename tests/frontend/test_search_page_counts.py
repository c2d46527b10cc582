"""Counts beside every filter of the results page, and "only this place" as the radius 0 choice."""

import datetime

import pytest
from django.utils import timezone

from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db


def _label_text(response, control_id: str) -> str:
    return soup(response).find("label", attrs={"for": control_id}).get_text(" ", strip=True)


def test_contract_remote_and_posted_within_show_counts(client, indexed, company_a):
    today = timezone.localdate()
    indexed(company_a, title="Koch (m/w/d)", contract="fixed_term", remote="none", date_posted=today)
    indexed(company_a, title="Koch (m/w/d)", contract="permanent", remote="hybrid", date_posted=today)
    indexed(
        company_a,
        title="Koch (m/w/d)",
        contract="permanent",
        remote="none",
        date_posted=today - datetime.timedelta(days=20),
    )
    r = client.get("/jobs/", {"q": "Koch"})
    assert r.status_code == 200
    boxes = {b["value"]: b for b in soup(r).find_all("input", attrs={"name": ["contract", "remote"]})}
    assert set(boxes) == {"permanent", "fixed_term", "none", "hybrid", "full"}
    labels = {
        value: soup(r).find("label", attrs={"for": box["id"]}).get_text(" ", strip=True) for value, box in boxes.items()
    }
    assert labels["permanent"].endswith("(2)") and labels["fixed_term"].endswith("(1)")
    assert labels["hybrid"].endswith("(1)") and labels["full"].endswith("(0)")
    assert _label_text(r, "pw-7").endswith("(2)") and _label_text(r, "pw-30").endswith("(3)")

    # Multi-select: choosing a contract leaves the contract counts as they were, and narrows the others.
    r = client.get("/jobs/", {"q": "Koch", "contract": "permanent"})
    assert _label_text(r, "pw-30").endswith("(2)")


def test_only_this_place_keeps_neighbouring_towns_out(client, indexed, company_a):
    indexed(company_a, title="Maurer (m/w/d)", workplaces=[{"municipality": "16062041"}])  # Nordhausen
    indexed(company_a, title="Maurer (m/w/d)", workplaces=[{"municipality": "16062063"}])  # Werther, next door
    near = client.get("/jobs/", {"q": "Maurer", "place": "Nordhausen", "radius_km": "10"})
    only = client.get("/jobs/", {"q": "Maurer", "place": "Nordhausen", "radius_km": "0"})
    assert only.status_code == 200
    assert len(soup(near).select("li.card")) == 2
    assert len(soup(only).select("li.card")) == 1
    assert soup(only).find("option", selected=True, value="0") is not None
