"""Model instances from one plain SQL row set, for the few reads every signed-in request makes:
compiling the ORM's query costs several times what PostgreSQL takes to answer it
(docs/performance.md). The select list and the conversions come from the models' own ``_meta`` and
the database backend, as the ORM's compiler applies them."""

from django.db import connection


def columns(model, alias: str) -> str:
    """The model's concrete columns, in field order, from the table aliased ``alias``."""
    return ", ".join(f'{alias}."{field.column}"' for field in model._meta.concrete_fields)


def instances(model, rows, start: int = 0) -> list:
    """One instance of ``model`` per row, from the columns ``columns(model, …)`` put at ``start``."""
    fields = model._meta.concrete_fields
    converters = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((position, column, found))
    names = [field.attname for field in fields]
    made = []
    for row in rows:
        values = list(row[start:start + len(fields)])
        for position, column, found in converters:
            for convert in found:
                values[position] = convert(values[position], column, connection)
        made.append(model.from_db(connection.alias, names, values))
    return made


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
