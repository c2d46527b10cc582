"""A guest saves a search as an e-mail alert in a real browser, confirms it by the link of the mail the site wrote
(EMAIL_URL=filemail://…, see conftest) and sees the alert active; the one-click unsubscribe page only asks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, screenshot
from tests.browser.test_company_mails import _bodies
from tests.browser.test_signup import _mail_to

pytestmark = pytest.mark.browser
GUEST = "alarm-gast@mailtest.example"


def test_guest_saves_an_alert_and_confirms_it_from_the_mail(page: Any, site: Site) -> None:
    page.goto(f"{site.url}/jobs/?q=Pflege&place=Nordhausen&radius_km=25")
    form = page.locator("form.alert-save-form")
    form.locator("#alert-email").fill(GUEST)
    form.locator("#alert-frequency").select_option("weekly")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "/jobs/" in page.url and "q=Pflege" in page.url
    assert page.locator("[role=status], .messages, .message").first.is_visible()

    message = _mail_to(site, GUEST)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, _html = _bodies(message)
    confirm = re.search(r"https?://\S+/alerts/confirm/\S+/", text)
    assert confirm is not None, text
    page.goto(confirm.group(0))
    # Opening the link only asks (mail scanners open every link); the button confirms.
    heading = page.locator("h1")
    assert heading.inner_text() in ("Confirm your job alert", "Bestätigen Sie Ihren Job-Alarm")
    assert not axe_audit(page, "alert-confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert heading.inner_text() in ("Your job alert is active", "Ihr Job-Alarm ist aktiv")
    screenshot(page, "alert-confirmed")
    assert not axe_audit(page, "alert-confirmed")

    # The unsubscribe link opened (as a link scanner would) only asks; the alert stays.
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    page.goto(unsubscribe)
    assert page.locator("form button.btn").is_visible()
    page.goto(confirm.group(0))
    assert heading.inner_text() in ("Your job alert is active", "Ihr Job-Alarm ist aktiv")
