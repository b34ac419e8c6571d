"""Reading notifications."""

from django.contrib.auth import get_user_model
from django.db import connection

from openlab.accounts.signed_in import user_columns

from .models import Notification

UNREAD = "unread_notifications"


def unread_sql(user_column: str) -> str:
    """The count of unread notifications of the user whose id is ``user_column``, as SQL (written out:
    the ORM compiles the same count in several times the time the database takes to answer)."""
    meta = Notification._meta
    return (f'SELECT COUNT(*) FROM "{meta.db_table}" WHERE "{meta.get_field("user").column}" = {user_column} '
            f'AND "{meta.get_field("read_at").column}" IS NULL')


def user_unread_sql(alias: str) -> str:
    """``unread_sql`` for the signed-in user read by ``openlab.accounts.signed_in`` (registered in
    ``NotificationsConfig.ready``: the header shows it on every signed-in page)."""
    return unread_sql(f'{alias}."{get_user_model()._meta.pk.column}"')


def unread_count(user, *, read_with_user: bool = False) -> int:
    """The user's count of unread notifications; with ``read_with_user``, the one read with the user at
    the start of the request when there is one (for a request that changed nothing since)."""
    known = user_columns(user).get(UNREAD) if read_with_user else None
    if known is not None:
        return known
    with connection.cursor() as cursor:
        cursor.execute(unread_sql("%s"), [user.pk])
        return cursor.fetchone()[0]
