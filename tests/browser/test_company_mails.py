"""The company e-mails in a real browser: a user registers a company and the operator is mailed a review link; the
operator opens it and approves the company; its owner is mailed (in German) a link to the company area and opens it.
The site writes its mails as files (EMAIL_URL=filemail://…, see conftest)."""

from __future__ import annotations

import email
import email.policy
import re
import time
from email.message import EmailMessage
from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, screenshot

pytestmark = pytest.mark.browser

USER, EMAIL, COMPANY = "mailtest-inhaberin", "inhaberin@mailtest.example", "Mailtest Feinmechanik GmbH"
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def _mails(site: Site) -> list[EmailMessage]:
    found = []
    for path in sorted(site.mail_dir.glob("*")) if site.mail_dir.exists() else []:
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found  # type: ignore[return-value]


def _mail(site: Site, to: str, subject: str, timeout: float = 15) -> EmailMessage:
    """The one mail to `to` with `subject` (waiting a little: the site sends it once the change has committed)."""
    deadline = time.monotonic() + timeout
    while True:
        matching = [m for m in _mails(site) if m["To"] == to and m["Subject"].strip() == subject]
        if matching or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(matching) == 1, [(m["To"], m["Subject"]) for m in _mails(site)]
    return matching[0]


def _bodies(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()


def _log_in(page: Any, site: Site, username: str, password: str, next_url: str) -> None:
    page.goto(f"{site.url}/accounts/login/?next={next_url}")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Anmelden").click()


def test_registration_and_approval_mails_lead_to_the_right_pages(browser: Any, site: Site) -> None:
    site.manage(
        "shell", "--no-imports", "-c",
        "from tests.factories import UserFactory; "
        f"u = UserFactory(username='{USER}', email='{EMAIL}'); u.set_password('{site.password}'); u.save()",
    )  # fmt: skip
    owner = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    operator = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    try:
        # A new user registers a company.
        page = owner.new_page()
        _log_in(page, site, USER, site.password, "/company-area/register/")
        page.wait_for_url(f"{site.url}/company-area/register/")
        page.fill("#id_name", COMPANY)
        page.fill("#id_website", "https://mailtest.example")
        page.select_option("#id_municipality", "16062041")  # Nordhausen
        page.get_by_role("button", name="Anfrage senden").click()
        page.wait_for_url(f"{site.url}/company-area/")

        # The operator is mailed, in German, with a link to review it …
        review = _mail(site, "operator@regiojobs.example", f"Neue Firma zu prüfen: „{COMPANY}“")
        text, html = _bodies(review)
        assert f"„{COMPANY}“ (Nordhausen) hat sich bei regiojobs registriert und wartet auf Ihre Freigabe." in text
        link = re.search(rf"{re.escape(site.url)}/admin/companies/company/\d+/change/", text)
        assert link is not None and f'href="{link.group(0)}"' in html
        assert USER not in text and EMAIL not in text  # the mail names the company, not the person

        # … opens it and approves the company there.
        admin = operator.new_page()
        _log_in(admin, site, "operator", site.password, link.group(0).removeprefix(site.url))
        admin.wait_for_url(link.group(0))
        assert admin.locator("#id_name").input_value() == COMPANY
        admin.select_option("#id_status", "approved")
        admin.locator("input[name=_save]").click()
        admin.wait_for_url(re.compile(r".*/admin/companies/company/(\?.*)?$"))

        # The owner is mailed, in German, with plain text and HTML and a link to the company area …
        approved = _mail(site, EMAIL, f"„{COMPANY}“ ist bei regiojobs freigeschaltet")
        text, html = _bodies(approved)
        assert text.startswith("Guten Tag,\n\ndas Regionalmanagement hat „Mailtest Feinmechanik GmbH“ freigeschaltet.")
        assert "Firmenbereich öffnen" in html and '<html lang="de">' in html
        area = f"{site.url}/company-area/"
        assert area in text and f'href="{area}"' in html

        # … and the link opens the company area, where the company is now approved.
        page.goto(area)
        assert page.get_by_role("heading", name=COMPANY).count() >= 1
        assert axe_audit(page, "company-mail-link") == []
        screenshot(page, "company-mail-link-1280")
        page.set_viewport_size({"width": 360, "height": 800})
        screenshot(page, "company-mail-link-360")
    finally:
        owner.close()
        operator.close()
        # The demo site is shared by the browser tests: the new company leaves the public lists again.
        site.manage(
            "shell", "--no-imports", "-c",
            "from companies.models import Company; from companies.services import company_suspend; "
            f"[company_suspend(company=c, reason='Browsertest') for c in Company.objects.filter(name='{COMPANY}')]",
        )  # fmt: skip
    suspended = _mail(site, EMAIL, f"„{COMPANY}“ ist bei regiojobs gesperrt")
    assert "Grund: Browsertest" in _bodies(suspended)[0]
