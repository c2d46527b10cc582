"""Settings for a developer's machine and the `make run` demo."""

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, LOGGING, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-change-me-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
# One process counts logins in its own memory here, which is all it needs; production refuses that (a shared cache).
SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# No broker on a developer's machine: tasks run in-process (eager), and their errors propagate (base.py).
# `make run` sets CELERY_BROKER_URL=filesystem:// to get a real worker and beat without a server.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

# runserver prints "Watching for file changes" itself; its logger would say it a second time.
LOGGING["loggers"]["django.utils.autoreload"] = {"level": "WARNING"}
