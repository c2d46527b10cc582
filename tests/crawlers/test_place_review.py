"""Places a postal code shared by several municipalities, settled by the locality and the street; what cannot be
settled waits, unpublished, for a person's pick (PlaceReview) in the company area and on the operator's dashboard."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from crawlers.models import Outcome, PlaceReview
from crawlers.normalize import Gazetteer, resolve_places
from crawlers.pipeline import crawl_source, source_add
from crawlers.types import RawPlace, RawPosting
from jobs.models import JobPosting, Status
from regions.selectors import municipalities_by_postal_code
from tests.crawlers.server import LocalServer
from tests.crawlers.test_pipeline import detail, jsonld_page

pytestmark = pytest.mark.django_db

BLEICHERODE, KEHMSTEDT, LIPPRECHTERODE = "16062066", "16062024", "16062033"
NORDHAUSEN = "16062041"


def _resolve(fallback: str | None = NORDHAUSEN, **place: str):  # type: ignore[no-untyped-def]
    return resolve_places(RawPosting(title="Maurer", places=[RawPlace(**place)]), Gazetteer(), fallback)


def _ags(**place: str) -> list[str]:
    return [w["municipality"] for w in _resolve(**place).workplaces]


def test_the_gazetteer_knows_99752_is_shared() -> None:
    assert [m.ags for m in municipalities_by_postal_code("99752")] == [KEHMSTEDT, LIPPRECHTERODE, BLEICHERODE]
    assert [m.ags for m in municipalities_by_postal_code("99734")] == [NORDHAUSEN]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ({"postal_code": "99752", "locality": "Bleicherode"}, BLEICHERODE),  # the users' case: not Kehmstedt
        ({"postal_code": "99752", "locality": "Kehmstedt"}, KEHMSTEDT),
        ({"postal_code": "99752", "locality": "Stadt Bleicherode"}, BLEICHERODE),
        ({"postal_code": "99752", "locality": "Bleicherode, Stadt"}, BLEICHERODE),
        ({"postal_code": "99752", "locality": "Bleicherode OT Kraja"}, BLEICHERODE),
        ({"postal_code": "99752", "locality": "Kraja (Bleicherode)"}, BLEICHERODE),
        ({"postal_code": "99752", "locality": "Kraja", "street": "Am Anger 2, Bleicherode"}, BLEICHERODE),
        ({"postal_code": "99752", "locality": "Bleicherode-Obergebra"}, BLEICHERODE),  # town and district
        ({"postal_code": "99752", "locality": "Bleicherode", "region": "Landkreis Nordhausen"}, BLEICHERODE),
        ({"locality": "Kehmstedt, Landkreis Nordhausen"}, KEHMSTEDT),  # the county's name is not the place
        ({"text": "Industriestraße 4, 99752 Bleicherode"}, BLEICHERODE),
        ({"postal_code": "99974", "locality": "Mühlhausen"}, "16064046"),
        ({"postal_code": "99734", "locality": "Nordhausen"}, NORDHAUSEN),  # a code of one municipality decides
        ({"locality": "Bleicherode"}, BLEICHERODE),
    ],
)
def test_a_shared_postal_code_is_settled_by_locality_and_street(place: dict[str, str], expected: str) -> None:
    assert _ags(**place) == [expected]


def test_what_cannot_be_settled_is_a_question_not_a_guess() -> None:
    # Kraja is an Ortsteil the gazetteer links to no municipality: any of the three sharing 99752 it may be.
    result = _resolve(postal_code="99752", locality="Kraja", street="Dorfstraße 7")
    assert result.workplaces == []
    assert result.question is not None
    assert result.question.candidates == [KEHMSTEDT, LIPPRECHTERODE, BLEICHERODE]
    assert (result.question.text, result.question.postal_code) == ("Dorfstraße 7, 99752, Kraja", "99752")
    # The postal code alone: the company sits elsewhere, so nothing tells.
    assert _resolve(postal_code="99752").question is not None
    # A name two municipalities carry, and a name the gazetteer does not know.
    assert _resolve(locality="Eichenberg").question is not None
    assert _resolve(locality="Hintertupfingen").question.candidates == []  # type: ignore[union-attr]


def test_the_companys_own_municipality_settles_a_bare_shared_code() -> None:
    assert [w["municipality"] for w in _resolve(fallback=BLEICHERODE, postal_code="99752").workplaces] == [BLEICHERODE]
    # …but not against a locality that says otherwise or cannot be told.
    assert _resolve(fallback=BLEICHERODE, postal_code="99752", locality="Kraja").question is not None


def test_no_place_at_all_is_the_companys_and_abroad_is_no_question() -> None:
    assert (
        resolve_places(RawPosting(title="Maurer"), Gazetteer(), NORDHAUSEN).workplaces[0]["municipality"] == NORDHAUSEN
    )
    assert _resolve(locality="Wien", country="AT").question is None


# --- the crawl and the review list --------------------------------------------------------------------------------


@pytest.fixture
def site(server: LocalServer) -> LocalServer:
    server.add("/karriere", jsonld_page(links=[("/karriere/1", "1"), ("/karriere/2", "2")]))
    server.add("/karriere/1", detail("B-1", "Maurer (m/w/d)", postal="99752", locality="Bleicherode"))
    server.add("/karriere/2", detail("B-2", "Dachdecker (m/w/d)", postal="99752", locality="Kraja"))
    return server


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_crawl_publishes_what_it_settles_and_holds_the_rest(site: LocalServer, company_a) -> None:  # type: ignore[no-untyped-def]
    source = source_add(by_operator=True, company=company_a, url=site.url("/karriere"))
    run = crawl_source(source)
    assert (run.outcome, run.new, run.place_reviews) == (Outcome.OK, 2, 1)
    maurer = JobPosting.objects.get(external_id="B-1")
    assert maurer.status == Status.PUBLISHED
    assert [w.municipality_id for w in maurer.workplaces.all()] == [BLEICHERODE]
    dachdecker = JobPosting.objects.get(external_id="B-2")
    assert dachdecker.status == Status.DRAFT and not dachdecker.workplaces.exists()
    assert not JobPosting.objects.visible().filter(pk=dachdecker.pk).exists()
    review = PlaceReview.objects.get()
    assert (review.posting_id, review.address_text, review.is_open) == (dachdecker.pk, "99752, Kraja", True)
    # A rerun neither duplicates the question nor publishes the posting.
    again = crawl_source(source)
    assert (again.outcome, again.new, again.place_reviews) == (Outcome.OK, 0, 1)
    assert PlaceReview.objects.count() == 1
    dachdecker.refresh_from_db()
    assert dachdecker.status == Status.DRAFT


def test_the_company_sees_only_its_own_and_its_pick_publishes_for_good(  # type: ignore[no-untyped-def]
    site: LocalServer, company_a, company_b, member_a, member_b, operator
) -> None:
    source = source_add(by_operator=True, company=company_a, url=site.url("/karriere"))
    crawl_source(source)
    review = PlaceReview.objects.get()
    url = reverse("frontend:place_review_decide", args=[review.pk])

    page = _client(member_a).get(reverse("frontend:dashboard")).content.decode()
    assert "Dachdecker (m/w/d)" in page and "99752, Kraja" in page and 'value="16062066"' in page
    other = _client(member_b).get(reverse("frontend:dashboard")).content.decode()
    assert "Dachdecker" not in other
    assert _client(member_b).post(url, {f"review{review.pk}-municipality": BLEICHERODE}).status_code == 404
    # The operator sees every company's.
    desk = _client(operator).get(reverse("moderation:operator_dashboard")).content.decode()
    assert "Dachdecker (m/w/d)" in desk and "Firma A GmbH" in desk

    # Nothing picked: 400 naming the field, nothing published.
    refused = _client(member_a).post(url, {})
    assert refused.status_code == 400 and "Wählen Sie die Gemeinde, in der die Stelle ist." in refused.content.decode()
    assert _client(member_a).post(url, {f"review{review.pk}-municipality": "99999999"}).status_code == 400

    done = _client(member_a).post(url, {f"review{review.pk}-municipality": BLEICHERODE})
    assert done.status_code == 302
    job = JobPosting.objects.get(external_id="B-2")
    assert job.status == Status.PUBLISHED and JobPosting.objects.visible().filter(pk=job.pk).exists()
    assert [(w.municipality_id, w.postal_code) for w in job.workplaces.all()] == [(BLEICHERODE, "99752")]
    review.refresh_from_db()
    assert (review.municipality_id, review.decided_by) == (BLEICHERODE, member_a)

    # Reruns keep the pick: no second review, the posting stays where the person put it.
    for _ in range(2):
        run = crawl_source(source)
        assert run.place_reviews == 0
    job.refresh_from_db()
    assert job.status == Status.PUBLISHED
    assert [w.municipality_id for w in job.workplaces.all()] == [BLEICHERODE]
    assert PlaceReview.objects.count() == 1 and not PlaceReview.objects.open().exists()
    assert run.unchanged == 2
    assert _client(member_a).post(url, {f"review{review.pk}-municipality": KEHMSTEDT}).status_code == 404


def test_the_operator_picks_by_typing_and_a_new_address_asks_again(  # type: ignore[no-untyped-def]
    site: LocalServer, company_a, operator
) -> None:
    source = source_add(by_operator=True, company=company_a, url=site.url("/karriere"))
    crawl_source(source)
    review = PlaceReview.objects.get()
    url = reverse("moderation:place_review_decide", args=[review.pk])
    unknown = _client(operator).post(url, {f"review{review.pk}-place": "Hintertupfingen"})
    assert unknown.status_code == 400 and "Hintertupfingen" in unknown.content.decode()
    assert _client(operator).post(url, {f"review{review.pk}-place": "Kehmstedt"}).status_code == 302
    job = JobPosting.objects.get(external_id="B-2")
    assert job.status == Status.PUBLISHED and [w.municipality_id for w in job.workplaces.all()] == [KEHMSTEDT]

    # The company's page now gives another address it cannot settle either: a new question, the posting held again.
    site.add("/karriere/2", detail("B-2", "Dachdecker (m/w/d)", postal="99752", locality="Wipperdorf"))
    run = crawl_source(source)
    assert run.place_reviews == 1
    review.refresh_from_db()
    assert review.is_open and review.address_text == "99752, Wipperdorf"
    job.refresh_from_db()
    assert job.status == Status.DRAFT
    # …and once it names a place the gazetteer knows, the question goes by itself.
    site.add("/karriere/2", detail("B-2", "Dachdecker (m/w/d)", postal="99752", locality="Lipprechterode"))
    crawl_source(source)
    job.refresh_from_db()
    assert job.status == Status.PUBLISHED and [w.municipality_id for w in job.workplaces.all()] == [LIPPRECHTERODE]
    assert not PlaceReview.objects.exists()


def test_a_posting_its_company_placed_and_published_by_hand_stays_up(site: LocalServer, company_a, member_a) -> None:  # type: ignore[no-untyped-def]
    from jobs import services

    source = source_add(by_operator=True, company=company_a, url=site.url("/karriere"))
    crawl_source(source)
    job = JobPosting.objects.get(external_id="B-2")
    services.job_update(
        job=job,
        data={"workplaces": [{"municipality": LIPPRECHTERODE, "postal_code": "", "street": ""}], "status": "published"},
        by=member_a,
    )
    run = crawl_source(source)
    assert run.place_reviews == 0
    job.refresh_from_db()
    assert job.status == Status.PUBLISHED and [w.municipality_id for w in job.workplaces.all()] == [LIPPRECHTERODE]
    review = PlaceReview.objects.get()
    assert (review.is_open, review.municipality_id) == (False, LIPPRECHTERODE)
