from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CrawlersConfig(AppConfig):
    name = "crawlers"
    verbose_name = _("Crawlers")

    def ready(self) -> None:
        checks.register(allowed_addresses_check, checks.Tags.security)


def allowed_addresses_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A malformed CRAWLER_ALLOWED_ADDRESSES is reported at start-up, not by every crawl failing."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from .addresses import parse_endpoints

    try:
        parse_endpoints(settings.CRAWLER_ALLOWED_ADDRESSES)
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="crawlers.E001")]
    return []
