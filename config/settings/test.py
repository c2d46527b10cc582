"""Settings for the test suite: fast hashing, in-process tasks, an isolated var/ directory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-insecure-key-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TEST_VAR_DIR = Path(tempfile.mkdtemp(prefix="regiojobs-test-"))
MEDIA_ROOT = str(TEST_VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEMO_DATA_ALLOWED = True
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{TEST_VAR_DIR / 'test.sqlite3'}")}
