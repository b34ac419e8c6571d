"""Sessions in the database (``SESSION_ENGINE``), read in one plain query: every signed-in request
reads its session, and the ORM compiles that read in more time than the database takes to answer it
(docs/performance.md). Writing, expiry and deletion (sign-out) are Django's database backend's."""

import functools

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from openlab.rows import column, columns, fetch, instances


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The unexpired session row of this key, or None (and the key forgotten), as Django's own."""
        key = self.session_key
        rows = fetch(_session_sql(self.model), [key, connection.ops.adapt_datetimefield_value(timezone.now())]) \
            if key else []
        if not rows:
            self._session_key = None
            return None
        return instances(self.model, rows)[0]


@functools.cache
def _session_sql(model) -> str:
    return (f'SELECT {columns(model, "s")} FROM "{model._meta.db_table}" s WHERE {column(model, "session_key", "s")} = %s '
            f'AND {column(model, "expire_date", "s")} > %s')
