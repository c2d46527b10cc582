import pytest
import yaml
from openapi_spec_validator import validate

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
        "/api/v1/companies/",
        "/api/v1/companies/{slug}/",
        "/api/v1/regions/counties/",
        "/api/v1/regions/places/",
        "/api/v1/fields/",
        "/api/v1/networks/",
        "/api/v1/auth/token/",
    ]:
        assert path in paths, path
    assert {"get", "post"} <= set(paths["/api/v1/jobs/"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/jobs/{id}/"])


def test_interactive_docs_are_served_without_a_cdn(client):
    r = client.get("/api/docs/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
