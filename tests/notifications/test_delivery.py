"""Sending: retried when the mail server fails, never an address or a body in the log, and a failed send never
undoes (or breaks) the change that caused it."""

from __future__ import annotations

import logging
import smtplib
import socket
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from companies.models import Company
from companies.services import company_suspend
from notifications.tasks import MAX_RETRIES

pytestmark = pytest.mark.django_db

FAILURES = {"left": 0, "calls": 0}


class FlakyBackend(EmailBackend):
    """Django's in-memory backend, refusing the first FAILURES["left"] sends the way a mail server does."""

    def send_messages(self, messages: Any) -> int:
        FAILURES["calls"] += 1
        if FAILURES["left"] > 0:
            FAILURES["left"] -= 1
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (450, b"mailbox busy")})
        return super().send_messages(messages)


@pytest.fixture
def retrying() -> Any:
    """Tasks run in-process as a worker runs them: a retry is tried again (at once here) instead of propagating."""
    from config.celery_app import app

    before = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = before


@pytest.fixture
def flaky(settings: Any, retrying: Any) -> dict[str, int]:
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FAILURES.update(left=0, calls=0)
    return FAILURES


def _suspend(django_capture_on_commit_callbacks: Any) -> Company:
    company = Company.objects.get(slug="firma-a")
    with django_capture_on_commit_callbacks(execute=True):
        company_suspend(company=company, reason="Vertraulicher Grund 4711")
    return company


def _assert_private(caplog: Any, member: Any) -> None:
    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        assert member.email not in line and "4711" not in line, line


def test_a_refused_send_is_retried_and_the_mail_arrives_once(
    django_capture_on_commit_callbacks: Any, member_a: Any, flaky: dict[str, int], caplog: Any
) -> None:
    flaky["left"] = 2
    with caplog.at_level(logging.INFO):
        _suspend(django_capture_on_commit_callbacks)
    assert flaky["calls"] == 3
    assert [m.to for m in mail.outbox] == [[member_a.email]]
    messages = [r.getMessage() for r in caplog.records if r.name == "notifications.tasks"]
    assert messages[0] == (
        "mail notifications/mail/company_suspended to 1 recipient(s) not sent (SMTPRecipientsRefused); will try again"
    )
    assert messages[-1] == "mail notifications/mail/company_suspended (de) sent to 1 recipient(s)"
    _assert_private(caplog, member_a)


def test_a_mail_server_that_stays_down_is_given_up_without_breaking_the_change(
    django_capture_on_commit_callbacks: Any, member_a: Any, settings: Any, caplog: Any, retrying: Any
) -> None:
    with socket.socket() as s:  # a port nobody listens on: every connection is refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    with caplog.at_level(logging.INFO):
        company = _suspend(django_capture_on_commit_callbacks)  # does not raise
    assert Company.objects.get(pk=company.pk).status == Company.Status.SUSPENDED
    tries = [r for r in caplog.records if r.name == "notifications.tasks" and "will try again" in r.getMessage()]
    assert len(tries) == MAX_RETRIES
    assert any(
        r.getMessage()
        == f"mail notifications/mail/company_suspended to 1 recipient(s) given up after {MAX_RETRIES + 1} tries: "
        "ConnectionRefusedError"
        for r in caplog.records
    )
    _assert_private(caplog, member_a)


def test_without_a_broker_a_failed_send_is_tried_once_and_the_change_stands(
    django_capture_on_commit_callbacks: Any, member_a: Any, flaky: dict[str, int], caplog: Any
) -> None:
    from config.celery_app import app

    app.conf.task_eager_propagates = True  # as the local settings without a broker have it
    flaky["left"] = 1
    company = _suspend(django_capture_on_commit_callbacks)
    assert flaky["calls"] == 1 and mail.outbox == []
    assert Company.objects.get(pk=company.pk).status == Company.Status.SUSPENDED
    assert "mail not sent: notifications/mail/company_suspended: SMTPRecipientsRefused" in caplog.messages
    _assert_private(caplog, member_a)


def test_the_task_says_template_and_count_not_addresses() -> None:
    from notifications.tasks import kwargs_repr

    assert kwargs_repr(template="notifications/mail/company_approved", recipients=2) == (
        "{'template': 'notifications/mail/company_approved', 'recipients': 2}"
    )
