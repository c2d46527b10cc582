"""The operator role: a group with exactly the permissions the work needs, synced after every migrate."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from moderation.roles import DASHBOARD_PERMISSION, OPERATOR_GROUP, OPERATOR_PERMISSIONS
from moderation.services import operator_group_sync

pytestmark = pytest.mark.django_db


def _codes(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_migrate_created_the_group_with_the_listed_permissions_that_exist():
    group = Group.objects.get(name=OPERATOR_GROUP)
    existing = {
        f"{app}.{code}"
        for app, code in OPERATOR_PERMISSIONS
        if Permission.objects.filter(content_type__app_label=app, codename=code).exists()
    }
    assert _codes(group) == existing
    assert DASHBOARD_PERMISSION in existing
    assert {"companies.change_company", "jobs.change_jobposting", "crawlers.change_crawlsource"} <= existing
    assert {"audit.view_auditentry", "regions.change_region"} <= existing
    # Not what the stock admin would give a superuser: no tokens, no users, no deleting postings or the trail.
    assert not {"auth.change_user", "jobs.delete_jobposting", "audit.delete_auditentry", "knox.view_authtoken"} & (
        _codes(group)
    )


def test_sync_is_idempotent_and_takes_back_what_is_not_listed():
    group = operator_group_sync()
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    again = operator_group_sync()
    assert again.pk == group.pk and Group.objects.filter(name=OPERATOR_GROUP).count() == 1
    assert "auth.delete_user" not in _codes(again)


def test_the_operator_is_staff_in_the_group_not_superuser(operator):
    assert operator.is_staff and not operator.is_superuser
    assert operator.groups.filter(name=OPERATOR_GROUP).exists()
    assert operator.has_perm(DASHBOARD_PERMISSION) and not operator.has_perm("auth.change_user")
