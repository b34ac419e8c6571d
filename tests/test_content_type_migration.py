"""Matches, match runs, pairings and search documents named their listings by kind strings; the
migrations that turn those into content-type pairs keep every row's meaning."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from marketplace.kinds import type_id
from matching.coordination.models import Pairing
from matching.models import Match, MatchRun
from openlab.search.models import SearchDocument

from .factories import MunicipalityOrganizationFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEFORE = [("matching", "0005_moved_out"), ("coordination", "0003_meetings"), ("search", "0001_moved_from_matching")]
AFTER = [("matching", "0007_content_type_pairs_only"), ("coordination", "0005_content_type_pairs_only"),
         ("search", "0003_content_type_pairs_only")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_kind_strings_become_content_type_pairs():
    city, company = MunicipalityOrganizationFactory(), OrganizationFactory()
    old = migrate(BEFORE)
    try:
        now = timezone.now()
        match, run = old.get_model("matching", "Match"), old.get_model("matching", "MatchRun")
        match.objects.create(source_kind="need", source_id=11, target_kind="solution", target_id=22, score=0.7,
                             rank=1, engine_version="1", computed_at=now)
        match.objects.create(source_kind="partnership", source_id=33, target_kind="partnership", target_id=44,
                             score=0.5, rank=1, engine_version="1", computed_at=now)
        match.objects.create(source_kind="retired", source_id=1, target_kind="need", target_id=2, score=0.1,
                             rank=2, engine_version="1", computed_at=now)
        run.objects.create(kind="solution", object_id=22, computed_at=now, engine_version="1")
        old.get_model("coordination", "Pairing").objects.create(
            kind="partnership", a_kind="partnership", a_id=33, a_org_id=city.pk, b_kind="solution", b_id=22,
            b_org_id=company.pk, title_a="요청", title_b="솔루션", state_changed_at=now)
        old.get_model("search", "SearchDocument").objects.create(kind="need", object_id=11, indexed_at=now)
    finally:
        migrate(AFTER)

    pairs = {(m.source_kind, m.source_id, m.target_kind, m.target_id) for m in Match.objects.all()}
    assert pairs == {("need", 11, "solution", 22), ("partnership", 33, "partnership", 44)}  # "retired" dropped
    assert Match.objects.get(source_id=11).source_type_id == type_id("need")
    assert [(r.kind, r.object_id) for r in MatchRun.objects.all()] == [("solution", 22)]
    pairing = Pairing.objects.get()
    assert (pairing.a_kind, pairing.a_id, pairing.b_kind, pairing.b_id) == ("partnership", 33, "solution", 22)
    assert [(d.kind, d.object_id) for d in SearchDocument.objects.all()] == [("need", 11)]
