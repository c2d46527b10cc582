"""The posting form suggests the occupational field from the job title as it is typed (progressive: the select
works by hand too), and leaves a field the company chose itself alone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Site, axe_audit, login

pytestmark = pytest.mark.browser


def test_the_field_follows_the_title_until_the_company_chooses(page: Any, site: Site) -> None:
    login(page, site)
    page.locator(f"a[href='/company-area/{site.company_slug}/jobs/new/']").click()
    note = page.locator("[data-field-suggestion]")
    assert page.input_value("#id_field") == "" and note.is_hidden()

    page.locator("#id_title").press_sequentially("Hotelfachfrau (m/w/d) in Weimar", delay=20)
    page.wait_for_function("() => document.querySelector('#id_field').value === '63'")
    assert "Tourismus-, Hotel- und Gaststättenberufe" in note.inner_text()
    assert "field-suggestion" in (page.get_attribute("#id_field", "aria-describedby") or "")
    assert axe_audit(page, "posting-form-field-suggested") == []

    # A title that says too little takes the suggestion back.
    page.fill("#id_title", "")
    page.locator("#id_title").press_sequentially("Mitarbeiter (m/w/d)", delay=20)
    page.wait_for_function("() => document.querySelector('#id_field').value === ''")
    assert note.is_hidden()

    # Once the company picks a field, a new title only updates the note.
    page.select_option("#id_field", "11")
    page.fill("#id_title", "")
    page.locator("#id_title").press_sequentially("Softwareentwickler (m/w/d)", delay=20)
    page.wait_for_function("() => !document.querySelector('[data-field-suggestion]').hidden")
    assert "43 " in note.inner_text()
    assert page.input_value("#id_field") == "11"
