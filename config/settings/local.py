"""Settings for a developer's machine and the `make run` demo."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-change-me-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
# One process counts logins in its own memory here, which is all it needs; production refuses that (a shared cache).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
