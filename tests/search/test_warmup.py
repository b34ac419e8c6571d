"""Warm workers: a Celery worker process loads the analyser and the search index as it starts (the
signal Celery sends in each new worker process), so the first search does not wait for them."""

from celery.signals import worker_process_init

from openlab.search import analysis, embedded


def test_a_new_worker_process_loads_the_analyser_and_the_index(db, monkeypatch):
    monkeypatch.setattr(analysis, "_kiwi", None)  # as in a fresh process
    embedded.reset_memory()
    worker_process_init.send(sender=None)
    assert analysis._kiwi is not None
