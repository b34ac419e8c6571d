"""Model instances from one plain SQL row set, for the few reads every signed-in request makes:
compiling the ORM's query costs several times what PostgreSQL takes to answer it
(docs/performance.md). The select list and the conversions come from the models' own ``_meta`` and
the database backend, as the ORM's compiler applies them."""

import functools
import hashlib
import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections
from django.db.backends.signals import connection_created


def columns(model, alias: str) -> str:
    """The model's concrete columns, in field order, from the table aliased ``alias``."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def column(model, name: str, alias: str) -> str:
    """One field's column of the table aliased ``alias``."""
    return f'{alias}."{model._meta.get_field(name).column}"'


def joined(rows, *models, start: int = 0) -> list[tuple]:
    """Per row, one instance of each model, from ``columns(model, …)`` put one after the other
    (from column ``start``)."""
    found = []
    for model in models:
        found.append(instances(model, rows, start))
        start += len(model._meta.concrete_fields)
    return list(zip(*found))


def partial(model, names: list[str], values) -> object:
    """An instance holding only the fields ``names`` (the others are read if ever asked for)."""
    return model.from_db(DEFAULT_DB_ALIAS, names, list(values))


def instances(model, rows, start: int = 0) -> list:
    """One instance of ``model`` per row, from the columns ``columns(model, …)`` put at ``start``."""
    database = connections[DEFAULT_DB_ALIAS]
    names, converters = _reading(model, database)
    made = []
    for row in rows:
        values = list(row[start:start + len(names)])
        for position, column, found in converters:
            for convert in found:
                values[position] = convert(values[position], column, database)
        made.append(model.from_db(database.alias, names, values))
    return made


@functools.lru_cache(maxsize=256)
def _reading(model, database) -> tuple[list[str], list[tuple]]:
    """The model's field names and the conversions its columns need on this connection (worked out
    once per model and connection: finding them costs more than reading a row)."""
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = database.ops.get_db_converters(column) + column.get_db_converters(database)
        if found:
            converters.append((position, column, found))
    return [field.attname for field in fields], converters


def values_in(model, name: str, alias: str, values) -> str:
    """``alias."column" IN (%s, …)`` with one placeholder per value (never empty: ``IN (NULL)`` then)."""
    return f'{column(model, name, alias)} IN ({", ".join(["%s"] * len(values)) or "NULL"})'


def fetch(sql: str, params, *, prepare: bool = False) -> list[tuple]:
    """The rows of ``sql`` (``%s`` placeholders). With ``prepare``, for a statement of fixed shape
    that every request runs: on PostgreSQL it is prepared once per connection and then executed
    (``EXECUTE``), because planning these joins costs PostgreSQL several times running them (0.3 of
    0.4 ms; docs/performance.md). ``DATABASE_PREPARED_READS = False`` turns that off (a pooler in
    transaction mode, say)."""
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        if prepare and database.vendor == "postgresql" and settings.DATABASE_PREPARED_READS:
            try:
                cursor.execute(*_prepared(database, cursor, sql, params))
            except NotSupportedError as exc:
                if not _stale(exc):
                    raise
                # A migration changed a column the statement returns: prepare them all again, under new
                # names (a failed transaction cannot deallocate the old ones). Outside a transaction,
                # at once; inside one, it has failed, and the next one prepares them.
                database.openlab_prepared, database.openlab_round = set(), _round(database) + 1
                if not database.get_autocommit():
                    raise
                cursor.execute(*_prepared(database, cursor, sql, params))
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()


#: statement name → its SQL, for reading a query log (``statement``)
_statements: dict[str, str] = {}
_PLACEHOLDER = re.compile(r"%[s%]")
_EXECUTE = re.compile(r"^EXECUTE (ol_[0-9a-f]{16}_[0-9]+)\b")


def _round(database) -> int:
    return database.__dict__.get("openlab_round", 0)


@functools.lru_cache(maxsize=512)
def _digest(sql: str) -> str:
    """The statement's name part, hashed once per SQL text (the reads are few, their calls many)."""
    return hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()


def _stale(exc) -> bool:
    """PostgreSQL refused a prepared statement whose result's columns a migration has changed."""
    return "cached plan must not change result type" in str(exc)


def _prepared(database, cursor, sql: str, params) -> tuple[str, list]:
    """The ``EXECUTE`` of ``sql`` prepared on this connection (preparing it first if it is not)."""
    name = f"ol_{_digest(sql)}_{_round(database)}"
    prepared = database.__dict__.setdefault("openlab_prepared", set())
    if name not in prepared:
        counter = iter(range(1, len(params) + 1))
        body = _PLACEHOLDER.sub(lambda m: "%" if m.group(0) == "%%" else f"${next(counter)}", sql)
        with database.wrap_database_errors:  # on the driver's cursor: not a query of the request's own
            cursor.cursor.execute(f"PREPARE {name} AS {body}")
        prepared.add(name)
        _statements[name] = sql
    return (f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"), list(params)


def statement(logged_sql: str) -> str:
    """The SQL of a logged query: a prepared statement's own text for its ``EXECUTE``."""
    found = _EXECUTE.match(logged_sql)
    return _statements.get(found.group(1), logged_sql) if found else logged_sql


def _forget_prepared(sender, connection, **kwargs) -> None:
    """A new connection has nothing prepared. Its prepared statements keep one generic plan: left to
    choose, PostgreSQL plans them again on every execution whose parameters might change the plan,
    which for these reads (by primary key and indexed columns) they do not."""
    connection.openlab_prepared, connection.openlab_round = set(), 0
    if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_READS:
        with connection.connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


connection_created.connect(_forget_prepared, dispatch_uid="openlab-rows-prepared")
