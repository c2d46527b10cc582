"""Thin Celery tasks of the accounts: the logic lives in accounts.services."""

from celery import shared_task

from . import services


@shared_task(name="accounts.purge_expired_tokens", ignore_result=True, time_limit=300, soft_time_limit=240)
def purge_expired_tokens() -> int:
    return services.tokens_purge_expired()
