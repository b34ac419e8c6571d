"""How the engine follows the marketplace: signal receivers, connected in ``MatchingConfig.ready``."""

from marketplace.kinds import refers_to, type_id

from . import feedback
from .models import Match, MatchRun


def interest_declined(sender, *, interest, reason, **kwargs) -> None:
    """A declined proposal or invitation teaches the ranking of similar pairs (``feedback``)."""
    if interest.solution is not None:
        feedback.record(organization=interest.recipient, solution_type=interest.solution.primary_type,
                        signal=reason, source=f"interest:{interest.pk}")


def listing_deleted(sender, instance, **kwargs) -> None:
    """A deleted listing's matches go, in both directions, with its match run."""
    kind = instance.kind
    Match.objects.filter(refers_to("source", kind, instance.pk) | refers_to("target", kind, instance.pk)).delete()
    MatchRun.objects.filter(content_type_id=type_id(kind), object_id=instance.pk).delete()
