"""How coordination follows the engine: signal receivers, connected in ``CoordinationConfig.ready``."""

from django.db.models import ProtectedError, Q
from django.urls import reverse

from marketplace.kinds import refers_to, type_id

from .models import Pairing
from .services import FINISHED, QUEUE_STATES, can_read, pairing_connect_mutual, pairings_sync


def sync_pairings(sender, *, listing, rows, **kwargs) -> None:
    """A listing's matches were stored: its strong ones become (or refresh) pairings."""
    pairings_sync(kind=sender, listing=listing, rows=rows)


def can_read_message(user, message) -> bool:
    """A message's attachments are served to whoever may read its thread."""
    return can_read(user, message.pairing)


def revealed_needs(organization_ids) -> list[int]:
    """Both sides of a connection see the need's contact details: the companies introduced to it."""
    return list(Pairing.objects.filter(a_type_id=type_id("need"), b_org_id__in=organization_ids, introduced_at__isnull=False)
                .exclude(state__in=(*QUEUE_STATES, Pairing.State.REJECTED)).values_list("a_id", flat=True))


def workspace_introductions(organization) -> dict:
    """The organisation's introductions from coordinators that are not finished (its workspace)."""
    return {"introductions": Pairing.objects.filter(Q(a_org=organization) | Q(b_org=organization))
            .exclude(state__in=(*QUEUE_STATES, *FINISHED)).select_related("a_org", "b_org")
            .order_by("-state_changed_at")[:50]}


def pair_became_mutual(sender, *, interest, **kwargs) -> None:
    """Both sides asked for each other: their pair becomes a connection (``pairing_connect_mutual``)."""
    pairing_connect_mutual(interest=interest)


def interest_connection(request, interest) -> dict:
    """An interest's page links to the connection its pair became, for those who may read it."""
    if interest.mutual_at is None:
        return {}
    side_a = refers_to("a", "need", interest.need_id) if interest.need_id else refers_to(
        "a", "partnership", interest.partnership_id)
    pairing = Pairing.objects.filter(side_a, refers_to("b", "solution", interest.solution_id)).first()
    if pairing is None or not can_read(request.user, pairing):
        return {}
    return {"pairing_url": reverse("coordination:pairing_detail", args=[pairing.pk])}


def protect_paired_listing(sender, instance, **kwargs) -> None:
    """A listing that is part of a pairing is never deleted (its history is what the funnel counts)."""
    kind = instance.kind
    paired = Pairing.objects.filter(refers_to("a", kind, instance.pk) | refers_to("b", kind, instance.pk))
    if paired.exists():
        raise ProtectedError(f"This {kind} is part of {paired.count()} pairing(s): archive it instead.", set(paired))
