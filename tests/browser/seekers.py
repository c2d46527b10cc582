"""Job seekers on the demo site: a user made through the site's own shell (with a verified e-mail address, so the
login works with or without allauth's verification), optionally with a profile, and a login that lands on /seeker/."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site

# The demo seeker the page audits log in as (seed_demo creates seeker-1 … once the demo seekers are merged; until
# then, and on any site without them, it is made here).
DEMO_SEEKER = "seeker-1"
_made: set[tuple[str, str]] = set()


def seeker_make(site: Site, username: str, *, email: str, first_name: str = "", last_name: str = "",
                profile: bool = False) -> None:  # fmt: skip
    """The user (and a pseudonymous profile) unless it exists; idempotent."""
    if (site.url, username) in _made:
        return
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from accounts.services import email_address_verified_set\n"
        "from profiles.models import SeekerProfile\n"
        "from profiles.services import profile_get_or_create, profile_update\n"
        f"u, new = get_user_model().objects.get_or_create(username={username!r}, "
        f"defaults={{'email': {email!r}, 'first_name': {first_name!r}, 'last_name': {last_name!r}}})\n"
        f"if new:\n    u.set_password({site.password!r}); u.save(); email_address_verified_set(user=u)\n"
        f"if {profile!r} and not SeekerProfile.objects.filter(user=u, updated_at__isnull=False).exists():\n"
        "    profile_update(profile=profile_get_or_create(user=u), by=u, data={\n"
        "        'headline': 'Zerspanungsmechaniker mit CNC-Erfahrung',\n"
        "        'occupations': [{'title': 'Zerspanungsmechaniker', 'field': '24', 'experience_years': 8}],\n"
        "        'employment_types': ['full_time'], 'home_municipality': '16062041', 'commute_km': 30,\n"
        "        'skills': ['CNC', 'Heidenhain'], 'languages': [{'code': 'de', 'level': 'native'}],\n"
        "        'licences': ['B'], 'visibility': 'pseudonymous', 'consent': True})\n"
    )
    site.manage("shell", "--no-imports", "-c", code)
    _made.add((site.url, username))


def seeker_login(page: Any, site: Site, username: str = DEMO_SEEKER) -> None:
    """Log in on the site's login page (whichever form it has) and land on the seeker dashboard."""
    if username == DEMO_SEEKER:
        seeker_make(site, DEMO_SEEKER, email="seeker-1@demo.example", profile=True)
    page.goto(site.url + "/accounts/login/?next=/seeker/")
    page.locator("#id_login, #id_username").first.fill(username)
    page.fill("#id_password", site.password)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(site.url + "/seeker/")
