"""The authentication backends, reading a signed-in user with their coordinator flag in one query
(every page asks whether the user coordinates: ``User.is_coordinator``)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef


def _user_with_role(user_id):
    User = get_user_model()
    coordinators = Group.objects.filter(name=settings.COORDINATORS_GROUP, user=OuterRef("pk"))
    user = User._default_manager.annotate(coordinates=Exists(coordinators)).filter(pk=user_id).first()
    if user is not None:
        user._is_coordinator = user.coordinates
    return user


class UserWithRoleMixin:
    """``get_user`` reads the user and the coordinator flag together."""

    def get_user(self, user_id):
        user = _user_with_role(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithRoleMixin, backends.ModelBackend):
    pass


class AuthenticationBackend(UserWithRoleMixin, AllauthBackend):
    pass
