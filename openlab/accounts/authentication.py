"""Personal API tokens: ``Authorization: Bearer olk_…`` (or ``Token olk_…``). Stored hashed."""

import functools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import SAFE_METHODS

from openlab.rows import column, columns, fetch, instances

from .models import ApiToken, api_token_hash
from .signed_in import forget_rows, user_from, user_joins, user_params, user_select

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
        token = _live_token(api_token_hash(key), safe=request.method in SAFE_METHODS)
        user = token.user if token is not None else None
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("Invalid or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request):
        return "Bearer"


def _live_token(key_hash: str, *, safe: bool) -> ApiToken | None:
    """The unrevoked token of this hash with its user and what is read with them (``signed_in``), in
    one plain query: every API call with a token reads it. A request that may write (not ``safe``)
    reads the rows registered with the user again, after it has written."""
    rows = fetch(_live_token_sql(), [*user_params(), key_hash], prepare=True)
    if not rows:
        return None
    token = instances(ApiToken, rows[:1])[0]
    token.user = user_from(rows, len(ApiToken._meta.concrete_fields))
    if not safe:
        forget_rows(token.user)
    return token


@functools.cache
def _live_token_sql() -> str:
    User = get_user_model()
    return (f'SELECT {columns(ApiToken, "t")}, {user_select("u")} '
            f'FROM "{ApiToken._meta.db_table}" t JOIN "{User._meta.db_table}" u ON '
            f'u."{User._meta.pk.column}" = {column(ApiToken, "user", "t")}{user_joins("u")} '
            f'WHERE {column(ApiToken, "key_hash", "t")} = %s AND {column(ApiToken, "revoked_at", "t")} IS NULL')


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "openlab.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal API token, made on the account's API tokens page."}
