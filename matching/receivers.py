"""How the engine follows the marketplace: signal receivers, connected in ``MatchingConfig.ready``."""

from . import feedback


def interest_declined(sender, *, interest, reason, **kwargs) -> None:
    """A declined proposal or invitation teaches the ranking of similar pairs (``feedback``)."""
    if interest.solution is not None:
        feedback.record(organization=interest.recipient, solution_type=interest.solution.primary_type,
                        signal=reason, source=f"interest:{interest.pk}")
