"""A user's e-mail language follows the language of the site when they last logged in on a page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .services import language_remember


@receiver(user_logged_in, dispatch_uid="notifications.language_remember")
def remember_language(sender: Any, request: Any, user: Any, **_: Any) -> None:
    # An API client's token login says nothing about the person's language (no page, often no Accept-Language).
    if request is None or request.path_info.startswith("/api/"):
        return
    language_remember(user=user, language=getattr(request, "LANGUAGE_CODE", "") or translation.get_language())
