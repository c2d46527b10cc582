"""The site's URLs plus one with a language prefix, for the locale middleware's fallback to Django's behaviour."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import get_language

from config.urls import urlpatterns as site


def which_language(request: HttpRequest) -> HttpResponse:
    return HttpResponse(get_language())


urlpatterns = [*site, *i18n_patterns(path("here/", which_language))]
