"""Model instances from one plain SQL row set, for the few reads every signed-in request makes:
compiling the ORM's query costs several times what PostgreSQL takes to answer it
(docs/performance.md). The select list and the conversions come from the models' own ``_meta`` and
the database backend, as the ORM's compiler applies them."""

import functools

from django.db import DEFAULT_DB_ALIAS, connections


def columns(model, alias: str) -> str:
    """The model's concrete columns, in field order, from the table aliased ``alias``."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def column(model, name: str, alias: str) -> str:
    """One field's column of the table aliased ``alias``."""
    return f'{alias}."{model._meta.get_field(name).column}"'


def joined(rows, *models) -> list[tuple]:
    """Per row, one instance of each model, from ``columns(model, …)`` put one after the other."""
    found, start = [], 0
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


def fetch(sql: str, params) -> list[tuple]:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
