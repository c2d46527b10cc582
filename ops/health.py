"""Readiness checks: can this process reach the database, the search backend and the broker right now?

Each check answers "ok", "down" or (broker only) "in-process" when tasks run eagerly without one. The reason for a
failure goes to the log, not to the (unauthenticated) probe's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

OK, DOWN, IN_PROCESS = "ok", "down", "in-process"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_search() -> str:
    from search.backends.base import get_search_backend
    from search.query import SearchQuery

    backend = get_search_backend()
    if not backend.ping():
        return DOWN
    # A real (smallest) search: a reachable engine with a missing or broken index is not ready either.
    backend.search(SearchQuery(page_size=1, facets=False))
    return OK


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return IN_PROCESS
    from config.celery_app import app

    url = settings.CELERY_BROKER_URL
    with app.connection_for_write(url=url, connect_timeout=settings.OPS_READY_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.OPS_READY_TIMEOUT)
        # Redis answers the connection even when it cannot take work (e.g. loading): ask it for a channel too.
        conn.default_channel  # noqa: B018
    return OK


CHECKS: dict[str, Callable[[], str]] = {"database": check_database, "search": check_search, "broker": check_broker}


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, {check: state}); ready when no check is down."""
    states: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            states[name] = check()
        except Exception as exc:  # any failure of a dependency means "not ready", whatever its kind
            logger.warning("readyz: %s is down: %s: %s", name, type(exc).__name__, exc)
            states[name] = DOWN
    return all(state != DOWN for state in states.values()), states
