"""Settings for the test suite: fast hashing, in-process tasks, an isolated var/ directory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import FRAGMENT_CACHE, cache_config, env

SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="regiojobs-test-"))
MEDIA_ROOT = str(TEST_VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = str(TEST_VAR_DIR / "private")
STATIC_ROOT = TEST_VAR_DIR / "static"
STATIC_ROOT.mkdir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_DATA_ALLOWED = True
# The suite clears the cache between tests, so it never uses the developer's CACHE_URL; TEST_CACHE_URL may name one.
CACHES = {
    "default": cache_config(env.cache("TEST_CACHE_URL", default="locmemcache://")),
    "template_fragments": FRAGMENT_CACHE,
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{TEST_VAR_DIR / 'test.sqlite3'}")}
# A connection per request, unless CONN_MAX_AGE says otherwise (the benchmarks keep it, as production does).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)

# Crawler tests run against HTTP servers on 127.0.0.1 with short timeouts and delays; each test server's fixture
# adds its own address to CRAWLER_ALLOWED_ADDRESSES (tests/crawlers/conftest.py), nothing else is let through.
CRAWLER_ALLOWED_ADDRESSES = []
CRAWLER_CONNECT_TIMEOUT = 2.0
CRAWLER_READ_TIMEOUT = 0.5
CRAWLER_SOURCE_BUDGET = 20.0
CRAWLER_HOST_DELAY = 0.0
CRAWLER_HOST_JITTER = 0.0
CRAWLER_MAX_RETRIES = 2
CRAWLER_BACKOFF_BASE = 0.05
CRAWLER_MAX_RETRY_AFTER = 3.0
# The embedded search index lives in the per-run var directory, never in the developer's var/.
SEARCH_BACKENDS = {
    **SEARCH_BACKENDS,
    "default": {**SEARCH_BACKENDS["default"], "PATH": str(TEST_VAR_DIR / "search" / "postings.sqlite3")},
}
# One process counts logins in its own memory here, which is all it needs; production refuses that (a shared cache).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
