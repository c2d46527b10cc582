"""Production settings: every secret comes from the environment, and the site refuses to start without them."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, LOGGING, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Login lockouts and API throttles are counted in the cache: one per process would multiply every limit.
if CACHES["default"]["BACKEND"] in {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}:
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache that all web processes share in production, e.g. redis://127.0.0.1:6379/1."
    )
DEMO_DATA_ALLOWED = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# A process keeps its database connection for a minute rather than opening one per request (the opening was a third
# of what the HTTP layer added to a fast API answer). CONN_MAX_AGE belongs to the database's settings: a top-level
# setting of that name is ignored.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

# Tasks must reach a broker: in-process tasks would run inside web requests and die with the process.
if not CELERY_BROKER_URL or CELERY_BROKER_URL.startswith("filesystem://"):
    raise ImproperlyConfigured(
        "CELERY_BROKER_URL must name a broker in production (e.g. redis://127.0.0.1:6379/0); tasks never run "
        "in-process there."
    )
CELERY_TASK_ALWAYS_EAGER = False

# Mail must leave for real: printed or in-memory mail would be lost (and put persons' addresses in the log).
EMAIL_URL = env("EMAIL_URL", default="")
if not EMAIL_URL or urlsplit(EMAIL_URL).scheme in {"consolemail", "memorymail"}:
    raise ImproperlyConfigured(
        "EMAIL_URL must say how mail is sent in production, e.g. smtp+tls://user:password@mail.example.org:587 "
        "(or filemail:///var/spool/regiojobs-mail, dummymail:// to send none)."
    )
SITE_URL = env("SITE_URL", default="")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "SITE_URL must be the site's address for links in e-mails, e.g. https://jobs.example.org."
    )
SITE_URL = SITE_URL.rstrip("/")

# The load balancer's probes ask over plain HTTP on the internal network: no redirect to HTTPS for them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# JSON log lines with the request id (base.py), for the log shipper; DJANGO_LOG_FORMAT=plain for a terminal.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT
LOGGING["root"]["level"] = env("DJANGO_LOG_LEVEL", default="WARNING")
