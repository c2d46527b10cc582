"""Thin Celery tasks for the audit trail: the logic lives in audit.services."""

from celery import shared_task

from . import services


@shared_task(name="audit.purge", time_limit=600, soft_time_limit=540)
def purge() -> int:
    return services.audit_purge()
