"""Reading a search from request parameters: what is accepted, and the 400s that name the bad parameter."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.utils import translation

from search.query import PLACE_ONLY_KM, GeoPoint, ProfileQuery, SearchQuery, SearchQueryError

pytestmark = pytest.mark.django_db


def parse(qs: str) -> SearchQuery:
    return SearchQuery.from_params(QueryDict(qs))


def errors(qs: str) -> dict[str, list[str]]:
    with pytest.raises(SearchQueryError) as exc:
        parse(qs)
    return exc.value.message_dict


def test_full_query_is_read() -> None:
    q = parse(
        "q=Pflege&county=16062&county=16065&field=81&area=8&employment_type=part_time&offer_type=job"
        "&contract=permanent&remote=hybrid&salary_min=2500&posted_within_days=7&company=firma-a&network=fermeth"
        "&place=Nordhausen&radius_km=25&sort=distance&page=2&page_size=50"
    )
    assert q.q == "Pflege"
    assert q.county == ("16062", "16065")
    assert (q.field, q.area, q.employment_type, q.offer_type) == (("81",), ("8",), ("part_time",), ("job",))
    assert (q.contract, q.remote, q.company, q.network) == (("permanent",), ("hybrid",), ("firma-a",), ("fermeth",))
    assert q.salary_min == 2500.0
    assert q.posted_within_days == 7
    assert q.point is not None and q.point.label == "Nordhausen"
    assert q.point.lat == pytest.approx(51.5004, abs=1e-3)
    assert (q.radius_km, q.sort, q.page, q.page_size, q.offset) == (25.0, "distance", 2, 50, 50)


def test_defaults() -> None:
    q = parse("")
    assert (q.q, q.page, q.page_size, q.sort, q.point) == ("", 1, 20, "relevance", None)
    assert q.effective_sort == "date"
    assert parse("q=Koch").effective_sort == "relevance"


def test_comma_separated_lists_and_postal_code_place() -> None:
    q = parse("county=16062,16065&place=99734")
    assert q.county == ("16062", "16065")
    assert q.point is not None and q.point.label == "Nordhausen"


def test_coordinates_instead_of_a_place() -> None:
    q = parse("lat=50.93&lon=11.59&radius_km=10")
    assert q.point == GeoPoint(50.93, 11.59, "50.9300, 11.5900")


def test_a_near_miss_searches_its_one_correction_and_says_so() -> None:
    for typed, meant in (
        ("Nordhasuen", "Nordhausen"),
        ("Sonderhausen", "Sondershausen"),
        ("Mühlhasuen", "Mühlhausen/Thüringen"),
    ):
        query = parse(f"place={typed}")
        assert query.place_corrected == meant
        assert query.point is not None and query.point.label == meant
    assert parse("place=Nordhausen").place_corrected == ""
    assert ProfileQuery.from_params({"place": "Nordhasuen"}).place_corrected == "Nordhausen"


@translation.override("en")
def test_a_shared_or_far_off_name_is_a_400_with_suggestions() -> None:
    with pytest.raises(SearchQueryError) as exc:
        parse("place=Eichenbrg")
    messages = exc.value.message_dict["place"]
    assert "Eichenbrg" in messages[0]
    assert len(exc.value.place_suggestions) == 2 and messages[1].startswith("Did you mean")
    assert all(s in messages[1] for s in exc.value.place_suggestions)
    with pytest.raises(SearchQueryError) as exc:
        parse("place=Eichenberg")
    assert "Several places" in exc.value.message_dict["place"][0] and len(exc.value.place_suggestions) == 2


@translation.override("en")
def test_unknown_place_without_anything_close() -> None:
    with pytest.raises(SearchQueryError) as exc:
        parse("place=Berlin")
    assert exc.value.message_dict["place"] == [
        "“Berlin” lies outside Thuringia or is spelt differently: the search knows Thuringia's towns, municipalities "
        "and postal codes."
    ]
    assert exc.value.place_suggestions == ()
    assert "Did you mean" not in errors("place=Xyzzyqwert")["place"][0]
    assert errors("place=10115")["place"] == ["No place in Thuringia has the postal code 10115."]


def test_radius_needs_a_place() -> None:
    assert "radius_km" in errors("radius_km=10")


def test_radius_at_most_200_km() -> None:
    assert "radius_km" in errors("place=Erfurt&radius_km=201")
    assert parse("place=Erfurt&radius_km=200").radius_km == 200.0


def test_radius_zero_is_only_the_place() -> None:
    query = parse("place=Erfurt&radius_km=0")
    assert query.radius_km == 0.0
    assert query.effective_radius_km == PLACE_ONLY_KM
    assert parse("place=Erfurt&radius_km=10").effective_radius_km == 10.0
    assert "radius_km" in errors("place=Erfurt&radius_km=-1")
    assert "radius_km" in errors("radius_km=0")


def test_page_size_at_most_100() -> None:
    assert "page_size" in errors("page_size=101")
    assert parse("page_size=100").page_size == 100


def test_no_more_than_10000_hits_reachable() -> None:
    assert "page" in errors("page=101&page_size=100")
    assert parse("page=100&page_size=100").page == 100


def test_unknown_field_and_area_codes() -> None:
    found = errors("field=99&area=10")
    assert "99" in found["field"][0]
    assert "area" in found


def test_distance_sort_needs_a_place() -> None:
    assert "sort" in errors("sort=distance")
    assert "sort" in errors("sort=cheapest")


def test_bad_choices_and_numbers_name_their_parameter() -> None:
    found = errors("employment_type=always&offer_type=x&contract=y&remote=maybe&salary_min=viel&page=zwei")
    assert set(found) == {"employment_type", "offer_type", "contract", "remote", "salary_min", "page"}


def test_every_bad_parameter_is_reported_at_once() -> None:
    found = errors("radius_km=500&page_size=1000&field=00")
    assert {"radius_km", "page_size", "field"} <= set(found)


@pytest.mark.parametrize(
    "params",
    [
        {"place": "Nordhausen", "radius_km": "2,5"},
        {"place": "Nordhausen", "radius_km": "0"},
        {"place": "Nordhausen"},
        {"lat": "51.5", "lon": "10.79", "radius_km": "30", "sort": "distance"},
        {"field": "24", "area": "2", "county": "16062", "page": "2", "page_size": "5", "q": "Mechaniker"},
    ],
)
def test_profile_query_reads_place_radius_and_fields_as_the_job_search_does(db: None, params: dict[str, str]) -> None:
    from search.query import ProfileQuery

    jobs, profiles = SearchQuery.from_params(params), ProfileQuery.from_params(params)
    for name in ("q", "point", "radius_km", "field", "area", "county", "sort", "page", "page_size"):
        assert getattr(profiles, name) == getattr(jobs, name), name
    assert profiles.effective_radius_km == jobs.effective_radius_km
    assert profiles.offset == jobs.offset


@pytest.mark.parametrize(
    "params", [{"place": "Nirgendwo"}, {"radius_km": "1.000", "place": "Nordhausen"}, {"field": "99"}, {"lat": "51"}]
)
def test_profile_query_refuses_what_the_job_search_refuses(db: None, params: dict[str, str]) -> None:
    from search.query import ProfileQuery

    with pytest.raises(SearchQueryError) as jobs:
        SearchQuery.from_params(params)
    with pytest.raises(SearchQueryError) as profiles:
        ProfileQuery.from_params(params)
    assert profiles.value.message_dict == jobs.value.message_dict
