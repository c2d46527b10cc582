"""The results page builds its HTML in Python: everything a visitor types must come back escaped."""

import pytest

pytestmark = pytest.mark.django_db

PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>"]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("param", ["q", "place", "radius_km", "sort", "county", "field", "page"])
def test_typed_values_are_escaped_on_the_results_page(client, indexed, company_a, payload, param):
    indexed(company_a, title="Mechaniker (m/w/d)")
    r = client.get("/jobs/", {"q": "Mechaniker", param: payload}, follow=True)
    assert r.status_code in (200, 400)
    html = r.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert "onerror=alert(1)>" not in html.replace("&gt;", "")  # only as escaped text, never as markup


def test_posting_text_is_escaped_in_cards(client, indexed, company_a):
    indexed(company_a, title="Koch <b>sofort</b> (m/w/d)")
    html = client.get("/jobs/", {"q": "Koch"}).content.decode()
    assert "Koch &lt;b&gt;sofort&lt;/b&gt;" in html
    assert "<b>sofort</b>" not in html
