"""Product e-mails: one way to send one (send_templated_mail), the events that send them, and the language a user
reads them in.

A mail is queued when the transaction that caused it commits (none if it rolls back) and sent by a Celery task
(notifications.tasks), in-process where the settings have no broker. Each recipient gets a mail of their own, in
their language: nobody sees another recipient's address. Logs name the template and a count, never an address or
a body.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from companies.models import Company

from .models import LanguagePreference
from .selectors import Recipient, company_recipients, operator_recipients, user_recipients

if TYPE_CHECKING:
    from crawlers.models import CrawlSource
    from jobs.models import JobPosting
    from profiles.models import ContactRequest

log = logging.getLogger(__name__)


def send_templated_mail(
    *,
    to: Sequence[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send one e-mail rendered from `template` (see notifications.mail) in `language` to the addresses `to`, once
    the current transaction commits. `context` travels to the worker as JSON: plain values only; `headers` are
    extra mail headers (List-Unsubscribe)."""
    addresses = [address for address in to if address]
    if not addresses:
        return
    plain: dict[str, Any] = json.loads(json.dumps(dict(context)))  # refuses what the worker could not receive
    transaction.on_commit(
        functools.partial(
            _enqueue, to=addresses, template=template, context=plain, language=language, headers=dict(headers or {})
        )
    )


def _enqueue(*, to: list[str], template: str, context: dict[str, Any], language: str, headers: dict[str, str]) -> None:
    from .tasks import MailNotSent, kwargs_repr, send_mail_task

    kwargs: dict[str, Any] = {"to": to, "template": template, "context": context, "language": language}
    if headers:
        kwargs["headers"] = headers
    try:
        send_mail_task.apply_async(
            kwargs=kwargs,
            kwargsrepr=kwargs_repr(template=template, recipients=len(to)),
        )
    except MailNotSent as exc:  # in-process (no broker): the task gave up; the write that caused it stands
        log.error("mail not sent: %s", exc)
    except Exception:  # the broker is unreachable: the write stands, the mail is lost (said in the log)
        log.exception("mail %s to %d recipient(s) could not be queued", template, len(to))


def _to_each(recipients: Iterable[Recipient], *, template: str, context: Mapping[str, Any]) -> int:
    count = 0
    for recipient in recipients:
        send_templated_mail(to=[recipient.email], template=template, context=context, language=recipient.language)
        count += 1
    return count


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def language_remember(*, user: Any, language: str) -> None:
    """Record the language `user`'s e-mails are written in (a language the site offers, else nothing changes)."""
    if language not in dict(settings.LANGUAGES) or not getattr(user, "pk", None):
        return
    if not LanguagePreference.objects.filter(user=user, language=language).exists():
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


# --- The events -------------------------------------------------------------------------------------------------------
# Each is called by the service that makes the change, inside its transaction.

MAIL_COMPANY_APPROVED = "notifications/mail/company_approved"
MAIL_COMPANY_SUSPENDED = "notifications/mail/company_suspended"
MAIL_COMPANY_REGISTERED = "notifications/mail/company_registered"
MAIL_POSTING_REJECTED = "notifications/mail/posting_rejected"
MAIL_CRAWL_FAILING = "notifications/mail/crawl_failing"
MAIL_CONTACT_REQUESTED = "notifications/mail/contact_requested"
MAIL_CONTACT_ACCEPTED = "notifications/mail/contact_accepted"
MAIL_CONTACT_DECLINED = "notifications/mail/contact_declined"


def mail_company_approved(*, company: Company) -> int:
    """To the company's members: they may publish now."""
    context = {"company": company.name, "link": _link("frontend:dashboard")}
    return _to_each(company_recipients(company=company), template=MAIL_COMPANY_APPROVED, context=context)


def mail_company_suspended(*, company: Company, reason: str = "") -> int:
    """To the company's members: its postings are hidden, and why."""
    context = {"company": company.name, "reason": reason.strip(), "link": _link("frontend:dashboard")}
    return _to_each(company_recipients(company=company), template=MAIL_COMPANY_SUSPENDED, context=context)


def mail_company_registered(*, company: Company) -> int:
    """To the operators: a company waits for review (the link opens it in the admin)."""
    context = {
        "company": company.name,
        "place": str(company.municipality),
        "website": company.website,
        "link": _link("admin:companies_company_change", company.pk),
    }
    return _to_each(operator_recipients(), template=MAIL_COMPANY_REGISTERED, context=context)


def mail_posting_rejected(*, job: JobPosting) -> int:
    """To the posting's company: the operator's reason and the link to edit and resubmit it."""
    context = {
        "company": job.company.name,
        "title": job.title,
        "reason": job.rejection_reason,
        "link": _link("frontend:job_edit", job.pk),
    }
    return _to_each(company_recipients(company=job.company), template=MAIL_POSTING_REJECTED, context=context)


def mail_crawl_failing(*, source: CrawlSource) -> int:
    """To the source's company: its career page could not be read CRAWLER_FAILURE_MAIL_AFTER times in a row."""
    context = {
        "company": source.company.name,
        "url": source.url,
        "failures": source.consecutive_failures,
        "link": _link("frontend:dashboard"),
    }
    return _to_each(company_recipients(company=source.company), template=MAIL_CRAWL_FAILING, context=context)


def _contact_posting(request: ContactRequest) -> dict[str, str]:
    posting = request.posting
    if posting is None:
        return {"posting": "", "posting_link": ""}
    return {"posting": posting.title, "posting_link": _link("frontend:job_detail_short", posting.pk)}


def mail_contact_requested(*, request: ContactRequest) -> int:
    """To the seeker: which company asks them to get in touch, its message and posting, and where to answer. Nothing
    about the company's people (who sent it stays inside the company)."""
    context = {
        "company": request.company.name,
        "message": request.message,
        **_contact_posting(request),
        "days": settings.CONTACT_REQUEST_EXPIRY_DAYS,
        "link": _link("frontend:seeker_dashboard"),
    }
    return _to_each(user_recipients(user=request.profile.user), template=MAIL_CONTACT_REQUESTED, context=context)


def mail_contact_accepted(*, request: ContactRequest) -> int:
    """To the company's members: the candidate agreed; their name, e-mail address and phone (if given)."""
    user = request.profile.user
    context = {
        "company": request.company.name,
        "headline": request.profile.headline,
        "name": user.get_full_name().strip() or user.get_username(),
        "email": user.email,
        "phone": request.profile.phone,
        **_contact_posting(request),
        "link": _link("frontend:dashboard"),
    }
    return _to_each(company_recipients(company=request.company), template=MAIL_CONTACT_ACCEPTED, context=context)


def mail_contact_declined(*, request: ContactRequest) -> int:
    """To the company's members: a neutral notice, the same whatever else the candidate chose (blocking included)."""
    context = {
        "company": request.company.name,
        **_contact_posting(request),
        "link": _link("frontend:dashboard"),
    }
    return _to_each(company_recipients(company=request.company), template=MAIL_CONTACT_DECLINED, context=context)
