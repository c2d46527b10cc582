"""Security headers on every kind of response, and no inline script or style that the policy would have to allow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_posting

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Executable inline scripts (a <script> without src that is not a JSON data block), <style> and style="…",
# and inline event handlers: all refused by the policy, so none may be written.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_STYLE_BLOCK = re.compile(r"<style\b", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.fixture
def pages(client: Client, company_a, member_a, operator) -> list[tuple[str, Client]]:  # type: ignore[no-untyped-def]
    job = make_posting(company_a)
    member, admin = Client(), Client()
    member.force_login(member_a)
    admin.force_login(operator)
    return [
        ("/", client),
        ("/jobs/", client),
        ("/jobs/?q=Zerspanung&employment_type=full_time", client),
        (f"/jobs/{job.pk}/", client),
        (f"/companies/{company_a.slug}/", client),
        ("/companies/", client),
        ("/accounts/login/", client),
        ("/api/v1/jobs/", client),
        (f"/api/v1/jobs/{job.pk}/", client),
        ("/api/v1/search/jobs/?q=Zerspanung", client),
        ("/api/schema/", client),
        ("/api/docs/", client),
        ("/api/v1/", member),  # the browsable API: a browser asks for HTML
        (f"/api/v1/jobs/{job.pk}/", member),
        ("/company-area/", member),
        (f"/company-area/{company_a.slug}/jobs/new/", member),
        (f"/company-area/jobs/{job.pk}/edit/", member),
        ("/admin/", admin),
        ("/admin/jobs/jobposting/", admin),
        (f"/admin/jobs/jobposting/{job.pk}/change/", admin),
        (f"/admin/companies/company/{company_a.pk}/change/", admin),
        ("/admin/audit/auditentry/", admin),
        ("/does-not-exist/", client),
    ]


def test_every_response_has_the_strict_policy_and_permissions_policy(pages) -> None:  # type: ignore[no-untyped-def]
    for url, client in pages:
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        csp = directives(response["Content-Security-Policy"])
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"], url
        assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"], url
        assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "payment=()", "usb=()", "interest-cohort=()"):
            assert feature in policy, (url, feature)
        assert "browsing-topics=()" in policy and "geolocation=(self)" in policy, url


def test_rendered_pages_carry_no_inline_script_or_style(pages) -> None:  # type: ignore[no-untyped-def]
    for url, client in pages:
        response = client.get(url, follow=True, HTTP_ACCEPT="text/html")
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        # DRF's browsable API (a developer's tool) keeps two style="float…" attributes deep in its base template,
        # which the policy blocks (cosmetic only); its <style> block and every script are gone.
        patterns = (INLINE_SCRIPT, INLINE_STYLE_BLOCK) if url.startswith("/api/v1/") else (INLINE_SCRIPT, INLINE_STYLE)
        for pattern in (*patterns, EVENT_HANDLER):
            assert not pattern.search(html), (url, pattern.search(html).group(0))  # type: ignore[union-attr]


def test_swagger_ui_start_script_is_served_as_a_file(client: Client) -> None:
    html = client.get("/api/docs/").content.decode()
    [script_url] = re.findall(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', html)
    response = client.get(script_url.replace("&amp;", "&"))
    assert response.status_code == 200 and "SwaggerUIBundle" in response.content.decode()


def test_no_template_writes_inline_script_or_style() -> None:
    sources = [
        *ROOT.glob("*/templates/**/*.html"),
        *ROOT.glob("templates/**/*.html"),
    ]
    assert len(sources) > 20
    found = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == []
