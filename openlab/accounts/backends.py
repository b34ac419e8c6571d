"""The authentication backends, reading a signed-in user with their coordinator flag and what the
apps above register (``signed_in``) in one query, or taking the user read with the session."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends

from .signed_in import read_with_session, user_with_role


class UserWithRoleMixin:
    """``get_user`` takes the user read with the request's session, or reads the user and what goes
    with them in one query."""

    def get_user(self, user_id):
        user = read_with_session(user_id) or user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithRoleMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(UserWithRoleMixin, AllauthBackend):
    pass
