"""The skilled-worker exchange in a real browser, as issue 13's "Done when" walks it: a demo company searches
"Zerspanungsmechaniker" near Nordhausen (30 km), sees pseudonymous candidates with facet counts, opens one and asks
them to get in touch; the demo seeker of that profile sees the request and accepts; the company then sees the
candidate's name and e-mail address. Buttons are found by their place, not their words (the page's language)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, login, screenshot
from tests.browser.seekers import seeker_login

pytestmark = pytest.mark.browser

MESSAGE = "Guten Tag, wir suchen Verstärkung in der CNC-Fertigung. Hätten Sie Interesse an einem Gespräch?"


def owner_of(site: Site, public_id: str) -> dict[str, str]:
    """The demo seeker whose profile has this public id, read in the site's own database."""
    out = site.manage(
        "shell",
        "--no-imports",
        "-c",
        "import json\n"
        "from profiles.models import SeekerProfile\n"
        f"u = SeekerProfile.objects.select_related('user').get(public_id={public_id!r}).user\n"
        "name = u.get_full_name().strip() or u.username\n"
        "print(json.dumps({'username': u.username, 'name': name, 'email': u.email}))\n",
    )
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_a_company_finds_asks_and_learns_the_candidate_once_they_accept(browser: Any, site: Site) -> None:
    company = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    seeker = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True)
    for context in (company, seeker):
        context.set_default_timeout(15_000)
        context.route(re.compile(r"^https://[^/]*tile\.openstreetmap\.org/"), lambda route: route.abort())
    try:
        page = company.new_page()
        login(page, site)
        # From the company area's navigation to the candidate search, then the search as a person types it.
        page.locator(f"a[href='/company-area/{site.company_slug}/candidates/']").first.click()
        page.wait_for_url(re.compile(r"/candidates/"))
        page.fill("#id_q", "Zerspanungsmechaniker")
        page.fill("#id_place", "Nordhausen")
        page.select_option("#id_radius_km", "30")
        page.locator("#candidate-search [type=submit]").click()
        page.wait_for_url(re.compile(r"q=Zerspanungsmechaniker"))
        assert re.match(r"\d+", page.locator("#results-h").inner_text())
        # Facets with counts, and pseudonymous candidates among the results.
        assert page.locator("aside.facets .count").count() > 0
        pseudonymous = page.locator("ol.candidate-results article:not(:has(.candidate-name)) h2 a")
        assert pseudonymous.count() > 0
        screenshot(page, "exchange/candidate-search")
        assert axe_audit(page, "exchange/candidate-search", impacts=None) == []

        pseudonymous.first.click()
        page.wait_for_url(re.compile(r"/candidates/[0-9a-f-]{36}/$"))
        public_id = page.url.rstrip("/").rsplit("/", 1)[-1]
        person = owner_of(site, public_id)
        assert person["email"] not in page.content() and person["name"] not in page.content()
        page.fill("#id_message", MESSAGE)
        page.locator("form.contact-form [type=submit]").click()
        page.wait_for_selector(".message-success")
        assert page.locator("form.contact-form").count() == 0  # one open request per company and candidate
        screenshot(page, "exchange/candidate-asked")
        assert axe_audit(page, "exchange/candidate-asked", impacts=None) == []

        # The candidate sees the request on their dashboard and in the inbox, and accepts after the explanation.
        inbox = seeker.new_page()
        seeker_login(inbox, site, person["username"])
        inbox.locator("a[href='/seeker/requests/']").first.click()
        inbox.wait_for_url(site.url + "/seeker/requests/")
        assert MESSAGE in inbox.content()
        screenshot(inbox, "exchange/seeker-requests")
        assert axe_audit(inbox, "exchange/seeker-requests", impacts=None) == []
        inbox.locator("a[href$='/accept/']").first.click()
        inbox.wait_for_url(re.compile(r"/accept/$"))
        screenshot(inbox, "exchange/seeker-accept")
        assert axe_audit(inbox, "exchange/seeker-accept", impacts=None) == []
        inbox.locator("form.answer-form [type=submit]").click()
        inbox.wait_for_url(site.url + "/seeker/requests/")
        assert inbox.locator(".message-success").count() == 1
        assert inbox.locator("a[href$='/accept/']").count() == 0

        # The company now sees who it is: name and e-mail address, on the candidate's page and in its list.
        page.reload()
        contact = page.locator(".candidate-contact")
        assert person["email"] in contact.inner_text() and person["name"] in contact.inner_text()
        page.goto(f"{site.url}/company-area/{site.company_slug}/requests/")
        assert person["email"] in page.content()
        screenshot(page, "exchange/company-requests")
    finally:
        company.close()
        seeker.close()
