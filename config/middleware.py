"""Project middleware."""

from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages import middleware as messages_middleware
from django.http import HttpRequest, HttpResponseBase
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, minus the URL language-prefix work when the URLs have no language prefixes.

    Django's looks for a language code at the start of every path, even without i18n_patterns; each of our paths
    (/api/, /jobs/, ...) looks like one, and the failed lookup is not cached. That was most of the middleware
    stack's time per request. The language still comes from the language cookie, then Accept-Language; the
    response still says Content-Language and varies on Accept-Language. With i18n_patterns Django's code runs.
    """

    def _prefixed_urls(self, request: HttpRequest) -> bool:
        return is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]

    def process_request(self, request: HttpRequest) -> None:
        if self._prefixed_urls(request):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if self._prefixed_urls(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, except under /api/: JSON answers never carry flash messages, and setting up the message storage
    (a cookie store and a session store) was the largest middleware cost left on an API request."""

    def process_request(self, request: HttpRequest) -> None:
        if not request.path_info.startswith("/api/"):
            super().process_request(request)
