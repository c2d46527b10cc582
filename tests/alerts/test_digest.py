"""The digest run: double opt-in, what a digest lists (new, matching, within the radius, never twice, at most 20),
crash safety, RFC 8058 unsubscribe, pausing after failures."""

from __future__ import annotations

import datetime
import io
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts import digest
from alerts.links import confirm_token, manage_token
from alerts.models import MAX_FAILURES, Alert, Delivery, SentPosting
from alerts.services import alert_create, alerts_purge_unconfirmed
from tests.factories import CompanyFactory, UserFactory

BLEICHERODE = "16062066"  # 16.5 km from Nordhausen
ERFURT = "16051000"  # 60.5 km from Nordhausen
PFLEGE = {"q": "Pflege", "place": "Nordhausen", "radius_km": 25}


def _where(ags: str) -> list[dict[str, str]]:
    return [{"municipality": ags, "postal_code": "", "street": ""}]


def _links(message: Any) -> list[str]:
    return re.findall(r"https://jobs\.example\.org/\S+", message.body)


def _guest_alert(
    client: Client, *, email: str = "gast@example.org", frequency: str = "weekly", search: str = ""
) -> Alert:
    search = search or "q=Pflege&place=Nordhausen&radius_km=25"
    response = client.post("/alerts/save/", {"search": search, "email": email, "frequency": frequency})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Alert.objects.get(email=email)


@pytest.fixture
def company(db: None) -> Any:
    return CompanyFactory(slug="pflegeheim", name="Pflegeheim am Park")


def test_guest_double_opt_in_then_one_digest_then_nothing_then_one_click_unsubscribe(
    publish: Any, company: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        alert = _guest_alert(client)
    assert alert.confirmed_at is None and alert.params == {"place": "Nordhausen", "q": "Pflege", "radius_km": "25"}
    [confirmation] = mail.outbox
    assert confirmation.to == ["gast@example.org"]
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    publish(company, title="Pflegefachkraft (m/w/d)", workplaces=_where(BLEICHERODE))
    # Unconfirmed: nothing is sent.
    assert digest.run(force=True).sent == 0
    confirm = next(link for link in _links(confirmation) if "/alerts/confirm/" in link)
    page = client.get(confirm.removeprefix("https://jobs.example.org"))
    # Opening the link (as a mail scanner does) only asks; the button confirms.
    assert page.status_code == 200 and Alert.objects.get(pk=alert.pk).confirmed_at is None
    assert client.post(confirm.removeprefix("https://jobs.example.org")).status_code == 200
    assert Alert.objects.get(pk=alert.pk).confirmed_at is not None
    mail.outbox.clear()

    # Published before the confirmation: not new to the alert. One published after it is.
    new = publish(company, title="Altenpflegerin (m/w/d)", workplaces=_where(BLEICHERODE))
    publish(company, title="Pflegehelfer Erfurt", workplaces=_where(ERFURT))  # outside the 25 km
    publish(company, title="Zerspanungsmechaniker", workplaces=_where(BLEICHERODE))  # other words
    call_command("send_alerts", "--now", stdout=io.StringIO())
    [digest_mail] = mail.outbox
    assert digest_mail.to == ["gast@example.org"]
    assert "Altenpflegerin" in digest_mail.body
    # Counted as one, too: the posting published before the confirmation is not "new" in the subject either.
    assert digest_mail.subject.startswith(("1 new job", "1 neue Stelle")), digest_mail.subject
    assert "Pflegefachkraft" not in digest_mail.body and "Erfurt" not in digest_mail.body
    assert f"/jobs/{new.pk}/" in digest_mail.body
    headers = digest_mail.extra_headers
    unsubscribe = headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://") and headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A second run sends nothing.
    call_command("send_alerts", "--now", stdout=io.StringIO())
    assert len(mail.outbox) == 1

    # RFC 8058: a GET shows a page and unsubscribes nobody; a POST without cookies or CSRF token does.
    path = unsubscribe.removeprefix("https://jobs.example.org")
    assert Client().get(path).status_code == 200
    assert Alert.objects.filter(pk=alert.pk).exists()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_no_posting_twice_and_at_most_twenty(publish: Any, company: Any) -> None:
    user = UserFactory(email="leser@example.org")
    alert = alert_create(user=user, params={"q": "Pflege"}, frequency="daily")
    postings = [publish(company, title=f"Pflegekraft {i}") for i in range(23)]
    summary = digest.run(force=True)
    assert summary.sent == 1
    [first] = mail.outbox
    assert sum(f"/jobs/{p.pk}/" in first.body for p in postings) == 20
    assert "3" in first.body  # … and 3 more
    assert SentPosting.objects.filter(alert=alert).count() == 20
    # Next day: the watermark moved; a posting published again (closed and republished) is not listed twice.
    mail.outbox.clear()
    Alert.objects.filter(pk=alert.pk).update(last_run_on=timezone.localdate() - datetime.timedelta(days=1))
    listed = SentPosting.objects.filter(alert=alert).values_list("posting_id", flat=True).first()
    from jobs.models import JobPosting

    JobPosting.objects.filter(pk=listed).update(published_at=timezone.now())
    fresh = publish(company, title="Pflegekraft neu")
    assert digest.run(force=True).sent == 1
    [second] = mail.outbox
    assert f"/jobs/{fresh.pk}/" in second.body and f"/jobs/{listed}/" not in second.body


def test_a_posting_committed_after_the_cutoff_comes_in_the_next_digest(publish: Any, company: Any) -> None:
    """A crawl writes its run in one transaction: a posting stamped published before a digest run's cutoff but
    committed after it was not visible to that run; the next window reaches back over it."""
    from jobs.models import JobPosting

    user = UserFactory(email="spaet@example.org")
    alert = alert_create(user=user, params={"q": "Pflege"}, frequency="daily")
    Alert.objects.filter(pk=alert.pk).update(confirmed_at=timezone.now() - datetime.timedelta(days=2))
    assert digest.run(force=True).sent == 0  # nothing yet; the window moves on to this run's cutoff
    cutoff = Alert.objects.get(pk=alert.pk).watermark
    late = publish(company, title="Pflegekraft (spät)")
    JobPosting.objects.filter(pk=late.pk).update(published_at=cutoff - datetime.timedelta(minutes=10))
    Alert.objects.filter(pk=alert.pk).update(last_run_on=timezone.localdate() - datetime.timedelta(days=1))
    assert digest.run(force=True).sent == 1
    assert f"/jobs/{late.pk}/" in mail.outbox[-1].body


def test_one_run_at_a_time(publish: Any, company: Any) -> None:
    from django.core.cache import cache

    alert_create(user=UserFactory(email="eins@example.org"), params={"q": "Pflege"}, frequency="daily")
    publish(company, title="Pflegekraft")
    cache.add(digest.RUN_LOCK, "another run", timeout=60)
    assert digest.run(force=True).sent == 0  # another run holds the lock
    cache.delete(digest.RUN_LOCK)
    assert digest.run(force=True).sent == 1


def test_weekly_waits_a_week(publish: Any, company: Any) -> None:
    user = UserFactory(email="woche@example.org")
    alert = alert_create(user=user, params={"q": "Pflege"}, frequency="weekly")
    publish(company, title="Pflegekraft")
    assert digest.run(force=True).sent == 1
    mail.outbox.clear()
    publish(company, title="Pflegekraft zwei")
    Alert.objects.filter(pk=alert.pk).update(last_run_on=timezone.localdate() - datetime.timedelta(days=3))
    assert digest.run(force=True).sent == 0  # not a week yet
    Alert.objects.filter(pk=alert.pk).update(last_run_on=timezone.localdate() - datetime.timedelta(days=7))
    assert digest.run(force=True).sent == 1


def test_before_the_send_hour_nothing_new_is_sent(publish: Any, company: Any, settings: Any) -> None:
    settings.ALERTS_SEND_HOUR = 7
    alert_create(user=UserFactory(email="frueh@example.org"), params={"q": "Pflege"}, frequency="daily")
    publish(company, title="Pflegekraft")
    tomorrow_early = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1), datetime.time(5, 0))
    )
    assert digest.run(now=tomorrow_early).due == 0
    assert digest.run(now=tomorrow_early + datetime.timedelta(hours=3)).sent == 1


class _CrashingBackend(EmailBackend):
    """The mail server goes away after `limit` messages, as a crash halfway through a run would."""

    limit = 0

    def send_messages(self, messages: Any) -> int:
        if len(mail.outbox) >= self.limit:
            raise smtplib.SMTPServerDisconnected("gone")
        return super().send_messages(messages)


def test_crash_halfway_then_rerun_sends_every_digest_exactly_once(publish: Any, company: Any) -> None:
    users = [UserFactory(email=f"leser{i}@example.org") for i in range(7)]
    for i, user in enumerate(users):
        alert_create(user=user, params={"q": "Pflege"} if i % 2 else {"q": "Pflegekraft"}, frequency="daily")
    publish(company, title="Pflegekraft (m/w/d)")
    crashing = _CrashingBackend()
    crashing.limit = 3
    with pytest.raises(smtplib.SMTPServerDisconnected):
        digest.run(force=True, connection=crashing, batch_size=3)
    assert len(mail.outbox) == 3
    digest.run(force=True)  # the rerun (and every later one) completes the rest
    digest.run(force=True)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted(u.email for u in users)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 7


class _RefusingBackend(EmailBackend):
    def send_messages(self, messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})


def test_an_address_that_fails_three_times_pauses_the_alert(publish: Any, company: Any) -> None:
    alert = alert_create(user=UserFactory(email="weg@example.org"), params={"q": "Pflege"}, frequency="daily")
    publish(company, title="Pflegekraft")
    for _ in range(MAX_FAILURES):
        digest.run(force=True, connection=_RefusingBackend())
    alert.refresh_from_db()
    assert alert.paused_at is not None and alert.failures == MAX_FAILURES
    assert Delivery.objects.get(alert=alert).status == Delivery.Status.FAILED
    digest.run(force=True, connection=_RefusingBackend())  # not tried again
    alert.refresh_from_db()
    assert alert.failures == MAX_FAILURES


def test_unconfirmed_alerts_go_after_48_hours(db: None, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        old = alert_create(user=None, email="a@example.org", params={"q": "Pflege"}, frequency="daily")
        young = alert_create(user=None, email="b@example.org", params={"q": "Pflege"}, frequency="daily")
    Alert.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=49))
    assert alerts_purge_unconfirmed() == 1
    assert list(Alert.objects.values_list("pk", flat=True)) == [young.pk]


def test_forged_or_expired_links(db: None, client: Client) -> None:
    alert = alert_create(user=None, email="a@example.org", params={"q": "Pflege"}, frequency="daily")
    assert client.get(f"/alerts/confirm/{manage_token(alert)}/").status_code == 404  # wrong purpose
    assert client.post(f"/alerts/unsubscribe/{confirm_token(alert)}/").status_code == 404
    assert client.get("/alerts/manage/forged/").status_code == 404
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_manage_page_changes_and_deletes_without_login(db: None, client: Client) -> None:
    alert = alert_create(user=None, email="a@example.org", params={"q": "Pflege"}, frequency="daily")
    path = f"/alerts/manage/{manage_token(alert)}/"
    assert client.get(path).status_code == 200
    assert client.post(path, {"name": "Pflege wöchentlich", "frequency": "weekly"}).status_code == 302
    alert.refresh_from_db()
    assert (alert.name, alert.frequency) == ("Pflege wöchentlich", "weekly")
    assert client.post(path, {"delete": "1"}).status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_guest_alerts_are_throttled(db: None, client: Client, settings: Any) -> None:
    settings.ALERTS_GUEST_PER_HOUR = 2
    codes = [
        client.post(
            "/alerts/save/", {"search": "q=Pflege", "email": f"x{i}@example.org", "frequency": "daily"}
        ).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert Alert.objects.count() == 2


def test_a_guest_cannot_put_own_words_into_the_confirmation_mail(
    db: None, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    data = {"search": "q=Pflege", "email": "fremd@example.org", "frequency": "daily", "name": "Gewinnen Sie jetzt!"}
    with django_capture_on_commit_callbacks(execute=True):
        with_name = client.post("/alerts/save/", data)
    assert with_name.status_code == 302
    alert = Alert.objects.get(email="fremd@example.org")
    [confirmation] = mail.outbox
    assert "Gewinnen" not in alert.name and "Gewinnen" not in confirmation.subject + confirmation.body
