import pytest
import yaml
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3_and_lists_the_endpoints(api):
    r = api.get("/api/schema/")
    assert r.status_code == 200
    schema = yaml.safe_load(r.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    paths = schema["paths"]
    for path in [
        "/api/v1/jobs/",
        "/api/v1/jobs/{id}/",
        "/api/v1/jobs/{id}/close/",
        "/api/v1/jobs/{id}/resubmit/",
        "/api/v1/companies/",
        "/api/v1/companies/{slug}/",
        "/api/v1/regions/counties/",
        "/api/v1/regions/places/",
        "/api/v1/fields/",
        "/api/v1/fields/suggest/",
        "/api/v1/networks/",
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/me/profile/",
        "/api/v1/me/profile/cv/",
        "/api/v1/me/export/",
        "/api/v1/candidates/",
        "/api/v1/candidates/{public_id}/",
    ]:
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/v1/jobs/"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/jobs/{id}/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/me/profile/"])
    assert {"get", "post", "delete"} <= set(paths["/api/v1/me/profile/cv/"])
    assert "413" in paths["/api/v1/me/profile/cv/"]["post"]["responses"]
    assert "multipart/form-data" in paths["/api/v1/me/profile/cv/"]["post"]["requestBody"]["content"]


def test_interactive_docs_are_served_without_a_cdn(client):
    r = client.get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


# --- The schema says what the API really accepts and answers ------------------------------------------------------


def _schema(api):  # type: ignore[no-untyped-def]
    return yaml.safe_load(api.get("/api/schema/").content)


def _validator(schema, name):  # type: ignore[no-untyped-def]
    from openapi_schema_validator import OAS30Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    root = {"$ref": f"#/components/schemas/{name}", "components": schema["components"]}
    registry = Registry().with_resource("", Resource.from_contents(root, default_specification=DRAFT4))
    return OAS30Validator(
        root,
        registry=registry,
        format_checker=OAS30Validator.FORMAT_CHECKER,
    )


def test_a_posting_without_salary_nor_apply_email_matches_its_documented_shape(api, company_a):
    from tests.factories import make_posting

    job = make_posting(company_a, salary_min=None, salary_max=None, salary_period="", apply_email="", apply_url="")
    body = api.get(f"/api/v1/jobs/{job.pk}/").json()
    assert body["salary_period"] == "" and body["apply_email"] == ""
    errors = [e.message for e in _validator(_schema(api), "JobPostingOutput").iter_errors(body)]
    assert errors == []


def test_write_schema_states_the_limits(api):
    from django.conf import settings

    props = _schema(api)["components"]["schemas"]["JobPostingWriteRequest"]["properties"]
    assert props["workplaces"]["maxItems"] == settings.JOBS_MAX_WORKPLACES
    assert props["description"]["maxLength"] == settings.JOBS_DESCRIPTION_MAX_CHARS
    assert props["title"]["maxLength"] == 200


@pytest.mark.parametrize("path", ["/api/v1/jobs/", "/api/v1/companies/"])
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "١"])
def test_a_page_that_is_not_a_positive_number_is_400_naming_page(api, company_a, path, page):
    r = api.get(path, {"page": page})
    assert r.status_code == 400, r.content
    assert "page" in r.json()


def test_a_page_past_the_last_is_404_and_documented(api, company_a):
    assert api.get("/api/v1/jobs/", {"page": "99"}).status_code == 404
    assert api.get("/api/v1/jobs/", {"page": "1"}).status_code == 200
    operation = _schema(api)["paths"]["/api/v1/jobs/"]["get"]
    assert "404" in operation["responses"]
    page = next(p for p in operation["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1


def test_every_operation_documents_its_error_answers(api):
    schema = _schema(api)
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "429", "503"} <= codes, (method, path, codes)
            if method in ("post", "patch", "delete"):
                assert {"400", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert "400" in codes, (method, path)
    assert "400" in schema["paths"]["/api/v1/jobs/{id}/"]["delete"]["responses"]  # a published posting is closed


def test_deleting_a_published_posting_answers_a_documented_400(client_a, company_a):
    from tests.factories import make_posting

    job = make_posting(company_a)
    r = client_a.delete(f"/api/v1/jobs/{job.pk}/")
    assert r.status_code == 400 and "status" in r.json()
    assert "400" in _schema(client_a)["paths"]["/api/v1/jobs/{id}/"]["delete"]["responses"]


# --- Public operations carry no lock -----------------------------------------------------------------------------

PUBLIC = [
    ("get", "/api/v1/jobs/"),
    ("get", "/api/v1/jobs/{id}/"),
    ("get", "/api/v1/companies/"),
    ("get", "/api/v1/companies/{slug}/"),
    ("get", "/api/v1/regions/counties/"),
    ("get", "/api/v1/regions/places/"),
    ("get", "/api/v1/fields/"),
    ("get", "/api/v1/networks/"),
    ("post", "/api/v1/auth/token/"),
]
PROTECTED = [
    ("post", "/api/v1/jobs/"),
    ("patch", "/api/v1/jobs/{id}/"),
    ("delete", "/api/v1/jobs/{id}/"),
    ("post", "/api/v1/jobs/{id}/close/"),
    ("post", "/api/v1/auth/logout/"),
    ("post", "/api/v1/auth/logout-all/"),
    ("get", "/api/v1/me/profile/"),
    ("put", "/api/v1/me/profile/"),
    ("patch", "/api/v1/me/profile/"),
    ("get", "/api/v1/me/profile/cv/"),
    ("post", "/api/v1/me/profile/cv/"),
    ("delete", "/api/v1/me/profile/cv/"),
    ("get", "/api/v1/me/export/"),
    ("delete", "/api/v1/me/"),
]


def test_public_operations_have_no_security_requirement_and_protected_ones_keep_theirs(api):
    paths = _schema(api)["paths"]
    for method, path in PUBLIC:
        assert paths[path][method].get("security", []) == [], (method, path)
    for method, path in PROTECTED:
        security = paths[path][method].get("security")
        assert security and {} not in security, (method, path, security)
    # Every operation: either no requirement (public) or only real ones (never the optional, empty one).
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {} not in operation.get("security", []), (method, path)


def test_the_company_field_of_a_posting_is_documented(api):
    props = _schema(api)["components"]["schemas"]["JobPostingWriteRequest"]["properties"]
    assert "company" in props
    assert "slug" in props["company"]["description"] and "several companies" in props["company"]["description"]


def test_search_hits_document_url_and_salary(api: APIClient) -> None:
    # One schema for both search backends: no backend needed.
    schemas = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["components"]["schemas"]
    hit = schemas["SearchHit"]["properties"]
    assert "site-relative" in hit["url"]["description"]
    assert {"url", "salary"} <= set(schemas["SearchHit"]["required"])
    salary = schemas["SearchSalary"]["properties"]
    assert set(salary) == {"min", "max", "currency", "period"}


def test_the_profile_write_shape_is_documented_field_by_field(api: APIClient) -> None:
    from profiles.validation import WRITE_FIELDS

    schemas = _schema(api)["components"]["schemas"]
    write = next(v for k, v in schemas.items() if k.startswith("ProfileWrite"))
    assert set(write["properties"]) == set(WRITE_FIELDS)
    read = schemas["ProfileRead"]["properties"]
    assert {"id", "consent", "cv", "updated_at", "published_at", "preview"} <= set(read)


def test_a_profile_read_matches_its_documented_shape(client_seeker_a: APIClient) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    # With a CV: the validator reads OpenAPI 3.0's "allOf + nullable" (a nested object or null) as never null.
    pdf = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\ntrailer\n%%EOF\n", content_type="application/pdf")
    assert client_seeker_a.post("/api/v1/me/profile/cv/", {"cv": pdf}, format="multipart").status_code == 200
    body = client_seeker_a.get("/api/v1/me/profile/").json()
    errors = [e.message for e in _validator(_schema(client_seeker_a), "ProfileRead").iter_errors(body)]
    assert errors == []


def test_the_candidate_search_documents_its_parameters_and_answers(api):  # type: ignore[no-untyped-def]
    schema = _schema(api)
    search = schema["paths"]["/api/v1/candidates/"]["get"]
    names = {p["name"] for p in search["parameters"]}
    assert {
        "company", "q", "place", "radius_km", "county", "field", "area", "offer_type", "employment_type",
        "available_by", "language", "licence", "qualification", "experience_min_years", "sort", "page", "page_size",
    } <= names  # fmt: skip
    assert {"200", "400", "401", "403", "503"} <= set(search["responses"])
    detail = schema["paths"]["/api/v1/candidates/{public_id}/"]["get"]
    assert {"200", "401", "403", "404"} <= set(detail["responses"])
    hit = schema["components"]["schemas"]["CandidateHit"]["properties"]
    assert {"id", "headline", "occupations", "qualifications", "place", "distance_km", "fields", "contact"} <= set(hit)
    assert "user" not in hit and "pk" not in hit


@pytest.mark.parametrize(
    ("language", "shown", "absent"),
    [
        ("en", "`-date_posted` - Date posted (descending)", "absteigend"),
        ("de", "`-date_posted` - Veröffentlichungsdatum (absteigend)", "(descending)"),
    ],
)
def test_the_orderings_are_named_in_the_readers_language(api, language, shown, absent):  # type: ignore[no-untyped-def]
    text = api.get("/api/schema/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in text and absent not in text
