"""A job seeker's whole way in a real browser: sign up and confirm the address by the mailed link, fill the profile,
publish it pseudonymously with consent, see what a company sees (no name), upload a CV, download the data export,
delete the account, and not log in again."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Site, screenshot
from tests.browser.test_signup import PASSWORD, sign_up_and_confirm
from tests.frontend.test_seeker_pages import tiny_pdf

pytestmark = pytest.mark.browser


def test_a_seeker_publishes_previews_uploads_exports_and_deletes(browser: Any, site: Site) -> None:
    email = f"probe-{uuid.uuid4().hex[:8]}@example.org"
    context = browser.new_context(
        locale="en-GB", extra_http_headers={"Accept-Language": "en"}, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        sign_up_and_confirm(page, site, "seeker", email, language="en")
        page.wait_for_url(site.url + "/seeker/")
        # A newcomer is invited to create a profile.
        page.get_by_role("link", name="Create your profile").click()
        page.wait_for_url(site.url + "/seeker/profile/")

        # The script shows one occupation row and adds the next on demand.
        assert page.locator("#id_occ1_title").is_visible() and not page.locator("#id_occ2_title").is_visible()
        page.fill("#id_occ1_title", "Zerspanungsmechaniker")
        page.select_option("#id_occ1_field", "24")
        page.fill("#id_occ1_years", "8")
        page.get_by_role("button", name="Add another occupation").click()
        assert page.evaluate("document.activeElement.id") == "id_occ2_title"
        page.fill("#id_occ2_title", "CNC-Fräser")
        page.fill("#id_home_place", "Nordhausen")
        page.fill("#id_commute_km", "40")
        page.fill("#id_skills", "CNC, Heidenhain")
        page.select_option("#id_lang1_code", "de")
        page.select_option("#id_lang1_level", "native")
        page.check("input[name=licences][value=B]")
        page.fill("#id_first_name", "Paula")
        page.fill("#id_last_name", "Probe")
        page.fill("#id_phone", "+49 3631 424242")
        page.check("input[name=visibility][value=pseudonymous]")
        # Without consent the profile is not published: the error summary takes the focus.
        page.get_by_role("button", name="Save profile").click()
        page.wait_for_selector("#form-errors")
        # The page's script moves the focus once it has run (a moment after the summary is in the page).
        page.wait_for_function("document.activeElement && document.activeElement.id === 'form-errors'", timeout=5000)
        assert "agree to the consent text" in page.inner_text("#id_consent_error")
        assert page.input_value("#id_occ2_title") == "CNC-Fräser"  # what was typed is kept
        page.check("#id_consent")
        page.get_by_role("button", name="Save profile").click()
        page.wait_for_url(site.url + "/seeker/")
        assert "Pseudonymous." in page.inner_text("main")

        # What a company sees: the occupation, experience and area, but neither name nor contact.
        page.get_by_role("link", name="See what a company sees").click()
        card = page.locator("article.candidate-card")
        assert card.locator("h2").inner_text() == "Zerspanungsmechaniker, 8 years of experience, area of Nordhausen"
        text = card.inner_text()
        for private in ("Paula", "Probe", email, "424242"):
            assert private not in text
        screenshot(page, "seeker/preview")

        # A CV: uploaded, then shown with its size, never its name.
        page.goto(site.url + "/seeker/cv/")
        page.set_input_files(
            "#id_cv", {"name": "Lebenslauf Paula Probe.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}
        )
        page.get_by_role("button", name="Upload").click()
        page.wait_for_selector("#current-cv")
        assert "Your CV was uploaded." in page.inner_text(".messages")
        assert "Paula" not in page.inner_text("main")
        with page.expect_download() as cv_download:
            page.get_by_role("link", name="Download (your CV)").click()
        assert Path(cv_download.value.path()).read_bytes() == tiny_pdf()

        # The export: a JSON file with what is stored about them.
        page.goto(site.url + "/seeker/")
        with page.expect_download() as export:
            page.get_by_role("button", name="Download all your data (JSON)").click()
        assert export.value.suggested_filename.startswith("regiojobs-export-")
        data = json.loads(Path(export.value.path()).read_text(encoding="utf-8"))
        assert email in json.dumps(data, ensure_ascii=False)

        # Delete the account: confirmed with the e-mail address, then logged out on the home page.
        page.get_by_role("link", name="Delete your account").click()
        page.fill("#id_confirm", email)
        page.get_by_role("button", name="Delete my account").click()
        page.wait_for_url(site.url + "/")
        assert "were deleted" in page.inner_text(".messages")

        # … and the login no longer works.
        page.goto(site.url + "/accounts/login/?next=/seeker/")
        page.locator("#id_login").fill(email)
        page.fill("#id_password", PASSWORD)
        page.locator("main form [type=submit]").first.click()
        page.wait_for_load_state("load")
        assert "/accounts/login/" in page.url
    finally:
        context.close()
