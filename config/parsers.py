"""The JSON parser of every API request. Its own module: DRF imports the parsers named in its settings while it defines
APIView, so this must not import rest_framework.views (config.api does)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers in `value` nest deeper than `limit`; a loop with its own stack, so no depth can make it
    recurse (no JSON library takes a depth limit as a setting)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class BoundedJSONParser(JSONParser):
    """JSON bodies of every API request: read by orjson, which never recurses on the C stack (it refuses NaN and
    lone surrogates too), then held to API_JSON_MAX_DEPTH. Anything else is a 400 naming the problem."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        encoding = get_encoding(parser_context or {})
        body = stream.read() if stream is not None else b""
        limit = settings.API_JSON_MAX_DEPTH
        try:
            text = body if encoding.lower().replace("-", "") == "utf8" else body.decode(encoding)
            data = orjson.loads(text)
        except UnicodeDecodeError as exc:
            message = _("JSON parse error - the body is not valid %(encoding)s.") % {"encoding": encoding}
            raise ParseError(message) from exc
        except orjson.JSONDecodeError as exc:
            if str(exc).startswith("depth limit exceeded"):
                raise ParseError(self._too_deep(limit)) from exc
            raise ParseError(_("JSON parse error - %(error)s") % {"error": exc}) from exc
        if _deeper_than(data, limit):
            raise ParseError(self._too_deep(limit))
        return data

    @staticmethod
    def _too_deep(limit: int) -> str:
        return _("JSON parse error - objects and arrays are nested deeper than %(max)d levels.") % {"max": limit}
