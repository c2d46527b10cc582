"""A company's candidate search (issue 13): the filters, place semantics and facets it adds, and matching both ways,
the same on every backend (the `backend` fixture runs each test once per backend)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

import pytest

from companies.models import Company
from profiles.models import QUALIFICATION_ORDER, SeekerProfile
from search.matching import candidate_query_for_posting, job_query_for_profile
from search.query import ProfileQuery, SearchQueryError
from search.results import SearchResults
from search.selectors import matching_candidates, matching_jobs, search_profiles
from tests.factories import UserFactory, make_profile

from .helpers import BLEICHERODE, ERFURT, JENA, MUEHLHAUSEN, NORDHAUSEN, SONDERSHAUSEN, at, facet, require

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def seeker(committed: Any) -> Any:
    def create(**overrides: Any) -> SeekerProfile:
        data: dict[str, Any] = {"skills": [], "about": "", "headline": ""}
        data.update(overrides)
        with committed():
            return make_profile(UserFactory(first_name="Zora", last_name="Quillfeather"), **data)  # type: ignore[no-any-return]

    return create


def occ(title: str, field: str = "24", years: int = 3) -> list[dict[str, Any]]:
    return [{"title": title, "field": field, "experience_years": years}]


def find(company: Company | None = None, **params: Any) -> SearchResults[Any]:
    return search_profiles(ProfileQuery.from_params(params, company_id=company.pk if company else None))


def ids(company: Company | None = None, **params: Any) -> list[int]:
    return [h.id for h in find(company, **params).hits]


# ---- place: within the candidate's reach AND within the radius asked ------------------------------------------------


def test_commuting_distance_limits_the_radius(seeker: Any) -> None:
    # Mühlhausen is 39.7 km from Nordhausen.
    short = seeker(home_municipality=MUEHLHAUSEN, commute_km=30)
    long = seeker(home_municipality=MUEHLHAUSEN, commute_km=45)
    local = seeker(home_municipality=NORDHAUSEN, commute_km=5)
    assert set(ids(place="Nordhausen", radius_km="50")) == {long.pk, local.pk}
    assert short.pk not in ids(place="Nordhausen", radius_km="100")
    # The radius still limits: a long commute does not bring a candidate from beyond it.
    assert set(ids(place="Nordhausen", radius_km="30")) == {local.pk}


def test_a_named_county_is_within_reach_whatever_the_distance(seeker: Any) -> None:
    # Lives in Mühlhausen, commutes 10 km, but named the county of Nordhausen (16062).
    named = seeker(home_municipality=MUEHLHAUSEN, commute_km=10, counties=["16062"])
    seeker(home_municipality=MUEHLHAUSEN, commute_km=10, counties=["16065"])
    assert ids(place="Nordhausen", radius_km="50") == [named.pk]
    # ... but the home must still lie within the radius asked.
    assert ids(place="Nordhausen", radius_km="25") == []


def test_sort_by_distance_within_reach(seeker: Any) -> None:
    near = seeker(home_municipality=SONDERSHAUSEN, commute_km=20)  # 15.7 km
    mid = seeker(home_municipality=BLEICHERODE, commute_km=20)  # 16.5 km
    seeker(home_municipality=ERFURT, commute_km=20)  # 60.5 km: too far to commute
    results = find(place="Nordhausen", radius_km="100", sort="distance")
    assert [h.id for h in results.hits] == [near.pk, mid.pk]
    assert [h.distance_km for h in results.hits] == pytest.approx([15.7, 16.5], abs=0.6)


# ---- the new filters -------------------------------------------------------------------------------------------------


def test_minimum_qualification(seeker: Any) -> None:
    trained = seeker(vocational_qualification="apprenticeship")
    master = seeker(vocational_qualification="master_technician")
    doctor = seeker(vocational_qualification="doctorate")
    none = seeker(vocational_qualification="none")
    assert set(ids()) == {trained.pk, master.pk, doctor.pk, none.pk}
    assert set(ids(qualification="apprenticeship")) == {trained.pk, master.pk, doctor.pk}
    assert set(ids(qualification="master_technician")) == {master.pk, doctor.pk}
    assert ids(qualification="master") == [doctor.pk]
    assert QUALIFICATION_ORDER[0] == "apprenticeship" and QUALIFICATION_ORDER[-1] == "doctorate"


def test_minimum_experience_over_the_occupations(seeker: Any) -> None:
    veteran = seeker(occupations=[{"title": "Schlosser", "field": "24", "experience_years": 2},
                                  {"title": "Schweißer", "field": "24", "experience_years": 12}])  # fmt: skip
    junior = seeker(occupations=occ("Schlosser", years=1))
    assert ids(experience_min_years="10") == [veteran.pk]
    assert set(ids(experience_min_years="1")) == {veteran.pk, junior.pk}


def test_language_level_licence_and_availability(seeker: Any) -> None:
    soon = datetime.date.today() + datetime.timedelta(days=5)
    a = seeker(languages=[{"code": "pl", "level": "C1"}], licences=["CE"], available_from=soon.isoformat())
    b = seeker(languages=[{"code": "pl", "level": "A2"}], licences=["B"],
               available_from=(soon + datetime.timedelta(days=90)).isoformat())  # fmt: skip
    assert set(ids(language="pl")) == {a.pk, b.pk}
    assert ids(language="pl:B2") == [a.pk]
    assert ids(licence="CE") == [a.pk]
    assert ids(available_by=(soon + datetime.timedelta(days=1)).isoformat()) == [a.pk]


# ---- facets ---------------------------------------------------------------------------------------------------------


def test_language_licence_and_qualification_facets(seeker: Any) -> None:
    seeker(languages=[{"code": "de", "level": "native"}, {"code": "en", "level": "B2"}], licences=["B", "C"],
           vocational_qualification="apprenticeship")  # fmt: skip
    seeker(languages=[{"code": "de", "level": "native"}], licences=["B"], vocational_qualification="bachelor")
    seeker(languages=[{"code": "ru", "level": "native"}], licences=[], vocational_qualification="none")
    everything = find()
    assert facet(everything, "language") == {"de": 2, "en": 1, "ru": 1}
    assert facet(everything, "licence") == {"B": 2, "C": 1}
    # Per level: how many have at least it (what choosing it filters to).
    assert facet(everything, "qualification") == {"apprenticeship": 2, "master_technician": 1, "bachelor": 1}
    # Required filters: the counts are over the narrowed results (what adding one more value leaves).
    narrowed = find(licence="C")
    assert narrowed.total == 1
    assert facet(narrowed, "licence") == {"B": 1, "C": 1}
    assert facet(narrowed, "language") == {"de": 1, "en": 1}
    # The qualification facet is over the other filters, not its own.
    assert facet(find(qualification="bachelor"), "qualification") == facet(everything, "qualification")
    assert find(qualification="bachelor").total == 1
    assert [v.value for v in find(qualification="bachelor").facets["qualification"] if v.selected] == ["bachelor"]


def test_blocked_profiles_never_count_in_any_facet(seeker: Any, company_a: Company, company_b: Company) -> None:
    seeker(languages=[{"code": "uk", "level": "C1"}], licences=["D"], vocational_qualification="doctorate",
           blocked_companies=[company_a.slug])  # fmt: skip
    seeker(languages=[{"code": "de", "level": "native"}], licences=["B"], vocational_qualification="apprenticeship")
    seen = find(company_a, place="Nordhausen", radius_km="50")
    assert seen.total == 1
    for dim, values in seen.facets.items():
        assert sum(v.count for v in values if v.value in {"uk", "D", "doctorate"}) == 0, dim
    assert facet(seen, "qualification") == {"apprenticeship": 1}
    assert find(company_b).total == 2


def test_hits_carry_the_public_id_and_nothing_of_the_person(seeker: Any) -> None:
    p = seeker(headline="CNC-Fräser", phone="+49 361 5550199")
    [hit] = find(q="Fräser").hits
    assert hit.public_id == str(p.public_id)
    text = json.dumps(dataclasses.asdict(hit), default=str)
    for private in ("Zora", "Quillfeather", p.user.email, "5550199", p.user.username, "99734"):
        assert private not in text


# ---- parsing ---------------------------------------------------------------------------------------------------------


def test_bad_new_parameters_name_each_one() -> None:
    with pytest.raises(SearchQueryError) as caught:
        ProfileQuery.from_params({"qualification": "phd", "experience_min_years": "viele", "language": "en:B9"})
    assert set(caught.value.message_dict) == {"qualification", "experience_min_years", "language"}
    with pytest.raises(SearchQueryError) as caught:
        ProfileQuery.from_params({"experience_min_years": "99"})
    assert set(caught.value.message_dict) == {"experience_min_years"}
    query = ProfileQuery.from_params({"qualification": "bachelor", "experience_min_years": "3"})
    assert (query.qualification, query.experience_min_years) == ("bachelor", 3)


# ---- matching, both ways -------------------------------------------------------------------------------------------


def test_a_posting_finds_its_fitting_candidates(seeker: Any, post: Any, company_a: Company) -> None:
    posting = post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN),
                   employment_types=["full_time"], offer_type="job")  # fmt: skip
    fits = seeker(occupations=occ("Zerspanungsmechaniker"), employment_types=["full_time"], offer_types=["job"])
    same_field = seeker(occupations=occ("Schlosser"), employment_types=["full_time"], offer_types=["job"])
    seeker(occupations=occ("Pflegefachkraft", "81"), employment_types=["full_time"], offer_types=["job"])
    seeker(occupations=occ("Zerspanungsmechaniker"), employment_types=["part_time"], offer_types=["job"])
    seeker(occupations=occ("Zerspanungsmechaniker"), offer_types=["apprenticeship"])
    seeker(occupations=occ("Zerspanungsmechaniker"), home_municipality=JENA, commute_km=30)  # too far
    seeker(occupations=occ("Zerspanungsmechaniker"), blocked_companies=[company_a.slug])
    found = matching_candidates(posting=posting)
    # The title words rank: the Zerspanungsmechaniker before the other metalworker.
    assert [h.id for h in found.hits] == [fits.pk, same_field.pk]
    assert found.total == 2
    query = candidate_query_for_posting(posting, company_id=company_a.pk)
    assert query.company_id == company_a.pk and query.field == ("24",)


def test_a_profile_finds_its_fitting_jobs(seeker: Any, post: Any, company_b: Company) -> None:
    fits = post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(SONDERSHAUSEN))
    post(title="Pflegefachkraft (m/w/d)", field="81", workplaces=at(NORDHAUSEN))
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(JENA))  # beyond the commute
    post(title="Zerspanungsmechaniker (m/w/d)", field="24", employment_types=["part_time"])
    also = post(company_b, title="Industriemechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN))
    profile = seeker(occupations=occ("Zerspanungsmechaniker"), employment_types=["full_time"], offer_types=["job"],
                     commute_km=30)  # fmt: skip
    found = matching_jobs(profile=profile)
    # The occupation's title words rank: the older Zerspanungsmechaniker posting before the newer other one.
    assert [h.id for h in found.hits] == [fits.pk, also.pk]
    assert job_query_for_profile(profile) is not None


def test_a_profile_without_an_occupation_matches_nothing(seeker: Any, post: Any) -> None:
    post()
    profile = seeker(occupations=[])
    assert matching_jobs(profile=profile).total == 0


def test_availability_matches_both_ways(seeker: Any, post: Any) -> None:
    today = datetime.date.today()
    later = today + datetime.timedelta(days=60)
    at_once = post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN))
    early = post(title="Zerspanungsmechaniker CNC (m/w/d)", field="24", workplaces=at(NORDHAUSEN),
                 starts_on=today + datetime.timedelta(days=10))  # fmt: skip
    late = post(title="Zerspanungsmechaniker Dreherei (m/w/d)", field="24", workplaces=at(NORDHAUSEN),
                starts_on=later + datetime.timedelta(days=30))  # fmt: skip
    now = seeker(occupations=occ("Zerspanungsmechaniker"), available_from=None)
    from_later = seeker(occupations=occ("Zerspanungsmechaniker"), available_from=later.isoformat())
    # Someone available now fits every posting; someone available only later fits the posting that starts after
    # that day and the one naming no start, not the one starting before they can.
    assert {h.id for h in matching_jobs(profile=now).hits} == {at_once.pk, early.pk, late.pk}
    assert {h.id for h in matching_jobs(profile=from_later).hits} == {at_once.pk, late.pk}
    # The other way, the same pairs: the early posting does not find the candidate available later.
    assert {h.id for h in matching_candidates(posting=early).hits} == {now.pk}
    assert {h.id for h in matching_candidates(posting=late).hits} == {now.pk, from_later.pk}
    assert {h.id for h in matching_candidates(posting=at_once).hits} == {now.pk, from_later.pk}


def test_every_workplace_of_a_posting_counts_both_ways(seeker: Any, post: Any, backend: Any) -> None:
    both = post(title="Zerspanungsmechaniker (m/w/d)", field="24", workplaces=at(NORDHAUSEN) + at(JENA))
    near_jena = seeker(occupations=occ("Zerspanungsmechaniker"), home_municipality=JENA, commute_km=20)
    near_nordhausen = seeker(occupations=occ("Zerspanungsmechaniker"), home_municipality=NORDHAUSEN, commute_km=20)
    seeker(occupations=occ("Zerspanungsmechaniker"), home_municipality=ERFURT, commute_km=10)  # near neither
    assert {h.id for h in matching_candidates(posting=both).hits} == {near_jena.pk, near_nordhausen.pk}
    # The other way is the job search's radius over several workplaces (which osmem-server cannot do).
    require(backend, "radius_any_workplace")
    assert [h.id for h in matching_jobs(profile=near_jena).hits] == [both.pk]
