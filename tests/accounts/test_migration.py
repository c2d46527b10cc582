"""accounts migration 0002: the users made before sign-up existed keep their login (their address counts as
confirmed); running it again changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

migration = import_module("accounts.migrations.0002_verify_existing_email_addresses")


def test_existing_users_with_an_address_are_confirmed_and_can_log_in() -> None:
    User = get_user_model()
    owner = User.objects.create_user("firma-x", email="inhaber@firma-x.example", password="pw-123456")
    no_address = User.objects.create_user("ohne", password="pw-123456")
    same = User.objects.create_user("zweite", email="INHABER@firma-x.example", password="pw-123456")
    EmailAddress.objects.filter(user__in=[owner, same]).delete()

    migration.verify_existing(apps, None)
    migration.verify_existing(apps, None)

    address = EmailAddress.objects.get(user=owner)
    assert (address.email, address.verified, address.primary) == ("inhaber@firma-x.example", True, True)
    assert not EmailAddress.objects.filter(user__in=[no_address, same]).exists()  # an address has one owner
    landed = Client().post("/accounts/login/", {"login": "inhaber@firma-x.example", "password": "pw-123456"})
    assert landed.status_code == 302 and landed["Location"] == "/welcome/"
