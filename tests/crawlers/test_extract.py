"""Extraction (and normalization) on the shared real samples and on our own format fixtures."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from crawlers import discover
from crawlers.extract import ExtractError
from crawlers.extract.ats import extract_dvinci, extract_greenhouse, extract_lever, extract_softgarden
from crawlers.extract.html import extract_selectors, job_links
from crawlers.extract.jsonld import extract_html, json_ld_values, loads_tolerant
from crawlers.extract.personio import extract_personio
from crawlers.extract.rss import extract_rss
from crawlers.normalize import normalize, parse_amount, parse_date
from tests.crawlers.conftest import fixture_bytes

PAGE = "https://karriere.example/jobs"
NORDHAUSEN = "16062041"


def _html(name: str) -> str:
    return fixture_bytes(name).decode("utf-8")


# --- shared samples: schema.org -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "schemaorg_eg-0028_jobposting_jsonld.html",
        "schemaorg_eg-0028_jobposting_microdata.html",
        "schemaorg_eg-0028_jobposting_rdfa.html",
    ],
)
def test_eg_0028_in_all_three_syntaxes(name: str) -> None:
    postings, errors = extract_html(_html(name), PAGE)
    assert errors == []
    assert len(postings) == 1
    p = postings[0]
    assert p.title == "Software Engineer"
    assert p.date_posted == "2011-10-31"
    assert p.employment_types == ["Full-time"]
    assert [(pl.locality, pl.region) for pl in p.places] == [("Kirkland", "WA")]
    assert p.salary is not None and p.salary.currency == "USD" and str(p.salary.min) == "100000"
    assert "mid-level software engineer" in p.description
    assert p.url == PAGE


@pytest.mark.django_db
def test_eg_0028_normalized() -> None:
    (p,), _ = extract_html(_html("schemaorg_eg-0028_jobposting_jsonld.html"), PAGE)
    data = normalize(p, fallback_ags=NORDHAUSEN, today=datetime.date(2026, 11, 1))
    assert data["employment_types"] == ["full_time"]
    assert data["date_posted"] == datetime.date(2011, 10, 31)
    # Kirkland, WA (no country given) is not in the gazetteer: no workplace is guessed, a person is asked instead.
    assert data["workplaces"] == [] and data["remote"] == "none"
    assert (data["salary_min"], data["salary_currency"], data["salary_period"]) == (Decimal(100000), "USD", "year")
    assert data["field"] == "43"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("schemaorg_eg-0251_jobposting_jsonld.html", "Mobile App Developer"),
        ("schemaorg_eg-0268_jobposting_jsonld.html", "Telecommute from anywhere in USA!"),
        ("schemaorg_eg-0280_jobposting_jsonld.html", "Systems Research Engineer"),
        ("schemaorg_eg-0465_jobposting_jsonld.html", "Software Engineer"),
    ],
)
def test_other_schema_org_samples(name: str, title: str) -> None:
    postings, errors = extract_html(_html(name), PAGE)
    assert errors == []
    assert [p.title for p in postings] == [title]
    p = postings[0]
    assert p.date_posted == "" and p.valid_through == "" and p.places == [] and p.employment_types == []


@pytest.mark.parametrize(
    "name",
    [
        "extruct_invalid_JSONLD_with_JS_comment",
        "extruct_invalid_JSONLD_with_control_characters",
        "extruct_invalid_JSONLD_with_control_characters_comment",
    ],
)
def test_invalid_json_ld_samples_parse_as_extruct_expects(name: str) -> None:
    values, errors = json_ld_values(_html(f"{name}.html"))
    assert errors == []
    assert values == json.loads(fixture_bytes(f"{name}.expected.json"))


@pytest.mark.parametrize("name", ["greenhouse_docs_list_jobs.json", "greenhouse_docs_list_jobs_content_true.json"])
def test_greenhouse_samples(name: str) -> None:
    body = fixture_bytes(name)
    assert discover.sniff(body, "application/json") == "greenhouse"
    (p,) = extract_greenhouse(json.loads(body), "https://boards-api.greenhouse.io/v1/boards/vaulttec/jobs")
    assert (p.title, p.external_id) == ("Vault Designer", "127817")
    assert p.url == "https://boards.greenhouse.io/vaulttec/jobs/127817"
    assert [pl.text for pl in p.places] == ["NYC"]
    assert p.date_posted == "2016-01-14T10:55:28-05:00"
    if "content_true" in name:
        assert "<p>Any HTML included" in p.description and "&lt;" not in p.description


def test_greenhouse_normalized_date_and_sanitized_description(db) -> None:  # type: ignore[no-untyped-def]
    from jobs.sanitize import sanitize_html

    (p,) = extract_greenhouse(json.loads(fixture_bytes("greenhouse_docs_list_jobs_content_true.json")), PAGE)
    data = normalize(p, fallback_ags=NORDHAUSEN, today=datetime.date(2026, 11, 1))
    assert data["date_posted"] == datetime.date(2016, 1, 14)
    assert sanitize_html(data["description"]).startswith("This is the job description. <p>Any HTML")


# --- tolerant JSON-LD ----------------------------------------------------------------------------------------------

JP = '"@type": "JobPosting", "title": "Maurer (m/w/d)"'


@pytest.mark.parametrize(
    "block",
    [
        "{" + JP + "}",
        "{" + JP + ",};",  # trailing comma and semicolon
        "<!--\n{" + JP + "}\n-->",  # HTML comment wrapper
        "//<![CDATA[\n{" + JP + "}\n//]]>",  # CDATA wrapper
        "{" + JP + ', // the title\n /* more */ "x": 1}',  # JS comments
        ("{" + JP + "}").replace('"', "&quot;"),  # the whole JSON entity-encoded
        '{"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, {' + JP + "}]}",
        '{"@type": ["JobPosting", "Thing"], "title": "Maurer (m/w/d)"}',
        "[{" + JP + "}]",  # top-level array
        '{"@type": "JobPosting", "title": "Maurer (m/w/d)", "description": "Zeile 1\nZeile\t2"}',  # control chars
        '{"@type": "http://schema.org/JobPosting", "name": "Maurer (m/w/d)"}',
    ],
)
def test_malformed_json_ld_variants_are_read(block: str) -> None:
    page = f'<html><script type="application/ld+json">{block}</script></html>'
    postings, errors = extract_html(page, PAGE)
    assert errors == []
    assert [p.title for p in postings] == ["Maurer (m/w/d)"]


def test_unreadable_json_ld_is_reported_not_raised() -> None:
    page = '<script type="application/ld+json">{"@type": "JobPosting", "title": </script>'
    postings, errors = extract_html(page, PAGE)
    assert postings == [] and len(errors) == 1 and "unreadable JSON-LD" in errors[0]
    with pytest.raises(ValueError):
        loads_tolerant("{nope")


def test_relative_urls_resolve_against_base_href() -> None:
    page = (
        '<html><head><base href="https://cdn.example/karriere/"></head><script type="application/ld+json">'
        '{"@type": "JobPosting", "title": "Koch (m/w/d)", "url": "stellen/koch"}</script></html>'
    )
    (p,), _ = extract_html(page, PAGE)
    assert p.url == "https://cdn.example/karriere/stellen/koch"


# --- our own feed fixtures ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_personio_feed() -> None:
    url = "https://beispiel.jobs.personio.de/xml?language=de"
    postings = extract_personio(fixture_bytes("personio.xml"), url)
    assert [p.external_id for p in postings] == ["1528201", "1528202", "1528203"]
    first = postings[0]
    assert first.title == "Zerspanungsmechaniker (m/w/d)"
    assert first.url == "https://beispiel.jobs.personio.de/job/1528201"
    assert "<h3>Deine Aufgaben</h3>" in first.description and "Abgeschlossene Ausbildung" in first.description
    data = normalize(first, fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert [w["municipality"] for w in data["workplaces"]] == [NORDHAUSEN, "16065067"]  # Nordhausen, Sondershausen
    assert data["employment_types"] == ["full_time"] and data["offer_type"] == "job" and data["contract"] == "permanent"
    assert data["date_posted"] == datetime.date(2026, 10, 1)
    assert (data["salary_min"], data["salary_max"], data["salary_period"]) == (Decimal(3200), None, "month")
    assert data["field"] == "24"
    trainee = normalize(postings[1], fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert trainee["offer_type"] == "apprenticeship" and trainee["workplaces"][0]["municipality"] == "16051000"
    student = normalize(postings[2], fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert student["offer_type"] == "internship" and student["employment_types"] == ["part_time"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty"),
        (b"<workzag-jobs><position><id>1</id>", "malformed"),
        (b"<workzag-jobs><position><id>7</id></position></workzag-jobs>", "no id or no name"),
        (b"<html><body>Seite nicht gefunden</body></html>", "not a Personio feed"),
    ],
)
def test_broken_personio_feeds_are_failures(body: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract_personio(body, "https://x.jobs.personio.de/xml")


def test_empty_personio_feed_is_zero_postings() -> None:
    assert extract_personio(b"<workzag-jobs></workzag-jobs>", "https://x.jobs.personio.de/xml") == []


def test_personio_parser_does_not_expand_entities() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY x SYSTEM "file:///etc/passwd">]><workzag-jobs><position><id>1</id><name>T &b; &x;</name></position>
    </workzag-jobs>"""
    try:
        postings = extract_personio(bomb, "https://x.jobs.personio.de/xml")
    except ExtractError:
        return  # refusing the document is as good
    assert "aaaaaaaaaa" not in postings[0].title and "root:" not in postings[0].title


@pytest.mark.django_db
def test_softgarden_feed() -> None:
    body = fixture_bytes("softgarden.json")
    assert discover.sniff(body, "application/json") == "softgarden"
    first, second = extract_softgarden(json.loads(body), "https://klinikum.career.softgarden.de/jobs.feed.json")
    assert first.external_id == "SG-4711" and first.title == "Pflegefachkraft (m/w/d) Intensivstation"
    data = normalize(first, fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert data["workplaces"] == [
        {"municipality": NORDHAUSEN, "postal_code": "99734", "street": "Dr.-Robert-Koch-Str. 39"}
    ]
    assert data["employment_types"] == ["full_time", "part_time"]
    assert (data["salary_min"], data["salary_max"], data["salary_period"]) == (Decimal(3400), Decimal(4100), "month")
    assert data["valid_through"] == datetime.date(2099, 12, 31) and data["field"] == "81"
    other = normalize(second, fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert other["workplaces"][0]["municipality"] == "16065067"  # "-" as postal code: by the locality instead
    assert other["contract"] == "fixed_term" and other["employment_types"] == ["part_time", "mini_job"]


@pytest.mark.django_db
def test_lever_feed() -> None:
    body = fixture_bytes("lever.json")
    assert discover.sniff(body, "application/json") == "lever"
    first, second = extract_lever(json.loads(body), "https://api.lever.co/v0/postings/optik-beispiel?mode=json")
    assert first.title == "Softwareentwickler Python (m/w/d)" and first.remote == "hybrid"
    assert "<h3>Deine Aufgaben</h3><ul><li>Python &amp; Django</li>" in first.description
    data = normalize(first, fallback_ags=NORDHAUSEN, today=datetime.date(2026, 11, 1))
    assert data["workplaces"][0]["municipality"] == "16053000"  # Jena
    assert data["remote"] == "hybrid" and data["employment_types"] == ["full_time"]
    assert (data["salary_min"], data["salary_max"], data["salary_period"]) == (Decimal(52000), Decimal(68000), "year")
    assert data["apply_url"].endswith("/apply") and data["date_posted"] == datetime.date(2025, 10, 31)
    intern = normalize(second, fallback_ags=NORDHAUSEN, today=datetime.date(2026, 11, 1))
    assert intern["remote"] == "full" and intern["workplaces"] == [] and intern["offer_type"] == "internship"
    assert "&lt;Praktikum&gt;" in second.description


@pytest.mark.django_db
def test_dvinci_feed() -> None:
    body = fixture_bytes("dvinci.json")
    assert discover.sniff(body, "application/json") == "dvinci"
    first, second = extract_dvinci(json.loads(body), "https://stadtwerke.dvinci-hr.com/jobPublication/list.json")
    assert first.title == "Elektroniker für Betriebstechnik (m/w/d)" and first.external_id == "9001"
    data = normalize(first, fallback_ags=None, today=datetime.date(2026, 11, 1))
    assert data["workplaces"] == [{"municipality": "16064046", "postal_code": "99974", "street": "Industriestraße 5"}]
    assert data["employment_types"] == ["full_time", "shift"] and data["field"] == "26"
    assert second.url == "https://stadtwerke.dvinci-hr.com/de/jobs/9002/verwaltung"
    assert normalize(second, fallback_ags=None)["workplaces"][0]["municipality"] == "16055000"  # Weimar


@pytest.mark.django_db
def test_rss_feed_with_site_namespace() -> None:
    body = fixture_bytes("jobs.rss")
    assert discover.sniff(body, "application/rss+xml") == "rss"
    first, second = extract_rss(body, "https://baeckerei.example/?feed=job_feed")
    assert first.title == "Bäcker (m/w/d) für die Frühschicht"
    assert first.external_id == "https://baeckerei.example/?post_type=job_listing&p=101"
    data = normalize(first, fallback_ags=None, today=datetime.date(2026, 11, 10))
    assert data["workplaces"][0] == {"municipality": "16065067", "postal_code": "99706", "street": ""}
    assert data["date_posted"] == datetime.date(2026, 11, 3)
    assert (data["salary_min"], data["salary_period"]) == (Decimal("15.50"), "hour")
    assert data["employment_types"] == ["full_time", "shift"] and data["field"] == "29"
    verkauf = normalize(second, fallback_ags=None, today=datetime.date(2026, 11, 10))
    assert verkauf["employment_types"] == ["mini_job"] and verkauf["field"] == "62"


def test_malformed_rss_is_a_failure() -> None:
    with pytest.raises(ExtractError):
        extract_rss(b"<rss><channel><item><title>x</title></channel>", "https://x.example/feed")
    with pytest.raises(ExtractError):
        extract_rss(b"", "https://x.example/feed")


def test_plain_html_with_selectors_and_gender_marker_links() -> None:
    page = """<html><body><ul class="jobs">
      <li class="job"><a href="/stellen/1">Maurer (m/w/d)</a><span class="ort">Erfurt</span><time>01.11.2026</time></li>
      <li class="job"><a href="/stellen/2">Dachdecker (w/m/d)</a><span class="ort">99734 Nordhausen</span></li>
    </ul><a href="/impressum">Impressum</a></body></html>"""
    got = extract_selectors(page, PAGE, {"item": "li.job", "title": "a", "place": ".ort", "date": "time"})
    assert [(p.title, p.url, p.places[0].text, p.date_posted) for p in got] == [
        ("Maurer (m/w/d)", "https://karriere.example/stellen/1", "Erfurt", "01.11.2026"),
        ("Dachdecker (w/m/d)", "https://karriere.example/stellen/2", "99734 Nordhausen", ""),
    ]
    assert [p.title for p in job_links(page, PAGE)] == ["Maurer (m/w/d)", "Dachdecker (w/m/d)"]


def test_ats_urls_are_recognised() -> None:
    assert discover.ats_feed("https://acme.jobs.personio.de/") == (
        "personio",
        "https://acme.jobs.personio.de/xml?language=de",
    )
    assert discover.ats_feed("https://boards.greenhouse.io/vaulttec") == (
        "greenhouse",
        "https://boards-api.greenhouse.io/v1/boards/vaulttec/jobs?content=true",
    )
    assert discover.ats_feed("https://jobs.lever.co/optik")[1] == "https://api.lever.co/v0/postings/optik?mode=json"
    assert discover.ats_feed("https://klinik.career.softgarden.de/")[1].endswith("/jobs.feed.json")
    assert (
        discover.ats_feed("https://sw.dvinci-hr.com/de/jobs")[1] == "https://sw.dvinci-hr.com/jobPublication/list.json"
    )
    assert discover.ats_feed("https://www.example.org/karriere") is None
    page = '<iframe src="https://acme.jobs.personio.de/?display=de"></iframe>'
    assert discover.embedded_feeds(page, PAGE) == [("personio", "https://acme.jobs.personio.de/xml?language=de")]


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("3.000,50 €", Decimal("3000.50")),
        ("3,000.50", Decimal("3000.50")),
        ("45k", Decimal(45000)),
        (2800, Decimal(2800)),
        ("15,50", Decimal("15.50")),
        ("3.000", Decimal(3000)),
        ("ab 2500 EUR", Decimal(2500)),
        ("nach Vereinbarung", None),
    ],
)
def test_amounts(raw: object, amount: Decimal | None) -> None:
    assert parse_amount(raw) == amount


def test_dates() -> None:
    assert parse_date("2026-10-01T09:15:00+02:00") == datetime.date(2026, 10, 1)
    assert parse_date("01.11.2026") == datetime.date(2026, 11, 1)
    assert parse_date("Mon, 03 Nov 2026 07:00:00 +0100") == datetime.date(2026, 11, 3)
    assert parse_date("bald") is None
