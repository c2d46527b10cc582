"""Thin Celery tasks of the exchange: the logic lives in profiles.retention and profiles.contact."""

from celery import shared_task

from . import contact, retention


@shared_task(name="profiles.retention", time_limit=600, soft_time_limit=540)
def profiles_retention() -> dict[str, int]:
    return retention.profiles_retention()


@shared_task(name="profiles.expire_contact_requests", time_limit=600, soft_time_limit=540)
def expire_contact_requests() -> int:
    return contact.contact_requests_expire()
