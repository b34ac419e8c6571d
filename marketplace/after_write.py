"""What follows a committed write to the marketplace: the search index (``openlab.search.sync``) and
the anonymous visitors' page cache (``openlab.pagecache``). Called by the services inside their
transaction; both act once it commits, and a rolled-back write changes neither."""

from openlab import pagecache
from openlab.search.sync import documents_changed

from .kinds import KINDS, NAMES

#: Pages of these kinds show listings of the key's kind too (a need names its awarded solution).
SHOWN_ON = {"solution": ("solution", "need"), "need": ("need",), "partnership": ("partnership",)}


def listing_changed(listing) -> None:
    documents_changed(listing.kind, [listing.pk])
    pagecache.bump_on_commit(*SHOWN_ON[listing.kind])


def listing_shown_changed(listing) -> None:
    """Something its page shows changed, not what is indexed (an attachment)."""
    pagecache.bump_on_commit(listing.kind)


def organization_changed(organization, *, reindex: bool = True) -> None:
    """Verification or rejection changes what of the organisation's listings may be public; a new
    name changes every page that shows them."""
    if reindex:
        for name, kind in KINDS.items():
            documents_changed(name, list(kind.model.objects.filter(organization=organization)
                                         .values_list("pk", flat=True)))
    pagecache.bump_on_commit(*NAMES)


def listing_deleted(sender, instance, **kwargs) -> None:
    """``post_delete`` of a listing (an administrator's deletion in Django's admin; the product itself
    archives): its search documents go too."""
    documents_changed(instance.kind, [instance.pk])
    pagecache.bump_on_commit(*SHOWN_ON[instance.kind])
