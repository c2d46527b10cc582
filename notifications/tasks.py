"""Sending a product e-mail in a Celery task: retried when the mail server fails, never logging to whom or what."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from celery import shared_task

from .mail import build_message

log = logging.getLogger(__name__)
# Tries after the first, waiting RETRY_BASE_SECONDS × 2^n before each (1, 2, 4, 8, 16 minutes: half an hour in all).
MAX_RETRIES = 5
RETRY_BASE_SECONDS = 60


class MailNotSent(Exception):
    """A send failed: which mail and the kind of error, never the addresses (an SMTP error may name them)."""


def kwargs_repr(*, template: str, recipients: int) -> str:
    """How the task's arguments show in Celery's logs and monitors: the template and a count, no address."""
    return repr({"template": template, "recipients": recipients})


@shared_task(
    bind=True, name="notifications.send_mail", ignore_result=True, max_retries=MAX_RETRIES, time_limit=120,
    soft_time_limit=100,
)  # fmt: skip
def send_mail_task(
    self: Any,
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str,
    headers: dict[str, str] | None = None,
) -> int:
    message = build_message(to=to, template=template, context=context, language=language, headers=headers)
    try:
        sent = message.send()
    except (smtplib.SMTPException, OSError) as exc:
        failure = type(exc).__name__
    else:
        log.info("mail %s (%s) sent to %d recipient(s)", template, language, len(to))
        return sent
    # Raised outside the except block, so that no traceback carries the SMTP error and the addresses it may name.
    error = MailNotSent(f"{template}: {failure}")
    # In-process without a broker (local settings, errors propagating) nothing would run a later try: one try only.
    in_process = self.request.is_eager and self.app.conf.task_eager_propagates
    if self.request.retries >= self.max_retries or in_process:
        log.error(
            "mail %s to %d recipient(s) given up after %d tries: %s",
            template,
            len(to),
            self.request.retries + 1,
            failure,
        )
        raise error
    log.warning("mail %s to %d recipient(s) not sent (%s); will try again", template, len(to), failure)
    raise self.retry(
        exc=error,
        countdown=RETRY_BASE_SECONDS * 2**self.request.retries,
        kwargsrepr=kwargs_repr(template=template, recipients=len(to)),
    )
