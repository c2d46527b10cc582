"""Periodic work of job alerts (registered by `manage.py setup_periodic_tasks`)."""

from __future__ import annotations

from celery import shared_task

from . import digest
from .services import alerts_purge_unconfirmed


# Hourly: a run before the send hour only sends digests an earlier run left pending; from the send hour on it sends
# what is due. Repeating it is harmless (a digest is recorded once per alert and day).
@shared_task(name="alerts.send_digests", ignore_result=True, time_limit=3600, soft_time_limit=3300)
def send_digests_task() -> int:
    return digest.run().sent


@shared_task(name="alerts.purge_unconfirmed", ignore_result=True)
def purge_unconfirmed_task() -> int:
    return alerts_purge_unconfirmed()
