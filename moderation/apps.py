from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_operator_group(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # post_migrate is sent once per app, in INSTALLED_APPS order; Django creates each app's permissions on its own
    # signal, so the group is synced on the last one, when every permission exists.
    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    if configs and sender.label == configs[-1].label:
        from .services import operator_group_sync

        operator_group_sync(using=using)


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        post_migrate.connect(_sync_operator_group, dispatch_uid="moderation.operator_group")
