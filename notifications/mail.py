"""A product e-mail rendered from its templates, in one language: `<template>_subject.txt`, `<template>.txt` (the
plain-text body) and `<template>.html` (the HTML alternative, extending notifications/mail/base.html)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_message(
    *,
    to: Sequence[str],
    template: str,
    context: Mapping[str, Any],
    language: str,
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {**context, "site_url": settings.SITE_URL, "language": language}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context).strip() + "\n"
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=list(to), headers={"Content-Language": language, **(headers or {})}
    )
    message.attach_alternative(html, "text/html")
    return message
