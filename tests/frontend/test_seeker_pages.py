"""The seeker's pages: the dashboard, the profile editor (the API's rules through profile_update), and that every
page is the logged-in user's own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from profiles.consent import CONSENT_VERSION
from profiles.models import SeekerProfile
from tests.factories import NORDHAUSEN, CompanyFactory, UserFactory
from tests.frontend.conftest import field_error, soup

pytestmark = pytest.mark.django_db

DASHBOARD = "/seeker/"
EDIT = "/seeker/profile/"
PAGES = [DASHBOARD, EDIT]


def client_for(user: Any, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    """Every field of the editor filled, pseudonymous with consent."""
    data: dict[str, Any] = {
        "headline": "Zerspanungsmechaniker mit 8 Jahren CNC-Erfahrung",
        "occ1_title": "Zerspanungsmechaniker",
        "occ1_field": "24",
        "occ1_years": "8",
        "occ2_title": "Maschinenbediener",
        "occ2_field": "",
        "occ2_years": "",
        "occ3_title": "",
        "occ3_field": "",
        "occ3_years": "",
        "offer_types": ["job"],
        "employment_types": ["full_time", "shift"],
        "contract": "permanent",
        "available_from": "2027-01-15",
        "remote": "hybrid",
        "home_place": "Nordhausen",
        "home_postal_code": "99734",
        "commute_km": "40",
        "counties": ["16062", "16065"],
        "about": "Ich fräse und drehe seit acht Jahren.",
        "school_qualification": "realschule",
        "vocational_qualification": "apprenticeship",
        "skills": "CNC, Heidenhain,  Schweißen ,",
        "lang1_code": "de",
        "lang1_level": "native",
        "lang2_code": "en",
        "lang2_level": "B1",
        "lang3_code": "",
        "lang3_level": "",
        "licences": ["B", "forklift"],
        "salary_expectation": "3400",
        "phone": "+49 3631 123456",
        "visibility": "pseudonymous",
        "blocked_companies": [],
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="neu", first_name="Nina", last_name="Neumann", email="nina@example.org")


class TestLoginRequired:
    @pytest.mark.parametrize("path", PAGES)
    def test_anonymous_is_sent_to_the_login(self, client, path):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


class TestDashboard:
    def test_a_newcomer_is_invited_and_no_profile_is_created_by_looking(self, newcomer):
        page = soup(client_for(newcomer).get(DASHBOARD))
        assert "Create your profile" in page.get_text()
        assert page.find("a", href=EDIT) is not None
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_a_pseudonymous_profile_says_who_sees_what_and_when_it_is_hidden(self, seeker_a, settings):
        text = soup(client_for(seeker_a).get(DASHBOARD)).get_text(" ", strip=True)
        assert "Pseudonymous." in text and "not your name" in text
        assert f"not updated for {settings.PROFILES_STALE_DAYS} days is hidden automatically" in text
        assert "Last updated:" in text

    def test_a_hidden_profile_says_nobody_sees_it(self, seeker_b):
        text = soup(client_for(seeker_b).get(DASHBOARD)).get_text(" ", strip=True)
        assert "Nobody but you sees your profile" in text

    def test_german(self, seeker_b):
        response = client_for(seeker_b, "de").get(DASHBOARD)
        assert soup(response).find("html")["lang"] == "de"


class TestEditor:
    def test_the_form_shows_every_field_of_the_profile(self, seeker_a):
        page = soup(client_for(seeker_a).get(EDIT))
        assert page.find(id="id_occ1_title")["value"] == "Zerspanungsmechaniker"
        assert page.find(id="id_occ1_field").find("option", selected=True)["value"] == "24"
        assert page.find(id="id_home_place")["value"] == "Nordhausen"
        assert page.find(id="id_home_place")["data-suggest-kind"] == "place"
        assert page.find("datalist", id="home-place-suggestions") is not None
        assert page.find(id="id_lang2_code").find("option", selected=True)["value"] == "en"
        assert page.find(id="id_lang2_level").find("option", selected=True)["value"] == "B1"
        assert page.find(id="id_lang3_code") is not None  # spare rows for more
        assert page.find(id="id_skills")["value"] == "CNC, Heidenhain"
        assert page.find("input", attrs={"name": "visibility", "value": "pseudonymous"}).has_attr("checked")
        assert page.find("input", attrs={"name": "licences", "value": "forklift"}).has_attr("checked")
        assert "I agree that regiojobs shows my profile" in page.find(id="consent-text").get_text()
        assert "only with the visibility “with name”" in page.find(id="id_phone_helptext").get_text()
        assert "/static/frontend/seeker_form.js" in [s.get("src") for s in page.find_all("script")]

    def test_a_newcomer_saves_every_field(self, newcomer, company_a):
        blocked = CompanyFactory(name="Alter Arbeitgeber GmbH", slug="alter-arbeitgeber")
        response = client_for(newcomer).post(EDIT, form_data(blocked_companies=["alter-arbeitgeber"]))
        assert response.status_code == 302 and response["Location"] == DASHBOARD
        p = SeekerProfile.objects.get(user=newcomer)
        assert p.headline == "Zerspanungsmechaniker mit 8 Jahren CNC-Erfahrung"
        assert p.occupations == [
            {"title": "Zerspanungsmechaniker", "field": "24", "experience_years": 8},
            {"title": "Maschinenbediener", "field": "", "experience_years": 0},
        ]
        assert p.offer_types == ["job"] and p.employment_types == ["full_time", "shift"]
        assert p.contract == "permanent" and p.remote == "hybrid"
        assert p.available_from.isoformat() == "2027-01-15"
        assert p.home_municipality_id == NORDHAUSEN and p.home_postal_code == "99734" and p.commute_km == 40
        assert sorted(p.counties.values_list("pk", flat=True)) == ["16062", "16065"]
        assert p.about == "<p>Ich fräse und drehe seit acht Jahren.</p>"
        assert p.school_qualification == "realschule" and p.vocational_qualification == "apprenticeship"
        assert p.skills == ["CNC", "Heidenhain", "Schweißen"]
        assert p.languages == [{"code": "de", "level": "native"}, {"code": "en", "level": "B1"}]
        assert p.licences == ["B", "forklift"]
        assert p.salary_expectation == 3400 and p.phone == "+49 3631 123456"
        assert p.visibility == "pseudonymous" and p.consent_version == CONSENT_VERSION
        assert list(p.blocked_companies.values_list("slug", flat=True)) == ["alter-arbeitgeber"]
        assert blocked.pk
        dashboard = client_for(newcomer).get(DASHBOARD)
        assert "Pseudonymous." in soup(dashboard).get_text()

    def test_saving_again_keeps_what_was_there_and_needs_no_new_consent(self, seeker_a):
        client = client_for(seeker_a)
        page = soup(client.get(EDIT))
        assert "you need not tick the box again" in page.get_text()
        response = client.post(EDIT, form_data(headline="Neu", consent=""))
        assert response.status_code == 302
        assert SeekerProfile.objects.get(user=seeker_a).headline == "Neu"

    def test_a_place_typed_with_its_postal_code_and_hidden_without_consent(self, newcomer):
        data = form_data(home_place="99734 Nordhausen", home_postal_code="", visibility="hidden", consent="")
        assert client_for(newcomer).post(EDIT, data).status_code == 302
        p = SeekerProfile.objects.get(user=newcomer)
        assert (p.home_municipality_id, p.home_postal_code, p.visibility) == (NORDHAUSEN, "99734", "hidden")
        assert p.consent_version == ""

    def test_empty_rows_are_left_out_and_rows_can_be_emptied(self, seeker_a):
        data = form_data(occ2_title="", lang2_code="", lang2_level="")
        assert client_for(seeker_a).post(EDIT, data).status_code == 302
        p = SeekerProfile.objects.get(user=seeker_a)
        assert len(p.occupations) == 1 and p.languages == [{"code": "de", "level": "native"}]


class TestBadInput:
    def test_publishing_without_consent_is_refused_and_nothing_is_stored(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(consent=""))
        assert response.status_code == 400
        assert "agree to the consent text" in field_error(response, "id_consent")
        assert soup(response).find(id="form-errors") is not None
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_the_service_errors_are_shown_at_their_fields(self, seeker_a):
        before = SeekerProfile.objects.get(user=seeker_a)
        data = form_data(
            commute_km="500",
            phone="ruf mich an",
            occ2_title="",
            occ2_years="3",
            lang2_level="",
            salary_expectation="2000000",
            available_from="2099-01-01",
        )
        response = client_for(seeker_a).post(EDIT, data)
        assert response.status_code == 400
        assert "from 0 to 200" in field_error(response, "id_commute_km")
        assert "phone number" in field_error(response, "id_phone")
        assert "at most three years ahead" in field_error(response, "id_available_from")
        assert "from 0 to 100000" in field_error(response, "id_salary_expectation")
        assert "Occupation 2: a title is required." in field_error(response, "id_occupations")
        assert "Language 2" in field_error(response, "id_languages")
        summary = soup(response).find(id="form-errors")
        links = [a["href"] for a in summary.find_all("a")]
        assert "#id_commute_km" in links and "#id_occupations" in links
        after = SeekerProfile.objects.get(user=seeker_a)
        assert (after.commute_km, after.phone, after.updated_at) == (before.commute_km, before.phone, before.updated_at)

    def test_an_unknown_place_is_named(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(home_place="Nordhauzen"))
        assert response.status_code == 400
        assert "Nordhauzen" in field_error(response, "id_home_place")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_a_postal_code_of_another_place(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(home_postal_code="07743"))
        assert response.status_code == 400
        assert field_error(response, "id_home_postal_code")

    def test_unknown_choices_are_refused_by_the_form(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(visibility="everyone", counties=["99999"]))
        assert response.status_code == 400
        assert field_error(response, "id_visibility") and field_error(response, "id_counties")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()
