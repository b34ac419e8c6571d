"""Reading notifications."""

from django.db import connection

from .models import Notification


def unread_count(user) -> int:
    """The header's count of the user's unread notifications: on every signed-in page, so written
    out (the ORM compiles the same count in several times the time the database takes to answer)."""
    meta = Notification._meta
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{meta.db_table}" WHERE "{meta.get_field("user").column}" = %s '
                       f'AND "{meta.get_field("read_at").column}" IS NULL', [user.pk])
        return cursor.fetchone()[0]
