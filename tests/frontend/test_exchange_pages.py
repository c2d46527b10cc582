"""The skilled-worker exchange's pages: who may open each (anonymous → login, seekers and members of a pending
company → 403, another company's requests never shown), the candidate search with its facets, the contact form's
errors and daily limit, the seeker's answers through the pages, and no private data of a pseudonymous candidate in
any page's HTML."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from companies.models import Company
from profiles.contact import contact_request_send
from profiles.models import ContactRequest, ContactStatus, SeekerProfile, Visibility
from search.backends.base import get_search_backend
from search.indexing import profile_index_update
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, make_posting, make_profile
from tests.frontend.conftest import field_error, soup

pytestmark = pytest.mark.django_db

MESSAGE = "Guten Tag, wir suchen Verstärkung in der CNC-Fertigung."
PRIVATE = ("Sabine", "Schröder", "sabine@example.org", "sabine", "+49 3631 123456")


@pytest.fixture(autouse=True)
def _empty_index(db: None) -> None:
    """An empty search index for each test: no profile or posting of another test is found (or counted)."""
    get_search_backend().reset_index()


@pytest.fixture
def profile_a(seeker_a: Any) -> SeekerProfile:
    profile = SeekerProfile.objects.get(user=seeker_a)
    profile.phone = "+49 3631 123456"
    profile.save(update_fields=["phone"])
    profile_index_update([profile.pk])
    return profile


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _send(company: Company, profile: SeekerProfile, by: Any) -> ContactRequest:
    return contact_request_send(company=company, profile=profile, message=MESSAGE, by=by)


def _company_pages(company: Company, profile: SeekerProfile) -> list[str]:
    slug = company.slug
    return [
        reverse("frontend:candidate_search", args=[slug]),
        reverse("frontend:candidate_detail", args=[slug, profile.public_id]),
        reverse("frontend:company_requests", args=[slug]),
    ]


def _assert_private_absent(page: str) -> None:
    for value in PRIVATE:
        assert value not in page, value


# --- who may -------------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(company_a: Company, profile_a: SeekerProfile) -> None:
    request = _send(company_a, profile_a, MembershipFactory(company=company_a).user)
    posting = make_posting(company_a)
    pages = [
        *_company_pages(company_a, profile_a),
        reverse("frontend:posting_candidates", args=[posting.pk]),
        reverse("frontend:seeker_requests"),
        reverse("frontend:seeker_request_accept", args=[request.public_id]),
        reverse("frontend:seeker_request_decline", args=[request.public_id]),
    ]
    for url in pages:
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_seekers_and_members_of_a_pending_company_get_a_clear_403(
    company_a: Company, seeker_a: Any, profile_a: SeekerProfile
) -> None:
    pending = CompanyFactory(slug="wartend", status=Company.Status.PENDING)
    waiting = MembershipFactory(company=pending, user=UserFactory(username="wanda")).user
    for user, slug, reason in (
        (seeker_a, company_a.slug, "for members of the region's approved companies"),
        (waiting, pending.slug, "once the operator has approved it"),
        (waiting, company_a.slug, "for members of the region's approved companies"),
    ):
        for url in _company_pages(Company.objects.get(slug=slug), profile_a):
            response = _client(user).get(url)
            assert response.status_code == 403, url
            assert reason in html.unescape(response.content.decode())
            _assert_private_absent(response.content.decode())


def test_a_company_never_sees_another_companys_requests(
    company_a: Company, company_b: Company, member_a: Any, member_b: Any, profile_a: SeekerProfile
) -> None:
    _send(company_a, profile_a, member_a)
    mine = _client(member_a).get(reverse("frontend:company_requests", args=[company_a.slug]))
    assert mine.status_code == 200 and "Waiting for an answer" in mine.content.decode()
    theirs = _client(member_b).get(reverse("frontend:company_requests", args=[company_b.slug]))
    assert "Waiting for an answer" not in theirs.content.decode()
    assert "has not asked any candidate yet" in theirs.content.decode()
    # Nor through the other company's address: member_b is no member of company_a.
    assert _client(member_b).get(reverse("frontend:company_requests", args=[company_a.slug])).status_code == 403
    # The candidate's page tells company_b nothing of company_a's request.
    page = _client(member_b).get(reverse("frontend:candidate_detail", args=[company_b.slug, profile_a.public_id]))
    assert "Your company's last request" not in page.content.decode()


def test_a_seeker_cannot_answer_another_seekers_request(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    request = _send(company_a, profile_a, member_a)
    other = UserFactory(username="otto")
    for name in ("frontend:seeker_request_accept", "frontend:seeker_request_decline"):
        assert _client(other).get(reverse(name, args=[request.public_id])).status_code == 404
        assert _client(other).post(reverse(name, args=[request.public_id])).status_code == 404
    request.refresh_from_db()
    assert request.status == ContactStatus.PENDING


def test_hidden_and_blocking_profiles_are_not_found_by_id(
    company_a: Company, member_a: Any, seeker_b: Any, profile_a: SeekerProfile
) -> None:
    hidden = SeekerProfile.objects.get(user=seeker_b)
    hidden_url = reverse("frontend:candidate_detail", args=[company_a.slug, hidden.public_id])
    assert _client(member_a).get(hidden_url).status_code == 404
    profile_a.blocked_companies.add(company_a)
    url = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    assert _client(member_a).get(url).status_code == 404
    assert _client(member_a).post(url, {"message": MESSAGE}).status_code == 404
    assert not ContactRequest.objects.exists()


# --- the company's pages -------------------------------------------------------------------------------------------


def test_candidate_search_shows_pseudonymous_cards_with_facets_and_no_private_data(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    url = reverse("frontend:candidate_search", args=[company_a.slug])
    response = _client(member_a).get(url, {"q": "Zerspanungsmechaniker", "place": "Nordhausen", "radius_km": "30"})
    assert response.status_code == 200
    text = response.content.decode()
    page = soup(response)
    assert "1 candidate" in page.find("h1").get_text()
    detail = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    assert page.select_one(f"ol.candidate-results a[href='{detail}']") is not None
    # Facets with counts, tied to the candidate search form (the job search's component).
    boxes = page.select("aside.facets input[form='candidate-search']")
    assert boxes and page.select_one("aside.facets .count") is not None
    assert page.select_one("form#candidate-search[role=search]") is not None
    _assert_private_absent(text)
    assert str(profile_a.pk) not in [a.get("href", "").rstrip("/").rsplit("/", 1)[-1] for a in page.find_all("a")]


def test_candidate_search_lists_the_filters_in_force_each_removable(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    url = reverse("frontend:candidate_search", args=[company_a.slug])
    response = _client(member_a).get(url, {"q": "Zerspanungsmechaniker", "field": "24"})
    page = soup(response)
    chips = page.select("ul.active-filters a.chip")
    assert len(chips) == 1 and "24" not in chips[0].get_text().split(":")[0]
    # The chip leads to the same candidate search without that filter (and counts on the filter button).
    assert chips[0]["href"] == f"{url}?q=Zerspanungsmechaniker"
    assert page.select_one(".filter-toggle .filter-count").get_text().startswith("1")
    assert not soup(_client(member_a).get(url, {"q": "Zerspanungsmechaniker"})).select("ul.active-filters")


def test_candidate_search_names_a_bad_parameter(company_a: Company, member_a: Any) -> None:
    url = reverse("frontend:candidate_search", args=[company_a.slug])
    response = _client(member_a).get(url, {"place": "Eichenberg", "q": "Zerspanungsmechaniker"})
    assert response.status_code == 400
    assert "Several places" in field_error(response, "id_place")
    # The places it may mean are links running the same search there.
    links = {a.get_text(): a["href"] for a in soup(response).select("#id_place_error a.place-suggestion")}
    assert set(links) == {"Eichenberg (Hildburghausen)", "Eichenberg (Saale-Holzland-Kreis)"}
    followed = _client(member_a).get(links["Eichenberg (Hildburghausen)"])
    assert followed.status_code == 200
    assert soup(followed).find(id="id_q")["value"] == "Zerspanungsmechaniker"


def test_candidate_search_says_which_place_it_searched_for_a_misspelt_one(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    url = reverse("frontend:candidate_search", args=[company_a.slug])
    response = _client(member_a).get(url, {"place": "Nordhasuen", "radius_km": "30"})
    assert response.status_code == 200
    assert "1 candidate" in soup(response).find("h1").get_text()
    notice = soup(response).select_one(".search-corrections")
    assert "Results for Nordhausen" in notice.get_text(" ", strip=True)
    assert notice.find("a")["href"] == f"{url}?place=Nordhausen&radius_km=30"


def test_the_contact_form_shows_its_errors_at_the_fields(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    url = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    empty = _client(member_a).post(url, {"message": "  "})
    assert empty.status_code == 400 and field_error(empty, "id_message")
    long = _client(member_a).post(url, {"message": "x" * 2001})
    assert long.status_code == 400 and "2000" in field_error(long, "id_message").replace(".", "").replace(",", "")
    foreign = make_posting(CompanyFactory(slug="fremd"))
    wrong = _client(member_a).post(url, {"message": MESSAGE, "posting": foreign.pk})
    assert wrong.status_code == 400 and field_error(wrong, "id_posting")
    assert not ContactRequest.objects.exists()


def test_the_contact_form_tells_postings_of_one_title_apart(
    company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    older = make_posting(company_a, title="Maurer (m/w/d)", date_posted=datetime.date(2026, 11, 2))
    newer = make_posting(company_a, title="Maurer (m/w/d)", date_posted=datetime.date(2026, 11, 20))
    url = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    page = soup(_client(member_a).get(url))
    options = {o["value"]: o.get_text(strip=True) for o in page.select("#id_posting option") if o["value"]}
    assert options == {
        str(newer.pk): "Maurer (m/w/d) · Nordhausen · 11/20/2026",
        str(older.pk): "Maurer (m/w/d) · Nordhausen · 11/02/2026",
    }


def test_sending_accepting_and_the_reveal_through_the_pages(
    company_a: Company, member_a: Any, seeker_a: Any, profile_a: SeekerProfile
) -> None:
    posting = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    url = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    sent = _client(member_a).post(url, {"message": MESSAGE, "posting": posting.pk}, follow=True)
    assert sent.status_code == 200 and "Your request was sent" in sent.content.decode()
    _assert_private_absent(sent.content.decode())
    request = ContactRequest.objects.get()
    assert request.posting == posting and request.sent_by == member_a
    again = _client(member_a).post(url, {"message": MESSAGE})
    assert again.status_code == 400 and "asked this candidate already" in html.unescape(again.content.decode())
    assert ContactRequest.objects.count() == 1

    seeker = _client(seeker_a)
    inbox = seeker.get(reverse("frontend:seeker_requests")).content.decode()
    assert company_a.name in inbox and MESSAGE in inbox
    assert "They do not know who you are unless you accept" in inbox  # a pseudonymous profile
    SeekerProfile.objects.filter(pk=profile_a.pk).update(visibility=Visibility.NAMED)
    inbox = seeker.get(reverse("frontend:seeker_requests")).content.decode()
    assert "They do not know who you are" not in inbox and "they see your name and contact already" in inbox
    SeekerProfile.objects.filter(pk=profile_a.pk).update(visibility=Visibility.PSEUDONYMOUS)
    assert "1 company asks you" in seeker.get(reverse("frontend:seeker_dashboard")).content.decode()
    accept = reverse("frontend:seeker_request_accept", args=[request.public_id])
    confirm = seeker.get(accept).content.decode()
    assert "sees your name, e-mail address and phone number" in confirm
    done = seeker.post(accept, follow=True)
    assert "You accepted" in done.content.decode()
    request.refresh_from_db()
    assert request.status == ContactStatus.ACCEPTED

    revealed = _client(member_a).get(url).content.decode()
    assert "Sabine Schröder" in revealed and "sabine@example.org" in revealed and "+49 3631 123456" in revealed
    listed = _client(member_a).get(reverse("frontend:company_requests", args=[company_a.slug])).content.decode()
    assert "sabine@example.org" in listed and "Accepted" in listed


def test_declining_and_blocking_through_the_pages(
    company_a: Company, member_a: Any, seeker_a: Any, profile_a: SeekerProfile
) -> None:
    request = _send(company_a, profile_a, member_a)
    decline = reverse("frontend:seeker_request_decline", args=[request.public_id])
    seeker = _client(seeker_a)
    assert "neutral notice" in seeker.get(decline).content.decode()
    done = seeker.post(decline, {"block_company": "on"}, follow=True)
    assert "You declined and blocked" in done.content.decode()
    request.refresh_from_db()
    assert request.status == ContactStatus.DECLINED
    assert list(profile_a.blocked_companies.all()) == [company_a]
    # Answered: a second answer is refused with the reason, nothing changes.
    second = seeker.post(reverse("frontend:seeker_request_accept", args=[request.public_id]))
    assert second.status_code == 400 and "answered already" in second.content.decode()
    request.refresh_from_db()
    assert request.status == ContactStatus.DECLINED
    listed = _client(member_a).get(reverse("frontend:company_requests", args=[company_a.slug])).content.decode()
    assert "Declined" in listed
    _assert_private_absent(listed)


def test_the_daily_limit_is_explained(
    settings: Any, company_a: Company, member_a: Any, profile_a: SeekerProfile
) -> None:
    settings.CONTACT_REQUESTS_PER_COMPANY_PER_DAY = 1
    second_user = UserFactory(username="paul")
    make_profile(second_user)
    other = SeekerProfile.objects.get(user=second_user)
    _send(company_a, profile_a, member_a)
    url = reverse("frontend:candidate_detail", args=[company_a.slug, other.public_id])
    response = _client(member_a).post(url, {"message": MESSAGE})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "limited number of contact requests in 24 hours" in response.content.decode()
    assert ContactRequest.objects.count() == 1


def test_the_company_area_links_the_exchange(company_a: Company, member_a: Any) -> None:
    html = _client(member_a).get(reverse("frontend:dashboard")).content.decode()
    assert reverse("frontend:candidate_search", args=[company_a.slug]) in html
    assert reverse("frontend:company_requests", args=[company_a.slug]) in html


def test_german_pages(company_a: Company, member_a: Any, profile_a: SeekerProfile) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member_a)
    response = client.get(reverse("frontend:candidate_search", args=[company_a.slug]), {"q": "Zerspanungsmechaniker"})
    assert response.status_code == 200 and soup(response).find("html").get("lang") == "de"


# --- matching, both ways -------------------------------------------------------------------------------------------


def test_matching_candidates_beside_a_published_posting_and_their_list(
    django_capture_on_commit_callbacks: Any, company_a: Company, member_a: Any, member_b: Any, profile_a: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        posting = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    listed = _client(member_a).get(reverse("frontend:dashboard"))
    link = soup(listed).select_one(f"a[href='{reverse('frontend:posting_candidates', args=[posting.pk])}']")
    assert link is not None and "1 matching candidate" in link.get_text()
    page = _client(member_a).get(reverse("frontend:posting_candidates", args=[posting.pk]))
    assert page.status_code == 200
    detail = reverse("frontend:candidate_detail", args=[company_a.slug, profile_a.public_id])
    assert soup(page).select_one(f"ol.candidate-results a[href='{detail}']") is not None
    _assert_private_absent(page.content.decode())
    # Another company's posting is none of member_b's business.
    assert _client(member_b).get(reverse("frontend:posting_candidates", args=[posting.pk])).status_code == 404


def test_matching_jobs_on_the_seekers_dashboard(
    django_capture_on_commit_callbacks: Any, company_a: Company, seeker_a: Any, profile_a: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        posting = make_posting(company_a, title="Zerspanungsmechaniker (m/w/d)")
    page = soup(_client(seeker_a).get(reverse("frontend:seeker_dashboard")))
    section = page.find(id="matching-heading").find_parent("section")
    assert posting.title in section.get_text()
