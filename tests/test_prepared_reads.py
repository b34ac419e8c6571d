"""The plain-SQL reads every signed-in request makes are prepared once per PostgreSQL connection
(``openlab.rows.fetch(..., prepare=True)``) and answer exactly what the same SQL answers unprepared."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openlab.rows import fetch, statement

from .factories import UserFactory

postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
#: a statement with parameters of several types, a literal percent sign and a LIKE
SQL = ('SELECT u."id", u."email", CAST(%s AS TEXT) AS "tag" FROM "accounts_user" u WHERE u."email" LIKE \'%%@suwon.go.kr\' '
       'AND u."is_active" = %s AND u."date_joined" < %s AND u."id" >= %s ORDER BY u."id"')


def prepared_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def params():
    return ["표시", True, timezone.now() + timedelta(days=1), 0]


@postgresql
def test_a_prepared_read_answers_what_the_plain_one_does_and_is_prepared_once(db):
    UserFactory(email="a@suwon.go.kr"), UserFactory(email="b@busan.go.kr"), UserFactory(email="c@suwon.go.kr")
    plain = fetch(SQL, params())
    assert [row[1] for row in plain] == ["a@suwon.go.kr", "c@suwon.go.kr"] and plain[0][2] == "표시"
    with CaptureQueriesContext(connection) as first:
        assert fetch(SQL, params(), prepare=True) == plain
    names = {name for name in prepared_here() if name.startswith("ol_")}
    with CaptureQueriesContext(connection) as second:
        assert fetch(SQL, params(), prepare=True) == plain
    assert {name for name in prepared_here() if name.startswith("ol_")} == names  # not prepared again
    for ctx in (first, second):
        (logged,) = ctx.captured_queries  # the PREPARE is not one of the request's queries
        assert logged["sql"].startswith("EXECUTE ol_") and statement(logged["sql"]) == SQL


@postgresql
def test_prepared_reads_can_be_turned_off(db, settings):
    settings.DATABASE_PREPARED_READS = False
    with CaptureQueriesContext(connection) as ctx:
        fetch(SQL, params(), prepare=True)
    assert not ctx.captured_queries[0]["sql"].startswith("EXECUTE")


@postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_connection_prepares_again():
    UserFactory(email="a@suwon.go.kr")
    before = fetch(SQL, params(), prepare=True)
    connection.close()
    assert fetch(SQL, params(), prepare=True) == before == [tuple(before[0])]
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"


def test_without_prepare_or_off_postgresql_the_sql_runs_as_it_is(db):
    UserFactory(email="a@suwon.go.kr")
    with CaptureQueriesContext(connection) as ctx:
        rows = fetch(SQL, params())
    logged = ctx.captured_queries[0]["sql"]
    assert [row[1] for row in rows] == ["a@suwon.go.kr"] and rows[0][2] == "표시"
    assert not logged.startswith("EXECUTE") and statement(logged) == logged


@postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_migration_that_changes_a_returned_column_does_not_break_the_prepared_reads():
    from django.db import NotSupportedError, transaction

    sql = 'SELECT t."id", t."name" FROM "openlab_test_prepared" t WHERE t."id" = %s'
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "openlab_test_prepared" ("id" integer, "name" varchar(10))')
        cursor.execute("INSERT INTO \"openlab_test_prepared\" VALUES (1, '하늘시')")
    try:
        assert fetch(sql, [1], prepare=True) == [(1, "하늘시")]
        with connection.cursor() as cursor:  # as a migration run by another process would
            cursor.execute('ALTER TABLE "openlab_test_prepared" ALTER COLUMN "name" TYPE varchar(20)')
        assert fetch(sql, [1], prepare=True) == [(1, "하늘시")]  # prepared again, at once
        with connection.cursor() as cursor:
            cursor.execute('ALTER TABLE "openlab_test_prepared" ALTER COLUMN "name" TYPE text')
        with pytest.raises(NotSupportedError), transaction.atomic():  # a transaction that read it has failed
            fetch(sql, [1], prepare=True)
        assert fetch(sql, [1], prepare=True) == [(1, "하늘시")]  # the next one reads it
    finally:
        with connection.cursor() as cursor:
            cursor.execute('DROP TABLE "openlab_test_prepared"')
