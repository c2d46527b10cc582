"""The admin site as a whole: its name, and the machinery only superusers see.

The regional manager works in the admin with staff rights; API tokens, the beat scheduler's tables and the search
index's bookkeeping are the technical administrator's (a superuser's): for everybody else they are neither listed
nor reachable (403), whatever permissions a group grants. This module is imported by the admin's autodiscovery after
the apps that register those models (``ops`` comes after them in INSTALLED_APPS).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from knox.models import AuthToken

from search.models import PendingIndexUpdate

admin.site.site_header = _("regiojobs administration")
admin.site.site_title = _("regiojobs administration")
admin.site.index_title = _("Administration")
# The models are listed on the index; beside every list and form the sidebar would take a quarter of a 1,280 px screen.
admin.site.enable_nav_sidebar = False

SUPERUSER_ONLY_MODELS: tuple[type[Model], ...] = (
    AuthToken,
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
    PendingIndexUpdate,
)


def superuser_only(admin_class: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:  # type: ignore[type-arg]
    """The same admin, for superusers only: hidden from everybody else's index and answering them 403."""

    class SuperuserOnlyAdmin(admin_class):  # type: ignore[valid-type,misc]
        def has_module_permission(self, request: HttpRequest) -> bool:
            return request.user.is_superuser and super().has_module_permission(request)

        def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return request.user.is_superuser and super().has_view_permission(request, obj)

        def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
            return request.user.is_superuser and super().has_add_permission(request, *args)

        def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return request.user.is_superuser and super().has_change_permission(request, obj)

        def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return request.user.is_superuser and super().has_delete_permission(request, obj)

    SuperuserOnlyAdmin.__name__ = SuperuserOnlyAdmin.__qualname__ = f"SuperuserOnly{admin_class.__name__}"
    return SuperuserOnlyAdmin


for _model in SUPERUSER_ONLY_MODELS:
    _original = type(admin.site.get_model_admin(_model))
    admin.site.unregister(_model)
    admin.site.register(_model, superuser_only(_original))
