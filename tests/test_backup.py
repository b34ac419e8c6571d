"""``backup`` and ``restore``: a dump restored into an empty database holds every listing, interest,
match, message and audit entry."""

import pytest
from django.core.management import call_command
from django.db import connection

from marketplace import services
from marketplace.kinds import type_id
from marketplace.models import Interest, Membership, Need, Solution
from matching.coordination import services as pipeline
from matching.coordination.models import Pairing, PairingEvent, PairingMessage
from matching.models import Match

from .factories import CoordinatorFactory, MembershipFactory, NeedFactory, SolutionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TABLES = {"marketplace_solution": Solution, "marketplace_need": Need, "marketplace_interest": Interest,
          "matching_match": Match, "matching_pairing": Pairing, "matching_pairingmessage": PairingMessage,
          "matching_pairingevent": PairingEvent}


def some_of_everything():
    from tests.coordination.test_pipeline import suggest

    need, solution = NeedFactory(), SolutionFactory()
    officer = MembershipFactory(organization=need.organization, role=Membership.Role.ADMIN).user
    founder = MembershipFactory(organization=solution.organization, role=Membership.Role.ADMIN).user
    services.interest_propose(user=founder, need=need, solution=solution, message="제안드립니다")
    pairing = suggest(need, solution)
    Match.objects.create(source_type_id=type_id("need"), source_id=need.pk, target_type_id=type_id("solution"), target_id=solution.pk,
                         score=0.8, rank=1, breakdown={}, engine_version="2", computed_at=pairing.created_at)
    pipeline.pairing_introduce(coordinator=CoordinatorFactory(), pairing=pairing, a_contact=officer, b_contact=founder)
    pipeline.pairing_answer(user=officer, pairing=pairing, accept=True)
    pipeline.pairing_answer(user=founder, pairing=pairing, accept=True)
    pipeline.message_post(user=founder, pairing=pairing, body="다음 주에 뵙겠습니다")
    return {model: model.objects.count() for model in TABLES.values()}


def test_json_backup_restores_into_an_emptied_database(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the JSON backup is SQLite's; PostgreSQL uses pg_dump (next test)")
    counts = some_of_everything()
    path = tmp_path / "openlab.json"
    call_command("backup", output=path)
    call_command("flush", interactive=False, verbosity=0)
    assert not Solution.objects.exists() and not PairingEvent.objects.exists()
    call_command("restore", str(path))
    assert {model: model.objects.count() for model in TABLES.values()} == counts
    assert all(counts.values())


def test_pg_dump_restores_into_a_new_empty_database(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI runs it)")
    import psycopg2

    counts = some_of_everything()
    path = tmp_path / "openlab.dump"
    call_command("backup", output=path)
    settings = connection.settings_dict
    target = f"openlab_restore_{abs(hash(str(tmp_path))) % 10**8}"
    admin = psycopg2.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                             user=settings["USER"] or "postgres", password=settings["PASSWORD"] or None,
                             dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        call_command("restore", str(path), database=target)
        restored = psycopg2.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                                    user=settings["USER"] or "postgres", password=settings["PASSWORD"] or None,
                                    dbname=target)
        with restored.cursor() as cursor:
            found = {}
            for table, model in TABLES.items():
                cursor.execute(f"SELECT count(*) FROM {table}")
                found[model] = cursor.fetchone()[0]
        restored.close()
        assert found == counts and all(counts.values())
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.close()


def test_restoring_a_missing_file_says_so(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore", str(tmp_path / "nothing.json"))
