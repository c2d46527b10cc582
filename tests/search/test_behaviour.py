"""The behaviour of search, the same on every backend (the `backend` fixture runs each test once per backend).

German fixtures throughout: what a person in Thuringia types, and what they must find.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from companies import services as company_services
from companies.models import Company
from jobs import services as job_services
from jobs.models import JobPosting
from search import analysis
from search.backends.base import BaseSearchBackend
from search.query import SearchQuery
from search.selectors import search_jobs, suggest
from tests.factories import CompanyFactory, NetworkFactory

from .helpers import (
    BLEICHERODE,
    ELLRICH,
    ERFURT,
    JENA,
    MUEHLHAUSEN,
    NORDHAUSEN,
    SONDERSHAUSEN,
    at,
    days_ago,
    facet,
    find,
    ids,
    require,
)

pytestmark = pytest.mark.usefixtures("backend")


# ---- German full text --------------------------------------------------------------------------------------------


def test_plural_finds_singular_through_stemming(post: Any) -> None:
    wanted = post(title="Pflegefachkraft (m/w/d)", field="81")
    post(title="Zerspanungsmechaniker (m/w/d)")
    assert ids(q="Pflegekräfte") == [wanted.pk]


def test_singular_compound_finds_plural_posting(post: Any) -> None:
    wanted = post(title="Pflegekräfte für die Tagespflege gesucht", field="81")
    post(title="Lagerist (m/w/d)", field="51")
    assert ids(q="Pflegefachkraft") == [wanted.pk]


def test_umlaut_spelled_out_matches_umlaut(post: Any) -> None:
    wanted = post(title="Verkäufer (m/w/d)", description="<p>Filiale in Mühlhausen, direkt am Markt.</p>")
    post(title="Koch (m/w/d)", description="<p>Restaurant in Nordhausen.</p>")
    assert ids(q="Muehlhausen") == [wanted.pk]
    assert ids(q="Mühlhausen") == [wanted.pk]
    assert ids(q="verkaeufer") == [wanted.pk]


def test_sharp_s_and_ss_are_the_same(post: Any) -> None:
    wanted = post(title="Mitarbeiter Straßenbau (m/w/d)", field="32")
    assert ids(q="Strassenbau") == [wanted.pk]
    assert ids(q="straßenbau") == [wanted.pk]


def test_part_of_a_compound_finds_the_compound(post: Any) -> None:
    dev = post(title="Softwareentwickler (m/w/d)", field="43")
    cnc = post(title="Zerspanungsmechaniker (m/w/d)", field="24")
    post(title="Bürokaufmann (m/w/d)", field="71")
    assert ids(q="Entwickler") == [dev.pk]
    assert ids(q="Mechaniker") == [cnc.pk]


def test_gender_marker_never_changes_results(post: Any) -> None:
    a = post(title="Koch (m/w/d)", field="29", description="<p>Frische Küche.</p>")
    b = post(title="Koch", field="29", description="<p>Frische Küche.</p>", date_posted=days_ago(0))
    post(title="Elektriker (w/m/d)", field="26", description="<p>Schaltschrankbau.</p>")
    plain, marked = find(q="Koch"), find(q="Koch (m/w/d)")
    assert [h.id for h in plain.hits] == [h.id for h in marked.hits]
    assert {h.id for h in plain.hits} == {a.pk, b.pk}
    # The marker alone is no search at all: it neither matches every posting nor breaks the query.
    assert find(q="(m/w/d)").total == 3


def test_marker_does_not_change_ranking(post: Any) -> None:
    with_marker = post(title="Koch (m/w/d)", field="29", date_posted=days_ago(3))
    without = post(title="Koch", field="29", date_posted=days_ago(3))
    scores = {h.id: h.score for h in find(q="Koch").hits}
    assert scores[with_marker.pk] == pytest.approx(scores[without.pk])


@pytest.mark.parametrize(
    ("posted", "asked"),
    [
        ("Erzieherin", "Erzieher"),
        ("Erzieher (m/w/d)", "Erzieherin"),
        ("Kauffrau für Büromanagement", "Kaufmann"),
        ("Kaufmann im Einzelhandel", "Kauffrau"),
        ("Fachfrau für Systemgastronomie", "Fachmann"),
        ("Fachmann für Lagerlogistik", "Fachfrau"),
    ],
)
def test_female_and_male_titles_find_each_other(post: Any, posted: str, asked: str) -> None:
    wanted = post(title=posted, field="83", description="<p>Wir freuen uns auf Sie.</p>")
    post(title="Elektroniker (m/w/d)", field="26", description="<p>Wir freuen uns auf Sie.</p>")
    assert ids(q=asked) == [wanted.pk]


@pytest.mark.parametrize(("posted", "asked"), [("Schreiner (m/w/d)", "Tischler"), ("Tischlerin", "Schreiner")])
def test_synonyms_schreiner_tischler(post: Any, posted: str, asked: str) -> None:
    wanted = post(title=posted, field="22")
    post(title="Maurer (m/w/d)", field="32")
    assert ids(q=asked) == [wanted.pk]


@pytest.mark.parametrize(("posted", "asked"), [("LKW-Fahrer (m/w/d)", "Berufskraftfahrer"),
                                               ("Berufskraftfahrer CE (m/w/d)", "LKW-Fahrer")])  # fmt: skip
def test_synonyms_lkw_fahrer_berufskraftfahrer(post: Any, posted: str, asked: str) -> None:
    wanted = post(title=posted, field="52")
    post(title="Bäcker (m/w/d)", field="29")
    assert ids(q=asked) == [wanted.pk]


def test_synonym_list_is_editable(post: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = post(title="Hausmeister (m/w/d)", field="34")
    assert ids(q="Objektbetreuer") == []
    edited = tmp_path / "synonyms.txt"
    edited.write_text(analysis.SYNONYMS_FILE.read_text(encoding="utf-8") + "Hausmeister, Objektbetreuer\n")
    monkeypatch.setattr(analysis, "SYNONYMS_FILE", edited)
    analysis.synonyms_reload()
    try:
        assert ids(q="Objektbetreuer") == [wanted.pk]
    finally:
        monkeypatch.undo()
        analysis.synonyms_reload()


def test_one_typo_in_a_long_word_still_finds(post: Any) -> None:
    wanted = post(title="Zerspanungsmechaniker (m/w/d)")
    post(title="Industriemechaniker (m/w/d)")
    assert ids(q="Zerspannungsmechaniker") == [wanted.pk]
    assert ids(q="Zerspanungsmechanikre") == [wanted.pk]  # two letters swapped


def test_typo_tolerance_needs_five_letters(post: Any) -> None:
    post(title="Koch (m/w/d)", field="29")
    assert ids(q="Kich") == []
    assert len(ids(q="Koch")) == 1


def test_two_typos_are_too_many(post: Any) -> None:
    post(title="Zerspanungsmechaniker (m/w/d)")
    assert ids(q="Zerpsannungsmechaniker") == []


def test_a_word_found_with_a_typo_is_reported_as_the_results_spell_it(post: Any) -> None:
    post(title="Zerspanungsmechaniker (m/w/d)")
    post(title="Mechaniker für Landmaschinen (m/w/d)", description="<p>Instandhaltung</p>")
    results = find(q="Mechnaiker Instandhaltung")
    assert [h.title for h in results.hits] == ["Mechaniker für Landmaschinen (m/w/d)"]
    assert results.q_corrected == "Mechaniker Instandhaltung"
    assert find(q="Zerspanungsmechanikre").q_corrected == "Zerspanungsmechaniker"  # a typo in the ending
    # Spelled right (in a title or only in a description): nothing to report.
    assert find(q="Mechaniker").q_corrected == ""
    assert find(q="Instandhaltung").q_corrected == ""
    assert find(q="Mechnaiker Bäcker").q_corrected == ""  # nothing found, nothing to spell it by


def test_all_words_must_match(post: Any) -> None:
    both = post(title="Elektriker (m/w/d)", description="<p>Arbeit im Schichtbetrieb.</p>", field="26")
    post(title="Elektriker (m/w/d)", description="<p>Nur Frühdienst.</p>", field="26")
    post(title="Maschinenbediener (m/w/d)", description="<p>Arbeit im Schichtbetrieb.</p>", field="24")
    assert ids(q="Elektriker Schichtbetrieb") == [both.pk]


def test_title_match_ranks_above_description_match(post: Any) -> None:
    in_body = post(title="Teamleiter Produktion (m/w/d)", description="<p>Sie führen Zerspanungsmechaniker an.</p>",
                   date_posted=days_ago(0))  # fmt: skip
    in_title = post(title="Zerspanungsmechaniker (m/w/d)", description="<p>CNC-Drehen und Fräsen.</p>",
                    date_posted=days_ago(10))  # fmt: skip
    assert ids(q="Zerspanungsmechaniker") == [in_title.pk, in_body.pk]


def test_newer_first_among_equals(post: Any) -> None:
    old = post(title="Lagerist (m/w/d)", field="51", description="<p>Kommissionierung.</p>", date_posted=days_ago(9))
    new = post(title="Lagerist (m/w/d)", field="51", description="<p>Kommissionierung.</p>", date_posted=days_ago(1))
    mid = post(title="Lagerist (m/w/d)", field="51", description="<p>Kommissionierung.</p>", date_posted=days_ago(4))
    assert ids(q="Lagerist") == [new.pk, mid.pk, old.pk]


def test_no_match_gives_empty_results_with_zero_facets(post: Any) -> None:
    post()
    results = find(q="Astronaut")
    assert results.total == 0
    assert results.hits == []
    assert all(values == [] for values in results.facets.values())


def test_stop_words_and_case_are_ignored(post: Any) -> None:
    wanted = post(title="Koch für die Kantine (m/w/d)", field="29")
    assert ids(q="KOCH für die KANTINE") == [wanted.pk]


# ---- filters -----------------------------------------------------------------------------------------------------


def test_filter_by_one_county(post: Any) -> None:
    ndh = post(workplaces=at(NORDHAUSEN))
    post(workplaces=at(SONDERSHAUSEN))
    assert ids(county="16062") == [ndh.pk]


def test_filter_by_several_counties(post: Any) -> None:
    ndh = post(workplaces=at(NORDHAUSEN), date_posted=days_ago(2))
    kyf = post(workplaces=at(SONDERSHAUSEN), date_posted=days_ago(1))
    post(workplaces=at(ERFURT))
    assert ids(county=["16062", "16065"]) == [kyf.pk, ndh.pk]
    assert ids(county="16062,16065") == [kyf.pk, ndh.pk]


def test_posting_with_workplaces_in_two_counties(post: Any) -> None:
    both = post(workplaces=[*at(NORDHAUSEN), *at(MUEHLHAUSEN)])
    assert ids(county="16064") == [both.pk]
    assert ids(county="16062") == [both.pk]
    assert facet(find(), "county") == {"16062": 1, "16064": 1}


def test_place_and_radius(post: Any) -> None:
    near = post(workplaces=at(ELLRICH), date_posted=days_ago(1))
    here = post(workplaces=at(NORDHAUSEN), date_posted=days_ago(2))
    post(workplaces=at(SONDERSHAUSEN))  # 15.7 km
    post(workplaces=at(ERFURT))
    assert ids(place="Nordhausen", radius_km="14") == [near.pk, here.pk]
    assert len(ids(place="Nordhausen", radius_km="25")) == 3


def test_radius_finds_a_posting_by_any_of_its_workplaces(post: Any, backend: BaseSearchBackend) -> None:
    require(backend, "radius_any_workplace")
    both = post(workplaces=[*at(NORDHAUSEN), *at(JENA)])
    post(workplaces=at(ERFURT))
    assert ids(place="Jena", radius_km="5") == [both.pk]
    assert ids(place="Nordhausen", radius_km="5") == [both.pk]
    assert find(place="Jena", radius_km="5").hits[0].distance_km == 0.0


def test_radius_zero_means_only_the_place_itself(post: Any) -> None:
    here = post(workplaces=at(NORDHAUSEN), date_posted=days_ago(1))
    ellrich = post(workplaces=at(ELLRICH))  # 13.0 km
    post(workplaces=at(SONDERSHAUSEN))
    results = find(place="Nordhausen", radius_km="0")
    assert [h.id for h in results.hits] == [here.pk]
    assert results.hits[0].distance_km == 0.0
    assert ids(place="99734", radius_km="0") == [here.pk]
    assert ids(place="Ellrich", radius_km="0") == [ellrich.pk]
    assert len(ids(place="Nordhausen", radius_km="14")) == 2


def test_radius_zero_at_a_postal_locality_means_its_municipality(post: Any) -> None:
    erfurt = post(workplaces=at(ERFURT))
    post(workplaces=at(JENA))
    # The locality 99087 (Erfurt) lies about 5 km from Erfurt's centre, where Erfurt's workplaces are located.
    results = find(place="99087", radius_km="0")
    assert [h.id for h in results.hits] == [erfurt.pk]
    assert results.hits[0].distance_km == 0.0


def test_place_by_postal_code(post: Any) -> None:
    here = post(workplaces=at(NORDHAUSEN))
    post(workplaces=at(JENA))
    assert ids(place="99734", radius_km="5") == [here.pk]


def test_a_misspelt_place_searches_its_one_correction(post: Any) -> None:
    here = post(workplaces=at(NORDHAUSEN))
    post(workplaces=at(JENA))
    results = find(place="Nordhasuen", radius_km="5")
    assert [h.id for h in results.hits] == [here.pk]
    assert SearchQuery.from_params({"place": "Nordhasuen"}).place_corrected == "Nordhausen"
    mhl = post(workplaces=at(MUEHLHAUSEN))
    found = find(place="Mühlhasuen", radius_km="5")
    assert [h.id for h in found.hits] == [mhl.pk]


def test_place_by_coordinates(post: Any) -> None:
    post(workplaces=at(NORDHAUSEN))
    jena = post(workplaces=at(JENA))
    assert ids(lat="50.93", lon="11.59", radius_km="10") == [jena.pk]


def test_filter_by_field_and_area(post: Any) -> None:
    nurse = post(title="Pflegefachkraft", field="81")
    doctor = post(title="Assistenzarzt", field="81", date_posted=days_ago(3))
    teacher = post(title="Erzieher", field="83", date_posted=days_ago(5))
    post(title="Zerspanungsmechaniker", field="24")
    assert set(ids(field="81")) == {nurse.pk, doctor.pk}
    assert set(ids(area="8")) == {nurse.pk, doctor.pk, teacher.pk}
    assert set(ids(field=["81", "83"])) == {nurse.pk, doctor.pk, teacher.pk}


def test_filter_by_employment_offer_contract_remote(post: Any) -> None:
    part = post(employment_types=["part_time"], contract="fixed_term", remote="hybrid")
    full = post(employment_types=["full_time", "shift"], offer_type="apprenticeship")
    assert ids(employment_type="part_time") == [part.pk]
    assert ids(employment_type="shift") == [full.pk]
    assert ids(offer_type="apprenticeship") == [full.pk]
    assert ids(contract="fixed_term") == [part.pk]
    assert ids(remote="hybrid") == [part.pk]
    assert ids(remote="true") == [part.pk]


def test_filter_by_minimum_salary_compares_per_month(post: Any) -> None:
    monthly = post(salary_min=2800, salary_max=3400, salary_period="month")
    hourly = post(salary_min=Decimal("20.00"), salary_max=Decimal("22.00"), salary_period="hour")  # ~3,800/month
    post(salary_min=30000, salary_max=33000, salary_period="year")  # 2,750/month
    post(salary_min=None, salary_max=None, salary_period="")
    assert set(ids(salary_min="3000")) == {monthly.pk, hourly.pk}
    assert ids(salary_min="3500") == [hourly.pk]


def test_filter_by_posting_date(post: Any) -> None:
    fresh = post(date_posted=days_ago(2))
    post(date_posted=days_ago(20))
    assert ids(posted_within_days="7") == [fresh.pk]


def test_filter_by_company(post: Any, company_a: Company, company_b: Company) -> None:
    post(company_a)
    b = post(company_b)
    assert ids(company="firma-b") == [b.pk]


def test_filter_by_network(post: Any) -> None:
    network = NetworkFactory(slug="fermeth", name="FerMeTh")
    member = CompanyFactory(slug="cnc-nord", name="CNC Nord GmbH")
    member.networks.add(network)
    in_network = post(member)
    post()
    assert ids(network="fermeth") == [in_network.pk]


def test_only_visible_postings(post: Any, committed: Any, company_a: Company) -> None:
    shown = post(title="Elektriker (m/w/d)")
    post(title="Elektriker Entwurf", status="draft")
    closed = post(title="Elektriker geschlossen")
    pending = CompanyFactory(slug="neu", status=Company.Status.PENDING)
    with committed():
        job_services.job_create(company=pending, data={"title": "Elektriker wartet"} | _draft_data())
    with committed():
        job_services.job_close(job=closed)
    assert ids(q="Elektriker") == [shown.pk]


def _draft_data() -> dict[str, Any]:
    from tests.factories import posting_data

    return {k: v for k, v in posting_data(status="draft").items() if k != "title"}


def test_expired_postings_are_hidden_even_before_the_expiry_job(post: Any) -> None:
    job = post(valid_through=datetime.date.today() + datetime.timedelta(days=2))
    later = datetime.date.today() + datetime.timedelta(days=3)
    assert [h.id for h in search_jobs(SearchQuery()).hits] == [job.pk]
    assert search_jobs(SearchQuery(today=later)).total == 0


def test_suspending_and_approving_a_company(post: Any, committed: Any, company_b: Company) -> None:
    job = post(company_b)
    with committed():
        company_services.company_suspend(company=company_b)
    assert ids() == []
    with committed():
        company_services.company_approve(company=company_b)
    assert ids() == [job.pk]


def test_edits_reach_the_index(post: Any, committed: Any) -> None:
    job = post(title="Koch (m/w/d)")
    with committed():
        job_services.job_update(job=job, data={"title": "Bäcker (m/w/d)"})
    assert ids(q="Koch") == []
    assert ids(q="Bäcker") == [job.pk]


# ---- facets ------------------------------------------------------------------------------------------------------


@pytest.fixture
def spread(post: Any) -> dict[str, JobPosting]:
    """Six postings over three counties, three fields and two employment types."""
    network = NetworkFactory(slug="automotive-thueringen", name="Automotive Thüringen")
    member = CompanyFactory(slug="zulieferer", name="Zulieferer GmbH")
    member.networks.add(network)
    return {
        "ndh_metal": post(member, title="Zerspanungsmechaniker", workplaces=at(NORDHAUSEN), field="24"),
        "ndh_care": post(title="Pflegefachkraft", workplaces=at(BLEICHERODE), field="81",
                         employment_types=["part_time"]),
        "kyf_metal": post(member, title="Industriemechaniker", workplaces=at(SONDERSHAUSEN), field="24"),
        "kyf_care": post(title="Pflegehelfer", workplaces=at(SONDERSHAUSEN), field="81",
                         employment_types=["part_time", "shift"]),
        "uh_care": post(title="Altenpfleger", workplaces=at(MUEHLHAUSEN), field="81"),
        "uh_it": post(title="Softwareentwickler", workplaces=at(MUEHLHAUSEN), field="43"),
    }  # fmt: skip


def test_facet_counts_without_filters(spread: dict[str, JobPosting]) -> None:
    results = find()
    assert results.total == 6
    assert facet(results, "county") == {"16062": 2, "16065": 2, "16064": 2}
    assert facet(results, "field") == {"24": 2, "81": 3, "43": 1}
    assert facet(results, "area") == {"2": 2, "8": 3, "4": 1}
    assert facet(results, "employment_type") == {"full_time": 4, "part_time": 2, "shift": 1}
    assert facet(results, "offer_type") == {"job": 6}
    assert facet(results, "network") == {"automotive-thueringen": 2}


def test_facets_carry_labels(spread: dict[str, JobPosting]) -> None:
    labels = {v.value: v.label for v in find().facets["county"]}
    assert labels["16062"] == "Landkreis Nordhausen"
    assert {v.value: v.label for v in find().facets["network"]} == {"automotive-thueringen": "Automotive Thüringen"}


def test_choosing_a_county_keeps_the_other_counties_counts(spread: dict[str, JobPosting]) -> None:
    results = find(county="16062")
    assert results.total == 2
    assert facet(results, "county") == {"16062": 2, "16065": 2, "16064": 2}
    selected = {v.value for v in results.facets["county"] if v.selected}
    assert selected == {"16062"}
    # Other facets follow the county filter.
    assert facet(results, "field") == {"24": 1, "81": 1}


def test_each_facet_is_computed_over_all_other_filters(spread: dict[str, JobPosting]) -> None:
    results = find(county="16065", field="81")
    assert results.total == 1
    assert facet(results, "county") == {"16062": 1, "16065": 1, "16064": 1}  # care postings per county
    assert facet(results, "field") == {"24": 1, "81": 1}  # Kyffhäuserkreis postings per field
    assert facet(results, "employment_type") == {"part_time": 1, "shift": 1}


def test_facets_follow_the_text(spread: dict[str, JobPosting]) -> None:
    results = find(q="Pflege")
    assert results.total == 3
    assert facet(results, "county") == {"16062": 1, "16065": 1, "16064": 1}
    assert facet(results, "field") == {"81": 3}


def test_facets_with_text_and_a_facet_filter(spread: dict[str, JobPosting]) -> None:
    results = find(q="mechaniker", field="24", employment_type="full_time")
    assert results.total == 2
    assert facet(results, "field") == {"24": 2}
    assert facet(results, "employment_type") == {"full_time": 2}
    assert facet(results, "network") == {"automotive-thueringen": 2}


@pytest.fixture
def terms(post: Any) -> dict[str, JobPosting]:
    """Four postings over both contracts, the three remote options and four ages."""
    return {
        "today": post(contract="permanent", remote="none", date_posted=days_ago(0)),
        "week": post(contract="fixed_term", remote="hybrid", date_posted=days_ago(3)),
        "month": post(contract="permanent", remote="full", date_posted=days_ago(10)),
        "old": post(contract="permanent", remote="none", date_posted=days_ago(40)),
    }


def test_contract_remote_and_date_facets(terms: dict[str, JobPosting]) -> None:
    results = find()
    assert facet(results, "contract") == {"permanent": 3, "fixed_term": 1}
    assert facet(results, "remote") == {"none": 2, "hybrid": 1, "full": 1}
    assert facet(results, "posted_within_days") == {"1": 1, "7": 2, "30": 3}
    assert [v.value for v in results.facets["posted_within_days"]] == ["1", "7", "30"]
    assert not any(v.selected for values in results.facets.values() for v in values)


def test_contract_remote_and_date_facets_are_multi_select(terms: dict[str, JobPosting]) -> None:
    results = find(contract="fixed_term", posted_within_days="7")
    assert [h.id for h in results.hits] == [terms["week"].pk]
    assert facet(results, "contract") == {"permanent": 1, "fixed_term": 1}  # within 7 days
    assert facet(results, "posted_within_days") == {"7": 1, "30": 1}  # fixed-term postings by age
    assert facet(results, "remote") == {"hybrid": 1}  # both filters apply
    assert [v.value for v in results.facets["posted_within_days"] if v.selected] == ["7"]
    assert [v.value for v in results.facets["contract"] if v.selected] == ["fixed_term"]


def test_remote_facet_over_the_other_filters(terms: dict[str, JobPosting]) -> None:
    results = find(remote="true", contract="permanent")
    assert [h.id for h in results.hits] == [terms["month"].pk]
    assert facet(results, "remote") == {"none": 2, "full": 1}  # permanent postings per remote option
    assert {v.value for v in results.facets["remote"] if v.selected} == {"full"}
    assert facet(results, "contract") == {"permanent": 1, "fixed_term": 1}  # hybrid or full per contract
    assert facet(results, "posted_within_days") == {"30": 1}


# ---- sorting, paging, hits ---------------------------------------------------------------------------------------


def test_sort_by_date(post: Any) -> None:
    old = post(title="Pflegefachkraft", date_posted=days_ago(5))
    new = post(
        title="Stationshilfe", description="<p>Sie unterstützen die Pflegefachkraft.</p>", date_posted=days_ago(1)
    )
    assert ids(q="Pflegefachkraft") == [old.pk, new.pk]  # relevance: the title says it
    assert ids(q="Pflegefachkraft", sort="date") == [new.pk, old.pk]
    assert ids() == [new.pk, old.pk]  # no text: newest first


def test_sort_by_distance_with_distances(post: Any) -> None:
    far = post(workplaces=at(MUEHLHAUSEN), date_posted=days_ago(0))
    near = post(workplaces=at(ELLRICH), date_posted=days_ago(5))
    mid = post(workplaces=at(SONDERSHAUSEN), date_posted=days_ago(3))
    results = find(place="Nordhausen", radius_km="50", sort="distance")
    assert [h.id for h in results.hits] == [near.pk, mid.pk, far.pk]
    distances = [h.distance_km for h in results.hits]
    assert distances == sorted(distances)
    assert distances[0] == pytest.approx(13.0, abs=0.1)
    assert distances[2] == pytest.approx(39.7, abs=0.1)
    assert all(h.distance_km is None for h in find().hits)


def test_paging(post: Any) -> None:
    made = [post(title=f"Lagerhelfer {i}", date_posted=days_ago(i)) for i in range(5)]
    first = find(page_size="2")
    third = find(page_size="2", page="3")
    assert first.total == third.total == 5
    assert [h.id for h in first.hits] == [made[0].pk, made[1].pk]
    assert [h.id for h in third.hits] == [made[4].pk]
    assert find(page_size="2", page="4").hits == []


def test_hit_carries_what_the_list_shows(post: Any, company_a: Company) -> None:
    job = post(title="Zerspanungsmechaniker (m/w/d)", workplaces=at(NORDHAUSEN, "99734"),
               employment_types=["full_time", "shift"], date_posted=days_ago(2))  # fmt: skip
    hit = find(q="CNC", place="Nordhausen", radius_km="10").hits[0]
    assert hit.id == job.pk
    assert hit.title == "Zerspanungsmechaniker (m/w/d)"
    assert hit.company == {"id": company_a.pk, "slug": "firma-a", "name": "Firma A GmbH"}
    assert hit.places[0]["name"] == "Nordhausen"
    assert hit.places[0]["postal_code"] == "99734"
    assert hit.places[0]["county"] == "16062"
    assert hit.distance_km == 0.0
    assert hit.field == {"code": "24", "name": "Metallerzeugung und -bearbeitung, Metallbauberufe"}
    assert hit.employment_types == ["full_time", "shift"]
    assert hit.date_posted == days_ago(2)
    assert "<mark>CNC-Fertigung</mark>" in hit.snippet


def test_snippet_is_escaped_html_with_marks(post: Any) -> None:
    description = "<p>Sie entwickeln in C++ &amp; Python &lt;script&gt; – Softwareentwicklung im Team.</p>"
    post(title="Softwareentwickler (m/w/d)", field="43", description=description)
    snippet = find(q="Python").hits[0].snippet
    assert "<mark>Python</mark>" in snippet
    assert "&amp;" in snippet
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet


def test_snippet_marks_stemmed_and_folded_forms(post: Any) -> None:
    post(title="Pflegefachkraft", field="81", description="<p>Unsere Pflegekräfte arbeiten in Mühlhausen.</p>")
    snippet = find(q="Pflegekraft muehlhausen").hits[0].snippet
    assert "<mark>Pflegekräfte</mark>" in snippet
    assert "<mark>Mühlhausen</mark>" in snippet


def test_autocomplete_titles_and_places(post: Any) -> None:
    post(title="Pflegefachkraft (m/w/d)", field="81")
    post(title="Pflegefachkraft (w/m/d)", field="81")
    post(title="Altenpflegehelfer (m/w/d)", field="81")
    post(title="Zerspanungsmechaniker (m/w/d)")
    found = suggest("Pfleg")
    titles = [(s.text, s.count) for s in found if s.kind == "title"]
    assert titles[0] == ("Pflegefachkraft", 2)
    assert all("Zerspanung" not in t for t, _ in titles)
    assert next(s.text for s in suggest("Nordh") if s.kind == "place") == "Nordhausen"
    assert [s.text for s in suggest("mechan") if s.kind == "title"] == []
    assert [s.text for s in suggest("zersp") if s.kind == "title"] == ["Zerspanungsmechaniker"]


def test_autocomplete_any_word_for_one_word_title_start_for_several(post: Any) -> None:
    post(title="Fachkraft für Lagerlogistik (m/w/d)", field="51")
    post(title="Fachkraft für Lagerlogistik (w/m/d)", field="51")
    post(title="Pflege Fachkraft (m/w/d)", field="81")
    post(title="Elektro Fachkraft (m/w/d)", field="26")
    titles = [(s.text, s.count) for s in suggest("Fachkr") if s.kind == "title"]
    # The title that starts with it first; two titles sharing the word stay two suggestions.
    assert titles == [("Fachkraft für Lagerlogistik", 2), ("Elektro Fachkraft", 1), ("Pflege Fachkraft", 1)]
    assert [s.text for s in suggest("Fachkraft für") if s.kind == "title"] == ["Fachkraft für Lagerlogistik"]
    assert [s.text for s in suggest("Elektro Fach") if s.kind == "title"] == ["Elektro Fachkraft"]
    assert [s.text for s in suggest("Fachkraft Elek") if s.kind == "title"] == []
    assert [s.text for s in suggest("lagerlog") if s.kind == "title"] == ["Fachkraft für Lagerlogistik"]


def test_only_ids_restricts_to_those_postings_with_every_other_filter(post: Any) -> None:
    """What job alerts ask: a search among the postings published since their last digest (SearchQuery.only_ids,
    not a request parameter)."""
    import dataclasses

    old = post(title="Pflegefachkraft", workplaces=at(NORDHAUSEN))
    near = post(title="Altenpfleger", workplaces=at(BLEICHERODE))
    far = post(title="Pflegehelfer", workplaces=at(ERFURT))
    other = post(title="Lagerist", workplaces=at(NORDHAUSEN))
    base = SearchQuery.from_params({"q": "Pflege", "place": "Nordhausen", "radius_km": "25"})
    results = search_jobs(dataclasses.replace(base, only_ids=frozenset({near.pk, far.pk, other.pk}), sort="date"))
    assert [h.id for h in results.hits] == [near.pk] and results.total == 1
    assert old.pk in ids(q="Pflege", place="Nordhausen", radius_km="25")
    assert search_jobs(dataclasses.replace(base, only_ids=frozenset())).total == 0
    assert search_jobs(dataclasses.replace(base, only_ids=frozenset({10**9}))).total == 0
