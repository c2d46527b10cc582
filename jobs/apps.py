from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Job postings")

    def ready(self) -> None:
        # Data migrations load reference data (the KldB classification here, the networks in companies) with
        # historical models, outside the services: values cached from the data before are dropped once migrate ends.
        post_migrate.connect(_reference_migrated, sender=self, dispatch_uid="jobs.reference_migrated")
        post_migrate.connect(_statistics_refresh, sender=self, dispatch_uid="jobs.statistics_refresh")


def _reference_migrated(**kwargs: Any) -> None:
    from config.caching import Generation, bump

    bump(Generation.REFERENCE)


def _statistics_refresh(using: str = "default", **kwargs: Any) -> None:
    from .services import database_statistics_refresh

    database_statistics_refresh(using=using)
