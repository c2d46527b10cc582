"""Thin Celery tasks for postings: the logic lives in jobs.services."""

from celery import shared_task

from . import services


@shared_task(name="jobs.expire_postings", time_limit=300, soft_time_limit=240)
def expire_postings() -> int:
    expired = services.jobs_expire()
    # Nightly, while the site is quiet: the planner's statistics follow the tables' growth.
    services.database_statistics_refresh()
    return expired
