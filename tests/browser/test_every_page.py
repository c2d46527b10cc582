"""Every page of the site, as its users reach it, at 1,280 and 360 px: axe-core finds no violation of any impact, a
phone never scrolls sideways, and a screenshot of each goes to test-artifacts/screenshots/every-page/.

One list of pages (PAGES) so that a new page is audited by adding one line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, login, screenshot
from tests.browser.seekers import DEMO_SEEKER, seeker_login

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}


def first_posting(page: Any, site: Site) -> str:
    page.goto(site.url + "/jobs/?q=Pflege")
    href = page.locator("ol.cards h2 a").first.get_attribute("href")
    return str(href)


def report_form(page: Any, site: Site) -> str:
    pk = re.search(r"/jobs/(\d+)-", first_posting(page, site))
    assert pk, "no posting found"
    return f"/jobs/{pk.group(1)}/report/"


def first_link(start: str, selector: str) -> Callable[[Any, Site], str]:
    """The first link matching `selector` on the page at `start` (a network, a posting's confirmation page …)."""

    def find(page: Any, site: Site) -> str:
        page.goto(site.url + start.format(company=site.company_slug))
        return str(page.locator(selector).first.get_attribute("href"))

    return find


def operator_login(page: Any, site: Site) -> None:
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", site.password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(site.url + "/admin/")


def profile_errors(page: Any) -> None:
    """The profile editor after a refused save: the error summary and the errors at their fields."""
    page.fill("#id_commute_km", "500")
    page.fill("#id_phone", "ruf mich an")
    page.locator("form.profile-form [type=submit]").click()
    page.wait_for_selector("#form-errors")


def open_drawer(page: Any) -> None:
    """The filters as a phone shows them: the drawer opened from its button (at 1,280 px they are a sidebar)."""
    toggle = page.locator("[data-drawer-open]")
    if toggle.is_visible():
        toggle.click()
        page.wait_for_selector("#filters:focus-within, #filters:focus, #filters:target")


def preview(page: Any) -> None:
    """The posting form's preview of a new posting (nothing saved)."""
    page.fill("#id_title", "Vorschau-Test Mechatroniker (m/w/d)")
    page.get_by_role("button", name="Vorschau").click()
    page.wait_for_selector(".preview-banner")


# The candidate search as issue 13's walk asks it.
CANDIDATES = "/company-area/{company}/candidates/?q=Zerspanungsmechaniker&place=Nordhausen&radius_km=30"


def contact_errors(page: Any) -> None:
    """A candidate's contact form sent empty: the error summary and the error at the message."""
    page.locator("form.contact-form [type=submit]").click()
    page.wait_for_selector("#form-errors")


def pending_request_decline(page: Any, site: Site) -> str:
    """The decline confirmation of a request the demo company sent the demo seeker (sent here unless one is open);
    the seeker is logged in already (who="seeker"), which also made them and their profile if the site had none."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from companies.models import Company\n"
        "from profiles.contact import contact_request_send\n"
        "from profiles.models import ContactRequest, ContactStatus\n"
        f"company = Company.objects.get(slug={site.company_slug!r})\n"
        f"profile = get_user_model().objects.get(username={DEMO_SEEKER!r}).seeker_profile\n"
        "open = ContactRequest.objects.filter(company=company, profile=profile, status=ContactStatus.PENDING)\n"
        "if not open.exists():\n"
        "    contact_request_send(company=company, profile=profile, by=company.memberships.first().user,\n"
        "                         message='Wir würden Sie gern kennenlernen.')\n"
    )
    site.manage("shell", "--no-imports", "-c", code)
    return first_link("/seeker/requests/", "a[href$='/decline/']")(page, site)


@dataclass(frozen=True)
class Audited:
    """A page: who looks at it (None: anyone), its address (or how to find it), and what is done there first."""

    path: str | Callable[[Any, Site], str]
    who: str | None = None
    act: Callable[[Any], None] | None = None

    def url(self, page: Any, site: Site) -> str:
        path = self.path(page, site) if callable(self.path) else self.path.format(company=site.company_slug)
        return path if path.startswith("http") else site.url + path


PAGES: dict[str, Audited] = {
    "home": Audited("/"),
    "results": Audited("/jobs/?q=Pflege&place=Nordhausen&radius_km=25"),
    "results-filters-open": Audited("/jobs/?q=Pflege", act=open_drawer),
    "results-empty": Audited("/jobs/?q=Quantenphysiker"),
    "results-bad-place": Audited("/jobs/?place=Sondersh"),
    "posting": Audited(first_posting),
    "companies": Audited("/companies/"),
    "company": Audited("/companies/{company}/"),
    "not-found": Audited("/no-such-page/"),
    "login": Audited("/accounts/login/"),
    "password-reset": Audited("/accounts/password/reset/"),
    "signup": Audited("/accounts/signup/?as=company"),
    "network": Audited(first_link("/", "a[href^='/netzwerke/']")),
    "apprenticeships": Audited("/ausbildung/"),
    "imprint": Audited("/impressum/"),
    "privacy": Audited("/datenschutz/"),
    "report-posting": Audited(report_form),
    "company-area": Audited("/company-area/", who="company"),
    "company-register": Audited("/company-area/register/", who="company"),
    "posting-edit": Audited(first_link("/company-area/", "a[href$='/edit/']"), who="company"),
    "posting-close-confirm": Audited(first_link("/company-area/", "a[href$='/close/']"), who="company"),
    "posting-form": Audited("/company-area/{company}/jobs/new/", who="company"),
    "posting-preview": Audited("/company-area/{company}/jobs/new/", who="company", act=preview),
    "posting-delete-confirm": Audited(first_link("/company-area/", "a[href$='/delete/']"), who="company"),
    "crawl-source-form": Audited("/company-area/{company}/sources/new/", who="company"),
    "candidate-search": Audited(CANDIDATES, who="company"),
    "candidate-search-filters-open": Audited(CANDIDATES, who="company", act=open_drawer),
    "candidate-search-bad-place": Audited("/company-area/{company}/candidates/?place=Sondersh", who="company"),
    "candidate": Audited(first_link(CANDIDATES, "ol.candidate-results h2 a"), who="company"),
    # The last candidate: the exchange's walk (tests/browser/test_exchange.py) asks the first pseudonymous one.
    "candidate-contact-errors": Audited(
        first_link(CANDIDATES, "ol.candidate-results > li:last-child h2 a"), who="company", act=contact_errors
    ),
    "company-requests": Audited("/company-area/{company}/requests/", who="company"),
    "posting-candidates": Audited(
        first_link("/company-area/", "a[href^='/company-area/jobs/'][href$='/candidates/']"), who="company"
    ),
    "exchange-forbidden": Audited("/company-area/{company}/candidates/", who="seeker"),
    "seeker-requests": Audited("/seeker/requests/", who="seeker"),
    "seeker-request-decline": Audited(pending_request_decline, who="seeker"),
    "operator-dashboard": Audited("/operator/", who="operator"),
    "operator-forbidden": Audited("/operator/", who="company"),  # the site's 403 page
    "seeker-dashboard": Audited("/seeker/", who="seeker"),
    "seeker-saved": Audited("/seeker/saved/", who="seeker"),
    "save-form": Audited(first_link("/jobs/?q=Pflege", "a[data-save-job]"), who="seeker"),
    "seeker-profile": Audited("/seeker/profile/", who="seeker"),
    "seeker-profile-errors": Audited("/seeker/profile/", who="seeker", act=profile_errors),
    "seeker-preview": Audited("/seeker/profile/preview/", who="seeker"),
    "seeker-cv": Audited("/seeker/cv/", who="seeker"),
    "seeker-delete-confirm": Audited("/seeker/delete/", who="seeker"),
}


@pytest.fixture(params=list(WIDTHS))
def sized_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": height}, is_mobile=request.param == "phone"
    )
    context.set_default_timeout(15_000)
    # Map tiles come from the internet, which these tests do not reach: the pages must work without them.
    context.route(re.compile(r"^https://[^/]*tile\.openstreetmap\.org/"), lambda route: route.abort())
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_passes_axe_and_fits(sized_page: tuple[str, Any], site: Site, name: str) -> None:
    size, page = sized_page
    audited = PAGES[name]
    if audited.who == "company":
        login(page, site)
    elif audited.who == "operator":
        operator_login(page, site)
    elif audited.who == "seeker":
        seeker_login(page, site)
    page.goto(audited.url(page, site))
    page.wait_for_load_state("load")
    if audited.act is not None:
        audited.act(page)
    label = f"every-page/{name}-{size}"
    screenshot(page, label)
    problems = axe_audit(page, label, impacts=None)
    assert problems == [], f"axe-core found violations on {name} at {size}: {problems}"
    if size == "phone":
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, f"{name}: content {scroll} px wide in a {client} px viewport"
    assert not re.search(r"Traceback|Server Error", page.content())


ENGLISH = [
    "home", "results", "posting", "network", "apprenticeships", "imprint", "company-area", "operator-dashboard",
    "seeker-profile", "seeker-preview", "candidate-search", "candidate", "company-requests", "seeker-requests",
    "operator-forbidden",
]  # fmt: skip


@pytest.mark.parametrize("name", ENGLISH)
def test_english_pages_pass_axe_and_are_english(browser: Any, site: Site, name: str) -> None:
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    context.route(re.compile(r"^https://[^/]*tile\.openstreetmap\.org/"), lambda route: route.abort())
    try:
        page = context.new_page()
        audited = PAGES[name]
        if audited.who == "company":
            login(page, site, button="Log in")
        elif audited.who == "operator":
            operator_login(page, site)
        elif audited.who == "seeker":
            seeker_login(page, site)
        page.goto(audited.url(page, site))
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en"
        label = f"every-page/{name}-en"
        screenshot(page, label)
        problems = axe_audit(page, label, impacts=None)
        assert problems == [], f"axe-core found violations on {name} in English: {problems}"
    finally:
        context.close()
