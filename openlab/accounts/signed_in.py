"""What every signed-in request reads with its user, in the one query that reads the session
(``openlab.accounts.sessions``) or the user (``backends``): the user, whether they coordinate, and
what the apps above register in their ``AppConfig.ready``: scalar columns (``register_user_column``:
the header's unread count) and one set of joined rows (``register_user_rows``: the memberships).

In the ORM, compiling these reads cost several times running them (docs/performance.md), so the
query is written out once from the models' own tables and columns (``openlab.rows``)."""

import functools
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, ValidationError

from openlab.rows import columns, fetch, instances, joined

#: name → SQL of one more value read with the user, given the user table's alias
_user_columns: dict[str, Callable[[str], str]] = {}
#: name → (models, their select list, their LEFT JOINs given the user table's alias)
_user_rows: dict[str, tuple[tuple, Callable[[], str], Callable[[str], str]]] = {}
#: the user read with this request's session, while ``django.contrib.auth.get_user`` asks for it
_read_with_session: ContextVar = ContextVar("openlab_user_read_with_session", default=None)


def register_user_column(name: str, sql: Callable[[str], str]) -> None:
    """Read ``sql(alias)`` (a scalar expression, no parameters) with every signed-in user;
    the value is ``user_columns(user)[name]`` for that request."""
    _user_columns[name] = sql
    _forget_queries()


def register_user_rows(name: str, models: tuple, select: Callable[[], str], join: Callable[[str], str]) -> None:
    """Read the rows that ``join(alias)`` (LEFT JOINs from the user table aliased ``alias``) adds, as
    one tuple of ``models`` instances per row (``select()``: ``openlab.rows.columns`` of each, in that
    order; rows whose first model is missing are left out), with every signed-in user:
    ``user_rows(user)[name]``. One set only: two would multiply each other's rows."""
    if _user_rows.keys() - {name}:
        raise ImproperlyConfigured(f"rows read with the user are already registered: {', '.join(_user_rows)}")
    _user_rows[name] = (tuple(models), select, join)
    _forget_queries()


def user_columns(user) -> dict:
    """The registered values read with this user (empty when the user was read otherwise)."""
    return getattr(user, "_user_columns", {})


def user_rows(user) -> dict:
    """The registered rows read with this user (empty when the user was read otherwise, or when
    ``forget_rows`` dropped them)."""
    return getattr(user, "_user_rows", {})


def forget_rows(user) -> None:
    """Drop the rows read with the user, so that they are read again when asked for (a request that
    may change them reads them after it has)."""
    user._user_rows = {}


def user_select(alias: str) -> str:
    """The select list of the user of table alias ``alias`` with what is read with them; its one
    parameter is ``user_params()``."""
    extras = "".join(f', ({sql(alias)}) AS "{name}"' for name, sql in _user_columns.items())
    rows = "".join(f", {select()}" for _models, select, _join in _user_rows.values())
    return f"{columns(get_user_model(), alias)}, {coordinates_sql(alias)}{extras}{rows}"


def user_joins(alias: str) -> str:
    """The joins of the registered rows, from the user table aliased ``alias``."""
    return "".join(f" {join(alias)}" for _models, _select, join in _user_rows.values())


def user_params() -> list:
    return [settings.COORDINATORS_GROUP]


def user_from(rows, start: int = 0):
    """The user of ``user_select`` at column ``start`` of the rows (None when they hold none), with
    the coordinator flag and the registered columns and rows."""
    User = get_user_model()
    fields = User._meta.concrete_fields
    if not rows or rows[0][start + fields.index(User._meta.pk)] is None:
        return None
    user = instances(User, rows[:1], start)[0]
    at = start + len(fields)
    user._is_coordinator = bool(rows[0][at])
    user._user_columns = dict(zip(_user_columns, rows[0][at + 1:]))
    at += 1 + len(_user_columns)
    user._user_rows = {}
    for name, (models, _select, _join) in _user_rows.items():
        first = at + models[0]._meta.concrete_fields.index(models[0]._meta.pk)
        user._user_rows[name] = joined([row for row in rows if row[first] is not None], *models, start=at)
        at += sum(len(model._meta.concrete_fields) for model in models)
    return user


def user_with_role(user_id):
    """The user of this id with what is read with them (one query), or None."""
    User = get_user_model()
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return user_from(fetch(_user_sql(), [*user_params(), user_id], prepare=True))


@functools.cache
def _user_sql() -> str:
    User = get_user_model()
    return (f'SELECT {user_select("u")} FROM "{User._meta.db_table}" u{user_joins("u")} '
            f'WHERE u."{User._meta.pk.column}" = %s')


@functools.cache
def session_sql(model) -> str:
    """The unexpired session row of a key (``model``'s columns) and its user (``user_select``), or
    nothing; parameters ``user_params()``, the key, now."""
    User = get_user_model()
    session = model._meta
    return (f'SELECT {columns(model, "s")}, {user_select("u")} FROM "{session.db_table}" s '
            f'LEFT JOIN "{User._meta.db_table}" u ON u."{User._meta.pk.column}" = s."{session.get_field("user").column}"'
            f'{user_joins("u")} WHERE s."{session.get_field("session_key").column}" = %s '
            f'AND s."{session.get_field("expire_date").column}" > %s')


def _forget_queries() -> None:
    _user_sql.cache_clear()
    session_sql.cache_clear()


def coordinates_sql(alias: str) -> str:
    """Whether the user of table alias ``alias`` is in the coordinators group (its name the first
    parameter of the query), as a column named ``coordinates``."""
    User = get_user_model()
    through = User.groups.through._meta
    return (f'EXISTS (SELECT 1 FROM "{through.db_table}" ug '
            f'JOIN "{Group._meta.db_table}" g ON g."{Group._meta.pk.column}" = ug."{through.get_field("group").column}" '
            f'WHERE ug."{through.get_field("user").column}" = {alias}."{User._meta.pk.column}" AND g."name" = %s) '
            f'AS coordinates')


@contextmanager
def session_user(user):
    """While it lasts, ``read_with_session`` answers ``user``, the user read with the request's session."""
    token = _read_with_session.set(user)
    try:
        yield
    finally:
        _read_with_session.reset(token)


def read_with_session(user_id):
    """The user read with the session, when it is the one of ``user_id`` (else None)."""
    user = _read_with_session.get()
    return user if user is not None and str(user.pk) == str(user_id) else None
