"""How coordination follows the engine: signal receivers, connected in ``CoordinationConfig.ready``."""

from django.db.models import Q

from .models import Pairing
from .services import FINISHED, QUEUE_STATES, can_read, pairings_sync


def sync_pairings(sender, *, listing, rows, **kwargs) -> None:
    """A listing's matches were stored: its strong ones become (or refresh) pairings."""
    pairings_sync(kind=sender, listing=listing, rows=rows)


def can_read_message(user, message) -> bool:
    """A message's attachments are served to whoever may read its thread."""
    return can_read(user, message.pairing)


def revealed_needs(organization_ids) -> list[int]:
    """Both sides of a connection see the need's contact details: the companies introduced to it."""
    return list(Pairing.objects.filter(a_kind="need", b_org_id__in=organization_ids, introduced_at__isnull=False)
                .exclude(state__in=(*QUEUE_STATES, Pairing.State.REJECTED)).values_list("a_id", flat=True))


def workspace_introductions(organization) -> dict:
    """The organisation's introductions from coordinators that are not finished (its workspace)."""
    return {"introductions": Pairing.objects.filter(Q(a_org=organization) | Q(b_org=organization))
            .exclude(state__in=(*QUEUE_STATES, *FINISHED)).select_related("a_org", "b_org")
            .order_by("-state_changed_at")[:50]}
