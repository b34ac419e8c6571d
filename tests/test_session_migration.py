"""Sessions moved to ``accounts.Session`` (with the user as a column): the migration copies the
unexpired sessions with the user their data names, so that nobody is signed out."""

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from openlab.accounts.models import Session

from .factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(target):
    MigrationExecutor(connection).migrate([target])


def test_unexpired_sessions_are_copied_with_their_user(settings):
    user = UserFactory()
    migrate(("accounts", "0002_api_tokens"))
    try:
        signed_in = DjangoStore()
        signed_in.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                          HASH_SESSION_KEY: user.get_session_auth_hash()})
        signed_in.create()
        anonymous = DjangoStore()
        anonymous["language"] = "en"
        anonymous.create()
        expired = DjangoStore()
        expired[SESSION_KEY] = str(user.pk)
        expired.create()
        DjangoSession.objects.filter(pk=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    finally:
        migrate(("accounts", "0003_sessions_with_user"))

    copied = {s.session_key: s.user_id for s in Session.objects.all()}
    assert copied == {signed_in.session_key: user.pk, anonymous.session_key: None}
    client = Client()
    client.cookies["sessionid"] = signed_in.session_key
    assert client.get("/").wsgi_request.user == user  # still signed in after the move
