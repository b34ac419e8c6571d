"""Keeping the search indexes in step with the listings: after a write commits, a Celery task takes
the ids and (re)indexes or removes them in every backend. A rolled-back write enqueues nothing."""

from django.db import transaction

def listing_changed(listing) -> None:
    """Call inside the writing transaction: the index follows once it commits."""
    kind = listing.kind
    object_id = listing.pk
    transaction.on_commit(lambda: _enqueue(kind, [object_id]))


def organization_changed(organization) -> None:
    """Verification or rejection changes what of the organisation's listings may be public."""
    from marketplace.models import Need, PartnershipRequest, Solution

    ids = {kind: list(model.objects.filter(organization=organization).values_list("pk", flat=True))
           for kind, model in (("solution", Solution), ("need", Need), ("partnership", PartnershipRequest))}
    transaction.on_commit(lambda: [_enqueue(kind, chunk) for kind, chunk in ids.items() if chunk])


def _enqueue(kind, ids):
    from .tasks import index_listings

    index_listings.delay(kind, ids)
