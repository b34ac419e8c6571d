"""Personal API tokens: ``Authorization: Bearer olk_…`` (or ``Token olk_…``). Stored hashed."""

import functools
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from openlab.rows import column, columns, fetch, joined

from .backends import coordinates_sql
from .models import ApiToken, api_token_hash

KEYWORDS = (b"bearer", b"token")
# last_used_at is written at most this often, so that busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Invalid token header: give the token after the keyword."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("Invalid token.")) from exc
        token = _live_token(api_token_hash(key))
        user = token.user if token is not None else None
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request):
        return "Bearer"


def _live_token(key_hash: str) -> ApiToken | None:
    """The unrevoked token of this hash with its user and the user's coordinator flag, in one plain
    query (every API call with a token reads it; see ``backends._user_with_role``)."""
    rows = fetch(_live_token_sql(), [settings.COORDINATORS_GROUP, key_hash])
    if not rows:
        return None
    token, user = joined(rows, ApiToken, get_user_model())[0]
    token.user, user._is_coordinator = user, bool(rows[0][-1])
    return token


@functools.cache
def _live_token_sql() -> str:
    User = get_user_model()
    return (f'SELECT {columns(ApiToken, "t")}, {columns(User, "u")}, {coordinates_sql("u")} '
            f'FROM "{ApiToken._meta.db_table}" t JOIN "{User._meta.db_table}" u ON '
            f'u."{User._meta.pk.column}" = {column(ApiToken, "user", "t")} '
            f'WHERE {column(ApiToken, "key_hash", "t")} = %s AND {column(ApiToken, "revoked_at", "t")} IS NULL')


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openlab.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token, made on the account's API tokens page."}
