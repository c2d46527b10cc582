import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client

from companies.models import Company
from jobs.models import JobPosting
from moderation.models import PostingReport

pytestmark = pytest.mark.django_db


def test_seed_demo_is_realistic_idempotent_and_gives_every_role_a_login(api):
    call_command("seed_demo", verbosity=0)
    total = JobPosting.objects.count()
    visible = JobPosting.objects.visible().count()
    assert 280 <= total <= 360 and visible >= 250
    assert Company.objects.count() == 30 and Company.objects.filter(status="pending").count() >= 2
    assert JobPosting.objects.filter(status="draft").exists() and JobPosting.objects.filter(status="expired").exists()
    assert not JobPosting.objects.filter(description__icontains="lorem").exists()
    assert JobPosting.objects.values("field").distinct().count() >= 20
    assert JobPosting.objects.values("workplaces__municipality__county").distinct().count() == 3

    call_command("seed_demo", verbosity=0)
    assert JobPosting.objects.count() == total

    users = get_user_model().objects
    operator = users.get(username="operator")
    # The regional manager: staff in the operator group, not superuser; their dashboard has something to do.
    assert operator.is_staff and not operator.is_superuser and operator.has_perm("moderation.view_operator_dashboard")
    assert JobPosting.objects.filter(status="in_review").count() == 1
    assert PostingReport.objects.open().count() == 1
    owner = users.get(username="harzer-praezisionsteile")
    assert owner.check_password("demo-password") and not owner.is_staff
    assert api.post("/api/v1/auth/token/", {"username": owner.username, "password": "demo-password"}).status_code == 200
    # Every demo login passes allauth's login page (its address counts as confirmed), by user name or address.
    for login, landing in ((operator.username, "/operator/"), (owner.email, "/company-area/")):
        landed = Client().post("/accounts/login/", {"login": login, "password": "demo-password"}, follow=True)
        assert landed.redirect_chain[-1][0] == landing
    assert api.get("/api/v1/jobs/").json()["count"] == visible


def test_seed_demo_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("seed_demo", verbosity=0)
    assert not get_user_model().objects.filter(username="operator").exists()
