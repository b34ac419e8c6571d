"""The authentication backends, reading a signed-in user with their coordinator flag in one query
(every page asks whether the user coordinates: ``User.is_coordinator``)."""

import functools

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError


def _user_with_role(user_id):
    """The user and whether they coordinate, in one query. Every signed-in request reads it, and in
    the ORM compiling the query with its subquery costs several times running it (about 1 ms
    against 0.2), so it is written out once, from the models' own table and column names."""
    User = get_user_model()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    user = next(iter(User._default_manager.raw(_user_with_role_sql(), [settings.COORDINATORS_GROUP, user_id])), None)
    if user is not None:
        user._is_coordinator = bool(user.coordinates)
    return user


@functools.cache
def _user_with_role_sql() -> str:
    User = get_user_model()
    through = User.groups.through._meta
    user_column = through.get_field("user").column
    group_column = through.get_field("group").column
    return (f'SELECT u.*, EXISTS (SELECT 1 FROM "{through.db_table}" ug '
            f'JOIN "{Group._meta.db_table}" g ON g."{Group._meta.pk.column}" = ug."{group_column}" '
            f'WHERE ug."{user_column}" = u."{User._meta.pk.column}" AND g."name" = %s) AS coordinates '
            f'FROM "{User._meta.db_table}" u WHERE u."{User._meta.pk.column}" = %s')


class UserWithRoleMixin:
    """``get_user`` reads the user and the coordinator flag together."""

    def get_user(self, user_id):
        user = _user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithRoleMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(UserWithRoleMixin, AllauthBackend):
    pass
