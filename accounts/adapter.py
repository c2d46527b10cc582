"""django-allauth's hooks: its account mails in the reader's language with the site's address in their links, and the
sign-up's choice (seeker or company) remembered for the landing page after verification."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

log = logging.getLogger(__name__)


def mail_language() -> str:
    """The language of the page the person is on (they asked for the mail just now, from that page); the site's
    default where it offers no such language."""
    language = translation.get_language() or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Sent at once from the web process, not through the worker: the person waits for the link now (and under
        `make run` it is printed in the terminal). Templates: `<prefix>_subject.txt`, `_message.txt`,
        `_message.html` (templates/account/email/)."""
        language = mail_language()
        with translation.override(language):
            ctx = {"email": email, "site_url": settings.SITE_URL, "language": language, **context}
            message = self.render_mail(template_prefix, email, ctx, headers={"Content-Language": language})
        message.send()
        log.info("account mail %s (%s) sent", template_prefix.rsplit("/", 1)[-1], language)

    def get_email_confirmation_url(self, request: Any, emailconfirmation: Any) -> str:
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's opaque key is "<uidb36>-<token>", which its URL pattern takes as two parts.
        uidb36, token = key.split("-", 1)
        return settings.SITE_URL + reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": token})
