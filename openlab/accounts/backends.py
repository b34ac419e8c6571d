"""The authentication backends, reading a signed-in user with their coordinator flag in one query
(every page asks whether the user coordinates: ``User.is_coordinator``), and with what the apps
above register for every signed-in page (``register_user_column``: the header's unread count)."""

import functools
from collections.abc import Callable

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from openlab.rows import columns, fetch, instances

#: name → SQL of one more value read with the signed-in user, given the user table's alias
_user_columns: dict[str, Callable[[str], str]] = {}


def register_user_column(name: str, sql: Callable[[str], str]) -> None:
    """Read ``sql(alias)`` (a scalar expression, no parameters) with every signed-in user of a
    session; the value is ``user_columns(user)[name]`` for that request. In an ``AppConfig.ready``."""
    _user_columns[name] = sql
    _user_with_role_sql.cache_clear()


def user_columns(user) -> dict:
    """The registered values read with this user (empty when the user was read otherwise)."""
    return getattr(user, "_user_columns", {})


def _user_with_role(user_id):
    """The user and whether they coordinate, in one query. Every signed-in request reads it, and in
    the ORM compiling the query with its subquery costs several times running it (about 1 ms
    against 0.2), so it is written out once, from the models' own table and column names
    (``openlab.rows``)."""
    User = get_user_model()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = fetch(_user_with_role_sql(), [settings.COORDINATORS_GROUP, user_id])
    if not rows:
        return None
    user, row = instances(User, rows)[0], rows[0]
    width = len(User._meta.concrete_fields)
    user._is_coordinator = bool(row[width])
    user._user_columns = dict(zip(_user_columns, row[width + 1:]))
    return user


@functools.cache
def _user_with_role_sql() -> str:
    User = get_user_model()
    extras = "".join(f", ({sql('u')}) AS \"{name}\"" for name, sql in _user_columns.items())
    return (f'SELECT {columns(User, "u")}, {coordinates_sql("u")}{extras} FROM "{User._meta.db_table}" u '
            f'WHERE u."{User._meta.pk.column}" = %s')


def coordinates_sql(alias: str) -> str:
    """Whether the user of table alias ``alias`` is in the coordinators group (its name the first
    parameter of the query), as a column named ``coordinates``."""
    User = get_user_model()
    through = User.groups.through._meta
    return (f'EXISTS (SELECT 1 FROM "{through.db_table}" ug '
            f'JOIN "{Group._meta.db_table}" g ON g."{Group._meta.pk.column}" = ug."{through.get_field("group").column}" '
            f'WHERE ug."{through.get_field("user").column}" = {alias}."{User._meta.pk.column}" AND g."name" = %s) '
            f'AS coordinates')


class UserWithRoleMixin:
    """``get_user`` reads the user and the coordinator flag together."""

    def get_user(self, user_id):
        user = _user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithRoleMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(UserWithRoleMixin, AllauthBackend):
    pass
