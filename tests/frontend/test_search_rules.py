"""The search's rules have one source (search.query), so /jobs/, the home form, the feed and the API agree:
the default radius, the radius choices, and a German decimal comma."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from django.test import Client
from rest_framework.test import APIClient

from search.query import RADIUS_CHOICES_KM, default_radius_km
from tests.frontend.conftest import soup

pytestmark = pytest.mark.django_db

# Distances from Nordhausen's centre (tests/search/helpers.py).
ELLRICH = "16062005"  # 13.0 km
SONDERSHAUSEN = "16065067"  # 15.7 km, Kyffhäuserkreis
BLEICHERODE = "16062066"  # 16.5 km
MUEHLHAUSEN = "16064046"  # 39.7 km


def at(ags: str) -> list[dict[str, str]]:
    return [{"municipality": ags, "postal_code": "", "street": ""}]


@pytest.fixture
def around_nordhausen(indexed: Any, company_a: Any) -> None:
    indexed(company_a, title="Koch in Nordhausen")
    indexed(company_a, title="Koch in Ellrich", workplaces=at(ELLRICH))
    indexed(company_a, title="Koch in Sondershausen", workplaces=at(SONDERSHAUSEN))
    indexed(company_a, title="Koch in Bleicherode", workplaces=at(BLEICHERODE))
    indexed(company_a, title="Koch in Mühlhausen", workplaces=at(MUEHLHAUSEN))


def api_titles(api: APIClient, **params: str) -> set[str]:
    response = api.get("/api/v1/search/jobs/", params)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert body["count"] == len(body["results"])
    return {hit["title"] for hit in body["results"]}


def page(client: Client, **params: str) -> Any:
    response = client.get("/jobs/", params)
    if response.status_code == 302:  # the page's one URL per search
        response = client.get(response["Location"])
    return response


def page_titles(response: Any) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {a.get_text(strip=True) for a in soup(response).select("ol.cards h2 a")}


def radius_select(response: Any) -> tuple[list[str], str]:
    """The radius options' values and the selected one's value."""
    select = soup(response).find("select", attrs={"name": "radius_km"})
    options = select.find_all("option")
    selected = [o["value"] for o in options if o.has_attr("selected")]
    assert len(selected) == 1, selected
    return [o["value"] for o in options], selected[0]


class TestDefaultRadius:
    def test_the_page_preselects_the_radius_the_api_searches_by_default(
        self, client_de: Client, api: APIClient, around_nordhausen: None
    ) -> None:
        by_default = api_titles(api, place="Nordhausen")
        # 25 km: Mühlhausen (39.7 km) is out, Bleicherode (16.5 km) in (a 10 km default left out all but one).
        assert by_default == {"Koch in Nordhausen", "Koch in Ellrich", "Koch in Sondershausen", "Koch in Bleicherode"}
        home = client_de.get("/")
        assert radius_select(home)[1] == "25"
        linked = page(client_de, place="Nordhausen")  # a link without a radius: the search's default
        assert page_titles(linked) == by_default
        assert radius_select(linked)[1] == "25"
        submitted = page(client_de, place="Nordhausen", radius_km=radius_select(home)[1])  # the home form sent
        assert page_titles(submitted) == by_default
        feed = client_de.get("/jobs/feed/", {"place": "Nordhausen"})
        assert {item.findtext("title", "").split(" – ")[0] for item in ET.fromstring(feed.content).iter("item")} == (
            by_default
        )

    def test_the_setting_moves_the_default_everywhere(
        self, client_de: Client, api: APIClient, around_nordhausen: None, settings: Any
    ) -> None:
        settings.SEARCH_DEFAULT_RADIUS_KM = 15
        assert api_titles(api, place="Nordhausen") == {"Koch in Nordhausen", "Koch in Ellrich"}
        home_values, home_selected = radius_select(client_de.get("/"))
        assert home_selected == "15" and home_values == ["0", "10", "15", "25", "50", "100"]
        assert radius_select(page(client_de, place="Nordhausen"))[1] == "15"
        assert page_titles(page(client_de, place="Nordhausen")) == {"Koch in Nordhausen", "Koch in Ellrich"}

    def test_the_api_schema_states_the_default(self, api: APIClient) -> None:
        schema = yaml.safe_load(api.get("/api/schema/").content)
        parameters = schema["paths"]["/api/v1/search/jobs/"]["get"]["parameters"]
        radius = next(p for p in parameters if p["name"] == "radius_km")
        assert f"default {default_radius_km()} km" in radius["description"]

    def test_the_forms_offer_the_search_modules_radius_choices(self, client_de: Client) -> None:
        assert radius_select(client_de.get("/"))[0] == [str(r) for r in RADIUS_CHOICES_KM]
        assert radius_select(page(client_de))[0] == [str(r) for r in RADIUS_CHOICES_KM]

    def test_no_results_at_the_default_offer_the_next_wider_radius(
        self, client_de: Client, indexed: Any, company_a: Any
    ) -> None:
        indexed(company_a, title="Koch in Mühlhausen", workplaces=at(MUEHLHAUSEN))
        empty = page(client_de, place="Nordhausen")
        assert page_titles(empty) == set()
        widen = [a["href"] for a in soup(empty).find_all("a") if "radius_km=50" in a.get("href", "")]
        assert len(widen) == 1
        assert page_titles(client_de.get(widen[0])) == {"Koch in Mühlhausen"}


class TestDecimalComma:
    def test_2_comma_5_is_2_point_5_on_the_api_and_the_page(
        self, client_de: Client, api: APIClient, around_nordhausen: None
    ) -> None:
        # 15.9 km takes in Sondershausen (15.7 km); read as "15" or as a list "15", "9" it would not.
        expected = {"Koch in Nordhausen", "Koch in Ellrich", "Koch in Sondershausen"}
        assert api_titles(api, place="Nordhausen", radius_km="15,9") == expected
        assert api_titles(api, place="Nordhausen", radius_km="15.9") == expected
        response = page(client_de, place="Nordhausen", radius_km="15,9")
        assert page_titles(response) == expected
        assert page_titles(page(client_de, place="Nordhausen", radius_km="15.9")) == expected

        # The form keeps the radius: it is offered, selected, labelled the German way, and sending it back is
        # the same search.
        values, selected = radius_select(response)
        assert selected == "15.9" and values == ["0", "10", "15.9", "25", "50", "100"]
        option = soup(response).find("option", attrs={"value": "15.9"})
        assert option.get_text(strip=True) == "15,9 km"
        assert page_titles(page(client_de, place="Nordhausen", radius_km=selected)) == expected
        assert api_titles(api, place="Nordhausen", radius_km="2,5") == {"Koch in Nordhausen"}
        assert page_titles(page(client_de, place="Nordhausen", radius_km="2,5")) == {"Koch in Nordhausen"}

    def test_a_radius_below_the_smallest_choice_widens_to_the_next(
        self, client_de: Client, indexed: Any, company_a: Any
    ) -> None:
        indexed(company_a, title="Koch in Ellrich", workplaces=at(ELLRICH))
        empty = page(client_de, place="Nordhausen", radius_km="2,5")
        assert page_titles(empty) == set()
        assert radius_select(empty)[1] == "2.5"
        hrefs = [a["href"] for a in soup(empty).find_all("a")]
        assert any("radius_km=10" in h and "place=Nordhausen" in h for h in hrefs), hrefs

    @pytest.mark.parametrize(
        ("name", "value"), [("radius_km", "1,000"), ("radius_km", "2.500"), ("salary_min", "2.500")]
    )
    def test_an_ambiguous_number_is_a_400_naming_it_on_both(
        self, client_de: Client, api: APIClient, name: str, value: str
    ) -> None:
        response = api.get("/api/v1/search/jobs/", {"place": "Nordhausen", name: value}, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 400
        message = response.json()[name][0]
        assert "mehrdeutig" in message
        on_page = page(client_de, place="Nordhausen", **{name: value})
        assert on_page.status_code == 400
        assert message in soup(on_page).get_text(" ")

    def test_comma_lists_still_work_for_the_multi_value_filters(
        self, client_de: Client, api: APIClient, around_nordhausen: None
    ) -> None:
        both = api_titles(api, county="16062,16065")
        assert both == {"Koch in Nordhausen", "Koch in Ellrich", "Koch in Sondershausen", "Koch in Bleicherode"}
        assert page_titles(page(client_de, county="16062,16065")) == both
