"""API conventions shared by every endpoint: request parsing, pagination, error responses and their schema."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config import caching
from config.caching import Generation


class CountCachedPaginator(Paginator):
    """Django's paginator with the count (a query over every matching row) read through the cache, and a page of a
    queryset read in two steps: the keys of the page's rows (a sort of narrow rows), then those rows with everything
    they bring along. One query sorting every matching row in full (descriptions and all) took several times as
    long on a large list."""

    def __init__(self, *args: Any, count_name: str, depends_on: tuple[Generation, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count_name = count_name
        self.depends_on = depends_on

    @cached_property
    def count(self) -> int:
        def build() -> int:
            return super(CountCachedPaginator, self).count

        return caching.cached(self.count_name, build, depends_on=self.depends_on)

    def _get_page(self, object_list: Any, number: int, paginator: Any) -> Any:
        everything: Any = self.object_list
        if isinstance(object_list, QuerySet) and object_list.query.is_sliced:
            keys = list(object_list.values_list("pk", flat=True))
            rows = {row.pk: row for row in everything.order_by().filter(pk__in=keys)}
            object_list = [rows[key] for key in keys if key in rows]
        return super()._get_page(object_list, number, paginator)  # type: ignore[misc]


class StandardPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    page_query_description: Any = gettext_lazy(
        "A page number from 1 (or “last”); a page past the last answers 404, anything else that is not a positive "
        "whole number 400."
    )

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """A page is a positive whole number (or "last"); anything else is the caller's mistake (400), not a
        page that does not exist (404, which DRF keeps for pages past the last)."""
        value = request.query_params.get(self.page_query_param) or "1"
        if value in self.last_page_strings:
            return paginator.num_pages
        if not (value.isascii() and value.isdigit()) or int(value) < 1 or len(value) > 9:
            raise exceptions.ValidationError(
                {self.page_query_param: [_("A page is a whole number from 1, not “%(value)s”.") % {"value": value}]}
            )
        return int(value)

    def get_page_size(self, request: Request) -> int:
        """A page size is a whole number from 1 to max_page_size, as in the search API; anything else is a 400 naming
        page_size (DRF would quietly use the default or the maximum, and copy the bad value into "next")."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None or value == "":
            return self.page_size
        if not (value.isascii() and value.isdigit() and len(value) <= 9 and 1 <= int(value) <= self.max_page_size):
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("The page size must be between 1 and %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return int(value)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        depends_on = getattr(view, "list_depends_on", ())
        if depends_on:
            # A list has the same count on every page and for every page size: counted once per filter, date and
            # generation of its data, not on every request.
            pages = {self.page_query_param, self.page_size_query_param}
            asked = sorted((k, v) for k, v in request.query_params.lists() if k not in pages)
            digest = hashlib.sha256(repr(asked).encode()).hexdigest()[:32]
            name = f"api-count:{type(view).__name__}:{timezone.localdate().isoformat()}:{digest}"
            self.django_paginator_class = functools.partial(  # type: ignore[assignment]
                CountCachedPaginator, count_name=name, depends_on=depends_on
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["maximum"] = 999_999_999
        return parameters


# --- Cached public answers --------------------------------------------------------------------------------------------


def cached_answer(
    request: Request | HttpRequest, scope: str, build: Callable[[], Any], *, depends_on: tuple[Generation, ...]
) -> Any:
    """The data of a public GET answer, cached under its full URL (path, every parameter, host: the pagination links
    name it), the language and today's date (what is visible changes at midnight), for the current generations of
    the data it shows. Only answers that `build` returns are cached: an error it raises (400, 404) is not.

    Call it from the handler, i.e. after DRF's authentication, throttles and permissions have run."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()[:32]
    name = f"api:{scope}:{get_language()}:{timezone.localdate().isoformat()}:{url}"
    return caching.cached(name, build, depends_on=depends_on)


# A list endpoint whose answers are cached (cached_answer); `list_depends_on` names the data they show. (A comment, not
# a docstring: drf-spectacular would describe every view without a docstring of its own by it.)
class CachedListMixin:
    list_depends_on: tuple[Generation, ...] = ()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def build() -> Any:
            return super(CachedListMixin, self).list(request, *args, **kwargs).data  # type: ignore[misc]

        return Response(cached_answer(request, type(self).__name__, build, depends_on=self.list_depends_on))


# A detail endpoint whose answers about objects everybody may see are cached (cached_answer); an object only some may
# see (a company's draft, a pending company for its members) is answered per request, as without the cache.
class CachedPublicRetrieveMixin:
    retrieve_depends_on: tuple[Generation, ...] = ()

    def get_public_object(self) -> Any:
        """The object the URL names if everybody may see it, else None."""
        raise NotImplementedError

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def build() -> Any:
            public = self.get_public_object()
            return None if public is None else self.get_serializer(public).data  # type: ignore[attr-defined]

        data = cached_answer(request, f"{type(self).__name__}:detail", build, depends_on=self.retrieve_depends_on)
        if data is None:
            return super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        return Response(data)


def _django_errors(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: domain ValidationErrors from the services answer 400 with a message per field; every
    404 (an unknown id or slug, a page past the last) answers the one translated "not found" message (Django's
    get_object_or_404 would name the model in English)."""
    if isinstance(exc, DjangoValidationError):
        return Response(_django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404 | exceptions.NotFound):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing: a POST answers the same 404
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under the API that names no endpoint: the API's own 404 answer (JSON, translated), not the site's
    HTML page."""
    return JsonResponse({"detail": str(exceptions.NotFound.default_detail)}, status=status.HTTP_404_NOT_FOUND)


# --- Error responses in the OpenAPI schema ---------------------------------------------------------------------------

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Either `detail` (one message) or, for bad input, a list of messages per field name "
    "(`non_field_errors` for the whole body; nested lists for items such as workplaces).",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": {},
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: a body or query parameter the API does not accept; the answer names the field.",
    "401": "The credentials sent (token or session) are not valid, or the operation needs them.",
    "403": "Not allowed for this user (another company's posting, a company not yet approved, CSRF).",
    "404": "No such object, or one this user may not see; on a list, a page past the last.",
    "429": "Too many requests; try again later (see Retry-After).",
    "503": "A service the answer needs (the search engine) is unavailable; try again later (see Retry-After).",
}
_UNSAFE = {"post", "put", "patch", "delete"}


def _error_codes(method: str, path: str, operation: dict[str, Any]) -> list[str]:
    """The error statuses an operation can answer with: any can meet bad credentials, throttling and an unavailable
    dependency; a write (a rule of the domain: only drafts are deleted) or one with a body or query parameters bad
    input; writes can be forbidden; an object path or a page can be missing."""
    codes = ["401", "429", "503"]
    parameters = operation.get("parameters", [])
    if method in _UNSAFE or "requestBody" in operation or any(p.get("in") == "query" for p in parameters):
        codes.append("400")
    if method in _UNSAFE or (operation.get("security") and {} not in operation["security"]):
        codes.append("403")
    if "{" in path or any(p.get("name") == "page" for p in parameters):
        codes.append("404")
    return sorted(codes)


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error answers of every operation, documented in one place."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in _error_codes(method, path, operation):
                operation["responses"].setdefault(
                    code, {"description": ERROR_DESCRIPTIONS[code], "content": {"application/json": {"schema": ref}}}
                )
    return result
