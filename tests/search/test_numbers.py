"""Every numeric search parameter is a plain number in its range, or a 400 naming it: on the API and on /jobs/.

float() and int() read "nan", "inf", "1e999", "1_000" and other scripts' digits; a NaN passes every range check.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("sqlite_backend")

# What a number must not be, whatever the parameter.
NOT_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1e3", "1_000", "١٢", "１２", "0x10", "12abc",
               "99999999999999999999999"]  # fmt: skip
# Per parameter: what else it needs to be asked at all, and numbers outside its range.
PARAMETERS: dict[str, tuple[dict[str, str], list[str]]] = {
    "radius_km": ({"place": "Nordhausen"}, ["-1", "-0.5", "201", "100000"]),
    "salary_min": ({}, ["-1", "1000001", "999999999999"]),
    "lat": ({"lon": "10.8"}, ["-91", "90.5", "1000"]),
    "lon": ({"lat": "51.5"}, ["-181", "180.5", "1000"]),
    "posted_within_days": ({}, ["0", "-1", "3651", "1.5", "999999999999"]),
    "page": ({}, ["0", "-1", "1.5", "501", "999999999999"]),
    "page_size": ({}, ["0", "-1", "101", "2.5", "999999999999"]),
}
CASES = [
    pytest.param(name, value, id=f"{name}={value}")
    for name, (_, bad) in PARAMETERS.items()
    for value in (*NOT_NUMBERS, *bad)
]


@pytest.mark.parametrize(("name", "value"), CASES)
def test_api_answers_400_naming_the_parameter(api: APIClient, name: str, value: str) -> None:
    params = {**PARAMETERS[name][0], name: value}
    if name == "page":
        params["page_size"] = "20"  # page 501 of 20 (as on the page) is past the 10,000 reachable hits
    response = api.get("/api/v1/search/jobs/", params)
    assert response.status_code == 400, (params, response.content[:200])
    assert name in response.json()


@pytest.mark.parametrize(("name", "value"), [case for case in CASES if case.values[0] != "page_size"])
def test_results_page_answers_400_with_the_form(client: Any, name: str, value: str) -> None:
    params = {**PARAMETERS[name][0], name: value}  # (the page sets its own page size)
    response = client.get("/jobs/", params)
    if response.status_code == 302:  # the page's one URL per search, then the search itself
        response = client.get(response["Location"])
    assert response.status_code == 400, (params, response.content[:200])
    assert 'class="errorlist"' in response.content.decode()


def test_plain_numbers_still_work(api: APIClient, post: Any) -> None:
    post(title="Koch (m/w/d)", salary_min=3000, salary_max=3200)
    ok = {"salary_min": "2500,50", "posted_within_days": "+7", "page": "1", "page_size": "10"}
    response = api.get("/api/v1/search/jobs/", {**ok, "lat": "51.5", "lon": "10.8", "radius_km": "25.5"})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == 1
    assert api.get("/api/v1/search/jobs/", {"salary_min": "3500"}).json()["count"] == 0


def test_a_radius_in_other_digits_is_a_400_on_the_page_not_a_500(client: Any) -> None:
    # "²".isdigit() is True, int("²") raises: the page read the radius for its form before the search did.
    response = client.get("/jobs/", {"place": "Nordhausen", "radius_km": "²"})
    assert response.status_code == 400


def test_degrees_have_no_thousands_so_three_decimals_are_plain(api: APIClient, post: Any) -> None:
    # "51.505" looks like a thousands grouping, as "1,000" does for a radius (400): a latitude cannot be one.
    post(title="Koch (m/w/d)")
    response = api.get("/api/v1/search/jobs/", {"lat": "51,505", "lon": "10.791", "radius_km": "10"})
    assert response.status_code == 200, response.content[:300]
    assert response.json()["count"] == 1
