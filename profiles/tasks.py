"""Thin Celery tasks of the exchange: the logic lives in the services."""

from celery import shared_task

from . import contact


@shared_task(name="profiles.expire_contact_requests", time_limit=600, soft_time_limit=540)
def expire_contact_requests() -> int:
    return contact.contact_requests_expire()
