"""/api/v1/me/alerts/: the permission matrix, the write shape and its validation (the search's own), and that
alerts are in the seeker's export and go with the account."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from alerts.models import Alert
from alerts.services import alert_create
from profiles.export import account_export
from profiles.services import account_delete

BODY = {
    "name": "Pflege bei Nordhausen",
    "params": {"q": "Pflege", "place": "Nordhausen", "radius_km": 25},
    "frequency": "weekly",
}
LIST = "/api/v1/me/alerts/"


def detail(pk: int) -> str:
    return f"/api/v1/me/alerts/{pk}/"


def test_create_read_update_delete_own(client_seeker_a: APIClient, seeker_a: Any) -> None:
    created = client_seeker_a.post(LIST, BODY, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["name"] == "Pflege bei Nordhausen" and data["frequency"] == "weekly"
    assert data["params"] == {"q": "Pflege", "place": "Nordhausen", "radius_km": "25"}
    assert [a["id"] for a in client_seeker_a.get(LIST).json()] == [data["id"]]
    assert client_seeker_a.get(detail(data["id"])).json()["name"] == "Pflege bei Nordhausen"
    patched = client_seeker_a.patch(detail(data["id"]), {"frequency": "daily"}, format="json")
    assert patched.status_code == 200 and patched.json()["frequency"] == "daily"
    assert client_seeker_a.delete(detail(data["id"])).status_code == 204
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**BODY, "params": {"q": "Pflege", "radius_km": 25}}, "params.radius_km"),  # a radius needs a place
        ({**BODY, "params": {"place": "Nirgendwo-am-See"}}, "params.place"),
        ({**BODY, "params": {"place": "Nordhausen", "radius_km": 900}}, "params.radius_km"),
        ({**BODY, "params": {"employment_type": "sometimes"}}, "params.employment_type"),
        ({**BODY, "params": {"page": 2}}, "params"),
        ({**BODY, "params": "q=Pflege"}, "params"),
        ({**BODY, "frequency": "hourly"}, "frequency"),
        ({**BODY, "name": "x" * 101}, "name"),
        ({"name": "x", "frequency": "daily"}, "params"),
    ],
)
def test_bad_input_names_the_parameter(client_seeker_a: APIClient, body: dict[str, Any], field: str) -> None:
    response = client_seeker_a.post(LIST, body, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Alert.objects.exists()


def test_permission_matrix(
    api: APIClient, client_seeker_a: APIClient, client_seeker_b: APIClient, seeker_a: Any
) -> None:
    own = alert_create(user=seeker_a, params={"q": "Pflege"}, frequency="daily")
    # Anonymous: nothing at all.
    assert api.get(LIST).status_code == 401
    assert api.post(LIST, BODY, format="json").status_code == 401
    for method in ("get", "patch", "delete"):
        assert getattr(api, method)(detail(own.pk)).status_code == 401
    # Another user: the alert is not theirs, and its existence is not told.
    assert client_seeker_b.get(LIST).json() == []
    assert client_seeker_b.get(detail(own.pk)).status_code == 404
    assert client_seeker_b.patch(detail(own.pk), {"name": "mine"}, format="json").status_code == 404
    assert client_seeker_b.delete(detail(own.pk)).status_code == 404
    own.refresh_from_db()
    assert own.name != "mine"
    # The owner.
    assert client_seeker_a.get(detail(own.pk)).status_code == 200
    assert client_seeker_a.delete(detail(own.pk)).status_code == 204
    assert client_seeker_a.get(detail(own.pk)).status_code == 404


def test_company_member_may_keep_alerts_too(client_a: APIClient) -> None:
    assert client_a.post(LIST, BODY, format="json").status_code == 201


def test_export_and_deletion_include_alerts(seeker_a: Any, db: None) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=seeker_a, email=seeker_a.email, defaults={"verified": True, "primary": True}
    )
    own = alert_create(user=seeker_a, params={"q": "Pflege"}, frequency="daily", name="Meine Suche")
    as_guest = alert_create(user=None, email=seeker_a.email.upper(), params={"q": "Lager"}, frequency="weekly")
    stranger = alert_create(user=None, email="someone@example.org", params={"q": "Lager"}, frequency="weekly")
    exported = account_export(user=seeker_a)
    assert {a["id"] for a in exported["job_alerts"]} == {own.pk, as_guest.pk}
    assert exported["job_alerts"][0]["params"] == {"q": "Pflege"}
    account_delete(user=seeker_a, by=seeker_a)
    assert list(Alert.objects.values_list("pk", flat=True)) == [stranger.pk]
