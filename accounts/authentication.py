"""API token authentication: django-rest-knox's, with one query a request instead of two.

Knox looks at every other token of the user on each request to delete the expired ones (a second query, about a
third of what the HTTP layer adds to a fast API answer). Here a request checks only the token it carries (an expired
one is refused and deleted, as knox does); the user's other expired tokens go when a new one is issued
(accounts.services.issue_token) and every night (accounts.tasks.purge_expired_tokens).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.signals import token_expired


class TokenAuthentication(KnoxTokenAuthentication):  # type: ignore[misc]
    def _cleanup_token(self, auth_token: Any) -> bool:
        """True (and the token deleted) when the token carried has expired."""
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of knox's tokens, for this subclass (drf-spectacular matches classes exactly)."""

    target_class = "accounts.authentication.TokenAuthentication"
