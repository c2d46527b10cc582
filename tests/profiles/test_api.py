"""/api/v1/me/profile/ and its CV: each user only ever sees and changes their own; bad input is a 400 naming the
field and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import Action, AuditEntry
from profiles.models import SeekerProfile
from profiles.selectors import profile_read
from profiles.validation import WRITE_FIELDS
from tests.conftest import token_client
from tests.factories import UserFactory, profile_data

pytestmark = pytest.mark.django_db

PROFILE = "/api/v1/me/profile/"
CV = "/api/v1/me/profile/cv/"
EXPORT = "/api/v1/me/export/"
ME = "/api/v1/me/"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(content: bytes = PDF, name: str = "Lebenslauf Sabine.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def cv_files() -> set[str]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "cv"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


@pytest.fixture
def clients(seeker_a, seeker_b, member_a, operator) -> dict[str, tuple[Any, APIClient]]:  # type: ignore[no-untyped-def]
    return {
        "seeker_a": (seeker_a, token_client(seeker_a)),
        "seeker_b": (seeker_b, token_client(seeker_b)),
        "member_a": (member_a, token_client(member_a)),
        "operator": (operator, token_client(operator)),
    }


# ---- anonymous ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", PROFILE),
        ("put", PROFILE),
        ("patch", PROFILE),
        ("get", CV),
        ("post", CV),
        ("delete", CV),
        ("get", EXPORT),
        ("delete", ME),
    ],
)
def test_anonymous_gets_401_everywhere(api, seeker_a, method, path):  # type: ignore[no-untyped-def]
    before = profile_read(SeekerProfile.objects.get(user=seeker_a))
    r = getattr(api, method)(path, {}, format="json")
    assert r.status_code == 401, (method, path, r.content)
    assert profile_read(SeekerProfile.objects.get(user=seeker_a)) == before


# ---- everybody logged in sees and changes their own profile only -----------------------------------------------------


def test_each_user_reads_only_their_own_profile(clients):  # type: ignore[no-untyped-def]
    for name, (user, client) in clients.items():
        r = client.get(PROFILE)
        assert r.status_code == 200, name
        body = r.json()
        assert body["id"] == str(SeekerProfile.objects.get(user=user).public_id), name
        assert r["Cache-Control"] and "no-store" in r["Cache-Control"]
    # A company member and the operator had none: theirs was created on the first GET, hidden and empty.
    member, _ = clients["member_a"]
    profile = SeekerProfile.objects.get(user=member)
    assert profile.visibility == "hidden" and profile.headline == ""
    assert SeekerProfile.objects.count() == 4


def test_each_user_writes_only_their_own_profile(clients):  # type: ignore[no-untyped-def]
    user_a, _ = clients["seeker_a"]
    a_before = profile_read(SeekerProfile.objects.get(user=user_a))
    for name in ("seeker_b", "member_a", "operator"):
        user, client = clients[name]
        r = client.put(PROFILE, profile_data(headline=f"Profil von {name}"), format="json")
        assert r.status_code == 200, (name, r.content)
        assert SeekerProfile.objects.get(user=user).headline == f"Profil von {name}"
    assert profile_read(SeekerProfile.objects.get(user=user_a)) == a_before


def test_read_shape_is_the_write_shape_plus_the_owner_fields(client_seeker_a, seeker_a):  # type: ignore[no-untyped-def]
    body = client_seeker_a.get(PROFILE).json()
    assert set(WRITE_FIELDS) - {"consent"} <= set(body)
    assert {"id", "visibility", "consent", "cv", "updated_at", "published_at", "preview"} <= set(body)
    assert set(body["consent"]) == {"version", "given_at"} and body["consent"]["version"]
    assert body["cv"] is None
    assert body["visibility"] == "pseudonymous" and body["preview"]["visibility"] == "pseudonymous"


def test_put_patch_and_the_audit_trail(client_seeker_b, seeker_b):  # type: ignore[no-untyped-def]
    r = client_seeker_b.put(PROFILE, profile_data(visibility="named", phone="+49 3631 123456"), format="json")
    assert r.status_code == 200, r.content
    assert r.json()["visibility"] == "named" and r.json()["published_at"]
    r = client_seeker_b.patch(PROFILE, {"headline": "Nur die Überschrift"}, format="json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["headline"] == "Nur die Überschrift" and body["phone"] == "+49 3631 123456"
    profile = SeekerProfile.objects.get(user=seeker_b)
    assert AuditEntry.objects.for_object(profile).filter(action=Action.PROFILE_PUBLISH).exists()


def test_put_leaves_out_a_field_it_does_not_send(client_seeker_a, seeker_a):  # type: ignore[no-untyped-def]
    data = profile_data()
    data.pop("skills")
    assert client_seeker_a.put(PROFILE, data, format="json").status_code == 200
    assert SeekerProfile.objects.get(user=seeker_a).skills == []


# ---- bad input -------------------------------------------------------------------------------------------------------

BAD = {
    "headline": "x" * 151,
    "first_name": "x" * 151,
    "last_name": "y" * 151,
    "occupations": [{"title": "", "field": "24", "experience_years": 1}],
    "offer_types": ["lottery"],
    "employment_types": ["sometimes"],
    "contract": "forever",
    "available_from": "morgen",
    "remote": "moon",
    "home_municipality": "00000000",
    "home_postal_code": "123",
    "commute_km": 201,
    "counties": ["99999"],
    "about": "x" * 5001,
    "school_qualification": "phd",
    "vocational_qualification": "wizard",
    "skills": "CNC",
    "languages": [{"code": "deu", "level": "C3"}],
    "licences": ["Z"],
    "salary_expectation": -1,
    "phone": "call me maybe",
    "visibility": "public",
    "blocked_companies": ["no-such-company"],
    "consent": "yes",
}


def test_every_field_of_the_write_shape_has_a_bad_value_here():
    assert set(BAD) == set(WRITE_FIELDS)


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("field", sorted(BAD))
def test_a_bad_field_is_a_400_naming_it_and_nothing_changes(client_seeker_a, seeker_a, method, field):  # type: ignore[no-untyped-def]
    profile = SeekerProfile.objects.get(user=seeker_a)
    before = profile_read(profile)
    entries = AuditEntry.objects.count()
    data = profile_data(**{field: BAD[field]}) if method == "put" else {field: BAD[field]}
    r = getattr(client_seeker_a, method)(PROFILE, data, format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()
    assert profile_read(SeekerProfile.objects.get(pk=profile.pk)) == before
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    "body,field",
    [
        ({"nickname": "Sabsi"}, "nickname"),
        ([1, 2], "non_field_errors"),
        ("text", "non_field_errors"),
    ],
)
def test_unknown_fields_and_other_bodies_are_400(client_seeker_a, seeker_a, body, field):  # type: ignore[no-untyped-def]
    before = profile_read(SeekerProfile.objects.get(user=seeker_a))
    r = client_seeker_a.patch(PROFILE, body, format="json")
    assert r.status_code == 400 and field in r.json(), r.content
    assert profile_read(SeekerProfile.objects.get(user=seeker_a)) == before


def test_a_body_that_is_not_json_is_400_or_415(client_seeker_a):  # type: ignore[no-untyped-def]
    r = client_seeker_a.generic("PATCH", PROFILE, "{not json", content_type="application/json")
    assert r.status_code == 400
    r = client_seeker_a.generic("PATCH", PROFILE, "headline=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415


# ---- what a company sees ---------------------------------------------------------------------------------------------


def _private_strings(user: Any) -> list[str]:
    return [user.first_name, user.last_name, user.email, "3631 987654"]


def test_preview_of_a_pseudonymous_profile_shows_no_name_email_phone_or_cv(client_seeker_a, seeker_a):  # type: ignore[no-untyped-def]
    assert client_seeker_a.patch(PROFILE, {"phone": "+49 3631 987654"}, format="json").status_code == 200
    assert client_seeker_a.post(CV, {"cv": pdf_upload()}, format="multipart").status_code == 200
    body = client_seeker_a.get(PROFILE).json()
    assert body["phone"] == "+49 3631 987654" and body["cv"] is not None  # the owner sees them
    preview = body["preview"]
    text = json.dumps(preview, ensure_ascii=False)
    for secret in _private_strings(seeker_a):
        assert secret not in text, secret
    assert not {"name", "email", "phone", "cv", "has_cv", "blocked_companies"} & set(preview)


def test_preview_of_a_named_profile_shows_name_and_contact(client_seeker_a, seeker_a):  # type: ignore[no-untyped-def]
    r = client_seeker_a.patch(PROFILE, {"phone": "+49 3631 987654", "visibility": "named"}, format="json")
    assert r.status_code == 200, r.content
    assert client_seeker_a.post(CV, {"cv": pdf_upload()}, format="multipart").status_code == 200
    preview = client_seeker_a.get(PROFILE).json()["preview"]
    assert preview["name"] == "Sabine Schröder" and preview["email"] == "sabine@example.org"
    assert preview["phone"] == "+49 3631 987654" and preview["has_cv"] is True
    assert "blocked_companies" not in preview


def test_preview_of_a_hidden_profile_is_null(client_seeker_b):  # type: ignore[no-untyped-def]
    assert client_seeker_b.get(PROFILE).json()["preview"] is None


# ---- the CV ----------------------------------------------------------------------------------------------------------


def test_cv_upload_download_replace_and_delete(client_seeker_a, seeker_a, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    before = cv_files()
    with django_capture_on_commit_callbacks(execute=True):
        r = client_seeker_a.post(CV, {"cv": pdf_upload()}, format="multipart")
    assert r.status_code == 200, r.content
    assert r.json()["cv"]["size"] == len(PDF) and r.json()["cv"]["url"] == CV
    profile = SeekerProfile.objects.get(user=seeker_a)
    first = Path(profile.cv.path)
    assert first.exists() and "Sabine" not in first.name
    assert not str(first).startswith(str(settings.MEDIA_ROOT))
    assert AuditEntry.objects.for_object(profile).filter(action=Action.PROFILE_CV_UPLOAD).exists()

    r = client_seeker_a.get(CV)
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment")
    assert "no-store" in r["Cache-Control"]

    second_pdf = PDF.replace(b"1.7", b"1.4")
    with django_capture_on_commit_callbacks(execute=True):
        assert client_seeker_a.post(CV, {"cv": pdf_upload(second_pdf)}, format="multipart").status_code == 200
    assert not first.exists()
    assert b"".join(client_seeker_a.get(CV).streaming_content) == second_pdf
    assert len(cv_files() - before) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert client_seeker_a.delete(CV).status_code == 204
    assert cv_files() == before
    assert client_seeker_a.get(CV).status_code == 404
    assert client_seeker_a.get(PROFILE).json()["cv"] is None
    profile = SeekerProfile.objects.get(user=seeker_a)
    assert AuditEntry.objects.for_object(profile).filter(action=Action.PROFILE_CV_DELETE).exists()


def test_nobody_else_gets_the_cv(clients):  # type: ignore[no-untyped-def]
    _, client_a = clients["seeker_a"]
    assert client_a.post(CV, {"cv": pdf_upload()}, format="multipart").status_code == 200
    for name in ("seeker_b", "member_a", "operator"):
        _, client = clients[name]
        assert client.get(CV).status_code == 404, name
        assert client.delete(CV).status_code == 204, name  # deletes their own (none): a no-op
    assert client_a.get(CV).status_code == 200


@pytest.mark.parametrize(
    "content,name",
    [
        (b"", "empty.pdf"),
        (b"GIF89a" + b"\x00" * 100, "bild.pdf"),
        (b"%PDF-1.7\n" + b"x" * 5000, "abgeschnitten.pdf"),  # no end-of-file marker: cut off
        (b"<html>%PDF-1.7 %%EOF</html>", "seite.pdf"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_400_naming_cv(client_seeker_a, seeker_a, content, name):  # type: ignore[no-untyped-def]
    before = cv_files()
    r = client_seeker_a.post(CV, {"cv": pdf_upload(content, name)}, format="multipart")
    assert r.status_code == 400, r.content
    assert "cv" in r.json()
    assert SeekerProfile.objects.get(user=seeker_a).cv.name == ""
    assert cv_files() == before


def test_no_file_is_400_naming_cv(client_seeker_a):  # type: ignore[no-untyped-def]
    r = client_seeker_a.post(CV, {}, format="multipart")
    assert r.status_code == 400 and "cv" in r.json()


def test_a_too_big_cv_is_refused_naming_cv(client_seeker_a, seeker_a, settings):  # type: ignore[no-untyped-def]
    settings.PROFILES_CV_MAX_BYTES = 1000
    before = cv_files()
    big = PDF[:-7] + b"x" * 1000 + b"\n%%EOF\n"
    r = client_seeker_a.post(CV, {"cv": pdf_upload(big)}, format="multipart")
    assert r.status_code in (400, 413) and "cv" in r.json()
    # Far beyond the limit: refused before the body is read.
    huge = PDF[:-7] + b"x" * 200_000 + b"\n%%EOF\n"
    r = client_seeker_a.post(CV, {"cv": pdf_upload(huge)}, format="multipart")
    assert r.status_code == 413 and "cv" in r.json()
    assert SeekerProfile.objects.get(user=seeker_a).cv.name == "" and cv_files() == before


def test_uploads_are_throttled(client_seeker_a):  # type: ignore[no-untyped-def]
    limit = int(settings.API_THROTTLE_RATES["me-cv-upload"].split("/")[0])
    for _ in range(limit):
        assert client_seeker_a.post(CV, {"cv": pdf_upload(b"")}, format="multipart").status_code == 400
    assert client_seeker_a.post(CV, {"cv": pdf_upload()}, format="multipart").status_code == 429
    assert client_seeker_a.get(PROFILE).status_code == 200  # reading is not throttled by it


def test_session_login_works_too(seeker_a):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_login(seeker_a)
    assert client.get(PROFILE).json()["id"] == str(SeekerProfile.objects.get(user=seeker_a).public_id)


def test_a_user_without_a_profile_gets_one_on_first_get(api):  # type: ignore[no-untyped-def]
    user = UserFactory()
    client = token_client(user)
    assert not SeekerProfile.objects.filter(user=user).exists()
    assert client.get(PROFILE).json()["visibility"] == "hidden"
    assert SeekerProfile.objects.filter(user=user).count() == 1


ODD = [None, 0, -1, 10**30, 1.5, True, "", "x", [], [None], [{}], [[1]], {}, {"a": 1}, "\x00\u202e", "2026-13-45"]
ODD_ITEMS = [[{"title": {"x": 1}, "field": [1], "experience_years": "3"}], [{"code": 5, "level": None}]]


@pytest.mark.parametrize("field", WRITE_FIELDS)
def test_odd_values_are_answered_never_with_a_500(client_seeker_a, field):  # type: ignore[no-untyped-def]
    for value in [*ODD, *ODD_ITEMS]:
        for method in ("patch", "put"):
            r = getattr(client_seeker_a, method)(PROFILE, {field: value}, format="json")
            assert r.status_code in (200, 400), (field, value, method, r.status_code, r.content[:300])
