"""The seeker-profile search, the same on every backend (the `backend` fixture runs each test once per backend).

Profiles are written through profiles.services (as the API and pages write them); the on-commit index task puts
them into the configured backend, and search.selectors.search_profiles asks it, as a company's search will.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from companies import services as company_services
from companies.models import Company
from profiles.models import SeekerProfile
from profiles.services import profile_update
from search.query import ProfileQuery, SearchQueryError
from search.results import SearchResults
from search.selectors import search_profiles
from tests.factories import CompanyFactory, UserFactory, make_profile

from .helpers import BLEICHERODE, ELLRICH, ERFURT, JENA, NORDHAUSEN, SONDERSHAUSEN, facet

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def seeker(committed: Any) -> Any:
    """Write a profile through the services (pseudonymous with consent unless told otherwise) and index it."""

    def create(**overrides: Any) -> SeekerProfile:
        data: dict[str, Any] = {"skills": [], "about": "", "headline": ""}
        data.update(overrides)
        with committed():
            return make_profile(UserFactory(), **data)  # type: ignore[no-any-return]

    return create


def occ(title: str, field: str = "24", years: int = 3) -> list[dict[str, Any]]:
    return [{"title": title, "field": field, "experience_years": years}]


def find(company: Company | None = None, **params: Any) -> SearchResults[Any]:
    query = ProfileQuery.from_params(params, company_id=company.pk if company else None)
    return search_profiles(query)


def ids(company: Company | None = None, **params: Any) -> list[int]:
    return [h.id for h in find(company, **params).hits]


# ---- German full text ----------------------------------------------------------------------------------------------


def test_female_form_finds_the_male_title(seeker: Any) -> None:
    wanted = seeker(occupations=occ("Zerspanungsmechaniker"))
    seeker(occupations=occ("Pflegefachkraft", "81"))
    assert ids(q="Zerspanungsmechanikerin") == [wanted.pk]


def test_male_form_finds_the_female_headline(seeker: Any) -> None:
    wanted = seeker(occupations=occ("Erzieherin", "83"), headline="Erzieherin mit Herz")
    seeker(occupations=occ("Elektroniker", "26"))
    assert ids(q="Erzieher") == [wanted.pk]


def test_plural_finds_singular_and_compound_parts_match(seeker: Any) -> None:
    care = seeker(occupations=occ("Pflegefachkraft", "81"))
    cnc = seeker(occupations=occ("Zerspanungsmechaniker"))
    assert ids(q="Pflegekräfte") == [care.pk]
    assert ids(q="Mechaniker") == [cnc.pk]


def test_umlauts_spelled_out(seeker: Any) -> None:
    wanted = seeker(occupations=occ("Verkäufer", "62"), about="<p>Ich arbeite gern in Mühlhausen.</p>")
    seeker(occupations=occ("Koch", "29"), about="<p>Küche in Nordhausen.</p>")
    assert ids(q="verkaeufer") == [wanted.pk]
    assert ids(q="Muehlhausen") == [wanted.pk]


def test_synonyms_and_skills(seeker: Any) -> None:
    joiner = seeker(occupations=occ("Schreiner", "22"))
    cnc = seeker(occupations=occ("Zerspanungsmechaniker"), skills=["Heidenhain", "CNC"])
    assert ids(q="Tischler") == [joiner.pk]
    assert ids(q="Heidenhain") == [cnc.pk]


def test_occupation_ranks_above_about_text(seeker: Any) -> None:
    about = seeker(occupations=occ("Lagerist", "51"), about="<p>Früher Schweißer gewesen.</p>")
    title = seeker(occupations=occ("Schweißer"))
    assert ids(q="Schweißer") == [title.pk, about.pk]


# ---- filters, place and radius ---------------------------------------------------------------------------------------


def test_filter_by_field_and_area(seeker: Any) -> None:
    metal = seeker(occupations=occ("Zerspanungsmechaniker", "24"))
    care = seeker(occupations=occ("Pflegefachkraft", "81"))
    assert ids(field="24") == [metal.pk]
    assert set(ids(field=["24", "81"])) == {metal.pk, care.pk}
    assert ids(area="8") == [care.pk]


def test_place_and_radius_and_sort_by_distance(seeker: Any) -> None:
    home = seeker(home_municipality=NORDHAUSEN, occupations=occ("Schlosser"))
    near = seeker(home_municipality=ELLRICH, occupations=occ("Schlosser"))  # 13.0 km
    mid = seeker(home_municipality=BLEICHERODE, occupations=occ("Schlosser"))  # 16.5 km
    # Erfurt is 60.5 km away: found only by a candidate who would commute that far.
    far = seeker(home_municipality=ERFURT, occupations=occ("Schlosser"), commute_km=80)
    assert set(ids(place="Nordhausen", radius_km="15")) == {home.pk, near.pk}
    results = find(place="Nordhausen", radius_km="100", sort="distance")
    assert [h.id for h in results.hits] == [home.pk, near.pk, mid.pk, far.pk]
    assert [h.distance_km for h in results.hits] == pytest.approx([0.0, 13.0, 16.5, 60.5], abs=0.6)
    assert ids(place="Nordhausen", radius_km="0") == [home.pk]
    # Without a radius: the job search's default (25 km).
    assert set(ids(place="Nordhausen")) == {home.pk, near.pk, mid.pk}


def test_county_is_the_home_county_or_one_named(seeker: Any) -> None:
    home = seeker(home_municipality=SONDERSHAUSEN, counties=[])
    named = seeker(home_municipality=JENA, counties=["16065"])
    seeker(home_municipality=ERFURT, counties=[])
    assert set(ids(county="16065")) == {home.pk, named.pk}


def test_types_licences_languages_and_availability(seeker: Any) -> None:
    soon = datetime.date.today() + datetime.timedelta(days=10)
    later = datetime.date.today() + datetime.timedelta(days=200)
    a = seeker(
        employment_types=["part_time"], offer_types=["job"], licences=["B", "C"],
        languages=[{"code": "de", "level": "native"}, {"code": "en", "level": "B2"}], available_from=soon.isoformat(),
    )  # fmt: skip
    b = seeker(
        employment_types=["full_time"], offer_types=["apprenticeship"], licences=["B"],
        languages=[{"code": "de", "level": "B1"}], available_from=later.isoformat(),
    )  # fmt: skip
    assert ids(employment_type="part_time") == [a.pk]
    assert ids(offer_type="apprenticeship") == [b.pk]
    assert set(ids(licence="B")) == {a.pk, b.pk}
    assert ids(licence=["B", "C"]) == [a.pk]  # each one required
    assert ids(language="en") == [a.pk]
    assert ids(language="de:C1") == [a.pk]  # native is above C1
    assert set(ids(language="de:B1")) == {a.pk, b.pk}
    assert ids(language="en:C1") == []
    assert ids(available_by=(soon + datetime.timedelta(days=1)).isoformat()) == [a.pk]


# ---- who sees what ---------------------------------------------------------------------------------------------------


def test_a_blocked_company_never_sees_the_profile(seeker: Any, company_a: Company, company_b: Company) -> None:
    blocking = seeker(occupations=occ("Zerspanungsmechaniker"), blocked_companies=[company_a.slug])
    other = seeker(occupations=occ("Zerspanungsmechaniker"))
    for params in ({}, {"q": "Zerspanungsmechaniker"}, {"field": "24"}, {"page_size": "1", "page": "2"}):
        assert blocking.pk not in ids(company_a, **params)
    blocked_view = find(company_a, q="Mechaniker")
    assert blocked_view.total == 1
    assert facet(blocked_view, "field") == {"24": 1}
    assert set(ids(company_b, q="Mechaniker")) == {blocking.pk, other.pk}
    assert find(company_b).total == 2


def test_unblocking_and_a_deleted_blocked_company(
    seeker: Any, committed: Any, company_a: Company, company_b: Company
) -> None:
    blocking = seeker(blocked_companies=[company_a.slug, company_b.slug])
    with committed():
        profile_update(profile=blocking, data={"blocked_companies": [company_b.slug]}, by=blocking.user,
                       given=["blocked_companies"])  # fmt: skip
    assert ids(company_a) == [blocking.pk]
    assert ids(company_b) == []
    before = {h.id for h in find(company_b).hits}
    with committed():
        company_services.company_delete(company=company_b)
    assert before == set()
    # The document no longer names the deleted company: a new company that gets its id would not be blocked.
    from search.backends.base import get_search_backend
    from search.profile_documents import profile_documents_for

    [doc], _gone = profile_documents_for([blocking.pk])
    assert doc.blocked_company_ids == ()
    assert get_search_backend().profile_digests()[blocking.pk] == doc.digest


def test_hidden_profiles_are_not_found(seeker: Any, committed: Any) -> None:
    seeker(occupations=occ("Zerspanungsmechaniker"), visibility="hidden", consent=False)
    shown = seeker(occupations=occ("Zerspanungsmechaniker"))
    assert ids(q="Zerspanungsmechaniker") == [shown.pk]
    with committed():
        profile_update(profile=shown, data={"visibility": "hidden"}, by=shown.user, given=["visibility"])
    assert ids(q="Zerspanungsmechaniker") == []
    assert find().total == 0


def test_named_and_pseudonymous_are_both_found(seeker: Any) -> None:
    named = seeker(occupations=occ("Elektroniker", "26"), visibility="named", first_name="Nora", last_name="Named")
    pseudo = seeker(occupations=occ("Elektroniker", "26"), visibility="pseudonymous")
    hits = {h.id: h.visibility for h in find(q="Elektroniker").hits}
    assert hits == {named.pk: "named", pseudo.pk: "pseudonymous"}


def test_hit_carries_what_the_list_shows_and_no_name(seeker: Any) -> None:
    p = seeker(
        headline="CNC-Fräser mit Erfahrung", occupations=occ("Zerspanungsmechaniker", "24", 8), skills=["CNC"],
        languages=[{"code": "de", "level": "native"}], licences=["B"], home_municipality=NORDHAUSEN,
    )  # fmt: skip
    [hit] = find(place="Nordhausen").hits
    assert hit.id == p.pk
    assert hit.headline == "CNC-Fräser mit Erfahrung"
    assert hit.occupations[0]["title"] == "Zerspanungsmechaniker"
    assert hit.occupations[0]["field"] == "24"
    assert hit.experience_years == 8
    assert hit.place == {"name": "Nordhausen", "county": "16062", "county_name": hit.place["county_name"]}
    assert hit.skills == ["CNC"]
    assert hit.languages == [{"code": "de", "level": "native"}]
    assert hit.licences == ["B"]
    assert hit.visibility == "pseudonymous"
    assert hit.updated_at == SeekerProfile.objects.get(pk=p.pk).updated_at
    assert hit.distance_km == 0.0
    assert not {"name", "first_name", "last_name", "email", "phone", "username", "postal_code"} & set(vars(hit))


# ---- sort, paging, facets ------------------------------------------------------------------------------------------


def test_sort_by_date_is_recently_updated_first(seeker: Any, committed: Any) -> None:
    first = seeker(occupations=occ("Koch", "29"))
    second = seeker(occupations=occ("Koch", "29"))
    assert ids(sort="date") == [second.pk, first.pk]
    with committed():
        profile_update(profile=first, data={"headline": "Koch aus Leidenschaft"}, by=first.user, given=["headline"])
    assert ids(sort="date") == [first.pk, second.pk]
    assert ids() == [first.pk, second.pk]  # without text, relevance is by date


def test_paging(seeker: Any) -> None:
    made = [seeker(occupations=occ("Koch", "29")) for _ in range(5)]
    newest_first = [p.pk for p in reversed(made)]
    pages = [find(q="Koch", page_size="2", page=str(n)) for n in (1, 2, 3)]
    assert [[h.id for h in r.hits] for r in pages] == [newest_first[:2], newest_first[2:4], newest_first[4:]]
    assert {r.total for r in pages} == {5}


def test_facets_each_over_the_other_filters(seeker: Any) -> None:
    seeker(occupations=occ("Zerspanungsmechaniker", "24"), home_municipality=NORDHAUSEN, counties=[],
           employment_types=["full_time"], offer_types=["job"])  # fmt: skip
    seeker(occupations=occ("Schlosser", "24"), home_municipality=SONDERSHAUSEN, counties=[],
           employment_types=["part_time"], offer_types=["job"])  # fmt: skip
    seeker(occupations=occ("Pflegefachkraft", "81"), home_municipality=NORDHAUSEN, counties=[],
           employment_types=["full_time"], offer_types=["apprenticeship"])  # fmt: skip
    everything = find()
    assert facet(everything, "field") == {"24": 2, "81": 1}
    assert facet(everything, "county") == {"16062": 2, "16065": 1}
    assert facet(everything, "employment_type") == {"full_time": 2, "part_time": 1}
    assert facet(everything, "offer_type") == {"job": 2, "apprenticeship": 1}
    narrowed = find(field="24")
    assert narrowed.total == 2
    assert facet(narrowed, "field") == {"24": 2, "81": 1}  # its own choice does not narrow it
    assert facet(narrowed, "county") == {"16062": 1, "16065": 1}
    labels = {v.value: v.label for v in narrowed.facets["field"]}
    assert labels["24"] and labels["24"] != "24"
    assert [v.value for v in narrowed.facets["field"] if v.selected] == ["24"]


def test_bad_parameters_name_each_one() -> None:
    with pytest.raises(SearchQueryError) as caught:
        ProfileQuery.from_params(
            {
                "field": "99",
                "radius_km": "5",
                "language": "deutsch",
                "licence": "Z",
                "available_by": "morgen",
                "sort": "distance",
                "page_size": "500",
            }
        )
    assert set(caught.value.message_dict) == {"field", "radius_km", "language", "licence", "available_by", "sort",
                                              "page_size"}  # fmt: skip


def test_other_companies_profiles_are_not_confused(seeker: Any) -> None:
    """A company id only ever excludes the profiles that blocked that very company."""
    company = CompanyFactory()
    p = seeker(blocked_companies=[])
    assert ids(company) == [p.pk]
