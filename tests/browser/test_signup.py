"""A newcomer in a real browser: signs up for their company, confirms the address by the link in the mail the site
sent (EMAIL_URL=filemail://…, see conftest), registers the company and sees it wait; the regional manager logs in
and approves it. Then a job seeker's sign-up lands on the seeker dashboard. The pages pass axe at 1280 and 360 px."""

from __future__ import annotations

import re
import time
from email.message import EmailMessage
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, screenshot
from tests.browser.test_company_mails import _bodies, _mails

pytestmark = pytest.mark.browser

PASSWORD = "Neuer-Betrieb-2026"
COMPANY = "Signup Test Tischlerei GmbH"


def _mail_to(site: Site, to: str, timeout: float = 15) -> EmailMessage:
    """The one mail sent to `to` (account mails go out at once from the web process)."""
    deadline = time.monotonic() + timeout
    while True:
        matching = [m for m in _mails(site) if m["To"] == to]
        if matching or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(matching) == 1, [(m["To"], m["Subject"]) for m in _mails(site)]
    return matching[0]


def _audit(page: Any, name: str) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_audit(page, f"signup/{name}-{width}") == [], name
        screenshot(page, f"signup/{name}-{width}")
        scroll = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert scroll <= 0, f"{name} scrolls sideways at {width} px by {scroll} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_up_and_confirm(
    page: Any, site: Site, kind: str, email: str, audit: bool = False, language: str = "de"
) -> None:
    """Sign up from the header's link as `kind` (seeker or company), then confirm by the link in the mail (in the
    page's `language`). Ends on the confirmation page's button clicked."""
    page.goto(site.url + "/")
    page.locator("header nav a[href='/accounts/signup/']").first.click()
    page.wait_for_url(site.url + "/accounts/signup/")
    page.check(f"input[name=kind][value={kind}]")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    if audit:
        _audit(page, "signup")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(site.url + "/accounts/confirm-email/")
    if audit:
        _audit(page, "verification-sent")
    # Not logged in yet: the header still offers the login.
    assert page.locator("header a[href='/accounts/login/']").count() == 1

    message = _mail_to(site, email)
    # (A subject with umlauts is an encoded word on a folded line: the parsed header may start with a space.)
    assert message["Content-Language"] == language and str(message["Subject"]).strip().startswith("regiojobs: ")
    text, html = _bodies(message)
    link = re.search(rf"{re.escape(site.url)}/accounts/confirm-email/[-:\w]+/", text)
    assert link is not None and f'href="{link.group(0)}"' in html
    page.goto(link.group(0))
    if audit:
        _audit(page, "confirm-email")
    page.locator("main form button[type=submit]").click()


def test_a_newcomer_signs_up_for_their_company_and_the_operator_approves_it(browser: Any, site: Site) -> None:
    email = "inhaberin@signup-tischlerei.example"
    owner = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    operator = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    try:
        page = owner.new_page()
        sign_up_and_confirm(page, site, "company", email, audit=True)
        # Confirmed and logged in: straight to the company registration.
        page.wait_for_url(site.url + "/company-area/register/")
        page.fill("#id_name", COMPANY)
        page.fill("#id_website", "https://signup-tischlerei.example")
        page.select_option("#id_municipality", "16062041")  # Nordhausen
        page.get_by_role("button", name="Anfrage senden").click()
        page.wait_for_url(site.url + "/company-area/")
        heading = page.get_by_role("heading", name=COMPANY)
        assert "Wartet auf Freigabe" in heading.inner_text()
        # A member now: the header links to the company area, the profile and the logout.
        nav = page.get_by_role("navigation", name="Hauptnavigation")
        assert nav.locator("a[href='/company-area/']").count() == 1 and nav.locator("a[href='/seeker/']").count() == 1

        # The regional manager logs in (user name) and approves the company on their dashboard.
        admin = operator.new_page()
        admin.goto(site.url + "/accounts/login/")
        admin.fill("#id_login", "operator")
        admin.fill("#id_password", site.password)
        admin.locator("main form button[type=submit]").click()
        admin.wait_for_url(site.url + "/operator/")
        admin.locator("tr", has_text=COMPANY).get_by_role("button", name="Freigeben").click()
        admin.wait_for_url(site.url + "/operator/")
        assert f"„{COMPANY}“ ist freigegeben." in admin.inner_text(".messages")

        page.reload()
        assert "Wartet auf Freigabe" not in page.get_by_role("heading", name=COMPANY).inner_text()

        # Logging out (a POST from the header) and in again by e-mail address leads back to the company area.
        nav.get_by_role("button", name="Abmelden").click()
        page.wait_for_url(site.url + "/")
        page.goto(site.url + "/accounts/login/")
        _audit(page, "login")
        page.fill("#id_login", email)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(site.url + "/company-area/")
    finally:
        owner.close()
        operator.close()
        # The demo site is shared by the browser tests: the new company leaves the public lists again.
        site.manage(
            "shell", "--no-imports", "-c",
            "from companies.models import Company; from companies.services import company_suspend; "
            f"[company_suspend(company=c, reason='Browsertest') for c in Company.objects.filter(name='{COMPANY}')]",
        )  # fmt: skip


def test_a_job_seeker_signs_up_and_lands_on_the_seeker_dashboard(page: Any, site: Site) -> None:
    sign_up_and_confirm(page, site, "seeker", "lena@signup-seeker.example")
    page.wait_for_url(site.url + "/seeker/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert nav.locator("a[href='/seeker/']").get_attribute("aria-current") == "page"
    assert nav.locator("a[href='/company-area/']").count() == 0
    for url, name in (("/accounts/email/", "email"), ("/accounts/password/change/", "password-change")):
        page.goto(site.url + url)
        _audit(page, name)
