"""The OpenAPI schema's generator (drf-spectacular), as /api/schema/ and /api/docs/ show it.

A module of its own: drf-spectacular's generator imports DRF's generic views, which the API conventions in
config.api must not (DRF imports those while it reads its settings)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with public operations (AllowAny, or IsAuthenticatedOrReadOnly on a read)
    documented without any security requirement: /api/docs/ shows no lock on them. Protected operations keep
    theirs. (drf-spectacular marks public operations with an optional, empty requirement, `{}`, among the
    schemes, which Swagger UI still draws as a lock.)"""

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        return [] if {} in auths else auths
