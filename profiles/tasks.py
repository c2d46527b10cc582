"""Thin Celery tasks for seeker profiles: the logic lives in profiles.retention."""

from celery import shared_task

from . import retention


@shared_task(name="profiles.retention", time_limit=600, soft_time_limit=540)
def profiles_retention() -> dict[str, int]:
    return retention.profiles_retention()
