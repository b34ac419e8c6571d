"""Sessions in the database (``SESSION_ENGINE``), each row naming its signed-in user
(``models.Session``): one plain query reads the session with its user and what is read with them
(``signed_in``), which ``middleware.AuthenticationMiddleware`` hands to the authentication backend.
Writing, expiry and deletion (sign-out) are Django's database backend's."""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from openlab.rows import fetch, instances

from .models import Session
from .signed_in import session_sql, user_from, user_params


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        """The unexpired session row of this key, or None (and the key forgotten), as Django's own;
        the user it names is kept for ``user_read_with_it``."""
        key = self.session_key
        rows = fetch(session_sql(self.model), [
            *user_params(), key, connection.ops.adapt_datetimefield_value(timezone.now())], prepare=True) if key else []
        self._user = user_from(rows, len(self.model._meta.concrete_fields))
        if not rows:
            self._session_key = None
            return None
        return instances(self.model, rows[:1])[0]

    def user_read_with_it(self):
        """The user the session's row names, read with it (None when it names none)."""
        self._session  # noqa: B018 (reads the session, once)
        return getattr(self, "_user", None)

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _user_id(data)
        return session


def _user_id(data: dict):
    """The signed-in user's id the session data holds, or None."""
    try:
        return get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None
