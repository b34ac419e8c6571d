"""Reading pairings: the coordinators' review queue, and the pairings an organisation takes part in."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from marketplace.kinds import type_id
from marketplace.models import Interest, Membership

from .models import Pairing
from .services import FINISHED, QUEUE_STATES, queue_min_score

SORTS = {"score": ("-mutual", "-score", "pk"), "age": ("-mutual", "created_at", "pk"),
         "newest": ("-mutual", "-created_at", "-pk")}


def with_mutual(queryset):
    """Annotate ``mutual``: both organisations have shown interest in this very pair."""
    mutual = Interest.objects.filter(mutual_at__isnull=False)
    need_solution = mutual.filter(kind__in=[Interest.Kind.PROPOSAL, Interest.Kind.INVITATION],
                                  need_id=OuterRef("a_id"), solution_id=OuterRef("b_id"))
    responses = mutual.filter(kind=Interest.Kind.RESPONSE)
    # Side B answered side A's request; between two requests, either side may have answered the other.
    to_a = responses.filter(partnership_id=OuterRef("a_id"), sender_id=OuterRef("b_org_id"))
    to_b = responses.filter(partnership_id=OuterRef("b_id"), sender_id=OuterRef("a_org_id"))
    return queryset.annotate(mutual=Case(
        When(kind=Pairing.Kind.NEED_SOLUTION, then=Exists(need_solution)),
        When(b_type_id=type_id("partnership"), then=Exists(to_a) | Exists(to_b)),
        When(kind=Pairing.Kind.PARTNERSHIP, then=Exists(to_a)),
        default=Value(False), output_field=BooleanField()))


def review_queue(*, field="", sido="", programme="", kind="", state="", sort="score", min_score=None,
                 include_snoozed=False):
    """Pairings for coordinators: by default those waiting for review (suggested or shortlisted, not
    snoozed) above the queue threshold, mutual-interest pairs first."""
    pairings = Pairing.objects.select_related("a_org", "b_org", "field", "solution_type")
    if state:
        pairings = pairings.filter(state=state)
    else:
        pairings = pairings.filter(state__in=QUEUE_STATES)
        if not include_snoozed:
            pairings = pairings.filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=timezone.localdate()))
    pairings = pairings.filter(score__gte=queue_min_score() if min_score is None else min_score)
    if field:
        pairings = pairings.filter(field_id=field)
    if sido:
        pairings = pairings.filter(sido=sido)
    if programme:
        pairings = pairings.filter(programme=programme)
    if kind:
        pairings = pairings.filter(kind=kind)
    return with_mutual(pairings).order_by(*SORTS.get(sort, SORTS["score"]))


def pairings_visible_to(user):
    """Coordinators see every pairing; an organisation sees the ones it was introduced to."""
    pairings = Pairing.objects.select_related("a_org", "b_org", "a_contact", "b_contact", "introduced_by")
    if getattr(user, "is_coordinator", False):
        return pairings
    if not user.is_authenticated:
        return pairings.none()
    organizations = Membership.objects.filter(user=user).values("organization_id")
    return (pairings.filter(Q(a_org__in=organizations) | Q(b_org__in=organizations))
            .exclude(state__in=(*QUEUE_STATES, Pairing.State.REJECTED)))


def open_pairings_of(user):
    """What an organisation's members have to act on or follow: introduced, not finished."""
    return pairings_visible_to(user).exclude(state__in=FINISHED).order_by("-state_changed_at")
