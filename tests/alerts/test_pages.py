"""The search page's "save as alert" form (per visitor, outside the cached content) and the dashboard's list."""

from __future__ import annotations

from typing import Any

from django.test import Client

from alerts.models import Alert
from alerts.services import alert_create

SEARCH = "/jobs/?q=Pflege&place=Nordhausen&radius_km=25"


def test_the_form_is_per_visitor_although_the_results_are_cached(index: Any, seeker_a: Any) -> None:
    signed_in = Client()
    signed_in.force_login(seeker_a)
    page = signed_in.get(SEARCH).content.decode()
    assert 'name="name"' in page and 'name="email"' not in page
    guest_page = Client().get(SEARCH).content.decode()  # the same cached results, a guest's form
    assert 'name="email"' in guest_page and 'id="alert-name"' not in guest_page
    assert 'value="q=Pflege&amp;place=Nordhausen&amp;radius_km=25"' in guest_page


def test_a_seeker_saves_from_the_page_and_finds_it_on_the_dashboard(index: Any, seeker_a: Any) -> None:
    client = Client()
    client.force_login(seeker_a)
    response = client.post(
        "/alerts/save/",
        {
            "search": "q=Pflege&place=Nordhausen&radius_km=25&page=2&sort=date",
            "name": "Pflege NDH",
            "frequency": "daily",
        },
    )
    assert response.status_code == 302
    alert = Alert.objects.get(user=seeker_a)
    assert alert.confirmed_at is not None  # no opt-in mail for a signed-in seeker
    assert alert.params == {"q": "Pflege", "place": "Nordhausen", "radius_km": "25"}  # no paging nor sorting
    assert "Pflege NDH" in client.get("/seeker/").content.decode()


def test_a_bad_search_is_refused_naming_it(index: Any) -> None:
    response = Client().post(
        "/alerts/save/", {"search": "radius_km=25", "email": "a@example.org", "frequency": "daily"}
    )
    assert response.status_code == 400
    assert not Alert.objects.exists()


def test_the_dashboard_shows_only_own_alerts(db: None, seeker_a: Any, seeker_b: Any) -> None:
    alert_create(user=seeker_b, params={"q": "Lager"}, frequency="daily", name="Stefans Suche")
    client = Client()
    client.force_login(seeker_a)
    assert "Stefans Suche" not in client.get("/seeker/").content.decode()


def test_a_refused_form_lists_its_errors_and_the_language_switch_returns_to_the_search(index: Any) -> None:
    from bs4 import BeautifulSoup

    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/alerts/save/",
        {"search": "q=Pflege&place=Nordhausen", "email": "nope", "frequency": "daily"},
        HTTP_REFERER="http://testserver/jobs/?q=Pflege&place=Nordhausen",
    )
    page = BeautifulSoup(response.content, "html.parser")
    email = page.find("input", attrs={"name": "email"})
    assert email.has_attr("required")  # a guest's alert needs the address, as the search page's form says
    links = page.find(id="form-errors").find("ul", class_="error-summary").find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [
        (f"#{email['id']}", "Your e-mail address: Enter a valid email address.")
    ]
    # The form's address takes no GET: switching the language returns to the page the form was sent from.
    assert page.find("form", class_="lang-form").find("input", attrs={"name": "next"})["value"] == (
        "/jobs/?q=Pflege&place=Nordhausen"
    )
    assert not Alert.objects.exists()


def test_the_language_switch_never_returns_to_a_foreign_or_odd_referer(index: Any) -> None:
    from bs4 import BeautifulSoup

    for referer in (
        "http://testserver//evil.example/",
        "http://testserver/\\evil.example",
        "https://evil.example/jobs/",
    ):
        response = Client().post(
            "/alerts/save/", {"search": "q=Pflege", "email": "nope", "frequency": "daily"}, HTTP_REFERER=referer
        )
        page = BeautifulSoup(response.content, "html.parser")
        assert page.find("form", class_="lang-form").find("input", attrs={"name": "next"})["value"] == "/alerts/save/"
