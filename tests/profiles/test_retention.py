"""The retention rule: one reminder PROFILES_STALE_REMINDER_DAYS before a published profile is hidden after
PROFILES_STALE_DAYS days without an update by its seeker; never hidden without that notice."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audit.models import Action, AuditEntry
from notifications.models import LanguagePreference
from profiles.models import SeekerProfile, Visibility
from profiles.retention import profiles_hide_stale, profiles_remind_stale, profiles_retention
from profiles.services import profile_update
from search.backends.base import get_search_backend
from search.indexing import profile_index_update
from search.models import PendingProfileIndexUpdate
from tests.factories import UserFactory, make_profile

pytestmark = pytest.mark.django_db

CHANGED = datetime.date(2026, 1, 10)
# 180 − 14 = 166 days after the last change: the reminder; 180 days: the hiding.
REMIND_DAY = CHANGED + datetime.timedelta(days=166)
HIDE_DAY = CHANGED + datetime.timedelta(days=180)


@pytest.fixture(autouse=True)
def _rules(settings: Any) -> None:
    settings.PROFILES_STALE_DAYS = 180
    settings.PROFILES_STALE_REMINDER_DAYS = 14
    settings.SITE_URL = "https://jobs.example.org"


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _seeker(*, username: str = "paula", language: str | None = None, changed: datetime.date = CHANGED) -> Any:
    user = UserFactory(username=username, first_name="Paula", last_name="Pfefferkorn", email=f"{username}@example.org")
    if language:
        LanguagePreference.objects.create(user=user, language=language)
    profile = make_profile(user, headline="Werkzeugmechanikerin sucht", phone="+49 3631 123456")
    # As if the seeker's last change was on `changed` (late in the evening: whole local days count).
    SeekerProfile.objects.filter(pk=profile.pk).update(updated_at=_at(changed, 23))
    return SeekerProfile.objects.get(pk=profile.pk)


def _run(capture: Any, day: datetime.date) -> dict[str, int]:
    with capture(execute=True):
        return profiles_retention(today=day)


def test_one_reminder_on_the_right_day_and_hidden_only_after_the_notice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    profile = _seeker()
    assert _run(django_capture_on_commit_callbacks, REMIND_DAY - datetime.timedelta(days=1)) == {
        "hidden": 0,
        "reminded": 0,
    }
    assert not mail.outbox
    assert _run(django_capture_on_commit_callbacks, REMIND_DAY) == {"hidden": 0, "reminded": 1}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["paula@example.org"]
    profile.refresh_from_db()
    assert profile.stale_reminder_sent_at is not None and profile.visibility == Visibility.PSEUDONYMOUS
    # Every day until the hiding: no second reminder, not hidden.
    for offset in range(1, 14):
        assert _run(django_capture_on_commit_callbacks, REMIND_DAY + datetime.timedelta(days=offset)) == {
            "hidden": 0,
            "reminded": 0,
        }
    assert len(mail.outbox) == 1
    profile_index_update([profile.pk])
    assert profile.pk in get_search_backend().profile_digests()  # findable until now
    assert _run(django_capture_on_commit_callbacks, HIDE_DAY) == {"hidden": 1, "reminded": 0}
    profile.refresh_from_db()
    assert profile.visibility == Visibility.HIDDEN
    assert profile.updated_at == _at(CHANGED, 23)  # the seeker's last change stays what it was
    entry = AuditEntry.objects.get(action=Action.PROFILE_AUTO_HIDE)
    assert entry.actor is None and entry.actor_label == "system"
    assert entry.changes == {"visibility": ["pseudonymous", "hidden"]}
    # The index has dropped the profile (updated on commit; nothing left waiting in the outbox).
    assert profile.pk not in get_search_backend().profile_digests()
    assert not PendingProfileIndexUpdate.objects.filter(profile_id=profile.pk).exists()
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["paula@example.org"]
    # A rerun (the same day or later) does nothing twice.
    assert _run(django_capture_on_commit_callbacks, HIDE_DAY) == {"hidden": 0, "reminded": 0}
    assert _run(django_capture_on_commit_callbacks, HIDE_DAY + datetime.timedelta(days=30)) == {
        "hidden": 0,
        "reminded": 0,
    }
    assert len(mail.outbox) == 2 and AuditEntry.objects.filter(action=Action.PROFILE_AUTO_HIDE).count() == 1


def test_a_profile_that_went_stale_while_the_job_did_not_run_still_gets_its_notice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    profile = _seeker()
    late = HIDE_DAY + datetime.timedelta(days=40)
    # First run long after the 180 days: a reminder, not the hiding; announced for 14 days later.
    assert _run(django_capture_on_commit_callbacks, late) == {"hidden": 0, "reminded": 1}
    assert "2026-09-01" not in mail.outbox[0].body
    assert "1. September 2026" in mail.outbox[0].body  # 40 days late + 14 days' notice, as a German date
    assert _run(django_capture_on_commit_callbacks, late + datetime.timedelta(days=13))["hidden"] == 0
    assert _run(django_capture_on_commit_callbacks, late + datetime.timedelta(days=14))["hidden"] == 1
    profile.refresh_from_db()
    assert profile.visibility == Visibility.HIDDEN


def test_an_update_by_the_seeker_resets_the_clock(django_capture_on_commit_callbacks: Any) -> None:
    profile = _seeker()
    _run(django_capture_on_commit_callbacks, REMIND_DAY)
    profile.refresh_from_db()
    assert profile.stale_reminder_sent_at is not None
    profile = profile_update(
        profile=profile, data={"headline": "Noch auf der Suche"}, by=profile.user, given=["headline"]
    )
    assert profile.stale_reminder_sent_at is None
    SeekerProfile.objects.filter(pk=profile.pk).update(updated_at=_at(REMIND_DAY + datetime.timedelta(days=2)))
    # Past the old hiding day: nothing happens, the profile stays findable.
    assert _run(django_capture_on_commit_callbacks, HIDE_DAY + datetime.timedelta(days=5)) == {
        "hidden": 0,
        "reminded": 0,
    }
    profile.refresh_from_db()
    assert profile.visibility == Visibility.PSEUDONYMOUS
    assert len(mail.outbox) == 1


def test_hidden_profiles_and_fresh_ones_are_left_alone(django_capture_on_commit_callbacks: Any) -> None:
    hidden = _seeker(username="hanna")
    SeekerProfile.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    _seeker(username="fritz", changed=HIDE_DAY - datetime.timedelta(days=100))
    assert _run(django_capture_on_commit_callbacks, HIDE_DAY + datetime.timedelta(days=60)) == {
        "hidden": 0,
        "reminded": 0,
    }
    assert not mail.outbox


def test_mails_in_german_and_english_with_the_date_and_the_editor_link(
    django_capture_on_commit_callbacks: Any,
) -> None:
    _seeker(username="paula")
    _seeker(username="emily", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert profiles_remind_stale(today=REMIND_DAY) == 2
    german = next(m for m in mail.outbox if m.to == ["paula@example.org"])
    english = next(m for m in mail.outbox if m.to == ["emily@example.org"])
    assert german.extra_headers["Content-Language"] == "de" and english.extra_headers["Content-Language"] == "en"
    assert "Guten Tag," in german.body and "9. Juli 2026" in german.body
    assert english.subject == "Your regiojobs profile will be hidden on July 9, 2026"
    assert "Hello," in english.body and "180 days" in english.body
    for message in (german, english):
        html = message.alternatives[0][0]
        assert "https://jobs.example.org/seeker/profile/" in message.body
        assert 'href="https://jobs.example.org/seeker/profile/"' in html
        # What the mail is about, not what the profile says.
        assert "Werkzeugmechanikerin" not in message.body + html and "3631" not in message.body + html
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert profiles_hide_stale(today=HIDE_DAY) == 2
    english = next(m for m in mail.outbox if m.to == ["emily@example.org"])
    assert english.subject == "Your regiojobs profile is now hidden"
    assert "publish it again with one click" in english.body
    assert english.alternatives[0][1] == "text/html" and "Publish my profile again" in english.alternatives[0][0]


def test_no_mail_when_the_run_rolls_back(django_capture_on_commit_callbacks: Any, monkeypatch: Any) -> None:
    """A run that fails halfway: the profiles handled before stay handled (and mailed), the failing one unchanged."""
    first, second = _seeker(username="anton"), _seeker(username="berta")
    import profiles.retention as retention

    real = retention.audit_record

    def failing(**kwargs: Any) -> Any:
        if kwargs["target"].pk == second.pk:
            raise RuntimeError("disk full")
        return real(**kwargs)

    _run(django_capture_on_commit_callbacks, REMIND_DAY)
    mail.outbox.clear()
    monkeypatch.setattr(retention, "audit_record", failing)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        profiles_hide_stale(today=HIDE_DAY)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.visibility == Visibility.HIDDEN and second.visibility == Visibility.PSEUDONYMOUS
    assert [m.to for m in mail.outbox] == [["anton@example.org"]]
    monkeypatch.setattr(retention, "audit_record", real)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert profiles_hide_stale(today=HIDE_DAY) == 1  # the rerun finishes the job
    assert [m.to for m in mail.outbox] == [["berta@example.org"]]


def test_log_lines_carry_no_personal_data(django_capture_on_commit_callbacks: Any, caplog: Any) -> None:
    _seeker()
    caplog.set_level(logging.DEBUG)
    _run(django_capture_on_commit_callbacks, REMIND_DAY)
    _run(django_capture_on_commit_callbacks, HIDE_DAY)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "1 stale profile(s) reminded" in text and "1 stale profile(s) hidden" in text
    for private in ("paula", "Paula", "Pfefferkorn", "example.org", "Werkzeugmechanikerin", "3631"):
        assert private not in text


def test_the_command_runs_the_rule_by_hand(capsys: Any) -> None:
    _seeker()
    call_command("profiles_retention", "--today", REMIND_DAY.isoformat())
    out = capsys.readouterr().out
    assert "reminding: 1/1" in out and "0 hidden" in out and "1 reminded" in out
    call_command("profiles_retention", "--today", HIDE_DAY.isoformat(), "--no-progress")
    assert "1 hidden" in capsys.readouterr().out
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--today"):
        call_command("profiles_retention", "--today", "gestern")


def test_the_daily_task_is_registered() -> None:
    from profiles.tasks import profiles_retention as task

    assert task.name == "profiles.retention"
    assert task.delay().get() == {"hidden": 0, "reminded": 0}
