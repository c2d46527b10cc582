"""The seeker's pages: the dashboard, the profile editor (the API's rules through profile_update), and that every
page is the logged-in user's own."""

from __future__ import annotations

import json
import os
import re
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
PREVIEW = "/seeker/profile/preview/"
CV = "/seeker/cv/"
CV_DOWNLOAD = "/seeker/cv/download/"
CV_DELETE = "/seeker/cv/delete/"
EXPORT = "/seeker/export/"
DELETE = "/seeker/delete/"
PAGES = [DASHBOARD, EDIT, PREVIEW, CV, CV_DOWNLOAD, DELETE]


def tiny_pdf(text: str = "Lebenslauf") -> bytes:
    """A small but real one-page PDF (header, objects, cross-reference table, trailer, end-of-file marker)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


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

    @pytest.mark.parametrize("path", [EXPORT, CV_DELETE, DELETE, CV])
    def test_anonymous_cannot_post(self, client, path):
        response = client.post(path)
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

    @pytest.mark.parametrize(
        ("language", "commute", "about"),
        [
            ("en", "From 0 to 200 km from where you live.", "Do not write your name or contact here"),
            ("de", "0 bis 200 km von Ihrem Wohnort.", "Schreiben Sie hier weder Ihren Namen noch Kontaktdaten"),
        ],
    )
    def test_the_help_texts_are_in_the_pages_language(self, seeker_a, language, commute, about):
        page = soup(client_for(seeker_a, language).get(EDIT))
        assert commute in page.find(id="id_commute_km_helptext").get_text()
        assert about in page.find(id="id_about_helptext").get_text()

    def test_a_newcomer_saves_every_field(self, newcomer, company_a):
        CompanyFactory(name="Alter Arbeitgeber GmbH", slug="alter-arbeitgeber")
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
        dashboard = client_for(newcomer).get(DASHBOARD)
        assert "Pseudonymous." in soup(dashboard).get_text()

    def test_saving_again_keeps_what_was_there_and_needs_no_new_consent(self, seeker_a):
        client = client_for(seeker_a)
        page = soup(client.get(EDIT))
        assert "you need not tick the box again" in page.get_text()
        response = client.post(EDIT, form_data(headline="Neu", consent=""))
        assert response.status_code == 302
        assert SeekerProfile.objects.get(user=seeker_a).headline == "Neu"

    def test_the_about_text_is_edited_as_words_and_keeps_its_lines(self, seeker_a):
        """Stored as HTML (paragraphs and line breaks), shown in the box as the text typed; saved again unchanged."""
        client = client_for(seeker_a)
        typed = "Zeile eins\nZeile zwei & mehr\n\nNeuer Absatz"
        assert client.post(EDIT, form_data(about=typed, consent="")).status_code == 302
        stored = SeekerProfile.objects.get(user=seeker_a).about
        assert stored == "<p>Zeile eins<br>\nZeile zwei &amp; mehr</p><p>Neuer Absatz</p>"
        box = soup(client.get(EDIT)).find(id="id_about").get_text()
        assert box.strip() == typed
        assert client.post(EDIT, form_data(about=box, consent="")).status_code == 302
        assert SeekerProfile.objects.get(user=seeker_a).about == stored
        # The preview shows the lines as lines.
        preview = soup(client.get(PREVIEW)).select_one(".candidate-about")
        assert [p.get_text("|") for p in preview.find_all("p")] == ["Zeile eins|\nZeile zwei & mehr", "Neuer Absatz"]
        # Markup beyond paragraphs stays markup in the box (it is accepted there too).
        SeekerProfile.objects.filter(user=seeker_a).update(about="<p>Mit <strong>CNC</strong></p>")
        assert soup(client.get(EDIT)).find(id="id_about").get_text().strip() == "<p>Mit <strong>CNC</strong></p>"

    def test_the_salary_expectation_reads_as_a_postings_salary(self, seeker_a):
        SeekerProfile.objects.filter(user=seeker_a).update(salary_expectation=4500)
        card = soup(client_for(seeker_a, "de").get(PREVIEW)).get_text(" ", strip=True)
        assert "4.500 € pro Monat" in card

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
        assert soup(response).find(id="id_occupations")["tabindex"] == "-1"  # the link's target takes the focus
        after = SeekerProfile.objects.get(user=seeker_a)
        assert (after.commute_km, after.phone, after.updated_at) == (before.commute_km, before.phone, before.updated_at)

    def test_an_unknown_place_is_named(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(home_place="Nordhauzen"))
        assert response.status_code == 400
        assert "Nordhauzen" in field_error(response, "id_home_place")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_an_unknown_place_does_not_hide_the_other_mistakes(self, newcomer):
        data = form_data(home_place="Nordhauzen", commute_km="500", occ1_years="99", salary_expectation="999999")
        response = client_for(newcomer).post(EDIT, data)
        assert response.status_code == 400
        assert "Nordhauzen" in field_error(response, "id_home_place")
        assert "from 0 to 200" in field_error(response, "id_commute_km")
        assert "from 0 to 100000" in field_error(response, "id_salary_expectation")
        assert "Occupation 1" in field_error(response, "id_occupations")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_a_refused_name_is_not_also_reported_as_missing(self, newcomer):
        response = client_for(newcomer).post(
            EDIT, form_data(first_name="A" * 151, last_name="Muster", visibility="named")
        )
        assert response.status_code == 400
        assert field_error(response, "id_first_name")
        assert soup(response).find(id="id_visibility_error") is None

    def test_a_postal_code_of_another_place(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(home_postal_code="07743"))
        assert response.status_code == 400
        assert field_error(response, "id_home_postal_code")

    def test_unknown_choices_are_refused_by_the_form(self, newcomer):
        response = client_for(newcomer).post(EDIT, form_data(visibility="everyone", counties=["99999"]))
        assert response.status_code == 400
        assert field_error(response, "id_visibility") and field_error(response, "id_counties")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()


def set_phone(user: Any, phone: str = "+49 3631 999999") -> None:
    SeekerProfile.objects.filter(user=user).update(phone=phone)


class TestPreview:
    def test_pseudonymous_shows_the_card_without_name_or_contact(self, seeker_a):
        set_phone(seeker_a)
        page = soup(client_for(seeker_a).get(PREVIEW))
        card = page.find("article", class_="candidate-card")
        text = card.get_text(" ", strip=True)
        summary = "Zerspanungsmechaniker, 8 years of experience, area of Nordhausen"
        assert card.find("h2").get_text(strip=True) == summary
        assert "CNC" in text and "German (Native speaker)" in text and "Car (B)" in text
        for private in ("Sabine", "Schröder", "sabine@example.org", "999999", "CV"):
            assert private not in text
        assert "without your name" in page.get_text()

    def test_named_shows_name_e_mail_phone_and_cv(self, seeker_a):
        SeekerProfile.objects.filter(user=seeker_a).update(visibility="named")
        set_phone(seeker_a)
        text = soup(client_for(seeker_a).get(PREVIEW)).find("article").get_text(" ", strip=True)
        assert "Sabine Schröder" in text and "sabine@example.org" in text and "999999" in text
        assert "None uploaded" in text

    def test_german_summary(self, seeker_a):
        page = soup(client_for(seeker_a, "de").get(PREVIEW))
        assert page.find("article").find("h2").get_text(strip=True).startswith("Zerspanungsmechaniker")

    def test_hidden_says_nobody_sees_it(self, seeker_b):
        page = soup(client_for(seeker_b).get(PREVIEW))
        assert page.find("article") is None
        assert "nobody but you sees it" in page.get_text()

    def test_each_user_sees_only_their_own(self, seeker_a, seeker_b, newcomer):
        for user in (seeker_b, newcomer):
            text = soup(client_for(user).get(PREVIEW)).get_text()
            assert "Zerspanungsmechaniker" not in text and "Sabine" not in text


class TestCv:
    def upload(self, client: Client, content: bytes, name: str = "Lebenslauf Sabine.pdf") -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(CV, {"cv": SimpleUploadedFile(name, content, content_type="application/pdf")})

    def test_upload_see_download_and_delete(self, seeker_a, django_capture_on_commit_callbacks):
        client = client_for(seeker_a)
        page = soup(client.get(CV))
        assert page.find(id="id_cv")["accept"] == "application/pdf"
        pdf = tiny_pdf()
        assert self.upload(client, pdf).status_code == 302
        profile = SeekerProfile.objects.get(user=seeker_a)
        assert profile.cv and profile.cv_uploaded_at is not None
        text = soup(client.get(CV)).get_text(" ", strip=True)
        assert "Lebenslauf Sabine" not in text and "uploaded on" in text and "bytes" in text
        assert re.search(r"at \d\d:\d\d\.", text) and ".." not in text
        download = client.get(CV_DOWNLOAD)
        assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment")
        assert "no-store" in download["Cache-Control"] and "private" in download["Cache-Control"]
        path = profile.cv.path
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(CV_DELETE).status_code == 302
        assert not SeekerProfile.objects.get(user=seeker_a).cv
        assert client.get(CV_DOWNLOAD).status_code == 404
        assert not os.path.exists(path)

    def test_only_the_owner_downloads_it(self, seeker_a, seeker_b):
        assert self.upload(client_for(seeker_a), tiny_pdf()).status_code == 302
        # Another user's download address is their own: they have no CV, so there is nothing.
        assert client_for(seeker_b).get(CV_DOWNLOAD).status_code == 404
        assert Client().get(CV_DOWNLOAD).status_code == 302

    def test_not_a_pdf_is_refused_and_nothing_stored(self, newcomer):
        response = self.upload(client_for(newcomer), b"GIF89a not a pdf", name="bild.pdf")
        assert response.status_code == 400
        assert "not a PDF" in field_error(response, "id_cv")
        assert not SeekerProfile.objects.filter(user=newcomer).exists()

    def test_too_big_is_refused(self, seeker_a, settings):
        settings.PROFILES_CV_MAX_BYTES = 100
        response = self.upload(client_for(seeker_a), tiny_pdf())
        assert response.status_code == 400 and "too big" in field_error(response, "id_cv")
        assert not SeekerProfile.objects.get(user=seeker_a).cv

    def test_no_file_is_named(self, seeker_a):
        response = client_for(seeker_a).post(CV, {})
        assert response.status_code == 400 and field_error(response, "id_cv")


class TestExport:
    def test_the_export_is_a_json_attachment_of_the_users_data(self, seeker_a):
        response = client_for(seeker_a).post(EXPORT)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["Content-Disposition"].startswith('attachment; filename="regiojobs-export-')
        assert "no-store" in response["Cache-Control"]
        data = json.loads(response.content)
        assert "sabine@example.org" in response.content.decode()
        assert data["profile"]

    def test_get_is_not_allowed(self, seeker_a):
        assert client_for(seeker_a).get(EXPORT).status_code == 405


class TestAccountDelete:
    def test_the_page_explains_what_is_deleted(self, seeker_a):
        page = soup(client_for(seeker_a).get(DELETE))
        assert "your profile" in page.get_text() and page.find(id="id_confirm")["type"] == "password"

    def test_a_wrong_confirmation_deletes_nothing(self, seeker_a):
        response = client_for(seeker_a).post(DELETE, {"confirm": "someone@example.org"})
        assert response.status_code == 400
        assert "neither your e-mail address nor your password" in field_error(response, "id_confirm")
        assert SeekerProfile.objects.filter(user=seeker_a).exists()

    def test_with_the_e_mail_address_the_account_goes_and_the_user_is_logged_out(self, seeker_a):
        from django.contrib.auth import get_user_model

        client = client_for(seeker_a)
        response = client.post(DELETE, {"confirm": "SABINE@example.org"}, follow=True)
        assert response.redirect_chain[-1][0] == "/"
        assert "were deleted" in soup(response).find(class_="messages").get_text()
        assert not get_user_model().objects.filter(username="sabine").exists()
        assert not SeekerProfile.objects.filter(user_id=seeker_a.pk).exists()
        assert client.get(DASHBOARD).status_code == 302

    def test_with_the_password(self, newcomer):
        newcomer.set_password("geheim-und-lang")
        newcomer.save()
        response = client_for(newcomer).post(DELETE, {"confirm": "geheim-und-lang"})
        assert response.status_code == 302

    def test_a_companys_last_owner_is_told_why_not(self, member_a):
        client = client_for(member_a)
        page = soup(client.get(DELETE))
        assert "last owner" in page.get_text() and page.find(id="id_confirm") is None
        assert client.post(DELETE, {"confirm": member_a.email}).status_code == 400
        assert type(member_a).objects.filter(pk=member_a.pk).exists()
