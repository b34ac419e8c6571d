"""Keeping the search indexes in step with the listings: after a write commits, a Celery task takes
the ids and (re)indexes or removes them in every backend. A rolled-back write enqueues nothing."""

def listing_changed(listing) -> None:
    """Call inside the writing transaction: the job is recorded with the write, and the index follows
    once it commits (or, if the broker is down, once the sweeper finds the job)."""
    _enqueue(listing.kind, [listing.pk])


def organization_changed(organization) -> None:
    """Verification or rejection changes what of the organisation's listings may be public."""
    from marketplace.models import Need, PartnershipRequest, Solution

    ids = {kind: list(model.objects.filter(organization=organization).values_list("pk", flat=True))
           for kind, model in (("solution", Solution), ("need", Need), ("partnership", PartnershipRequest))}
    for kind, chunk in ids.items():
        if chunk:
            _enqueue(kind, chunk)


def _enqueue(kind, ids):
    from openlab.jobs.services import enqueue

    enqueue("matching.tasks.index_listings", kind, ids)
