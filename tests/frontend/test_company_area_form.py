"""The posting form: one workplace with a place typed (suggestions as in the search), more on demand, prefilled
from the company's address, a preview that saves nothing, the start date, and a postal code that must belong to
its municipality."""

from __future__ import annotations

import pytest

from jobs.models import JobPosting
from tests.factories import NORDHAUSEN, make_posting
from tests.frontend.conftest import field_error, soup
from tests.frontend.test_company_area import form_data

pytestmark = pytest.mark.django_db
NEW = "/company-area/firma-a/jobs/new/"


def _blocks(page):  # type: ignore[no-untyped-def]
    return page.find("div", attrs={"data-workplace-list": True}).find_all("fieldset", attrs={"data-workplace": True})


class TestOneWorkplace:
    def test_a_new_form_has_one_block_prefilled_from_the_company_address(self, logged_in_a, company_a):
        company_a.street, company_a.postal_code = "Bahnhofstraße 3", "99734"
        company_a.save()
        page = soup(logged_in_a.get(NEW))
        (block,) = _blocks(page)
        place = block.find(id="id_wp1_place")
        assert place["value"] == "Nordhausen"
        assert place["data-suggest"] == "/api/v1/regions/places/" and place["data-suggest-kind"] == "place"
        assert page.find("datalist", id=place["list"]) is not None
        assert block.find(id="id_wp1_postal_code")["value"] == "99734"
        assert block.find(id="id_wp1_street")["value"] == "Bahnhofstraße 3"
        assert page.find("select", attrs={"name": "wp1_municipality"}) is None  # no 605-entry list any more
        template = page.find("template", attrs={"data-workplace-template": True})
        assert template is not None and "wp__N___place" in template.decode_contents()
        assert page.find(id="id_starts_on")["type"] == "date"
        scripts = [s.get("src") for s in page.find_all("script")]
        assert "/static/frontend/posting_form.js" in scripts

    def test_add_another_without_script_comes_back_with_one_block_more_and_keeps_what_was_typed(
        self, logged_in_a, company_a
    ):
        response = logged_in_a.post(NEW, form_data(title="Halb fertig", action="add_workplace"))
        assert response.status_code == 200
        assert not JobPosting.objects.exists()
        page = soup(response)
        assert len(_blocks(page)) == 2
        assert page.find(id="id_title")["value"] == "Halb fertig"
        assert page.find(id="id_wp1_place")["value"] == "Nordhausen"
        assert page.find(id="id_wp2_place").get("value", "") == ""
        assert page.find(id="form-errors") is None  # not judged yet
        assert page.find("input", attrs={"name": "workplace_count"})["value"] == "2"

    def test_two_workplaces_are_saved_and_one_removed(self, logged_in_a, company_a):
        data = form_data(workplace_count="2", wp2_place="99706 Sondershausen", wp2_postal_code="", wp2_street="")
        assert logged_in_a.post(NEW, data).status_code == 302
        job = JobPosting.objects.get()
        assert [(w.municipality.name, w.postal_code) for w in job.workplaces.all()] == [
            ("Nordhausen", "99734"),
            ("Sondershausen", "99706"),
        ]
        page = soup(logged_in_a.post(f"/company-area/jobs/{job.pk}/edit/", {**data, "action": "remove_workplace:1"}))
        (block,) = _blocks(page)
        assert block.find(id="id_wp1_place")["value"] == "99706 Sondershausen"

    def test_a_block_a_script_removed_is_skipped(self, logged_in_a, company_a):
        data = form_data(workplace_count="3", wp3_place="Sondershausen", wp3_postal_code="", wp3_street="")
        assert logged_in_a.post(NEW, data).status_code == 302
        names = [w.municipality.name for w in JobPosting.objects.get().workplaces.all()]
        assert names == ["Nordhausen", "Sondershausen"]


class TestPlaceResolution:
    @pytest.mark.parametrize("typed", ["Nordhausen", "nordhausen", "99734 Nordhausen", "99734"])
    def test_typed_forms_resolve_to_the_municipality(self, logged_in_a, company_a, typed):
        response = logged_in_a.post(NEW, form_data(wp1_place=typed, wp1_postal_code=""))
        assert response.status_code == 302, response.content[:3000]
        (wp,) = JobPosting.objects.get().workplaces.all()
        assert wp.municipality_id == NORDHAUSEN
        assert wp.postal_code == ("99734" if typed[0].isdigit() else "")

    def test_an_ambiguous_name_lists_the_candidates(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(wp1_place="Eichenberg", wp1_postal_code="", wp1_street=""))
        error = field_error(response, "id_wp1_place")
        assert "Hildburghausen" in error and "Saale-Holzland-Kreis" in error
        assert not JobPosting.objects.exists()
        # The label a suggestion shows resolves it.
        response = logged_in_a.post(
            NEW, form_data(wp1_place="Eichenberg (Saale-Holzland-Kreis)", wp1_postal_code="", wp1_street="")
        )
        assert response.status_code == 302

    def test_an_unknown_place_is_named(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(wp1_place="Xyzzyhausen"))
        assert "Xyzzyhausen" in field_error(response, "id_wp1_place")


class TestPostalCodeBelongsToTheMunicipality:
    def test_a_foreign_postal_code_is_refused_next_to_the_field(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(wp1_place="Nordhausen", wp1_postal_code="12345"))
        error = field_error(response, "id_wp1_postal_code")
        assert "12345" in error and "Nordhausen" in error and "99734" in error
        assert not JobPosting.objects.exists()

    def test_typed_together_with_the_place(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(wp1_place="12345 Nordhausen", wp1_postal_code=""))
        assert "12345" in field_error(response, "id_wp1_postal_code")
        assert not JobPosting.objects.exists()


class TestPreview:
    def test_preview_renders_the_public_page_marked_and_saves_nothing(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(title="Vorschaustelle (m/w/d)", action="preview"))
        assert response.status_code == 200
        assert not JobPosting.objects.exists()
        page = soup(response)
        assert "Vorschau" in page.find(class_="preview-banner").get_text()
        assert page.find("h1", id="job-title").get_text() == "Vorschaustelle (m/w/d)"  # the detail page's markup
        assert page.find(class_="facts") is not None
        form = page.find("form", action=NEW)
        assert form.find("input", attrs={"name": "title", "type": "hidden"})["value"] == "Vorschaustelle (m/w/d)"
        buttons = {b["value"] for b in form.find_all("button", attrs={"name": "action"})}
        assert buttons == {"save", "back"}
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None

        # Back to editing: the form as it was typed; Save: stored.
        hidden = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
        hidden["employment_types"] = [i["value"] for i in form.find_all("input", attrs={"name": "employment_types"})]
        back = soup(logged_in_a.post(NEW, {**hidden, "action": "back"}))
        assert back.find(id="id_title")["value"] == "Vorschaustelle (m/w/d)"
        assert not JobPosting.objects.exists()
        assert logged_in_a.post(NEW, {**hidden, "action": "save"}).status_code == 302
        job = JobPosting.objects.get()
        assert (job.title, job.employment_types) == ("Vorschaustelle (m/w/d)", ["full_time", "shift"])

    def test_preview_of_an_edit_leaves_the_posting_as_it_was(self, logged_in_a, company_a):
        job = make_posting(company_a, title="Gespeicherter Titel")
        response = logged_in_a.post(
            f"/company-area/jobs/{job.pk}/edit/", form_data(title="Nur Vorschau", action="preview")
        )
        assert soup(response).find("h1", id="job-title").get_text() == "Nur Vorschau"
        job.refresh_from_db()
        assert job.title == "Gespeicherter Titel"
        public = soup(logged_in_a.get(f"/jobs/{job.pk}/", follow=True))
        assert public.find("h1", id="job-title").get_text() == "Gespeicherter Titel"

    def test_preview_shows_the_rules_errors_on_the_form(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(salary_period="", action="preview"))
        assert field_error(response, "id_salary_period")
        assert not JobPosting.objects.exists()


def test_the_start_date_is_saved_and_shown_in_the_form(logged_in_a, company_a):
    assert logged_in_a.post(NEW, form_data(starts_on="2027-08-01", offer_type="apprenticeship")).status_code == 302
    job = JobPosting.objects.get()
    assert job.starts_on.isoformat() == "2027-08-01"
    page = soup(logged_in_a.get(f"/company-area/jobs/{job.pk}/edit/"))
    assert page.find(id="id_starts_on")["value"] == "2027-08-01"


@pytest.mark.parametrize("count", ["99999999999999999999", "-3", "zwei", "0"])
def test_an_odd_workplace_count_is_no_server_error(logged_in_a, company_a, count):
    for action in ("save", "add_workplace", "remove_workplace:x", "preview", "back"):
        response = logged_in_a.post(NEW, form_data(workplace_count=count, action=action))
        assert response.status_code in (200, 302), (count, action)


class TestEveryMistakeAtOnce:
    def test_the_rules_judge_what_the_form_accepted_in_the_same_round(self, logged_in_a, company_a):
        data = form_data(
            title="",
            wp1_place="Atlantis",
            wp1_postal_code="",
            salary_min="5000",
            salary_max="100",
            salary_period="",
            apply_url="ftp://x",
            apply_email="nope",
        )
        response = logged_in_a.post(NEW, data)
        assert response.status_code == 200
        assert not JobPosting.objects.exists()
        for field_id in (
            "id_title",
            "id_wp1_place",
            "id_salary_min",
            "id_salary_period",
            "id_apply_url",
            "id_apply_email",
        ):
            assert field_error(response, field_id)
        summary = soup(response).find(id="form-errors").find("ul", class_="error-summary")
        assert {a["href"] for a in summary.find_all("a")} >= {"#id_title", "#id_wp1_place", "#id_salary_min"}

    def test_a_missing_workplace_is_named_with_the_missing_title(self, logged_in_a, company_a):
        data = form_data(title="", wp1_place="", wp1_postal_code="", wp1_street="", remote="none")
        response = logged_in_a.post(NEW, data)
        assert field_error(response, "id_title")
        assert "mindestens einen Arbeitsort" in field_error(response, "id_wp1_place")

    def test_an_error_of_a_hidden_field_is_listed_without_a_link(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(workplace_count="abc"))
        items = soup(response).find(id="form-errors").find("ul", class_="error-summary").find_all("li")
        hidden = [li for li in items if "workplace" in li.get_text().lower() and li.find("a") is None]
        assert hidden, [li.decode() for li in items]

    def test_a_past_date_waits_for_the_save(self, logged_in_a, company_a):
        response = logged_in_a.post(NEW, form_data(title="", valid_through="2020-01-01"))
        assert field_error(response, "id_title")
        assert soup(response).find(id="id_valid_through_error") is None
