"""Under the Content-Security-Policy the main pages load with zero violations and their JavaScript still works."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import Site, login

pytestmark = pytest.mark.browser

# Registered before any page script runs (through the DevTools protocol, so the CSP does not apply to it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


class Watch:
    """Collects CSP violations from both the page's events and Chromium's console reports, page by page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        self.found: dict[str, list[str]] = {}
        page.on("console", self._on_console)

    def _on_console(self, msg: Any) -> None:
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            self.console.append(msg.text)

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        events = self.page.evaluate("window.__cspViolations || []")
        problems = [*events, *self.console]
        self.console = []
        if problems:
            self.found[name] = problems


@pytest.fixture
def watched(browser: Any, site: Site) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    yield page, Watch(page)
    context.close()


def test_the_policy_is_sent(watched: tuple[Any, Watch], site: Site) -> None:
    page, _ = watched
    response = page.goto(site.url + "/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "geolocation=(self)" in response.headers["permissions-policy"]


def test_public_pages_and_company_area_have_no_violations(watched: tuple[Any, Watch], site: Site) -> None:
    page, watch = watched
    page.goto(site.url + "/")
    # app.js still works: the place field gets suggestions from the API while typing.
    page.locator("#id_place").press_sequentially("Nordh", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#place-suggestions option').length > 0")
    watch.check("home")

    page.goto(site.url + "/jobs/?q=Pflege")
    assert page.locator("ol.cards h2 a").count() > 0
    page.locator("input[type=checkbox][name=employment_type]").first.check()
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(r"employment_type="))
    watch.check("results with filters")

    page.locator("ol.cards h2 a").first.click()
    page.wait_for_url(re.compile(r"/jobs/\d+-[\w-]+/$"))
    assert page.locator('script[type="application/ld+json"]').count() == 1
    watch.check("posting")

    page.goto(f"{site.url}/companies/{site.company_slug}/")
    watch.check("company page")
    page.goto(site.url + "/companies/")
    watch.check("company list")

    page.goto(site.url + "/accounts/login/")
    watch.check("login")
    login(page, site)
    watch.check("dashboard")
    page.goto(f"{site.url}/company-area/{site.company_slug}/jobs/new/")
    page.get_by_role("button", name="Speichern").click()  # empty: errors shown next to the fields
    page.wait_for_selector(".errorlist")
    watch.check("posting form")

    assert watch.found == {}, f"CSP violations: {watch.found}"


def test_admin_and_api_docs_have_no_violations(watched: tuple[Any, Watch], site: Site) -> None:
    page, watch = watched
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", site.password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(site.url + "/admin/")
    watch.check("admin index")

    page.goto(site.url + "/admin/jobs/jobposting/")
    page.locator("#content details summary").first.click()
    watch.check("posting list")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_url(re.compile(r"/admin/jobs/jobposting/\d+/change/"))
    watch.check("posting change page")

    page.goto(site.url + "/admin/companies/company/")
    page.locator("#result_list tbody a").first.click()
    page.wait_for_url(re.compile(r"/admin/companies/company/\d+/change/"))
    # The admin's JavaScript still works: filter_horizontal turned the networks <select> into two lists.
    page.wait_for_selector("#id_networks_from")
    assert page.locator(".audit-history, .readonly").count() > 0
    watch.check("company change page")

    page.goto(site.url + "/admin/audit/auditentry/")
    watch.check("audit list")

    page.goto(site.url + "/api/docs/")
    # Swagger UI rendered the schema (its script loaded and ran).
    page.wait_for_selector(".swagger-ui .info .title")
    assert "regiojobs API" in page.inner_text(".swagger-ui .info .title")
    page.locator(".opblock-summary").first.click()
    page.wait_for_selector(".opblock-body")
    watch.check("api docs")

    assert watch.found == {}, f"CSP violations: {watch.found}"
