"""Index sync: after commit, never on rollback; other processes see new rows; Elasticsearch outages
neither fail writes nor searches; ``search_index`` reports and repairs drift."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from marketplace import search_documents as documents
from marketplace import services
from marketplace.models import Organization, Solution, SolutionType
from openlab import search
from openlab.search.embedded import _STATE
from openlab.search.models import SearchDocument

from ..factories import SolutionFactory


def data(**extra):
    return {"title": "스마트 주차 안내", "summary": "빈 주차면", "types": [SolutionType.objects.get(code="TRF-07")],
            "nationwide": True} | extra


def found(query="주차"):
    return [hit.object_id for hit in search.get_backend().search("solution", query).hits]


def test_publishing_indexes_after_commit(company, company_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        solution = services.listing_create(user=company_member, organization=company, model=Solution, data=data())
    assert solution.pk not in found()  # a draft is not indexed
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.listing_set_status(user=company_member, listing=solution, status="published")
        assert not SearchDocument.objects.filter(object_id=solution.pk, public=True).exists()  # not before commit
    assert callbacks and solution.pk in found()
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_set_status(user=company_member, listing=solution, status="archived")
    assert solution.pk not in found()


def test_rolled_back_write_leaves_the_index_alone(company, company_member, django_capture_on_commit_callbacks):
    solution = SolutionFactory(organization=company, status="draft")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.listing_set_status(user=company_member, listing=solution, status="published")
                raise RuntimeError("the request failed after the write")
        except RuntimeError:
            pass
    assert callbacks == [] and not SearchDocument.objects.exists()


def test_unverifying_an_organisation_removes_its_listings(company, coordinator, django_capture_on_commit_callbacks):
    solution = SolutionFactory(organization=company)
    search.backend().rebuild("solution", [documents.prepare("solution", solution)])
    assert solution.pk in found()
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_reject(coordinator=coordinator, organization=company, reason="서류 불일치")
    assert solution.pk not in found()


def test_a_row_written_by_another_process_is_found_without_shared_memory(db):
    solution = SolutionFactory(title="다른 프로세스의 주차 솔루션")
    assert found() == []  # this process has loaded its (empty) index
    assert "solution" in _STATE
    # Another process writes the stored document straight to the database, as its task would.
    row = documents.prepare("solution", solution)
    SearchDocument.of(row).save()
    assert found() == [solution.pk]


@pytest.fixture
def elasticsearch_down(db):
    config = {"default": {"BACKEND": "openlab.search.embedded"},
              "elasticsearch": {"BACKEND": "openlab.search.elasticsearch", "URLS": ["http://127.0.0.1:9"],
                                "INDEX_PREFIX": "openlab-down", "TIMEOUT": 1}}
    with override_settings(SEARCH_BACKENDS=config):
        search.reset()
        yield
    search.reset()


def test_elasticsearch_down_writes_succeed_and_searches_answer(elasticsearch_down, company, company_member,
                                                              django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        solution = services.listing_create(user=company_member, organization=company, model=Solution, data=data())
        services.listing_set_status(user=company_member, listing=solution, status="published")
    solution.refresh_from_db()
    assert solution.status == "published"
    results = search.get_backend().search("solution", "주차")
    assert results.ids == [solution.pk] and results.backend == "embedded (fallback)"
    assert "unavailable" in caplog.text

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("search_index", "--check", stdout=out)
    assert "elasticsearch: unreachable" in out.getvalue()
    call_command("search_index", "--check", "--backend", "default", stdout=StringIO())


def test_check_reports_drift_and_rebuild_repairs_it(db):
    kept, lost = SolutionFactory(), SolutionFactory()
    search.backend().rebuild("solution", [documents.prepare("solution", kept)])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("search_index", "--check", "--kind", "solution", stdout=out)
    assert "1 missing" in out.getvalue() and str(lost.pk) in out.getvalue()
    Organization.objects.filter(pk=kept.organization_id).update(status="rejected")
    call_command("search_index", "--rebuild", "--kind", "solution", stdout=StringIO())
    out = StringIO()
    call_command("search_index", "--check", stdout=out)
    assert "no drift" in out.getvalue()
    assert found("") == [lost.pk]


def test_tombstones_reach_other_processes(db):
    solution = SolutionFactory()
    search.backend().rebuild("solution", [documents.prepare("solution", solution)])
    assert found() == [solution.pk]
    SearchDocument.objects.filter(object_id=solution.pk).update(public=False, terms={}, indexed_at=timezone.now())
    assert found() == []


def test_coordinators_see_a_note_when_searches_fall_back(elasticsearch_down, client, coordinator, user):
    search.get_backend().search("solution", "주차")
    client.force_login(coordinator)
    assert 'id="search-degraded"' in client.get("/").content.decode()
    client.force_login(user)
    assert 'id="search-degraded"' not in client.get("/").content.decode()


def test_check_reports_documents_of_an_older_analyser(db):
    solution = SolutionFactory()
    search.backend().rebuild("solution", [documents.prepare("solution", solution)])
    SearchDocument.objects.filter(object_id=solution.pk).update(analysis_version=1)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("search_index", "--check", "--kind", "solution", stdout=out)
    assert "1 analysed by an older analyser" in out.getvalue()
    call_command("search_index", "--rebuild", "--kind", "solution", stdout=StringIO())
    call_command("search_index", "--check", "--kind", "solution", stdout=StringIO())


def test_warm_loads_the_analyser_and_every_index(db, monkeypatch):
    from openlab.search import analysis
    from openlab.search.warmup import warm

    SolutionFactory()
    _STATE.clear()
    used = []
    real = analysis.kiwi
    monkeypatch.setattr(analysis, "kiwi", lambda: used.append(1) or real())
    warm()
    assert used and set(_STATE) == set(documents.KINDS)
