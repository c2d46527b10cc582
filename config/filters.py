"""The API's filter backend: django-filter's, without building a form for a request that names no filter."""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend; a request with no filter parameter (a client walking the pages of a list) gets the
    view's queryset as it is, which is what the filterset would give (empty filters leave a queryset alone), without
    copying every filter and building and validating a form of empty fields (most of a page's time beside the
    database). Any parameter that may belong to a filter, even an empty one, goes through the filterset as ever."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and not _names_a_filter(request.query_params, filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _names_a_filter(params: Any, filters: dict[str, Any]) -> bool:
    # A filter's widget may read suffixed names too (a range reads name_min and name_max, dates name_after, ...).
    return any(key == name or key.startswith(f"{name}_") for key in params for name in filters)
